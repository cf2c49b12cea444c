// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type Transport } from '@shared/api/client';
import type { MethodName, PushName } from '@shared/api/contract';
import { LIVECHAT_POLICY, type DeliveryRecord, type ForwardingState, type ResponseRule } from '@shared/api/domains/delivery';
import type { Result } from '@shared/api/wire';
import type { CapturedWebhook } from '@shared/model/webhook';
import { DeliveryPanel } from '../../../renderer/src/features/delivery/delivery-panel';
import { ReplayDialog } from '../../../renderer/src/features/delivery/replay-dialog';
import { createAppStore } from '../../../renderer/src/state/create-app-store';
import { mergeDeliveries } from '../../../renderer/src/state/delivery-slice';
import { AppStoreProvider } from '../../../renderer/src/state/store-context';

afterEach(cleanup);

/** Answers the delivery methods from memory; everything else fails (the panel does not need it). */
class DeliveryTransport implements Transport {
  readonly calls: Array<{ method: string; params: Record<string, unknown> }> = [];
  forwarding: ForwardingState = { enabled: true, mode: 'acknowledge', targets: [{ id: 't1', url: 'http://localhost:3000/hooks', enabled: true }], policy: LIVECHAT_POLICY };
  rules: ResponseRule[] = [];
  deliveries: DeliveryRecord[] = [];
  webhook: CapturedWebhook | undefined;
  private listeners = new Set<(event: PushName, payload: unknown) => void>();

  async call(method: MethodName, params: unknown): Promise<Result<unknown>> {
    const p = params as Record<string, unknown>;
    this.calls.push({ method, params: p });
    const ok = (value: unknown): Result<unknown> => ({ ok: true, value });
    switch (method) {
      case 'forwarding.get':
        return ok(this.forwarding);
      case 'rules.list':
        return ok(this.rules);
      case 'delivery.list':
        return ok(this.deliveries);
      case 'delivery.stats':
        return ok([{ key: 't1', url: 'http://localhost:3000/hooks', targetId: 't1', bins: [3, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0], timeouts: 2, errors: 0, attempts: 7, ok: 4, p50Ms: 40, p95Ms: 9000, maxMs: 12000 }]);
      case 'rules.preset': {
        const rule: ResponseRule = {
          id: 'r1',
          name: 'Simulate outage for 2 minutes',
          match: { kind: 'all' },
          answer: { status: 503, delayMs: 0 },
          scope: { kind: 'duration', ms: 120_000 },
          everyNth: 1,
          enabled: true,
          createdAt: new Date().toISOString(),
          expiresAt: new Date(Date.now() + 120_000).toISOString(),
          matched: 0,
          applied: 0,
        };
        this.rules = [rule];
        return ok(rule);
      }
      case 'replay.check':
        return ok({ ok: true, findings: [{ path: 'payload.chat', message: 'missing', severity: 'error' }] });
      default:
        return { ok: false, error: { code: 'unknown_method', message: `not in this test: ${method}` } };
    }
  }

