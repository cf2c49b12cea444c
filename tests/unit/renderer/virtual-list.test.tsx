// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { createRef, type ReactElement, type Ref } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualList, type VirtualListHandle } from '../../../renderer/src/ui/virtual-list';

afterEach(cleanup);

const ROW = 20;
/** happy-dom has no layout: the list uses `defaultViewportHeight`, 10 rows here. */
const VIEWPORT = 200;
const OVERSCAN = 2;
/** Rows in view (+1 for a partly scrolled-out first row) and the overscan on both sides. */
const SLOTS = VIEWPORT / ROW + 1 + 2 * OVERSCAN;

interface Item {
  id: string;
  n: number;
}

const getKey = (item: Item): string => item.id;

function items(count: number): Item[] {
  return Array.from({ length: count }, (_, n) => ({ id: `id-${n}`, n }));
}

type RenderRow = (item: Item, index: number) => ReactElement;

/** The list under test, as the event list configures it (10 rows in view, overscan 2). */
function listElement(
  list: readonly Item[],
  renderRow: RenderRow,
  extra: { ref?: Ref<VirtualListHandle>; onEndReached?(): void; getRowId?(item: Item): string } = {},
) {
  return (
    <VirtualList
      ref={extra.ref}
      items={list}
      rowHeight={ROW}
      overscan={OVERSCAN}
      defaultViewportHeight={VIEWPORT}
      getKey={getKey}
      renderRow={renderRow}
      role="listbox"
      aria-label="Things"
      tabIndex={0}
      onEndReached={extra.onEndReached}
      getRowId={extra.getRowId}
    />
  );
}

function renderList(list: readonly Item[], extra: { onEndReached?(): void; getRowId?(item: Item): string } = {}) {
  const renderRow = vi.fn((item: Item, index: number) => (
    <div role="option" id={`opt-${item.id}`} aria-selected={false} aria-posinset={index + 1} data-n={item.n}>
      row {item.n} <button type="button">mark {item.n}</button>
    </div>
  ));
  const ref = createRef<VirtualListHandle>();
  const view = render(listElement(list, renderRow, { ref, ...extra }));
  return { renderRow, ref, view };
}

function listbox(): HTMLElement {
  return screen.getByRole('listbox', { name: 'Things' });
}

function shownRows(): number[] {
  return within(listbox())
    .getAllByRole('option')
    .map((el) => Number(el.getAttribute('data-n')))
    .sort((a, b) => a - b);
}

function rowElement(n: number): HTMLElement {
  return listbox().querySelector(`[data-n="${n}"]`)!;
}

function scrollTo(top: number): void {
  act(() => {
    listbox().scrollTop = top;
    fireEvent.scroll(listbox());
  });
}

