import type { PassThroughAnswer, WebhookAnswer } from '@shared/model/webhook';
import type { ReceiverAnswer } from '../receiver/receiver';
import type { RuleDecision } from '../rules/response-rules';
import type { DeliveryOutcome } from './types';

/**
 * What the receiver answers one webhook when it is not the usual 200: decided by a response rule or by a pass-through
 * target, recorded with the capture, then carried out by the receiver (status, delay, body, or a dropped connection).
 */
export interface AnswerPlan {
  status: number;
  delayMs: number;
  body?: string;
  contentType?: string;
  drop?: boolean;
  rule?: { id: string; name: string };
  passThrough?: PassThroughAnswer;
}

export function planFromRule(d: RuleDecision): AnswerPlan {
  const plan: AnswerPlan = { status: d.answer.status, delayMs: d.answer.delayMs, rule: d.rule };
  if (d.answer.drop === true) plan.drop = true;
  if (d.answer.body !== undefined) {
    plan.body = d.answer.body;
    plan.contentType = looksLikeJson(d.answer.body) ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
  }
  return plan;
}

/**
 * Pass-through: the sender hears what the target said. A target that did not answer within the policy's timeout is a
 * 504 (LiveChat would have timed out too); one that could not be reached, a 502.
 */
export function planFromPassThrough(outcome: DeliveryOutcome, targetId: string, timeoutMs: number): AnswerPlan {
  const a = outcome.attempts[0];
  const pass: PassThroughAnswer = { deliveryId: outcome.deliveryId, targetId, url: outcome.url, latencyMs: a?.latencyMs ?? 0 };
  if (a?.status !== undefined && !a.timedOut) {
    pass.status = a.status;
    const plan: AnswerPlan = { status: a.status, delayMs: 0, passThrough: pass };
    if (a.responseBody !== undefined) plan.body = a.responseBody;
    const ct = a.responseHeaders?.['content-type'];
    if (ct !== undefined) plan.contentType = ct;
    return plan;
  }
  if (a?.timedOut) {
    pass.error = `timeout after ${timeoutMs} ms`;
    return {
      status: 504,
      delayMs: 0,
      passThrough: pass,
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ error: 'gateway_timeout', message: `The target ${outcome.url} did not answer within ${timeoutMs} ms (LiveHook pass-through).` }),
    };
  }
  pass.error = a?.error ?? 'not sent';
  return {
    status: 502,
    delayMs: 0,
    passThrough: pass,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify({ error: 'bad_gateway', message: `The target ${outcome.url} could not be reached: ${pass.error} (LiveHook pass-through).` }),
  };
}

function looksLikeJson(text: string): boolean {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false; // plain text that happens to start with a brace: sent as text/plain
  }
}

/** The answer as recorded with the capture. */
export function recordedAnswer(status: number, plan: AnswerPlan): WebhookAnswer {
  const a: WebhookAnswer = { status, delayMs: plan.delayMs };
  if (plan.rule) a.rule = plan.rule;
  if (plan.drop === true) a.dropped = true;
  if (plan.passThrough) a.passThrough = plan.passThrough;
  return a;
}

/** What the receiver carries out. */
export function receiverAnswerOf(plan: AnswerPlan, status: number, id: string): ReceiverAnswer {
  const answer: ReceiverAnswer = { status, body: plan.body ?? { received: true, id } };
  if (plan.delayMs > 0) answer.delayMs = plan.delayMs;
  if (plan.drop === true) answer.drop = true;
  if (plan.body !== undefined && plan.contentType !== undefined) answer.contentType = plan.contentType;
  return answer;
}
