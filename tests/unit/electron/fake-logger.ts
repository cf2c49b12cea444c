import type { Logger } from '../../../electron/engine/ports';

export interface LogRecord {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  obj: object | string;
  msg?: string;
  bindings: Record<string, unknown>;
}

/** A Logger that keeps what it was told, so tests can assert that a refusal was logged. */
export function createRecordingLogger(): Logger & { records: LogRecord[] } {
  const records: LogRecord[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const at =
      (level: LogRecord['level']) =>
      (obj: object | string, msg?: string): void => {
        records.push(msg === undefined ? { level, obj, bindings } : { level, obj, msg, bindings });
      };
    return {
      child: (more) => make({ ...bindings, ...more }),
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
    };
  };
  return Object.assign(make({}), { records });
}
