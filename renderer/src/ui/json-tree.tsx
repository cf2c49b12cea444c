import { useState, type ReactNode } from 'react';
import { copyText, stepPath } from '../lib/json-path';

/** Strings longer than this are cut until the user asks for all of them. */
const LONG_STRING = 240;
/** Children shown per container before a "show more" button; bodies can hold arrays of thousands. */
const CHILDREN_PAGE = 200;
/** Containers with more children than this start collapsed (except the root). */
const BIG_CONTAINER = 50;

type JsonContainer = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is JsonContainer {
  return typeof value === 'object' && value !== null;
}

/** Called with the text to copy and what it is ("value" / "path"); the caller owns the clipboard and its errors. */
export type CopyHandler = (text: string, what: 'value' | 'path') => void;

interface NodeContext {
  expandDepth: number;
  onCopy: CopyHandler | undefined;
}

/**
 * A collapsible tree of a parsed JSON value. Every key and value is rendered as a React text node: a payload is data
 * and can never become markup, whatever it contains. Children are only listed when their container is open, a page
 * at a time, so a body of tens of MiB costs what is on screen, not what is in memory.
 */
export function JsonTree({
  value,
  expandDepth = 8,
  label = 'JSON tree',
  onCopy,
}: {
  value: unknown;
  expandDepth?: number;
  label?: string;
  onCopy?: CopyHandler;
}) {
  return (
    <div className="json-tree" role="group" aria-label={label}>
      <JsonNode name={undefined} path="" value={value} depth={0} ctx={{ expandDepth, onCopy }} />
    </div>
  );
}

function NodeActions({ path, value, ctx }: { path: string; value: unknown; ctx: NodeContext }) {
  const { onCopy } = ctx;
  if (!onCopy) return null;
  const where = path === '' ? 'root' : path;
  return (
    <span className="json-actions">
      {/* Stringified on click only: the root of a huge body is never serialised just to be shown. */}
      {/* Named by their content, not aria-label: a key such as "action" must not make these answer to a label query. */}
      <button type="button" className="json-action" onClick={() => onCopy(copyText(value), 'value')}>
        <span aria-hidden="true">copy</span>
        <span className="visually-hidden">Copy value of {where}</span>
      </button>
      {path !== '' && (
        <button type="button" className="json-action" onClick={() => onCopy(path, 'path')}>
          <span aria-hidden="true">path</span>
          <span className="visually-hidden">Copy path {path}</span>
        </button>
      )}
    </span>
  );
}

function JsonNode({ name, path, value, depth, ctx }: { name: string | undefined; path: string; value: unknown; depth: number; ctx: NodeContext }) {
  const keyPart = name === undefined ? null : <span className="json-key">{name}: </span>;
  if (!isContainer(value)) {
    return (
      <div className="json-line">
        {keyPart}
        <JsonPrimitive value={value} />
        <NodeActions path={path} value={value} ctx={ctx} />
      </div>
    );
  }
  return <JsonBranch keyPart={keyPart} name={name} path={path} value={value} depth={depth} ctx={ctx} />;
}

function JsonBranch({
  keyPart,
  name,
  path,
  value,
  depth,
  ctx,
}: {
  keyPart: ReactNode;
  name: string | undefined;
  path: string;
  value: JsonContainer;
  depth: number;
  ctx: NodeContext;
}) {
  const isArray = Array.isArray(value);
  // Keys only (not entries): a closed container of 100,000 items costs one count, not 100,000 tuples.
  const keys = isArray ? undefined : Object.keys(value);
  const size = isArray ? value.length : keys!.length;
  // Webhook bodies are small and deep (payload.chat.thread.events[].text), so most of the tree starts open; big
  // containers below the root start closed so a huge body does not render thousands of nodes at once.
  const [open, setOpen] = useState(depth === 0 || (depth < ctx.expandDepth && size <= BIG_CONTAINER));
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const [openBracket, closeBracket] = isArray ? ['[', ']'] : ['{', '}'];
  const n = size.toLocaleString('en-US');
  const countText = isArray ? `${n} ${size === 1 ? 'item' : 'items'}` : `${n} ${size === 1 ? 'key' : 'keys'}`;

  if (size === 0) {
    return (
      <div className="json-line">
        {keyPart}
        <span className="json-punct">{openBracket + closeBracket}</span>
        <NodeActions path={path} value={value} ctx={ctx} />
      </div>
    );
  }

  const children: ReactNode[] = [];
  if (open) {
    const count = Math.min(shown, size);
    for (let i = 0; i < count; i++) {
      const key = isArray ? String(i) : keys![i]!;
      const child = isArray ? (value as unknown[])[i] : (value as Record<string, unknown>)[key];
      const childAt = stepPath(path, isArray ? i : key);
      children.push(<JsonNode key={key} name={key} path={childAt} value={child} depth={depth + 1} ctx={ctx} />);
    }
  }

  return (
    <div className="json-branch">
      <div className="json-line">
        <button
          type="button"
          className="json-toggle"
          aria-expanded={open}
          aria-label={`${open ? 'Collapse' : 'Expand'} ${name ?? 'root'}`}
          onClick={() => setOpen(!open)}
        >
          {open ? '▾' : '▸'}
        </button>
        {keyPart}
        <span className="json-punct">{openBracket}</span>
        {!open && (
          <>
            <span className="json-summary"> {countText} </span>
            <span className="json-punct">{closeBracket}</span>
          </>
        )}
        <NodeActions path={path} value={value} ctx={ctx} />
      </div>
      {open && (
        <>
          <div className="json-children">
            {children}
            {size > shown && (
              <button type="button" className="button button-link" onClick={() => setShown(shown + CHILDREN_PAGE)}>
                Show {Math.min(CHILDREN_PAGE, size - shown).toLocaleString('en-US')} more of {(size - shown).toLocaleString('en-US')}
              </button>
            )}
          </div>
          <div className="json-line">
            <span className="json-punct">{closeBracket}</span>
          </div>
        </>
      )}
    </div>
  );
}

function JsonPrimitive({ value }: { value: unknown }) {
  const [full, setFull] = useState(false);
  if (typeof value === 'string') {
    const long = value.length > LONG_STRING;
    const shownText = long && !full ? value.slice(0, LONG_STRING) : value;
    // JSON.stringify quotes and escapes (newlines, quotes, control characters) so the value reads as JSON.
    const quoted = JSON.stringify(shownText);
    return (
      <>
        <span className="json-string">{long && !full ? `${quoted.slice(0, -1)}…"` : quoted}</span>
        {long && (
          <button type="button" className="button button-link" onClick={() => setFull(!full)}>
            {full ? 'show less' : `show all ${value.length.toLocaleString('en-US')} chars`}
          </button>
        )}
      </>
    );
  }
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>;
  if (value === null) return <span className="json-null">null</span>;
  return <span className="json-other">{String(value)}</span>;
}
