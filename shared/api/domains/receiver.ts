import { z } from 'zod';
import { method } from '../define';

export interface ReceiverInfo {
  /** Where webhooks are accepted locally (http://127.0.0.1:<port>). */
  localUrl: string;
  port: number;
  bodyLimitBytes: number;
  dataDir: string;
  /** Webhooks currently in history. */
  count: number;
  /** Lines the journal skipped when it read history back (torn or corrupt), since start. */
  journalWarnings: string[];
}

const empty = z.object({}).strict();

export const receiverMethods = {
  'receiver.info': method<typeof empty, ReceiverInfo>(empty),
};

export const receiverPushes = {};
