// @vitest-environment happy-dom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '@shared/api/client';
import type { MethodName } from '@shared/api/contract';
import type { SimulatorCatalogue, SimulatorGenerated, TriggerRecord } from '@shared/api/domains/simulator';
import type { Result } from '@shared/api/wire';
import { App } from '../../../renderer/src/app';
import { createAppStore } from '../../../renderer/src/state/create-app-store';
import { AppStoreProvider } from '../../../renderer/src/state/store-context';
import { ACTION_GROUPS, catalogueEntry, EVENT_TYPES, GROUPS } from '@shared/livechat/catalogue';
import { FakeTransport, manualFrames } from '../renderer/fake-transport';

/** The simulator's catalogue as the engine answers it, from the shared action catalogue. */
function catalogue(): SimulatorCatalogue {
  return {
    groups: GROUPS.map((group) => ({
      group,
      actions: ACTION_GROUPS[group].map((action) => {
        const e = catalogueEntry(action)!;
        return { action, status: e.status, description: e.description, versions: e.versions };
      }),
    })).filter((g) => g.actions.length > 0),
    eventTypes: [...EVENT_TYPES],
  };
}

/** A body like the engine's (the generator itself is tested in the engine's tests). */
function generated(p: { action: string; eventType?: string }): SimulatorGenerated {
  const payload =
    p.action === 'incoming_event'
      ? { chat_id: 'PJ0MRSHTDG', thread_id: 'K600PKZON8', event: { id: 'K600PKZON8_3', type: p.eventType ?? 'message', author_id: 'smith@example.com', text: 'Hi' } }
      : { chat_id: 'PJ0MRSHTDG', thread_id: 'K600PKZON8', tag: 'sales' };
  const body = { webhook_id: 'w-1', secret_key: 's', action: p.action, organization_id: 'org-1', payload, additional_data: {} };
  return { action: p.action, seed: 7, startAt: '2026-11-27T10:00:00.000Z', body: JSON.stringify(body, null, 2), findings: [] };
}

const SCENARIOS = [
  { name: 'customer-chat', title: 'Customer chat, start to close', description: 'A customer starts a chat…', builtIn: true, steps: 11, durationMs: 121_500 },
  { name: 'retry-storm', title: 'Retry storm', description: 'The same delivery again…', builtIn: true, steps: 6, durationMs: 64_000 },
];

/**
 * The Trigger panel against a fake engine that answers the simulator's methods and records sends: what the panel asks
 * for is what the user did.
 */
class SimulatorTransport extends FakeTransport {
  readonly sends: Array<Record<string, unknown>> = [];
  nextRecord: TriggerRecord | undefined;

  override async call(method: MethodName, params: unknown): Promise<Result<unknown>> {
    const p = (params ?? {}) as { action: string; eventType?: string };
    switch (method) {
      case 'simulator.actions':
        return { ok: true, value: catalogue() };
      case 'simulator.scenarios':
        return { ok: true, value: SCENARIOS };
      case 'simulator.recent':
        return { ok: true, value: [] };
      case 'simulator.generate':
        return { ok: true, value: generated(p) };
      case 'simulator.send':
      case 'simulator.run':
      case 'simulator.saveScenario':
        this.sends.push({ method, ...(p as unknown as Record<string, unknown>) });
        return { ok: true, value: method === 'simulator.saveScenario' ? { name: 'mine', title: 'mine', description: '2 captured webhooks', builtIn: false, steps: 2, durationMs: 1000 } : this.nextRecord };
      default:
        return super.call(method, params);
    }
  }
}

