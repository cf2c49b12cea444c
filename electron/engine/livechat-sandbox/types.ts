/** Types shared by the sandbox's parts and its public API (see `sandbox.ts`). */

export type Region = 'dal' | 'fra';

/** The one organization, account and OAuth client the sandbox simulates. */
export interface SandboxAccount {
  accountId: string;
  email: string;
  organizationId: string;
  region: Region;
  /** Personal Access Token of the account (reference §6), with the account's region prefix (`dal:…`). */
  pat: string;
  /**
   * A pre-made public ("JavaScript app") OAuth client of the organization. Its redirect whitelist holds
   * `http://localhost:5573/callback`, `http://127.0.0.1:5573/callback` and `livehook://callback` (`addRedirectUri` adds more).
   */
  clientId: string;
  /** The one bot owned by `clientId` (for `bot` webhooks and `chat_presence.my_bots`, reference §2.4, §2.6). */
  botId: string;
}

/** An error the sandbox is told to answer with (`failNext`). Configuration API form: `{error: {type, message, data}}`. */
export interface ForcedError {
  status: number;
  type: string;
  message: string;
  data?: unknown;
}

export interface TriggerInput {
  action: string;
  /** The action's payload; a generated one (the simulator's) when omitted. */
  payload?: unknown;
  /**
   * What LiveChat knows about the chat: `chat_properties` and `chat_presence_user_ids`. Used both for the
   * `additional_data` of registrations that asked for it and for the chat filters (§2.6, §2.7).
   */
  additional_data?: Record<string, unknown>;
  /** v3.6+ Configuration webhooks only (§2.3). */
  requester?: unknown;
  /** Defaults to the sandbox organization. */
  organization_id?: string;
  /** `filters.author_type` hint; inferred from `payload.event.author_id` when omitted (agent ids are emails). */
  author_type?: 'customer' | 'agent';
  /**
   * `filters.source_type` hint: the Client ID the event came from, `null` for the system. When omitted, the
   * requester's `client_id` if there is one, else the system.
   */
  source_client_id?: string | null;
}

/** One delivery attempt of one webhook. */
export interface DeliveryReport {
  /** Groups the attempts caused by one `trigger()` call. */
  triggerId: string;
  webhookId: string;
  url: string;
  action: string;
  /** 1 for the first try, 2… for retries. */
  attempt: number;
  /** Clock time the request started (epoch ms). */
  startedAt: number;
  latencyMs: number;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why the attempt failed (`HTTP 500`, `timeout after 10000 ms`, `ECONNREFUSED`…). */
  error?: string;
  /** Only an HTTP 200 is a success (§2.2). */
  ok: boolean;
  /** Another attempt is scheduled. */
  willRetry: boolean;
}
