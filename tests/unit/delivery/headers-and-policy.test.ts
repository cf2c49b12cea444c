import { describe, expect, it } from 'vitest';
import { LIVECHAT_POLICY } from '@shared/api/domains/delivery';
import { sanitizeHeaders } from '../../../electron/engine/delivery/headers';
import { resolvePolicy, verdictOf } from '../../../electron/engine/delivery/policy';
import type { AttemptRecord } from '../../../electron/engine/delivery/types';

describe('sanitizeHeaders', () => {
  it('drops hop-by-hop, proxy-*, host and content-length, and whatever `connection` names; keeps the rest', () => {
    const out = sanitizeHeaders({
      host: 'abc.loca.lt',
      'content-length': '42',
      connection: 'keep-alive, X-Trace-Hop',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      upgrade: 'h2c',
      te: 'trailers',
      trailer: 'x-sum',
      'proxy-authorization': 'Basic x',
      'x-trace-hop': '1',
      'content-type': 'application/json',
      'X-Region': 'dal',
      'x-forwarded-for': ['1.2.3.4', '5.6.7.8'],
    });
    expect(out).toEqual({ 'content-type': 'application/json', 'x-region': 'dal', 'x-forwarded-for': '1.2.3.4, 5.6.7.8' });
  });
});

describe('delivery policy', () => {
  it('livechat is fixed at a 10 s timeout and three retries within a minute', () => {
    const p = resolvePolicy({ name: 'livechat', timeoutMs: 1, retryDelaysMs: [] });
    expect(p).toEqual(LIVECHAT_POLICY);
    expect(p.retryDelaysMs.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(60_000);
  });

  it('single has no retries; custom takes its own timeout and schedule; unknown names are refused', () => {
    expect(resolvePolicy({ name: 'single' }).retryDelaysMs).toEqual([]);
    expect(resolvePolicy({ name: 'custom', timeoutMs: 500, retryDelaysMs: [1, 2] })).toEqual({ name: 'custom', timeoutMs: 500, retryDelaysMs: [1, 2] });
    expect(() => resolvePolicy({ name: 'custom', timeoutMs: 0 })).toThrow(/positive/);
    expect(() => resolvePolicy({ name: 'nope' as 'single' })).toThrow(/Unknown delivery policy/);
  });

  it('says in one line what happened', () => {
    const a = (n: number, ok: boolean): AttemptRecord => ({ attempt: n, startedAt: '', latencyMs: 1, timedOut: !ok, ok });
    expect(verdictOf([a(1, false), a(2, true)], LIVECHAT_POLICY, false)).toBe('delivered on attempt 2');
    expect(verdictOf([a(1, false), a(2, false), a(3, false), a(4, false)], LIVECHAT_POLICY, false)).toBe('LiveChat would have given up after 4 attempts');
    expect(verdictOf([a(1, false)], { name: 'single', timeoutMs: 1, retryDelaysMs: [] }, false)).toBe('not delivered after 1 attempt');
    expect(verdictOf([a(1, false)], LIVECHAT_POLICY, true)).toBe('cancelled after 1 attempt');
  });
});
