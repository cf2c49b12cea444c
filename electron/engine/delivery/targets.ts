import type { DeliveryTarget, ForwardingMode } from '@shared/api/domains/delivery';
import { AppError } from '@shared/api/errors';
import { newId } from '@shared/model/id';
import type { Logger, SettingsStore } from '../ports';

export const TARGETS_SETTING = 'delivery.targets';
export const FORWARDING_SETTING = 'delivery.forwarding';

export interface ForwardingSettings {
  enabled: boolean;
  mode: ForwardingMode;
}

/**
 * The developer's service URLs and the forwarding switch, kept in settings. Reads are from memory (every capture asks
 * `forwarding` and `matching`), writes go straight to the settings store.
 */
export class Targets {
  private targets: DeliveryTarget[];
  private forwardingSettings: ForwardingSettings;

  constructor(
    private readonly settings: SettingsStore,
    logger: Logger,
  ) {
    this.targets = readTargets(settings.get<unknown>(TARGETS_SETTING), logger);
    const f = settings.get<Partial<ForwardingSettings>>(FORWARDING_SETTING);
    this.forwardingSettings = {
      enabled: typeof f?.enabled === 'boolean' ? f.enabled : true,
      mode: f?.mode === 'pass-through' ? 'pass-through' : 'acknowledge',
    };
  }

  list(): DeliveryTarget[] {
    return this.targets.map((t) => ({ ...t, ...(t.actions ? { actions: [...t.actions] } : {}) }));
  }

  get(id: string): DeliveryTarget {
    const t = this.targets.find((x) => x.id === id);
    if (!t) throw new AppError('not_found', `No target with id ${id}: list them with targets.list.`);
    return t;
  }

  save(p: { id?: string | undefined; url: string; actions?: string[] | undefined; enabled?: boolean | undefined }): DeliveryTarget {
    const actions = p.actions?.filter((a) => a.trim() !== '').map((a) => a.trim());
    let target: DeliveryTarget;
    if (p.id === undefined) {
      target = { id: newId(Date.now()), url: p.url, enabled: p.enabled ?? true };
      if (actions && actions.length > 0) target.actions = actions;
      this.targets = [...this.targets, target];
    } else {
      const old = this.get(p.id);
      target = { id: old.id, url: p.url, enabled: p.enabled ?? old.enabled };
      const kept = actions ?? old.actions;
      if (kept && kept.length > 0) target.actions = kept;
      this.targets = this.targets.map((t) => (t.id === old.id ? target : t));
    }
    this.settings.set(TARGETS_SETTING, this.targets);
    return { ...target };
  }

  remove(id: string): boolean {
    const before = this.targets.length;
    this.targets = this.targets.filter((t) => t.id !== id);
    if (this.targets.length === before) return false;
    this.settings.set(TARGETS_SETTING, this.targets);
    return true;
  }

  get forwarding(): ForwardingSettings {
    return { ...this.forwardingSettings };
  }

  configure(change: Partial<ForwardingSettings>): ForwardingSettings {
    this.forwardingSettings = { ...this.forwardingSettings, ...change };
    this.settings.set(FORWARDING_SETTING, this.forwardingSettings);
    return this.forwarding;
  }

  /** True when a capture may have somewhere to go (the cheap check the receiver's path makes first). */
  get forwardingActive(): boolean {
    return this.forwardingSettings.enabled && this.targets.some((t) => t.enabled);
  }

  /** Enabled targets that take this action (a target without an action list takes every webhook). */
  matching(action: string | undefined): DeliveryTarget[] {
    return this.targets.filter((t) => t.enabled && (!t.actions || (action !== undefined && t.actions.includes(action))));
  }
}

/** Settings are an edge: keep only well-formed targets, and say what was dropped. */
function readTargets(raw: unknown, logger: Logger): DeliveryTarget[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    logger.warn({ raw }, 'saved delivery targets are not a list; ignored');
    return [];
  }
  const out: DeliveryTarget[] = [];
  for (const t of raw as unknown[]) {
    const o = t as Partial<DeliveryTarget> | null;
    if (o && typeof o.id === 'string' && typeof o.url === 'string' && /^https?:\/\//i.test(o.url)) {
      const target: DeliveryTarget = { id: o.id, url: o.url, enabled: o.enabled !== false };
      if (Array.isArray(o.actions) && o.actions.every((a) => typeof a === 'string') && o.actions.length > 0) target.actions = [...o.actions];
      out.push(target);
    } else {
      logger.warn({ target: t }, 'a saved delivery target is malformed; ignored');
    }
  }
  return out;
}