describe('VirtualList', () => {
  it('puts only the rows in view plus the overscan in the DOM, each at its own offset', () => {
    renderList(items(10_000));
    // At the top there is nothing above to overscan.
    expect(shownRows()).toEqual(Array.from({ length: VIEWPORT / ROW + 1 + OVERSCAN }, (_, i) => i));
    const box = rowElement(7).parentElement!;
    expect(box.style.top).toBe(`${7 * ROW}px`);
    expect(box.style.height).toBe(`${ROW}px`);
    const spacer = box.parentElement!;
    expect(spacer.style.height).toBe(`${10_000 * ROW}px`);

    scrollTo(5000 * ROW + 7);
    expect(shownRows()).toEqual(Array.from({ length: SLOTS }, (_, i) => 5000 - OVERSCAN + i));
    expect(rowElement(5003).parentElement!.style.top).toBe(`${5003 * ROW}px`);
  });

  it('recycles row boxes on a scroll step: rows still in view keep their DOM and are not rendered again', () => {
    const { renderRow } = renderList(items(1000));
    scrollTo(100 * ROW);
    const kept = rowElement(104);
    const boxesBefore = [...rowElement(104).parentElement!.parentElement!.children];
    renderRow.mockClear();

    scrollTo(103 * ROW);
    // Three rows left at the top, three came in at the bottom: only those three were rendered.
    expect(renderRow.mock.calls.map(([, index]) => index).sort((a, b) => a - b)).toEqual([
      103 + VIEWPORT / ROW + 1 + OVERSCAN - 3,
      103 + VIEWPORT / ROW + 1 + OVERSCAN - 2,
      103 + VIEWPORT / ROW + 1 + OVERSCAN - 1,
    ]);
    expect(rowElement(104)).toBe(kept);
    // The same boxes in the same DOM order: nothing was mounted, unmounted or moved.
    const boxesAfter = [...rowElement(104).parentElement!.parentElement!.children];
    expect(boxesAfter).toHaveLength(boxesBefore.length);
    boxesAfter.forEach((box, i) => expect(box).toBe(boxesBefore[i]));
    // The box that held row 98 (scrolled out) now holds the row SLOTS further down, placed there.
    const reused = rowElement(98 + SLOTS).parentElement!;
    expect(boxesBefore).toContain(reused);
    expect(reused.style.top).toBe(`${(98 + SLOTS) * ROW}px`);
  });

  it('re-renders every row when the rows themselves change, and keeps the list order stable at the top', () => {
    const list = items(50);
    const { view, renderRow } = renderList(list);
    renderRow.mockClear();
    const newer = [{ id: 'new', n: -1 }, ...list];
    view.rerender(listElement(newer, renderRow));
    // Every row moved down one index, so every shown row was rendered again with its new position.
    expect(renderRow).toHaveBeenCalledTimes(VIEWPORT / ROW + 1 + OVERSCAN);
    const inDomOrder = within(listbox())
      .getAllByRole('option')
      .map((el) => Number(el.getAttribute('data-n')));
    expect(inDomOrder.slice(0, 3)).toEqual([-1, 0, 1]);
    expect(rowElement(-1).getAttribute('aria-posinset')).toBe('1');
  });

  it('gives focus back to the list when the row holding it is recycled for another row', () => {
    renderList(items(1000));
    const button = within(rowElement(1)).getByRole('button');
    button.focus();
    expect(document.activeElement).toBe(button);
    // Row 1's box is reused once row 1 leaves the window (with the overscan above it).
    scrollTo(50 * ROW);
    expect(button.textContent).not.toBe('mark 1');
    expect(document.activeElement).toBe(listbox());
  });

  it('keeps focus where it is while the row holding it stays in the window', () => {
    renderList(items(1000));
    scrollTo(10 * ROW);
    const button = within(rowElement(12)).getByRole('button');
    button.focus();
    scrollTo(11 * ROW);
    expect(document.activeElement).toBe(button);
    expect(button.textContent).toBe('mark 12');
  });

  it('scrolls the least needed to show a row, and reports the end of the rows', () => {
    const onEndReached = vi.fn();
    const { ref } = renderList(items(100), { onEndReached });
    expect(onEndReached).not.toHaveBeenCalled();
    act(() => ref.current!.scrollToIndex(40));
    // Row 40 is brought to the bottom edge of the viewport.
    expect(listbox().scrollTop).toBe(41 * ROW - VIEWPORT);
    expect(shownRows()).toContain(40);
    act(() => ref.current!.scrollToIndex(90));
    expect(onEndReached).toHaveBeenCalled();
    expect(listbox().scrollTop).toBe(91 * ROW - VIEWPORT);
    expect(shownRows()).toContain(90);
    act(() => ref.current!.scrollToTop());
    expect(listbox().scrollTop).toBe(0);
    expect(shownRows()[0]).toBe(0);
  });

  it('owns its rows in row order (aria-owns) when given their ids, whatever slots hold them', () => {
    renderList(items(1000), { getRowId: (item) => `opt-${item.id}` });
    scrollTo(103 * ROW);
    const domOrder = within(listbox())
      .getAllByRole('option')
      .map((el) => Number(el.getAttribute('data-n')));
    expect(domOrder).not.toEqual([...domOrder].sort((a, b) => a - b)); // recycled slots: rotated in the DOM
    const owned = listbox().getAttribute('aria-owns')!.split(' ');
    expect(owned).toEqual(Array.from({ length: SLOTS }, (_, i) => `opt-id-${103 - OVERSCAN + i}`));
    for (const id of owned) expect(document.getElementById(id)).not.toBeNull();
  });

  it('sets no aria-owns without row ids', () => {
    renderList(items(50));
    expect(listbox().hasAttribute('aria-owns')).toBe(false);
  });
});
