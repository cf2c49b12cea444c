import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh 256-bit token per run, hex. */
export function newControlToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Constant-time token check. Both sides are hashed first so that neither the length nor the content of the real
 * token leaks through timing (timingSafeEqual itself requires equal lengths).
 */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  if (given === undefined || given.length === 0 || given.length > 1024) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/**
 * DNS-rebinding defence: a page on evil.example that rebinds its name to 127.0.0.1 still sends `Host: evil.example`.
 * Only the loopback names we listen on, with our port, are accepted.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}` || host === `[::1]:${port}`;
}

/** Cross-site pages may not talk to the control server. No Origin (non-browser clients) is allowed; the token still applies. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}` || origin === `http://[::1]:${port}`;
}

/** The token from `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1];
}

/** The token from the WebSocket subprotocol list (`livehook.v1, livehook.token.<token>`). */
export function protocolToken(header: string | undefined, prefix: string): string | undefined {
  if (header === undefined) return undefined;
  for (const p of header.split(',')) {
    const v = p.trim();
    if (v.startsWith(prefix)) return v.slice(prefix.length);
  }
  return undefined;
}
