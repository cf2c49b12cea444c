import { act, render } from '@testing-library/react';
import { createClient } from '@shared/api/client';
import type { CapturedWebhook } from '@shared/model/webhook';
import { App } from '../../../renderer/src/app';
import { createAppStore, type AppStore } from '../../../renderer/src/state/create-app-store';
import { AppStoreProvider } from '../../../renderer/src/state/store-context';
import { FakeTransport, manualFrames } from './fake-transport';

export interface Harness {
  transport: FakeTransport;
  store: AppStore;
  /** Runs the animation frame the push batcher is waiting for, inside act. */
  flushFrame(): void;
}

export function createHarness(webhooks: CapturedWebhook[] = [], opts: { pageSize?: number; filterDebounceMs?: number } = {}) {
  const transport = new FakeTransport(webhooks);
  const frames = manualFrames();
  const store = createAppStore(createClient(transport), {
    connection: transport,
    scheduleFrame: frames.schedule,
    pageSize: opts.pageSize ?? 200,
    filterDebounceMs: opts.filterDebounceMs ?? 150,
  });
  return { transport, store, frames };
}

/** Renders the whole app against a fake engine and waits for the first page. */
export async function renderApp(webhooks: CapturedWebhook[] = [], opts: { pageSize?: number } = {}) {
  const { transport, store, frames } = createHarness(webhooks, opts);
  const view = render(
    <AppStoreProvider store={store}>
      <App defaultViewportHeight={600} />
    </AppStoreProvider>,
  );
  await act(() => store.getState().start());
  const harness: Harness = {
    transport,
    store,
    flushFrame: () => act(() => frames.flush()),
  };
  return { ...view, ...harness };
}
