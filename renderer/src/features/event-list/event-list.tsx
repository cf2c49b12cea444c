import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { WebhookSummary } from '@shared/model/webhook';
import { countNewerThan } from '../../state/event-order';
import { useAppStore, useAppStoreApi } from '../../state/store-context';
import { VirtualList, type VirtualListHandle } from '../../ui/virtual-list';
import { EventRow, ROW_HEIGHT, rowDomId } from './event-row';
import { JumpToLatest } from './jump-to-latest';

const getKey = (summary: WebhookSummary): string => summary.id;
const getRowId = (summary: WebhookSummary): string => rowDomId(summary.id);

/** The live list, newest first. Follows new webhooks while the user is at the top; holds still when they scroll. */
export function EventList({ defaultViewportHeight }: { defaultViewportHeight?: number }) {
  const events = useAppStore((s) => s.events);
  const epoch = useAppStore((s) => s.eventsEpoch);
  const selectedId = useAppStore((s) => s.selectedId);
  const marked = useAppStore((s) => s.marked);
  const toggleMark = useAppStore((s) => s.toggleMark);
  const pin = useAppStore((s) => s.pin);
  const select = useAppStore((s) => s.select);
  const selectRelative = useAppStore((s) => s.selectRelative);
  const selectEdge = useAppStore((s) => s.selectEdge);
  const loadOlder = useAppStore((s) => s.loadOlder);
  const loadingEvents = useAppStore((s) => s.loadingEvents);
  const store = useAppStoreApi();

  const list = useRef<VirtualListHandle>(null);
  const following = useRef(true);
  const previous = useRef<{ epoch: number; topSeq: number | undefined }>({ epoch, topSeq: events[0]?.seq });
  const [newCount, setNewCount] = useState(0);

  // Runs before paint, so rows added above a reader never visibly push the rows they are reading.
  useLayoutEffect(() => {
    const prev = previous.current;
    previous.current = { epoch, topSeq: events[0]?.seq };
    if (prev.epoch !== epoch) {
      // A new list (filter, clear): start at the top, following.
      following.current = true;
      setNewCount(0);
      list.current?.scrollToTop();
      return;
    }
    if (prev.topSeq === undefined || following.current) return;
    const added = countNewerThan(events, prev.topSeq);
    if (added === 0) return;
    list.current?.scrollBy(added * ROW_HEIGHT);
    setNewCount((n) => n + added);
  }, [events, epoch]);

  const onScroll = useCallback((top: number) => {
    const atTop = top < ROW_HEIGHT / 2;
    if (atTop === following.current) return;
    following.current = atTop;
    if (atTop) setNewCount(0);
  }, []);

  const jumpToLatest = useCallback(() => {
    following.current = true;
    setNewCount(0);
    list.current?.scrollToTop();
  }, []);

  // Keep the selected row in view when the selection changes (not when pushes shift its index).
  useEffect(() => {
    if (selectedId === undefined) return;
    const index = store.getState().events.findIndex((e) => e.id === selectedId);
    if (index !== -1) list.current?.scrollToIndex(index);
  }, [selectedId, store]);

  const onSelect = useCallback((id: string) => void select(id), [select]);
  const onEndReached = useCallback(() => void loadOlder(), [loadOlder]);
  const onPin = useCallback((id: string, pinned: boolean) => void pin(id, pinned), [pin]);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>): void {
    const page = Math.max(1, (list.current?.visibleRows ?? 1) - 1);
    const moves: Record<string, () => void> = {
      ArrowDown: () => selectRelative(1),
      ArrowUp: () => selectRelative(-1),
      PageDown: () => selectRelative(page),
      PageUp: () => selectRelative(-page),
      Home: () => selectEdge('first'),
      End: () => selectEdge('last'),
    };
    const move = moves[e.key];
    if (!move) return;
    e.preventDefault();
    move();
  }

  const total = events.length;
  const markedSet = useMemo(() => new Set(marked), [marked]);
  const renderRow = useCallback(
    (summary: WebhookSummary, index: number) => (
      <EventRow
        summary={summary}
        index={index}
        total={total}
        selected={summary.id === selectedId}
        marked={markedSet.has(summary.id)}
        onSelect={onSelect}
        onToggleMark={toggleMark}
        onPin={onPin}
      />
    ),
    [selectedId, onSelect, total, markedSet, toggleMark, onPin],
  );

  return (
    <div className="event-list">
      <div className="event-list-head" aria-hidden="true">
        <span className="col-mark" />
        <span className="col-time">Time</span>
        <span className="col-method">Method</span>
        <span className="col-action">Action</span>
        <span className="col-path">Path</span>
        <span className="col-chat">Chat</span>
        <span className="col-size">Size</span>
        <span className="col-status">Status</span>
      </div>
      <div className="event-list-body">
        <VirtualList
          ref={list}
          items={events}
          rowHeight={ROW_HEIGHT}
          getKey={getKey}
          renderRow={renderRow}
          getRowId={getRowId}
          defaultViewportHeight={defaultViewportHeight}
          onScroll={onScroll}
          onEndReached={onEndReached}
          role="listbox"
          aria-label="Webhooks"
          aria-busy={loadingEvents}
          aria-activedescendant={selectedId === undefined ? undefined : rowDomId(selectedId)}
          tabIndex={0}
          onKeyDown={onKeyDown}
          className="event-list-scroller"
        />
        {newCount > 0 && <JumpToLatest count={newCount} onJump={jumpToLatest} />}
      </div>
    </div>
  );
}
