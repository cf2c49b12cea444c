import type { ApiError } from './errors';
import type { MethodName, PushName } from './contract';

/**
 * The envelopes that carry the contract over any transport (WebSocket frames, Electron IPC).
 * Requests are answered by one response with the same id; pushes carry a per-connection sequence number so a
 * client can tell it missed some (and then re-fetch by seq with `events.list({ afterSeq })`).
 */

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface RequestEnvelope {
  type: 'request';
  id: number;
  method: MethodName;
  params: unknown;
}

export interface ResponseEnvelope {
  type: 'response';
  id: number;
  result: Result<unknown>;
}

export interface PushEnvelope {
  type: 'push';
  seq: number;
  event: PushName;
  payload: unknown;
}

export type ServerEnvelope = ResponseEnvelope | PushEnvelope;

/** Parses a frame from the server side; returns undefined (never throws) for anything that is not an envelope. */
export function parseServerEnvelope(text: string): ServerEnvelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined; // the caller reports the malformed frame with its own context
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.type === 'response' && typeof v.id === 'number' && typeof v.result === 'object' && v.result !== null) {
    return v as unknown as ResponseEnvelope;
  }
  if (v.type === 'push' && typeof v.seq === 'number' && typeof v.event === 'string') {
    return v as unknown as PushEnvelope;
  }
  return undefined;
}

/** Parses a frame from the client side. */
export function parseRequestEnvelope(text: string): RequestEnvelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (v.type === 'request' && typeof v.id === 'number' && Number.isSafeInteger(v.id) && typeof v.method === 'string') {
    return { type: 'request', id: v.id, method: v.method as MethodName, params: v.params ?? {} };
  }
  return undefined;
}
