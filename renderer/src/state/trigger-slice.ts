import type { ParamsOf } from '@shared/api/contract';
import type { ScenarioInfo, SimulatorCatalogue, SimulatorGenerated, TriggerRecord } from '@shared/api/domains/simulator';
import type { SliceKit } from './slice-kit';

/** As many triggers as the engine keeps (and can repeat). */
export const TRIGGER_LIMIT = 20;

export interface TriggerSlice {
  triggerPanelOpen: boolean;
  /** Every action the simulator makes, grouped; undefined until the panel first opens. */
  simulatorCatalogue: SimulatorCatalogue | undefined;
  simulatorScenarios: readonly ScenarioInfo[] | undefined;
  /** This run's triggers, newest first, kept current by `simulator.trigger` pushes. */
  triggers: readonly TriggerRecord[];
  /** The trigger the panel shows the outcome of (the last one sent from it). */
  shownTriggerId: string | undefined;
  /** A send, run or save is on its way. */
  triggerBusy: boolean;
  /** Why the last panel call failed, in plain words, shown in the panel. */
  triggerError: string | undefined;
  toggleTriggerPanel(open?: boolean): void;
  /** Reads the catalogue, scenarios and recent triggers (on opening the panel). */
  loadSimulator(): Promise<void>;
  generateTriggerBody(params: ParamsOf<'simulator.generate'>): Promise<SimulatorGenerated | undefined>;
  sendTrigger(params: ParamsOf<'simulator.send'>): Promise<TriggerRecord | undefined>;
  runScenario(params: ParamsOf<'simulator.run'>): Promise<TriggerRecord | undefined>;
  repeatTrigger(id: string): Promise<TriggerRecord | undefined>;
  cancelTrigger(id: string): Promise<void>;
  /** Saves the marked rows as a scenario. */
  saveMarkedAsScenario(name: string): Promise<boolean>;
  /** Applies a `simulator.trigger` push (or an answer). */
  applyTrigger(record: TriggerRecord): void;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The Trigger panel's state: what the simulator offers and what was sent. Bodies being edited stay in the panel's own
 * component state; only what other parts of the app may show (recent triggers, their outcomes) lives here.
 */
export function createTriggerSlice({ client, set, get }: SliceKit): TriggerSlice {
  /** Runs one call with the busy flag up; its failure is shown in the panel. */
  async function command<T>(run: () => Promise<T>): Promise<T | undefined> {
    set({ triggerBusy: true, triggerError: undefined });
    try {
      return await run();
    } catch (err) {
      set({ triggerError: message(err) });
      return undefined;
    } finally {
      set({ triggerBusy: false });
    }
  }

  function shown(record: TriggerRecord | undefined): TriggerRecord | undefined {
    if (record !== undefined) {
      get().applyTrigger(record);
      set({ shownTriggerId: record.id });
    }
    return record;
  }

  return {
    triggerPanelOpen: false,
    simulatorCatalogue: undefined,
    simulatorScenarios: undefined,
    triggers: [],
    shownTriggerId: undefined,
    triggerBusy: false,
    triggerError: undefined,

    toggleTriggerPanel(open) {
      const next = open ?? !get().triggerPanelOpen;
      set({ triggerPanelOpen: next, ...(next ? {} : { triggerError: undefined }) });
      if (next) void get().loadSimulator();
    },

    async loadSimulator() {
      try {
        const [catalogue, scenarios, recent] = await Promise.all([
          client.call('simulator.actions', {}),
          client.call('simulator.scenarios', {}),
          client.call('simulator.recent', {}),
        ]);
        set({ simulatorCatalogue: catalogue, simulatorScenarios: scenarios });
        // Pushes may have arrived meanwhile: an answer never replaces a record it does not know is newer.
        for (const r of [...recent].reverse()) get().applyTrigger(r);
      } catch (err) {
        get().reportError('Reading the simulator’s actions', err);
      }
    },

    async generateTriggerBody(params) {
      try {
        set({ triggerError: undefined });
        return await client.call('simulator.generate', params);
      } catch (err) {
        set({ triggerError: message(err) });
        return undefined;
      }
    },

    async sendTrigger(params) {
      return shown(await command(() => client.call('simulator.send', params)));
    },

    async runScenario(params) {
      return shown(await command(() => client.call('simulator.run', params)));
    },

    async repeatTrigger(id) {
      return shown(await command(() => client.call('simulator.repeat', { id })));
    },

    async cancelTrigger(id) {
      try {
        await client.call('simulator.cancel', { id });
      } catch (err) {
        set({ triggerError: message(err) });
      }
    },

    async saveMarkedAsScenario(name) {
      const ids = [...get().marked];
      const saved = await command(() => client.call('simulator.saveScenario', { name, ids }));
      if (saved === undefined) return false;
      set((s) => ({ simulatorScenarios: [...(s.simulatorScenarios ?? []).filter((x) => x.name !== saved.name), saved] }));
      return true;
    },

    applyTrigger(record) {
      set((s) => {
        const known = s.triggers.find((t) => t.id === record.id);
        // A record only grows: an older snapshot (fewer items, not done) arriving late is dropped.
        if (known !== undefined && (known.done || known.items.length > record.items.length) && !record.done) return {};
        const others = s.triggers.filter((t) => t.id !== record.id);
        const triggers = known !== undefined ? s.triggers.map((t) => (t.id === record.id ? record : t)) : [record, ...others];
        return { triggers: triggers.slice(0, TRIGGER_LIMIT) };
      });
    },
  };
}
