import { childPath, indexPath } from '@shared/livechat/catalogue/json-path';

/**
 * One step down a JSON path in the catalogue's notation (`payload.chat.thread.events[0].text`, non-identifier keys
 * quoted: `headers["x-id"]`): the notation of schema findings, the diff and its ignore paths, so a copied path can be
 * pasted into any of them.
 */
export function stepPath(parent: string, key: string | number): string {
  return typeof key === 'number' ? indexPath(parent, key) : childPath(parent, key);
}

/** What "Copy value" puts on the clipboard: strings as they are, anything else as (pretty) JSON. */
export function copyText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}
