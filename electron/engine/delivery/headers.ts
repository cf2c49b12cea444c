/**
 * Headers that describe one connection, not the message: they must not be replayed (RFC 9110 §7.6.1), and `host` and
 * `content-length` are recomputed for the new request (an edited body has another length; the target has another host).
 */
const DROPPED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host', 'content-length']);

/**
 * The captured headers as they should be sent again: hop-by-hop ones, `proxy-*`, and those the `connection` header
 * names removed; repeated headers joined with `, ` (node's own rule for all but set-cookie, which a webhook never has).
 */
export function sanitizeHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  const named = new Set<string>();
  const connection = headers.connection;
  for (const v of Array.isArray(connection) ? connection : connection === undefined ? [] : [connection]) {
    for (const token of v.split(',')) if (token.trim() !== '') named.add(token.trim().toLowerCase());
  }
  for (const [rawName, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const name = rawName.toLowerCase();
    if (DROPPED.has(name) || name.startsWith('proxy-') || named.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
