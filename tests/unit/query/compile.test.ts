import { describe, expect, it } from 'vitest';
import { compileQuery, parseQuery, usesFullText } from '../../../shared/query';
import type { Query, QueryCandidate } from '../../../shared/query';
import type { WebhookSummary } from '../../../shared/model/webhook';

const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

function summary(over: Partial<WebhookSummary> & { id: string }): WebhookSummary {
  return {
    seq: 1,
    receivedAt: new Date(NOW - 60_000).toISOString(),
    source: 'tunnel',
    method: 'POST',
    path: '/hooks/livechat',
    bodySize: 10,
    bodyTruncated: false,
    answer: { status: 200, delayMs: 0 },
    ...over,
  };
}

const ALL: WebhookSummary[] = [
  summary({ id: 'A', action: 'incoming_event', chatId: 'PJ0MRSHTDG', threadId: 'T1', webhookId: 'wh1', organizationId: 'org-1', secret: 'ok' }),
  summary({ id: 'B', action: 'incoming_chat', chatId: 'CHAT2', secret: 'mismatch', attempt: 2, retryOf: 'A', pinned: true }),
  summary({ id: 'C', action: 'event_deleted', chatId: 'PJ0MRSHTDG', secret: 'unknown', findingCount: 2, source: 'local' }),
  summary({ id: 'D', parseError: 'not JSON', method: 'PUT', path: '/other', answer: { status: 413, delayMs: 0 }, source: 'simulator', receivedAt: new Date(NOW - 3 * 3_600_000).toISOString() }),
  summary({ id: 'E', action: 'Incoming_Event', answer: { status: 503, delayMs: 0 }, source: 'import', attempt: 1, receivedAt: '2026-11-01T09:59:59.999Z' }),
];

const BODIES: Record<string, string> = {
  X: '',
  A: '{"text":"hello there, general kenobi"}',
  B: '{"text":"no greeting"}',
  C: '{"text":"hello world"}',
  D: 'raw bytes here',
  E: '{"text":"Hello There"}',
};

function candidate(s: WebhookSummary): QueryCandidate {
  return { summary: s, contains: (needle) => BODIES[s.id]!.toLowerCase().includes(needle) };
}

function ids(source: string): string[] {
  const r = parseQuery(source);
  if (!r.ok) throw new Error(r.error.message);
  const match = compileQuery(r.query, NOW);
  return ALL.filter((s) => match(candidate(s))).map((s) => s.id);
}

