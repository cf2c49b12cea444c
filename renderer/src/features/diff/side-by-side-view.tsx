import { useCallback, useMemo } from 'react';
import type { SideBySide, SideLine } from '@shared/diff';
import { VirtualList } from '../../ui/virtual-list';

const LINE_HEIGHT = 18;

interface Row {
  index: number;
  left: SideLine;
  right: SideLine;
}

function Cell({ line, side }: { line: SideLine; side: 'left' | 'right' }) {
  if (line === null) return <span className={`diff-cell diff-cell-${side} diff-filler`} />;
  return (
    <span className={`diff-cell diff-cell-${side}${line.kind ? ` diff-${line.kind}` : ''}`} title={line.path || undefined}>
      {line.text}
    </span>
  );
}

/**
 * Both bodies pretty-printed, facing each other line by line, changed lines coloured. Virtualised: two 1 MiB bodies
 * are tens of thousands of lines, of which only the visible ones are in the DOM.
 */
export function SideBySideView({ lines }: { lines: SideBySide }) {
  const rows = useMemo<Row[]>(() => lines.left.map((left, index) => ({ index, left, right: lines.right[index] ?? null })), [lines]);
  const getKey = useCallback((row: Row) => String(row.index), []);
  const renderRow = useCallback(
    (row: Row) => (
      <div className="diff-row">
        <Cell line={row.left} side="left" />
        <Cell line={row.right} side="right" />
      </div>
    ),
    [],
  );
  return (
    <div className="side-by-side" role="group" aria-label="Side by side">
      <VirtualList items={rows} rowHeight={LINE_HEIGHT} getKey={getKey} renderRow={renderRow} className="diff-scroller" aria-label="Diff lines" />
    </div>
  );
}
