import type { DiagnosticStatus, LiveChatMode, LiveChatStatus, RegisteredWebhook } from '@shared/api/domains/livechat';
import type { SandboxDelivery } from '@shared/api/domains/sandbox';
import type { SecretCheck } from '@shared/model/webhook';
import type { BadgeTone } from '../ui/badge';

/** The header's compact LiveChat state. */
export function livechatLabel(state: LiveChatStatus['state'] | undefined, mode: LiveChatMode | undefined): { text: string; tone: BadgeTone } {
  if (state === 'signingIn') return { text: 'Signing in…', tone: 'info' };
  if (state !== 'signedIn') return { text: 'Signed out', tone: 'neutral' };
  return mode === 'sandbox' ? { text: 'Sandbox', tone: 'info' } : { text: 'Signed in', tone: 'ok' };
}

export const SECRET_BADGES: Record<SecretCheck, { text: string; tone: BadgeTone }> = {
  ok: { text: 'secret ok', tone: 'ok' },
  mismatch: { text: 'secret mismatch', tone: 'error' },
  unknown: { text: 'secret unknown', tone: 'neutral' },
};

export const SECRET_SENTENCES: Record<SecretCheck, string> = {
  ok: 'matches the secret LiveHook registered',
  mismatch: 'does NOT match — this request may not come from LiveChat',
  unknown: 'not one of LiveHook’s registrations',
};

export const OWNER_WORDS: Record<RegisteredWebhook['owner'], string> = {
  'this-install': 'this LiveHook',
  'other-livehook': 'another LiveHook',
  other: 'not LiveHook',
};

export const DIAGNOSTIC_TONES: Record<DiagnosticStatus, BadgeTone> = {
  ok: 'ok',
  warn: 'warn',
  fail: 'error',
  skip: 'neutral',
};

/** "ok ✓", "retrying", "gave up". */
export function deliveryOutcome(d: SandboxDelivery): { text: string; tone: BadgeTone } {
  if (d.ok) return { text: 'ok ✓', tone: 'ok' };
  return d.willRetry ? { text: 'retrying', tone: 'warn' } : { text: 'gave up', tone: 'error' };
}