describe('compileQuery: field terms', () => {
  it('matches everything with no terms', () => {
    expect(ids('')).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('action: case-insensitive equality, wildcards, negation', () => {
    expect(ids('action:incoming_event')).toEqual(['A', 'E']);
    expect(ids('action:incoming_*')).toEqual(['A', 'B', 'E']);
    expect(ids('action:*deleted')).toEqual(['C']);
    expect(ids('-action:incoming_*')).toEqual(['C', 'D']);
    expect(ids('action:*')).toEqual(['A', 'B', 'C', 'E']);
  });

  it('ids: chat, thread, webhook, org, id', () => {
    expect(ids('chat:pj0mrshtdg')).toEqual(['A', 'C']);
    expect(ids('-chat:PJ0MRSHTDG')).toEqual(['B', 'D', 'E']);
    expect(ids('chat:*')).toEqual(['A', 'B', 'C']);
    expect(ids('thread:T1')).toEqual(['A']);
    expect(ids('webhook:wh1')).toEqual(['A']);
    expect(ids('org:org-*')).toEqual(['A']);
    expect(ids('id:d')).toEqual(['D']);
  });

  it('secret, including none for bodies without secret_key', () => {
    expect(ids('secret:ok')).toEqual(['A']);
    expect(ids('secret:MISMATCH')).toEqual(['B']);
    expect(ids('-secret:ok')).toEqual(['B', 'C', 'D', 'E']);
    expect(ids('secret:none')).toEqual(['D', 'E']);
  });

  it('status: invalid, valid, exact and class', () => {
    expect(ids('status:invalid')).toEqual(['C', 'D']);
    expect(ids('is:invalid')).toEqual(['C', 'D']);
    expect(ids('status:valid')).toEqual(['A', 'B', 'E']);
    expect(ids('-status:invalid')).toEqual(['A', 'B', 'E']);
    expect(ids('status:413')).toEqual(['D']);
    expect(ids('status:4xx')).toEqual(['D']);
    expect(ids('status:5xx')).toEqual(['E']);
    expect(ids('status:2xx')).toEqual(['A', 'B', 'C']);
  });

  it('source, method, path', () => {
    expect(ids('source:tunnel')).toEqual(['A', 'B']);
    expect(ids('source:import')).toEqual(['E']);
    expect(ids('method:put')).toEqual(['D']);
    expect(ids('path:/hooks/*')).toEqual(['A', 'B', 'C', 'E']);
    expect(ids('path:/other')).toEqual(['D']);
  });

  it('flags: retry (attempt ≥ 2) and pinned', () => {
    expect(ids('retry')).toEqual(['B']);
    expect(ids('is:retry')).toEqual(['B']);
    expect(ids('-retry')).toEqual(['A', 'C', 'D', 'E']);
    expect(ids('pinned')).toEqual(['B']);
    expect(ids('-is:pinned')).toEqual(['A', 'C', 'D', 'E']);
  });

  it('ANDs terms', () => {
    expect(ids('chat:PJ0MRSHTDG -secret:ok')).toEqual(['C']);
    expect(ids('action:incoming_* status:5xx')).toEqual(['E']);
  });
});

describe('compileQuery: time terms', () => {
  it('relative ages count back from the given now', () => {
    // A, B, C were received 1 minute ago, D 3 hours ago, E on Nov 1.
    expect(ids('after:2m')).toEqual(['A', 'B', 'C']);
    expect(ids('before:2m')).toEqual(['D', 'E']);
    expect(ids('after:4h before:2h')).toEqual(['D']);
    expect(ids('-after:2m')).toEqual(['D', 'E']);
    expect(ids('after:30s')).toEqual([]);
  });

  it('absolute dates: after is inclusive, before exclusive, no offset = UTC', () => {
    expect(ids('before:2026-11-01T10:00')).toEqual(['E']);
    expect(ids('after:2026-11-01T10:00Z')).toEqual(['A', 'B', 'C', 'D']);
    expect(ids('after:2026-11-01T09:59:59.999Z')).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(ids('after:2026-11-01 before:2026-11-02')).toEqual(['E']);
    expect(ids('before:2026-11-01T11:00+01:00')).toEqual(['E']);
  });

  it('compares receivedAt values that are not in toISOString form by their instant', () => {
    const r = parseQuery('after:2026-11-01T09:30Z before:2026-11-01T10:30Z');
    if (!r.ok) throw new Error(r.error.message);
    const match = compileQuery(r.query, NOW);
    const at = (receivedAt: string): boolean => match(candidate(summary({ id: 'X', receivedAt })));
    expect(at('2026-11-01T11:00:00+01:00')).toBe(true);
    expect(at('2026-11-01T10:30:00+01:00')).toBe(true); // exactly the after: bound (inclusive)
    expect(at('2026-11-01T11:30:00+01:00')).toBe(false); // exactly the before: bound (exclusive)
    expect(at('2026-11-01T11:45:00+01:00')).toBe(false);
    expect(at('2026-11-01T10:00:00Z')).toBe(true);
    expect(at('not a date')).toBe(false);
  });

  it('refuses a hand-built query with a bad date', () => {
    const q: Query = { source: 'x', terms: [{ kind: 'field', field: 'after', value: 'soon', negate: false, start: 0, end: 1 }] };
    expect(() => compileQuery(q, NOW)).toThrow(expect.objectContaining({ code: 'bad_request', message: 'bad date "soon" in after:' }));
  });
});

describe('compileQuery: full text', () => {
  it('bare words must each be found, phrases as a whole, case-insensitively', () => {
    expect(ids('hello')).toEqual(['A', 'C', 'E']);
    expect(ids('hello there')).toEqual(['A', 'E']);
    expect(ids('"hello there"')).toEqual(['A', 'E']);
    expect(ids('"there hello"')).toEqual([]);
    expect(ids('hello -world')).toEqual(['A', 'E']);
  });

  it('also searches path, action and ids from the summary', () => {
    expect(ids('other')).toEqual(['D']);
    expect(ids('deleted')).toEqual(['C']);
    expect(ids('CHAT2')).toEqual(['B']);
  });

  it('passes lower-cased needles to contains and calls it only for text terms', () => {
    const seen: string[] = [];
    const r = parseQuery('action:incoming_event "Hello There" KENOBI');
    if (!r.ok) throw new Error(r.error.message);
    const match = compileQuery(r.query, NOW);
    const c: QueryCandidate = { summary: ALL[0]!, contains: (n) => (seen.push(n), true) };
    expect(match(c)).toBe(true);
    expect(seen).toEqual(['hello there', 'kenobi']);
    seen.length = 0;
    expect(match({ summary: ALL[2]!, contains: (n) => (seen.push(n), true) })).toBe(false);
    expect(seen).toEqual([]);
  });

  it('usesFullText tells whether bodies are needed', () => {
    const q = (s: string): Query => {
      const r = parseQuery(s);
      if (!r.ok) throw new Error(r.error.message);
      return r.query;
    };
    expect(usesFullText(q('action:x retry after:1h'))).toBe(false);
    expect(usesFullText(q('action:x -word'))).toBe(true);
    expect(usesFullText(q('"a phrase"'))).toBe(true);
  });
});
