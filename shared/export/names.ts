import type { ExportFormat } from './types';

/** Connection-level headers that describe one hop, not the request: never replayed (RFC 9110 §7.6.1). */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer',
  'trailers', 'transfer-encoding', 'upgrade',
]);

const EXTENSIONS: Record<ExportFormat, string> = { har: 'har', ndjson: 'ndjson', curl: 'sh' };
const MIME_TYPES: Record<ExportFormat, string> = { har: 'application/json', ndjson: 'application/x-ndjson', curl: 'text/x-shellscript' };

/** `livehook-2026-11-27T10-00-00.har`: UTC, no colons (they are not allowed in Windows file names). */
export function exportFileName(format: ExportFormat, date: Date): string {
  return `livehook-${date.toISOString().slice(0, 19).replace(/:/g, '-')}.${EXTENSIONS[format]}`;
}

export function exportMimeType(format: ExportFormat): string {
  return MIME_TYPES[format];
}

/** The first value of a header, its name compared case-insensitively. */
export function headerValue(headers: Record<string, string | string[]>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === name) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}
