import {
  Fragment,
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
 * length of `items`, so 100,000 webhooks scroll as smoothly as 10.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  getKey,
  renderRow,
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
  const end = Math.min(total, first + Math.ceil(viewport / rowHeight) + 1 + overscan);

  useEffect(() => {
    if (onEndReached && total > 0 && end >= total - endThreshold) onEndReached();
  }, [end, total, endThreshold, onEndReached]);

  const rows: ReactNode[] = [];
  for (let i = start; i < end; i++) {
    const item = items[i]!;
    rows.push(<Fragment key={getKey(item)}>{renderRow(item, i)}</Fragment>);
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
      {...aria}
    >
      <div role="presentation" className="virtual-list-spacer" style={{ height: total * rowHeight }}>
        <div role="presentation" className="virtual-list-window" style={{ transform: `translateY(${start * rowHeight}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