function record(extra: Partial<TriggerRecord> = {}): TriggerRecord {
  return { id: 't1', at: '2026-11-27T10:00:00.000Z', kind: 'send', label: 'incoming_event', destination: { kind: 'self' }, total: 1, items: [], done: false, ...extra };
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

async function open() {
  const transport = new SimulatorTransport();
  const frames = manualFrames();
  const store = createAppStore(createClient(transport), { connection: transport, scheduleFrame: frames.schedule });
  const view = render(
    <AppStoreProvider store={store}>
      <App defaultViewportHeight={600} />
    </AppStoreProvider>,
  );
  cleanup = () => {
    store.getState().stop();
    view.unmount();
  };
  await act(() => store.getState().start());
  await act(async () => fireEvent.click(within(screen.getByRole('banner')).getByRole('button', { name: 'Trigger' })));
  const panel = await screen.findByRole('region', { name: 'Trigger' });
  return { transport, store, panel };
}

describe('Trigger panel', () => {
  it('lists every group, searches, previews the body and sends an untouched preview as its action and seed', async () => {
    const { transport, panel } = await open();
    const actions = within(panel).getByRole('group', { name: 'Actions' });
    await within(actions).findByRole('button', { name: 'incoming_chat' });
    expect(within(actions).getByRole('heading', { name: 'Legacy' })).toBeTruthy();
    expect(within(actions).getByRole('button', { name: 'payment_collected' })).toBeTruthy();
    fireEvent.change(within(panel).getByRole('searchbox', { name: 'Search actions' }), { target: { value: 'thread_tag' } });
    expect(within(actions).getAllByRole('button').map((b) => b.textContent)).toEqual(['thread_tagged', 'chat_thread_tagged']);

    fireEvent.change(within(panel).getByRole('searchbox', { name: 'Search actions' }), { target: { value: '' } });
    await act(async () => fireEvent.click(within(actions).getByRole('button', { name: 'incoming_event' })));
    const body = within(panel).getByRole('textbox', { name: 'Body' }) as HTMLTextAreaElement;
    expect(JSON.parse(body.value)).toMatchObject({ action: 'incoming_event', payload: { event: { type: 'message' } } });
    expect(within(panel).getByRole('status', { name: 'Body check' }).textContent).toContain('Valid JSON, no findings');

    transport.nextRecord = record({ done: true, total: 2, items: [] });
    fireEvent.change(within(panel).getByRole('spinbutton', { name: 'Count' }), { target: { value: '2' } });
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Send' })));
    expect(transport.sends).toEqual([
      { method: 'simulator.send', action: 'incoming_event', seed: 7, startAt: '2026-11-27T10:00:00.000Z', eventType: 'message', count: 2, destination: { kind: 'self' } },
    ]);
  });

  it('sends an edited body byte for byte, shows findings of the edit, and follows the trigger’s pushes', async () => {
    const { transport, panel } = await open();
    const actions = within(panel).getByRole('group', { name: 'Actions' });
    await act(async () => fireEvent.click(await within(actions).findByRole('button', { name: 'thread_tagged' })));
    const body = within(panel).getByRole('textbox', { name: 'Body' }) as HTMLTextAreaElement;
    const edited = body.value.replace(/"tag": "[^"]*"/, '"tag": 7');
    fireEvent.change(body, { target: { value: edited } });
    expect(within(panel).getByText('Body (edited)')).toBeTruthy();
    expect(within(panel).getByRole('list', { name: 'Findings' }).textContent).toContain('payload.tag should be a string, got number');
    fireEvent.change(body, { target: { value: '{ nope' } });
    expect(within(panel).getByRole('status', { name: 'Body check' }).textContent).toMatch(/^Not valid JSON/);
    fireEvent.change(body, { target: { value: edited } });

    fireEvent.click(within(panel).getByRole('radio', { name: 'A URL' }));
    expect((within(panel).getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(panel).getByRole('textbox', { name: 'Target URL' }), { target: { value: ' http://127.0.0.1:3000/hooks ' } });
    transport.nextRecord = record({ label: 'thread_tagged', destination: { kind: 'url', url: 'http://127.0.0.1:3000/hooks' } });
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Send' })));
    expect(transport.sends).toEqual([{ method: 'simulator.send', body: edited, count: 1, destination: { kind: 'url', url: 'http://127.0.0.1:3000/hooks' } }]);
    expect(within(panel).getByRole('status', { name: 'Trigger progress' }).textContent).toBe('0 of 1 sent…');

    act(() =>
      transport.emit(
        'simulator.trigger',
        record({ label: 'thread_tagged', destination: { kind: 'url', url: 'http://127.0.0.1:3000/hooks' }, done: true, items: [{ index: 0, action: 'thread_tagged', delivered: true, verdict: 'delivered on attempt 2', attempts: 2 }] }),
      ),
    );
    expect(within(panel).getByRole('status', { name: 'Trigger progress' }).textContent).toBe('1 of 1 delivered');
    expect(within(panel).getByRole('list', { name: 'Sent webhooks' }).textContent).toContain('delivered on attempt 2');
    expect(within(panel).getByRole('button', { name: 'Repeat thread_tagged' })).toBeTruthy();
  });

  it('runs a scenario at the chosen pace, and saves the marked rows as a new one', async () => {
    const { transport, panel, store } = await open();
    await act(async () => fireEvent.click(within(panel).getByRole('button', { name: 'Scenario' })));
    const run = within(panel).getByRole('form', { name: 'Run a scenario' });
    await act(async () => fireEvent.click(within(run).getByRole('radio', { name: /^Retry storm/ })));
    expect(within(run).getByText(/6 webhooks over 1 min 4 s/)).toBeTruthy();
    fireEvent.change(within(run).getByRole('combobox', { name: 'Pace' }), { target: { value: '0' } });
    transport.nextRecord = record({ kind: 'scenario', label: 'Retry storm', scenario: 'retry-storm', total: 6 });
    await act(async () => fireEvent.click(within(run).getByRole('button', { name: 'Run' })));
    expect(transport.sends).toEqual([{ method: 'simulator.run', name: 'retry-storm', speed: 0, destination: { kind: 'self' } }]);
    expect(within(panel).getByRole('status', { name: 'Trigger progress' }).textContent).toBe('0 of 6 sent…');

    const save = within(panel).getByRole('form', { name: 'Save a scenario' });
    fireEvent.change(within(save).getByRole('textbox', { name: 'Scenario name' }), { target: { value: 'mine' } });
    expect((within(save).getByRole('button', { name: 'Save 0 marked as scenario' }) as HTMLButtonElement).disabled).toBe(true);
    act(() => {
      store.setState({ marked: ['a1', 'a2'] });
    });
    await act(async () => fireEvent.click(within(save).getByRole('button', { name: 'Save 2 marked as scenario' })));
    expect(transport.sends.at(-1)).toEqual({ method: 'simulator.saveScenario', name: 'mine', ids: ['a1', 'a2'] });
    expect(within(panel).getByRole('radio', { name: /^mine/ })).toBeTruthy();
  });
});
