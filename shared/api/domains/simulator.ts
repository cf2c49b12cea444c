import { z } from 'zod';
import type { SchemaFinding } from '../../model/webhook';
import { method, push } from '../define';
import type { SandboxDelivery } from './sandbox';

/**
 * The LiveChat event simulator: a realistic body for any action of the catalogue (deterministic from a seed), named
 * scenarios with LiveChat-like pacing, and three places to send them — LiveHook's own history (source `simulator`),
 * any URL under the delivery policy, or the sandbox LiveChat (which delivers to what is registered there).
 */

// ---------------------------------------------------------------------------------------------- shared pieces

/** Where simulated webhooks go. */
export const SimulatorDestination = z.discriminatedUnion('kind', [
  /** LiveHook's own history, as if received (response rules and forwarding apply). */
  z.object({ kind: z.literal('self') }).strict(),
  /** The developer's service, under the delivery policy (LiveChat's retries by default). */
  z.object({ kind: z.literal('url'), url: z.string().min(1).max(2000) }).strict(),
  /** The sandbox LiveChat, which delivers to every matching registration (sign in to the sandbox first). */
  z.object({ kind: z.literal('sandbox') }).strict(),
]);
export type SimulatorDestination = z.infer<typeof SimulatorDestination>;

/** Seeds are unsigned 32-bit integers. */
export const SimulatorSeed = z.number().int().min(0).max(0xffff_ffff);

/**
 * How a body is generated. With a `seed` the output is byte-identical every time: times then start at a date derived
 * from the seed unless `startAt` says otherwise. Without one a fresh seed is drawn (and returned) and times start now.
 */
const generation = {
  seed: SimulatorSeed.optional(),
  /** ISO time of the first event. */
  startAt: z.iso.datetime({ offset: true }).optional(),
  /** incoming_event / event_updated only: message, file, rich_message, filled_form, form, system_message, custom, system. */
  eventType: z.string().min(1).max(60).optional(),
  /** Fill `additional_data` as a registration asking for chat_properties and chat_presence_user_ids gets it. */
  additionalData: z.boolean().optional(),
  /** Overrides, `path=value` (`payload.chat.id=ABC1234567`); the value is JSON when it parses, else a string. */
  set: z.array(z.string().min(2).max(100_000)).max(50).optional(),
};

const ActionName = z.string().min(1).max(100);
const Id = z.string().min(1).max(64);

// ---------------------------------------------------------------------------------------------- catalogue

export interface SimulatorAction {
  action: string;
  status: 'current' | 'legacy' | 'app';
  description: string;
  /** API versions that send it ("3.2–3.7", "Developer Console"). */
  versions: string;
  /** For legacy names: what replaced it. */
  replacedBy?: string;
}

export interface SimulatorCatalogue {
  /** In the reference's order; each group's actions in order. */
  groups: Array<{ group: string; actions: SimulatorAction[] }>;
  /** Event types incoming_event and event_updated can carry. */
  eventTypes: string[];
}

export interface ScenarioInfo {
  name: string;
  title: string;
  description: string;
  builtIn: boolean;
  /** Number of webhooks it sends (built-ins: for the default options). */
  steps: number;
  /** From the first to the last webhook at real pace, ms. */
  durationMs: number;
}

// ---------------------------------------------------------------------------------------------- generate

export const SimulatorGenerateParams = z.object({ action: ActionName, ...generation }).strict();
export type SimulatorGenerateParams = z.infer<typeof SimulatorGenerateParams>;

export interface SimulatorGenerated {
  action: string;
  /** The seed used (drawn when none was given): pass it again to get the same body. */
  seed: number;
  startAt: string;
  /** The body as JSON text, indented, exactly what `simulator.send` would send for these params. */
  body: string;
  /** The catalogue check of the body (errors and warnings, as a capture would show them). */
  findings: SchemaFinding[];
  /** A human sentence about it, when the catalogue has one. */
  summary?: string;
}

// ---------------------------------------------------------------------------------------------- triggers

/** One webhook of a trigger and what became of it. */
export interface TriggerItem {
  index: number;
  action?: string;
  /** Wait before it at real pace (scenarios), ms. */
  delayMs?: number;
  /** `self`: the id it was captured under, and what LiveHook answered. */
  capturedId?: string;
  answerStatus?: number;
  /** `url`: the delivery's attempts. */
  deliveryId?: string;
  attempts?: number;
  lastStatus?: number;
  /** `sandbox`: each attempt of each registration it went to. */
  sandbox?: SandboxDelivery[];
  /** True once it reached its destination (captured, a 200, every sandbox registration got a 200). */
  delivered: boolean;
  /** One line: "captured", "delivered on attempt 2", "no webhook registered for incoming_chat in the sandbox". */
  verdict: string;
}

