import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bearerToken, hostAllowed, newControlToken, originAllowed, protocolToken, tokenMatches } from '../../electron/engine/control/guard';

/**
 * The control server's guard, as a unit: the token check is constant-time (crypto.timingSafeEqual over fixed-length
 * digests, so neither content nor length leaks) and is the only way the control server compares a token.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const source = (p: string) => readFileSync(resolve(ROOT, p), 'utf8');

describe('tokenMatches', () => {
  const token = newControlToken();
  it('accepts exactly the token', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, `${token}`.slice(0))).toBe(true);
  });
  it('refuses missing, empty, shorter, longer, case-changed and absurdly long tokens', () => {
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, token.slice(0, -1))).toBe(false);
    expect(tokenMatches(token, `${token}0`)).toBe(false);
    expect(tokenMatches(token, token.toUpperCase())).toBe(false);
    expect(tokenMatches(token, 'x'.repeat(1_000_000))).toBe(false);
    // Differs only in the last character: still refused (no prefix match).
    const last = token.at(-1) === '0' ? '1' : '0';
    expect(tokenMatches(token, token.slice(0, -1) + last)).toBe(false);
  });
  it('uses crypto.timingSafeEqual, and the control server compares tokens only through it', () => {
    const guard = source('electron/engine/control/guard.ts');
    expect(guard).toMatch(/import \{[^}]*\btimingSafeEqual\b[^}]*\} from 'node:crypto'/);
    const fn = guard.slice(guard.indexOf('export function tokenMatches'), guard.indexOf('export function hostAllowed'));
    expect(fn).toContain('timingSafeEqual(');
    // No early-exit string comparison of the secret inside the check.
    expect(fn).not.toMatch(/expected\s*[!=]==|[!=]==\s*expected/);
    const server = source('electron/engine/control/control-server.ts');
    expect(server).toContain('tokenMatches(token, given)');
    expect(server).not.toMatch(/[!=]==\s*(this\.opts\.)?token\b|\btoken\s*[!=]==/);
  });
});

describe('the other guards', () => {
  it('hostAllowed accepts only our loopback names with our port', () => {
    expect(hostAllowed('127.0.0.1:4000', 4000)).toBe(true);
    expect(hostAllowed('localhost:4000', 4000)).toBe(true);
    expect(hostAllowed('[::1]:4000', 4000)).toBe(true);
    for (const h of [undefined, '', '127.0.0.1', '127.0.0.1:4001', 'evil.example:4000', '127.0.0.1:4000.evil.example', 'localhost.evil.example:4000', '0.0.0.0:4000', '127.0.0.2:4000']) {
      expect(hostAllowed(h, 4000), String(h)).toBe(false);
    }
  });
  it('originAllowed accepts no Origin (non-browser clients) or our own, and nothing else', () => {
    expect(originAllowed(undefined, 4000)).toBe(true);
    expect(originAllowed('http://127.0.0.1:4000', 4000)).toBe(true);
    for (const o of ['null', '', 'https://127.0.0.1:4000', 'http://127.0.0.1:4001', 'http://evil.example', 'file://', 'http://127.0.0.1:4000.evil.example']) {
      expect(originAllowed(o, 4000), o).toBe(false);
    }
  });
  it('reads the token only from a Bearer header or the WebSocket subprotocol', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken('Bearer abc def')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(protocolToken('livehook.v1, livehook.token.abc', 'livehook.token.')).toBe('abc');
    expect(protocolToken('livehook.v1', 'livehook.token.')).toBeUndefined();
  });
});
