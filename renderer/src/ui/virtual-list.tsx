import {
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type AriaAttributes,
  type KeyboardEventHandler,
  type ReactNode,
  type Ref,
} from 'react';

export interface VirtualListHandle {
  scrollToTop(): void;
  /** Scrolls the least needed to bring the row fully into view. */
  scrollToIndex(index: number): void;
  /** Shifts the view, e.g. to keep the same rows in place when rows were added above them. */
  scrollBy(deltaPx: number): void;
  readonly scrollTop: number;
  /** Rows that fit in the viewport (for PageUp/PageDown). */
  readonly visibleRows: number;
}

export interface VirtualListProps<T> extends Pick<AriaAttributes, 'aria-label' | 'aria-activedescendant' | 'aria-busy'> {
  items: readonly T[];
  /** Every row has exactly this height in px (the CSS must agree), which makes the window arithmetic O(1). */
  rowHeight: number;
  getKey(item: T): string;
  renderRow(item: T, index: number): ReactNode;
  /**
   * DOM id of the element each row renders for assistive technology (its `option`). Given, the list owns those
   * elements in row order (`aria-owns`), so a screen reader reads the rows top to bottom whichever slots hold them.
   */
  getRowId?(item: T): string;
  /** Rows rendered beyond each edge of the viewport, so fast scrolling does not show blank space. */
  overscan?: number;
  /** Used when the element reports no height (no layout yet, or a DOM without layout such as happy-dom). */
  defaultViewportHeight?: number;
  /** Called with each new scroll offset. */
  onScroll?(scrollTop: number): void;
  /** Called when the rendered window comes within `endThreshold` rows of the end. */
  onEndReached?(): void;
  endThreshold?: number;
  role?: 'listbox' | 'list' | 'grid';
  className?: string;
  tabIndex?: number;
  onKeyDown?: KeyboardEventHandler<HTMLDivElement>;
  ref?: Ref<VirtualListHandle>;
}

