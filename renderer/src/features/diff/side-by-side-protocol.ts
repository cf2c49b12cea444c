import type { SideBySide } from '@shared/diff';
import type { DiffResult } from '@shared/diff/types';
import { decodeBody } from '../../lib/body-text';

/** One side: the body as received (base64), and whether it is JSON (only JSON bodies are pretty-printed). */
export interface SideBody {
  bodyBase64: string;
  json: boolean;
}

export interface SideBySideRequest {
  id: number;
  a: SideBody;
  b: SideBody;
  result: DiffResult;
}

export type SideBySideReply = { id: number; ok: true; lines: SideBySide } | { id: number; ok: false; message: string };

function valueOf(side: SideBody): unknown {
  return side.json ? (JSON.parse(decodeBody(side.bodyBase64).text) as unknown) : undefined;
}

/** The alignment itself, shared by the worker and the in-page fallback. */
export function sideBySideOf(
  request: Omit<SideBySideRequest, 'id'>,
  align: (a: unknown, b: unknown, result: DiffResult) => SideBySide,
): SideBySide {
  return align(valueOf(request.a), valueOf(request.b), request.result);
}
