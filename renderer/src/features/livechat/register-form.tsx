import { useId, useMemo, useState, type FormEvent } from 'react';
import type { WebhookName, WebhookType } from '@shared/api/domains/livechat';
import { ACTION_GROUPS, catalogueEntry } from '@shared/livechat/catalogue';
import type { WebhooksRegistration } from '../../state/app-state';
import { useAppStore } from '../../state/store-context';

type AdditionalData = NonNullable<WebhooksRegistration['additionalData']>[number];
const ADDITIONAL_DATA: readonly AdditionalData[] = ['chat_properties', 'chat_presence_user_ids'];

interface Group {
  name: string;
  actions: WebhookName[];
}

/** list_webhook_names grouped as in the reference; actions the catalogue does not know come last. */
function groupNames(names: readonly WebhookName[]): Group[] {
  const byAction = new Map(names.map((n) => [n.action, n]));
  const placed = new Set<string>();
  const groups: Group[] = [];
  for (const [group, actions] of Object.entries(ACTION_GROUPS)) {
    const found = actions.flatMap((a) => {
      const n = byAction.get(a);
      return n === undefined ? [] : [n];
    });
    for (const n of found) placed.add(n.action);
    if (found.length > 0) groups.push({ name: group, actions: found });
  }
  const rest = names.filter((n) => !placed.has(n.action));
  if (rest.length > 0) groups.push({ name: 'Not in LiveHook’s catalogue', actions: rest });
  return groups;
}

/** The filters and additional data an action accepts: LiveChat's list, else the catalogue's. */
function offered(name: WebhookName): { filters: readonly string[]; data: readonly string[] } {
  const entry = catalogueEntry(name.action);
  return {
    filters: name.filters.length > 0 ? name.filters : (entry?.filters ?? []),
    data: name.additionalData.length > 0 ? name.additionalData : (entry?.additionalData ?? []),
  };
}

function ActionCheckbox({ name, checked, onChange }: { name: WebhookName; checked: boolean; onChange(checked: boolean): void }) {
  const id = useId();
  const entry = catalogueEntry(name.action);
  const { filters, data } = offered(name);
  const extras = [filters.length > 0 && `filters: ${filters.join(', ')}`, data.length > 0 && `additional data: ${data.join(', ')}`].filter(Boolean);
  return (
    <li className="livechat-action">
      <label className="livechat-action-label">
        <input type="checkbox" checked={checked} aria-describedby={id} onChange={(e) => onChange(e.target.checked)} />
        <span className="mono">{name.action}</span>
      </label>
      <span id={id} className="hint">
        {entry?.description ?? 'Not described in LiveHook’s catalogue.'}
        {extras.length > 0 && <span className="livechat-action-extras"> · {extras.join(' · ')}</span>}
      </span>
    </li>
  );
}

/** Register webhooks: actions from list_webhook_names, type, additional data and the common filters. */
export function RegisterForm() {
  const names = useAppStore((s) => s.webhookNames);
  const busy = useAppStore((s) => s.livechatBusy);
  const register = useAppStore((s) => s.registerWebhooks);
  const outcome = useAppStore((s) => s.webhookOutcome);
  const [chosen, setChosen] = useState<readonly string[]>([]);
  const [type, setType] = useState<WebhookType>('license');
  const [data, setData] = useState<readonly AdditionalData[]>([]);
  const [authorType, setAuthorType] = useState<'' | 'customer' | 'agent'>('');
  const [onlyMyChats, setOnlyMyChats] = useState(false);
  const groups = useMemo(() => groupNames(names ?? []), [names]);

  if (names === undefined) {
    return (
      <form className="livechat-register" aria-label="Register webhooks">
        <p className="muted">Reading LiveChat’s webhook actions…</p>
      </form>
    );
  }

  const byAction = new Map(names.map((n) => [n.action, n]));
  const accepts = (filter: string) =>
    chosen.some((a) => {
      const n = byAction.get(a);
      return n !== undefined && offered(n).filters.includes(filter);
    });
  const toggle = (action: string, on: boolean) => setChosen((c) => (on ? [...c, action] : c.filter((a) => a !== action)));

  async function submit(e: FormEvent<HTMLFormElement>): Promise<void> {
    e.preventDefault();
    if (chosen.length === 0) return;
    const params: WebhooksRegistration = { actions: [...chosen], type };
    if (data.length > 0) params.additionalData = [...data];
    const filters: NonNullable<WebhooksRegistration['filters']> = {};
    if (authorType !== '') filters.author_type = authorType;
    if (onlyMyChats) filters.only_my_chats = true;
    if (Object.keys(filters).length > 0) params.filters = filters;
    const result = await register(params);
    if (result !== undefined && result.failed.length === 0) setChosen([]);
  }

  return (
    <form className="livechat-register" aria-label="Register webhooks" onSubmit={(e) => void submit(e)} noValidate>
      <h3 className="livechat-subtitle">Register webhooks</h3>
      <div className="livechat-groups">
        {groups.map((g) => (
          <fieldset key={g.name} className="livechat-group">
            <legend>{g.name}</legend>
            <ul className="livechat-actions">
              {g.actions.map((n) => (
                <ActionCheckbox key={n.action} name={n} checked={chosen.includes(n.action)} onChange={(on) => toggle(n.action, on)} />
              ))}
            </ul>
          </fieldset>
        ))}
      </div>
      <fieldset className="livechat-options">
        <legend>Type</legend>
        <label className="livechat-inline">
          <input type="radio" name="webhook-type" checked={type === 'license'} onChange={() => setType('license')} /> license
        </label>
        <label className="livechat-inline">
          <input type="radio" name="webhook-type" checked={type === 'bot'} onChange={() => setType('bot')} /> bot
        </label>
      </fieldset>
      <fieldset className="livechat-options">
        <legend>Additional data</legend>
        {ADDITIONAL_DATA.map((d) => (
          <label key={d} className="livechat-inline">
            <input
              type="checkbox"
              checked={data.includes(d)}
              onChange={(e) => setData((c) => (e.target.checked ? [...c, d] : c.filter((x) => x !== d)))}
            />{' '}
            <span className="mono">{d}</span>
          </label>
        ))}
      </fieldset>
      {(accepts('author_type') || accepts('only_my_chats')) && (
        <fieldset className="livechat-options">
          <legend>Filters</legend>
          {accepts('author_type') && (
            <label className="livechat-inline">
              Author type{' '}
              <select value={authorType} onChange={(e) => setAuthorType(e.target.value as typeof authorType)}>
                <option value="">any</option>
                <option value="customer">customer</option>
                <option value="agent">agent</option>
              </select>
            </label>
          )}
          {accepts('only_my_chats') && (
            <label className="livechat-inline">
              <input type="checkbox" checked={onlyMyChats} onChange={(e) => setOnlyMyChats(e.target.checked)} /> Only my chats
            </label>
          )}
        </fieldset>
      )}
      <div className="livechat-register-actions">
        <button type="submit" className="button button-small" disabled={busy || chosen.length === 0}>
          Register
        </button>
        <span className="muted">{chosen.length === 0 ? 'Pick at least one action.' : `${chosen.length} chosen`}</span>
      </div>
      {outcome !== undefined && (
        <div className="livechat-outcome" role="status" aria-label="Webhook result">
          <p>{outcome.summary}</p>
          {outcome.failures.length > 0 && (
            <ul className="form-error" aria-label="Failures">
              {outcome.failures.map((f) => (
                <li key={f}>{f}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </form>
  );
}