  onPush(listener: (event: PushName, payload: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push(event: PushName, payload: unknown): void {
    for (const l of this.listeners) l(event, payload);
  }
}

function setup() {
  const transport = new DeliveryTransport();
  const frames: Array<() => void> = [];
  const store = createAppStore(createClient(transport), { scheduleFrame: (cb) => frames.push(cb) });
  render(
    <AppStoreProvider store={store}>
      <DeliveryPanel />
      <ReplayDialog />
    </AppStoreProvider>,
  );
  const flush = () => act(() => frames.splice(0).forEach((f) => f()));
  return { transport, store, flush };
}

const record = (over: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  deliveryId: 'd1',
  kind: 'forward',
  url: 'http://localhost:3000/hooks',
  startedAt: '2026-01-01T00:00:00.000Z',
  policy: LIVECHAT_POLICY,
  attempts: [],
  done: false,
  delivered: false,
  verdict: 'in progress',
  ...over,
});
const attempt = (n: number, status: number, at: string) => ({ attempt: n, startedAt: at, latencyMs: 30, status, timedOut: false, ok: status === 200 });

describe('mergeDeliveries', () => {
  it('builds a live record from attempt pushes, then takes the done record whole; newest first', () => {
    const a1 = { kind: 'attempt' as const, push: { deliveryId: 'd1', kind: 'forward' as const, url: 'u', attempt: attempt(1, 503, '2026-01-01T00:00:00.000Z') } };
    const a2 = { kind: 'attempt' as const, push: { deliveryId: 'd2', kind: 'replay' as const, url: 'u', attempt: attempt(1, 200, '2026-01-01T00:00:01.000Z') } };
    let list = mergeDeliveries([], [a1, a2, a1]);
    expect(list.map((d) => [d.deliveryId, d.attempts.length, d.done])).toEqual([
      ['d2', 1, false],
      ['d1', 1, false],
    ]);
    list = mergeDeliveries(list, [{ kind: 'done', record: record({ attempts: [attempt(1, 503, 'x'), attempt(2, 200, 'y')], done: true, delivered: true, verdict: 'delivered on attempt 2' }) }]);
    expect(list.find((d) => d.deliveryId === 'd1')).toMatchObject({ done: true, verdict: 'delivered on attempt 2' });
  });
});

describe('the Targets & forwarding panel', () => {
  it('shows targets, adds the outage preset, draws the histogram with its 10 s line and timelines from pushes', async () => {
    const { transport, store, flush } = setup();
    await act(() => store.getState().start());
    await act(async () => store.getState().toggleDeliveryPanel(true));
    const panel = await screen.findByRole('region', { name: 'Targets and forwarding' });
    await waitFor(() => expect(within(panel).getByText('http://localhost:3000/hooks', { selector: 'code' })).toBeTruthy());
    expect(screen.getByTestId('ten-second-line')).toBeTruthy();
    expect(screen.getByRole('img', { name: /Latency of http:\/\/localhost:3000\/hooks: <50ms 3, <100ms 1/ })).toBeTruthy();

    fireEvent.click(within(panel).getByRole('button', { name: 'Simulate outage for 2 minutes' }));
    await waitFor(() => expect(within(panel).getByRole('checkbox', { name: 'Rule Simulate outage for 2 minutes on' })).toBeTruthy());
    expect(transport.calls.some((c) => c.method === 'rules.preset' && c.params.preset === 'outage-2m')).toBe(true);

    transport.push('delivery.attempt', { deliveryId: 'd9', kind: 'forward', url: 'http://localhost:3000/hooks', attempt: { ...attempt(1, 503, '2026-01-01T00:00:00.000Z'), nextInMs: 10_000 } });
    flush();
    const timelines = within(panel).getByRole('list', { name: 'Delivery timelines' });
    expect(within(timelines).getByRole('img', { name: /in progress: Attempt 1: HTTP 503/ })).toBeTruthy();
    transport.push('delivery.done', record({ deliveryId: 'd9', done: true, delivered: true, verdict: 'delivered on attempt 2', attempts: [attempt(1, 503, '2026-01-01T00:00:00.000Z'), attempt(2, 200, '2026-01-01T00:00:10.030Z')] }));
    flush();
    const img = within(timelines).getByRole('img', { name: /^delivered on attempt 2: Attempt 1: HTTP 503.*Attempt 2: HTTP 200/ });
    expect(img.querySelectorAll('rect')).toHaveLength(2);
  });
});

describe('the replay dialog', () => {
  it('refuses invalid JSON, shows catalogue warnings and the diff for a valid edit', async () => {
    const { store } = setup();
    const body = '{"action":"incoming_chat","payload":{"chat":{"id":"C1"}}}';
    const webhook = { id: 'w1', action: 'incoming_chat', bodyBase64: btoa(body), json: JSON.parse(body), bodyTruncated: false } as unknown as CapturedWebhook;
    act(() => store.setState({ detail: { status: 'loaded', id: 'w1', webhook }, forwarding: { enabled: true, mode: 'acknowledge', targets: [{ id: 't1', url: 'http://x/hooks', enabled: true }], policy: LIVECHAT_POLICY } }));
    act(() => store.getState().openReplay('w1'));
    const dialog = screen.getByRole('dialog', { name: 'Replay webhook' });
    const editor = within(dialog).getByRole('textbox', { name: 'Body to send' });
    fireEvent.change(editor, { target: { value: '{"action": "incoming_chat",' } });
    expect(within(dialog).getByRole('alert').textContent).toMatch(/^Invalid JSON: .*cannot be sent until it is valid JSON/);
    expect((within(dialog).getByRole('button', { name: 'Send edited' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(editor, { target: { value: '{"action":"incoming_chat","payload":{}}' } });
    expect(within(dialog).queryByRole('alert')).toBeNull();
    expect((within(dialog).getByRole('button', { name: 'Send edited' }) as HTMLButtonElement).disabled).toBe(false);
    expect(within(dialog).getByRole('status').textContent).toMatch(/removed/);
    await waitFor(() => expect(within(dialog).getByRole('list', { name: 'Schema warnings' }).textContent).toContain('payload.chat'));
  });
});
