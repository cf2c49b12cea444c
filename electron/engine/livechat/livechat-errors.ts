import { AppError } from '@shared/api/errors';
import { z } from 'zod';

/** `{"error": {"type", "message", "data"?}}` — every LiveChat Web API error (reference §4 "Errors"). */
const LiveChatErrorBody = z.object({
  error: z.looseObject({
    type: z.string(),
    message: z.string().optional(),
    data: z.unknown().optional(),
  }),
});

export interface LiveChatErrorInfo {
  type: string;
  message: string;
  data?: unknown;
}

export function parseLiveChatError(json: unknown): LiveChatErrorInfo | undefined {
  const parsed = LiveChatErrorBody.safeParse(json);
  if (!parsed.success) return undefined;
  const { type, message, data } = parsed.data.error;
  const info: LiveChatErrorInfo = { type, message: message ?? type };
  if (data !== undefined) info.data = data;
  return info;
}

/** LiveChat's words reach the user as LiveChat wrote them; the type and data ride along for the UI and diagnostics. */
export function liveChatError(info: LiveChatErrorInfo): AppError {
  return new AppError('livechat_error', info.message, { type: info.type, message: info.message, data: info.data ?? null });
}

/** The `region` a `misdirected_request` names, when it names one. */
export function misdirectedRegion(info: LiveChatErrorInfo): string | undefined {
  const data = info.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const region = (data as Record<string, unknown>).region;
  return typeof region === 'string' && /^[a-z0-9-]{1,20}$/.test(region) ? region : undefined;
}

/** An answer that is neither a success nor a LiveChat error (a proxy page, a 502). */
export function unexpectedAnswer(what: string, status: number, text: string): AppError {
  const snippet = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (status >= 500 || status === 0) {
    return new AppError('unavailable', `${what} answered HTTP ${status}${snippet ? `: ${snippet}` : ''}. Try again in a moment.`);
  }
  return new AppError('livechat_error', `${what} answered HTTP ${status}${snippet ? `: ${snippet}` : ''}`, {
    type: 'unexpected_response',
    message: `HTTP ${status}`,
    data: null,
  });
}
