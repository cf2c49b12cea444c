import type { CapturedWebhook, WebhookSummary } from '@shared/model/webhook';
import { compileQuery, parseQuery, usesFullText } from '@shared/query';
import type { InspectorSlice } from './app-state';
import type { SliceKit } from './slice-kit';

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A pushed summary carries no `attempts` (that is a property of a grouped list row): keep the row's. */
function updatedRow(row: WebhookSummary, summary: WebhookSummary): WebhookSummary {
  return row.attempts === undefined ? summary : { ...summary, attempts: row.attempts };
}

/**
 * Whether an updated row still belongs in a list filtered by `query` (unpinned under `pinned`). Only field terms
 * can be checked from a summary; with full-text terms the row stays (its body did not change, so neither did they).
 */
function stillMatches(summary: WebhookSummary, query: string): boolean {
  if (query === '') return true;
  const parsed = parseQuery(query);
  if (!parsed.ok || usesFullText(parsed.query)) return true;
  return compileQuery(parsed.query, Date.now())({ summary, contains: () => false });
}

/** The full record with a newer summary's fields; a field the summary lacks (unpinned) is dropped, not kept. */
function withSummary(webhook: CapturedWebhook, summary: WebhookSummary): CapturedWebhook {
  const next: CapturedWebhook = { ...webhook, ...summary, bodySha256: webhook.bodySha256 };
  if (summary.pinned === undefined) delete next.pinned;
  return next;
}

/**
 * Everything the inspector does around the list: marks, the chat timeline, diffs and their ignore paths, retries of
 * the opened webhook, pins, and which view is showing.
 */
export function createInspectorSlice({ client, set, get, internals }: SliceKit): InspectorSlice {
  // Only the latest request of each kind may land: clicking through webhooks leaves stale answers behind.
  let retriesRequest = 0;
  let chatRequest = 0;
  let diffRequest = 0;
  let ignoreLoaded = false;

  async function ensureDiffIgnore(): Promise<readonly string[]> {
    if (ignoreLoaded) return get().diffIgnore;
    try {
      const { paths } = await client.call('events.getDiffIgnore', {});
      ignoreLoaded = true;
      set({ diffIgnore: paths });
      return paths;
    } catch (err) {
      get().reportError('Reading diff ignore paths', err);
      return get().diffIgnore;
    }
  }

  async function openDiff(a: string, b: string): Promise<void> {
    const mine = ++diffRequest;
    set({ view: { kind: 'diff' }, diff: { status: 'loading', a, b }, inspectorNotice: undefined });
    const ignore = await ensureDiffIgnore();
    try {
      const [result, left, right] = await Promise.all([
        client.call('events.diff', { a, b, ignore: [...ignore] }),
        client.call('events.get', { id: a }),
        client.call('events.get', { id: b }),
      ]);
      if (mine === diffRequest) set({ diff: { status: 'loaded', a, b, result, left, right } });
    } catch (err) {
      if (mine === diffRequest) set({ diff: { status: 'failed', a, b, message: messageOf(err) } });
      get().reportError('Comparing webhooks', err);
    }
  }

  return {
    view: { kind: 'list' },
    marked: [],
    retries: { status: 'idle' },
    chat: undefined,
    diff: undefined,
    diffIgnore: [],
    shortcutsOpen: false,
    inspectorNotice: undefined,

    setInspectorNotice(message) {
      set({ inspectorNotice: message });
    },

    async loadRetries(id) {
      const mine = ++retriesRequest;
      set({ retries: { status: 'idle' } });
      try {
        const { attempts } = await client.call('events.retries', { id });
        if (mine === retriesRequest) set({ retries: { status: 'loaded', id, attempts } });
      } catch (err) {
        get().reportError('Reading retries', err);
      }
    },

    toggleMark(id) {
      set((s) => ({ marked: s.marked.includes(id) ? s.marked.filter((m) => m !== id) : [...s.marked, id] }));
    },
    clearMarks() {
      set({ marked: [] });
    },

    async openChat(chatId) {
      const mine = ++chatRequest;
      set({ view: { kind: 'chat', chatId }, chat: { status: 'loading', chatId } });
      try {
        const { items, truncated } = await client.call('events.chat', { chatId });
        if (mine === chatRequest) set({ chat: { status: 'loaded', chatId, items, truncated } });
      } catch (err) {
        if (mine === chatRequest) set({ chat: { status: 'failed', chatId, message: messageOf(err) } });
        get().reportError('Reading the chat timeline', err);
      }
    },

    openDiff,

    diffMarked() {
      const { marked, events } = get();
      if (marked.length < 2) return false;
      const pair = marked.slice(-2);
      const seqOf = (id: string): number => events.find((e) => e.id === id)?.seq ?? 0;
      // Older on the left, like "before → after".
      const [a, b] = seqOf(pair[0]!) <= seqOf(pair[1]!) ? pair : [pair[1]!, pair[0]!];
      void openDiff(a!, b!);
      return true;
    },

    async compareWithPrevious(id, by) {
      set({ inspectorNotice: undefined });
      try {
        const previous = await client.call('events.previous', { id, by });
        if (previous.id === null) {
          set({ inspectorNotice: by === 'chat' ? 'No earlier webhook in this chat.' : 'No earlier webhook with this action.' });
          return;
        }
        await openDiff(previous.id, id);
      } catch (err) {
        get().reportError('Finding the previous webhook', err);
      }
    },

    async setDiffIgnore(paths) {
      try {
        const saved = await client.call('events.setDiffIgnore', { paths: [...paths] });
        ignoreLoaded = true;
        set({ diffIgnore: saved.paths });
      } catch (err) {
        get().reportError('Saving diff ignore paths', err);
        return false;
      }
      const { diff, view } = get();
      if (view.kind === 'diff' && diff !== undefined) await openDiff(diff.a, diff.b);
      return true;
    },

    goBack() {
      const s = get();
      if (s.shortcutsOpen) set({ shortcutsOpen: false });
      else if (s.view.kind !== 'list') set({ view: { kind: 'list' } });
      else if (s.marked.length > 0) set({ marked: [] });
      else if (s.selectedId !== undefined) void s.select(undefined);
    },

    setShortcutsOpen(open) {
      set({ shortcutsOpen: open });
    },

    async pin(id, pinned) {
      try {
        const summary = await client.call('events.pin', { id, pinned });
        get().applyUpdated(summary);
        return true;
      } catch (err) {
        get().reportError(pinned ? 'Pinning webhook' : 'Unpinning webhook', err);
        return false;
      }
    },

    applyUpdated(summary) {
      set((s) => {
        const at = s.events.findIndex((e) => e.id === summary.id);
        const keep = at === -1 || stillMatches(summary, s.appliedQuery);
        const events =
          at === -1 ? s.events : keep ? s.events.map((e, i) => (i === at ? updatedRow(e, summary) : e)) : s.events.filter((_, i) => i !== at);
        if (!keep) internals.knownIds.delete(summary.id);
        const detail =
          s.detail.status === 'loaded' && s.detail.id === summary.id
            ? { ...s.detail, webhook: withSummary(s.detail.webhook, summary) }
            : s.detail;
        const chat =
          s.chat?.status === 'loaded'
            ? { ...s.chat, items: s.chat.items.map((item) => (item.summary.id === summary.id ? { ...item, summary } : item)) }
            : s.chat;
        return { events, detail, chat, matchingTotal: keep ? s.matchingTotal : Math.max(0, s.matchingTotal - 1) };
      });
    },
  };
}
