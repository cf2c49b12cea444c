import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../../shared/api/contract';
import { AppError } from '../../../shared/api/errors';
import { createDispatcher, type Handlers } from '../../../electron/engine/api/dispatch';
import { createLogger } from '../../../electron/engine/logger';

/** The dispatcher is domain-agnostic: every other method gets a handler that must not run in these tests. */
function unused(): Handlers {
  const fail = () => {
    throw new Error('not used in this test');
  };
  return Object.fromEntries(METHOD_NAMES.map((m) => [m, fail])) as unknown as Handlers;
}

function setup(overrides: Partial<Handlers> = {}) {
  const lines: string[] = [];
  const logger = createLogger({ sink: { write: (l) => void lines.push(l) } });
  const calls: string[] = [];
  const handlers: Handlers = {
    ...unused(),
    'events.list': (p) => {
      calls.push(`list:${JSON.stringify(p)}`);
      return { items: [], total: 0, hasMore: false, headSeq: 0 };
    },
    'events.get': ({ id }) => {
      calls.push(`get:${id}`);
      throw new AppError('not_found', `no ${id}`);
    },
    'events.clear': () => {
      throw new Error('disk on fire');
    },
    'receiver.info': () => ({ localUrl: 'http://127.0.0.1:1', port: 1, bodyLimitBytes: 1, dataDir: '/d', count: 0, journalWarnings: [] }),
    ...overrides,
  };
  return { dispatch: createDispatcher(handlers, logger), calls, lines };
}

describe('the engine edge (dispatch)', () => {
  it('runs the handler with validated params', async () => {
    const { dispatch, calls } = setup();
    expect(await dispatch('events.list', { limit: 5, text: 'x' })).toEqual({ ok: true, value: { items: [], total: 0, hasMore: false, headSeq: 0 } });
    expect(calls).toEqual(['list:{"limit":5,"text":"x"}']);
  });

  it('refuses params that do not match the schema before the handler runs', async () => {
    const { dispatch, calls } = setup();
    for (const bad of [{ limit: 0 }, { limit: 'ten' }, { nope: 1 }, { actions: 'incoming_chat' }, { limit: 1.5 }, 'str', [1]]) {
      const r = await dispatch('events.list', bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('bad_request');
    }
    const r = await dispatch('events.get', { id: '' });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    if (!r.ok) expect(r.error.message).toMatch(/id/);
    expect(calls).toEqual([]);
  });

  it('refuses unknown methods, including Object.prototype names', async () => {
    const { dispatch } = setup();
    for (const m of ['nope', 'toString', '__proto__', 'constructor', '']) {
      expect(await dispatch(m, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('returns an AppError with its code and turns anything else into internal, logged', async () => {
    const { dispatch, lines } = setup();
    expect(await dispatch('events.get', { id: 'x1' })).toEqual({ ok: false, error: { code: 'not_found', message: 'no x1' } });
    expect(await dispatch('events.clear', {})).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
    expect(lines.join('')).toMatch(/handler failed.*|disk on fire/);
  });

  it('treats missing params as {}', async () => {
    const { dispatch } = setup();
    expect((await dispatch('receiver.info', undefined)).ok).toBe(true);
  });
});