/**
 * A fixed-row-height virtual list: only the rows in view plus `overscan` on each side are in the DOM, whatever the
 * length of `items`, so 100,000 webhooks scroll as smoothly as 10. Row boxes are recycled: row `i` lives in slot
 * `i % slotCount`, so scrolling re-renders only the rows entering the window, mounts and unmounts nothing (no garbage
 * for the GC to pause a frame over) and never moves DOM. The DOM order of the rows is therefore their visual order
 * rotated by the scroll position; `getRowId` puts them back in row order for assistive technology (`aria-owns`),
 * each row states its position (`aria-posinset`) and the list is navigated through `aria-activedescendant`.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  getKey,
  renderRow,
  getRowId,
  overscan = 8,
  defaultViewportHeight = 600,
  onScroll,
  onEndReached,
  endThreshold = 20,
  role = 'list',
  className,
  tabIndex,
  onKeyDown,
  ref,
  ...aria
}: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  // The first row in view, not the pixel offset: scrolling within a row changes nothing that is rendered, so React
  // bails out of those updates instead of re-rendering the window on every scroll event.
  const [firstRow, setFirstRow] = useState(0);
  const [viewport, setViewport] = useState(defaultViewportHeight);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => setViewport(el.clientHeight > 0 ? el.clientHeight : defaultViewportHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [defaultViewportHeight]);

  const moveTo = useCallback((top: number) => {
    const el = scroller.current;
    if (!el) return;
    el.scrollTop = Math.max(0, top);
    // Render the new window now rather than on the scroll event, so there is no frame with the old rows.
    setFirstRow(Math.floor(el.scrollTop / rowHeight));
    onScroll?.(el.scrollTop);
  }, [onScroll, rowHeight]);

  useImperativeHandle(
    ref,
    () => ({
      scrollToTop: () => moveTo(0),
      scrollToIndex(index) {
        const el = scroller.current;
        if (!el) return;
        const top = index * rowHeight;
        if (top < el.scrollTop) moveTo(top);
        else if (top + rowHeight > el.scrollTop + viewport) moveTo(top + rowHeight - viewport);
      },
      scrollBy(delta) {
        const el = scroller.current;
        if (el) moveTo(el.scrollTop + delta);
      },
      get scrollTop() {
        return scroller.current?.scrollTop ?? 0;
      },
      get visibleRows() {
        return Math.max(1, Math.floor(viewport / rowHeight));
      },
    }),
    [moveTo, rowHeight, viewport],
  );

  const total = items.length;
  const maxTop = Math.max(0, total * rowHeight - viewport);
  const first = Math.min(firstRow, Math.floor(maxTop / rowHeight));
  const start = Math.max(0, first - overscan);
  // +1: the first row may be partly scrolled out, so one more shows at the bottom.
  const inView = Math.ceil(viewport / rowHeight) + 1;
  const end = Math.min(total, first + inView + overscan);
  // Every window of rows fits in this many slots, so `index % slotCount` never gives two rows of a window one slot.
  const slotCount = inView + 2 * overscan;

  useEffect(() => {
    if (onEndReached && total > 0 && end >= total - endThreshold) onEndReached();
  }, [end, total, endThreshold, onEndReached]);

  const focusList = useCallback(() => scroller.current?.focus({ preventScroll: true }), []);

  // The element last made for each slot, reused while the slot shows the same row: React then skips the slot
  // outright, so a scroll step renders only the rows that came into the window. Filling the cache during render is
  // idempotent (the same inputs make an equivalent element), so a render React throws away leaves nothing wrong.
  const cache = useRef<SlotCache<T>>({ slotCount: 0, rowHeight, renderRow, getKey, entries: [] });
  const c = cache.current;
  if (c.slotCount !== slotCount || c.rowHeight !== rowHeight || c.renderRow !== renderRow || c.getKey !== getKey) {
    cache.current = { slotCount, rowHeight, renderRow, getKey, entries: [] };
  }
  const entries = cache.current.entries;
  // Indexed by slot, not by row: the children keep one order whatever the scroll position, so React never moves a
  // row's DOM; a recycled slot only changes its content and its `top`. Empty slots stay null (React skips them).
  const slots: ReactNode[] = new Array<ReactNode>(slotCount).fill(null);
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    const slot = i % slotCount;
    let entry = entries[slot];
    if (entry === undefined || entry.item !== item || entry.index !== i) {
      entry = {
        item,
        index: i,
        element: (
          <Slot key={slot} itemKey={getKey(item)} top={i * rowHeight} height={rowHeight} onContentChanged={focusList}>
            {renderRow(item, i)}
          </Slot>
        ),
      };
      entries[slot] = entry;
    }
    slots[slot] = entry.element;
  }
  let owns: string | undefined;
  if (getRowId && end > start) {
    const ids = new Array<string>(end - start);
    for (let i = start; i < end; i++) ids[i - start] = getRowId(items[i]!);
    owns = ids.join(' ');
  }

  return (
    <div
      ref={scroller}
      className={`virtual-list${className ? ` ${className}` : ''}`}
      role={role}
      tabIndex={tabIndex}
      onKeyDown={onKeyDown}
      onScroll={(e) => {
        const next = e.currentTarget.scrollTop;
        setFirstRow(Math.floor(next / rowHeight));
        onScroll?.(next);
      }}
      aria-owns={owns}
      {...aria}
    >
      <div role="presentation" className="virtual-list-spacer" style={{ height: total * rowHeight }}>
        {slots}
      </div>
    </div>
  );
}

interface SlotCache<T> {
  slotCount: number;
  rowHeight: number;
  renderRow: VirtualListProps<T>['renderRow'];
  getKey: VirtualListProps<T>['getKey'];
  entries: ({ item: T; index: number; element: ReactNode } | undefined)[];
}

/**
 * One recycled row position: an absolutely placed, fully contained box. Moving it to another row changes its `top`
 * and its content, never the DOM order, so the browser re-lays out and repaints that row alone.
 */
function Slot({
  itemKey,
  top,
  height,
  onContentChanged,
  children,
}: {
  itemKey: string;
  top: number;
  height: number;
  /** Called when the slot took another row while focus was inside it (a clicked checkbox): focus must not stay on a control that now belongs to another row. */
  onContentChanged(): void;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const shown = useRef(itemKey);
  useLayoutEffect(() => {
    if (shown.current === itemKey) return;
    shown.current = itemKey;
    const el = box.current;
    if (el && el.contains(el.ownerDocument.activeElement)) onContentChanged();
  }, [itemKey, onContentChanged]);
  return (
    <div ref={box} role="presentation" className="virtual-list-row" style={{ top, height }}>
      {children}
    </div>
  );
}
