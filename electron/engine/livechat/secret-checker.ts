import { createHash, timingSafeEqual } from 'node:crypto';
import type { SecretCheck } from '@shared/model/webhook';

/**
 * Checks a delivery's `secret_key` against the secret LiveHook registered for its `webhook_id` (reference §2.1: the
 * secret travels in the body; there is no HMAC). Runs on the main thread for every analysed webhook, so it is
 * synchronous and touches only memory: secrets are loaded from the SecretStore at start and added here as webhooks are registered.
 *
 * Digests, not the secrets, are kept: both sides are SHA-256'd before `timingSafeEqual`, which makes the compare
 * constant-time whatever the lengths (timingSafeEqual itself throws on unequal lengths, which would leak the length).
 */
export class SecretChecker {
  private readonly digests = new Map<string, Buffer>();

  check(webhookId: string | undefined, secretKey: unknown): SecretCheck {
    if (webhookId === undefined || typeof secretKey !== 'string') return 'unknown';
    const expected = this.digests.get(webhookId);
    if (!expected) return 'unknown';
    return timingSafeEqual(digest(secretKey), expected) ? 'ok' : 'mismatch';
  }

  /** Whether LiveHook holds the secret for this webhook (its deliveries get a real check). */
  knows(webhookId: string): boolean {
    return this.digests.has(webhookId);
  }

  set(webhookId: string, secret: string): void {
    this.digests.set(webhookId, digest(secret));
  }

  forget(webhookId: string): void {
    this.digests.delete(webhookId);
  }

  get size(): number {
    return this.digests.size;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
