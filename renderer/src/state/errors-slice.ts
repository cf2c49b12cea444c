import { AppError } from '@shared/api/errors';
import type { ErrorsSlice, UiError } from './app-state';
import type { SliceKit } from './slice-kit';

function describe(err: unknown): { code: string; message: string } {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  if (err instanceof Error) return { code: 'internal', message: err.message };
  return { code: 'internal', message: String(err) };
}

export function createErrorsSlice({ set }: Pick<SliceKit, 'set'>): ErrorsSlice {
  let nextId = 1;
  return {
    errors: [],
    reportError(context, err) {
      const { code, message } = describe(err);
      // Logged too, so a developer with devtools open sees the full error object.
      console.error(`livehook: ${context} failed`, err);
      set((s) => {
        const same = s.errors.find((e) => e.context === context && e.code === code && e.message === message);
        if (same) return { errors: s.errors.map((e): UiError => (e === same ? { ...e, count: e.count + 1 } : e)) };
        return { errors: [...s.errors, { id: nextId++, context, code, message, count: 1 }] };
      });
    },
    dismissError(id) {
      set((s) => ({ errors: s.errors.filter((e) => e.id !== id) }));
    },
  };
}
