import { useState, type ReactNode } from 'react';

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

function entriesOf(value: JsonContainer): Array<[string, unknown]> {
  return Array.isArray(value) ? value.map((v, i): [string, unknown] => [String(i), v]) : Object.entries(value);
}

/**
 * A collapsible tree of a parsed JSON value. Every key and value is rendered as a React text node: a payload is data
 * and can never become markup, whatever it contains.
 */
export function JsonTree({ value, expandDepth = 8, label = 'JSON tree' }: { value: unknown; expandDepth?: number; label?: string }) {
  return (
    <div className="json-tree" role="group" aria-label={label}>
      <JsonNode name={undefined} value={value} depth={0} expandDepth={expandDepth} />
    </div>
  );
}

function JsonNode({ name, value, depth, expandDepth }: { name: string | undefined; value: unknown; depth: number; expandDepth: number }) {
  const keyPart = name === undefined ? null : <span className="json-key">{name}: </span>;
  if (!isContainer(value)) {
    return (
      <div className="json-line">
        {keyPart}
        <JsonPrimitive value={value} />
      </div>
    );
  }
  return <JsonBranch keyPart={keyPart} name={name} value={value} depth={depth} expandDepth={expandDepth} />;
}

function JsonBranch({
  keyPart,
  name,
  value,
  depth,
  expandDepth,
}: {
  keyPart: ReactNode;
  name: string | undefined;
  value: JsonContainer;
  depth: number;
  expandDepth: number;
}) {
  const entries = entriesOf(value);
  const isArray = Array.isArray(value);
  // Webhook bodies are small and deep (payload.chat.thread.events[].text), so most of the tree starts open; big
  // containers below the root start closed so a huge body does not render thousands of nodes at once.
  const [open, setOpen] = useState(depth === 0 || (depth < expandDepth && entries.length <= BIG_CONTAINER));
  const [shown, setShown] = useState(CHILDREN_PAGE);
  const [openBracket, closeBracket] = isArray ? ['[', ']'] : ['{', '}'];
  const n = entries.length.toLocaleString('en-US');
  const countText = isArray ? `${n} ${entries.length === 1 ? 'item' : 'items'}` : `${n} ${entries.length === 1 ? 'key' : 'keys'}`;

  if (entries.length === 0) {
    return (
      <div className="json-line">
        {keyPart}
        <span className="json-punct">{openBracket + closeBracket}</span>
      </div>
    );
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
      </div>
      {open && (
        <>
          <div className="json-children">
            {entries.slice(0, shown).map(([k, v]) => (
              <JsonNode key={k} name={k} value={v} depth={depth + 1} expandDepth={expandDepth} />
            ))}
            {entries.length > shown && (
              <button type="button" className="button button-link" onClick={() => setShown(shown + CHILDREN_PAGE)}>
                Show {Math.min(CHILDREN_PAGE, entries.length - shown)} more of {entries.length - shown}
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
