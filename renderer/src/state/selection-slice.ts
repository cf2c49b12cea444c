import type { SelectionSlice } from './app-state';
import type { SliceKit } from './slice-kit';

export function createSelectionSlice({ client, set, get }: SliceKit): SelectionSlice {
  // Only the answer for the latest selection may land; arrowing fast through the list leaves stale answers behind.
  let request = 0;

  async function select(id: string | undefined): Promise<void> {
    request += 1;
    if (id === undefined) {
      set({ selectedId: undefined, detail: { status: 'idle' }, retries: { status: 'idle' } });
      return;
    }
    const { detail } = get();
    if (detail.status !== 'idle' && detail.status !== 'failed' && detail.id === id) {
      set({ selectedId: id });
      return;
    }
    const mine = request;
    set({ selectedId: id, detail: { status: 'loading', id } });
    try {
      const webhook = await client.call('events.get', { id });
      if (mine !== request) return;
      set({ detail: { status: 'loaded', id, webhook }, inspectorNotice: undefined });
      // LiveChat retries share the webhook id: only those can have a retry group worth drawing.
      if (webhook.webhookId !== undefined) void get().loadRetries(id);
      else set({ retries: { status: 'idle' } });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (mine === request) set({ detail: { status: 'failed', id, message } });
      get().reportError('Opening webhook', err);
    }
  }

  return {
    selectedId: undefined,
    detail: { status: 'idle' },
    select,
    selectRelative(delta) {
      const { events, selectedId } = get();
      if (events.length === 0) return;
      const at = selectedId === undefined ? -1 : events.findIndex((e) => e.id === selectedId);
      const next = at === -1 ? 0 : Math.min(events.length - 1, Math.max(0, at + delta));
      if (next !== at) void select(events[next]!.id);
    },
    selectEdge(edge) {
      const { events } = get();
      if (events.length === 0) return;
      void select(events[edge === 'first' ? 0 : events.length - 1]!.id);
    },
  };
}