/** One send or scenario run, as the Trigger panel lists it; repeat it with `simulator.repeat`. */
export interface TriggerRecord {
  id: string;
  /** ISO time it started. */
  at: string;
  kind: 'send' | 'scenario';
  /** "incoming_event × 3", "Customer chat, start to close". */
  label: string;
  scenario?: string;
  destination: SimulatorDestination;
  seed?: number;
  /** Webhooks it will send in all. */
  total: number;
  /** In the order they were sent. */
  items: TriggerItem[];
  done: boolean;
  cancelled?: boolean;
  /** Why it stopped early. */
  error?: string;
}

export const SimulatorSendParams = z
  .object({
    /** Exact JSON text to send (an edited preview). Give either `body` or `action`. */
    body: z.string().min(2).max(10 * 1024 * 1024).optional(),
    /** Generate the body(ies) for this action. */
    action: ActionName.optional(),
    ...generation,
    destination: SimulatorDestination,
    /** How many webhooks: generated ones continue the same chat; a given body is sent that many times. */
    count: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type SimulatorSendParams = z.infer<typeof SimulatorSendParams>;

export const SimulatorRunParams = z
  .object({
    name: z.string().min(1).max(64),
    destination: SimulatorDestination,
    /** 1 = LiveChat's pace, 10 = ten times faster, 0 = no waiting at all. Default 1. */
    speed: z.number().min(0).max(10_000).optional(),
    seed: SimulatorSeed.optional(),
    startAt: generation.startAt,
    additionalData: z.boolean().optional(),
  })
  .strict();
export type SimulatorRunParams = z.infer<typeof SimulatorRunParams>;

export const SimulatorSaveScenarioParams = z
  .object({
    /** Lowercase letters, digits and dashes; not a built-in's name. Saving again under a name replaces it. */
    name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'use lowercase letters, digits and dashes'),
    title: z.string().min(1).max(120).optional(),
    description: z.string().max(500).optional(),
    /** Captured webhooks, sent back in the order they arrived, with their original spacing. */
    ids: z.array(Id).min(1).max(200),
  })
  .strict();

const empty = z.object({}).strict();
const ById = z.object({ id: Id }).strict();

export const simulatorMethods = {
  /** Every action the simulator makes, grouped as in the reference, and the event types. */
  'simulator.actions': method<typeof empty, SimulatorCatalogue>(empty),
  /** Built-in and saved scenarios. */
  'simulator.scenarios': method<typeof empty, ScenarioInfo[]>(empty),
  /** A body for preview (and editing) before sending. */
  'simulator.generate': method<typeof SimulatorGenerateParams, SimulatorGenerated>(SimulatorGenerateParams),
  /**
   * Sends a body or generated bodies. `self` answers once everything is captured; `url` and `sandbox` answer once
   * sending has started, and the record follows as `simulator.trigger` pushes until `done`.
   */
  'simulator.send': method<typeof SimulatorSendParams, TriggerRecord>(SimulatorSendParams),
  /** Starts a scenario; each step follows as a `simulator.trigger` push. */
  'simulator.run': method<typeof SimulatorRunParams, TriggerRecord>(SimulatorRunParams),
  /** Stops a running scenario or send (deliveries in flight are cancelled; what was sent stays sent). */
  'simulator.cancel': method<typeof ById, { cancelled: boolean }>(ById),
  /** Sends again exactly what a recent trigger sent (same bodies, same destination). */
  'simulator.repeat': method<typeof ById, TriggerRecord>(ById),
  /** Recent triggers of this run, newest first. */
  'simulator.recent': method<typeof empty, TriggerRecord[]>(empty),
  /** Saves a scenario made of captured webhooks (kept in settings). */
  'simulator.saveScenario': method<typeof SimulatorSaveScenarioParams, ScenarioInfo>(SimulatorSaveScenarioParams),
  'simulator.deleteScenario': method<z.ZodObject<{ name: z.ZodString }>, { deleted: boolean }>(z.object({ name: z.string().min(1).max(64) }).strict()),
};

export const simulatorPushes = {
  /** A trigger changed (a step sent, a delivery finished, done). Carries the whole record. */
  'simulator.trigger': push<TriggerRecord>(),
};
