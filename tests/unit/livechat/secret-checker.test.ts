import { describe, expect, it } from 'vitest';
import { SecretChecker } from '../../../electron/engine/livechat/secret-checker';

describe('SecretChecker', () => {
  it('ok for the secret registered with that webhook id, mismatch for anything else', () => {
    const c = new SecretChecker();
    c.set('wh-1', 'right-secret');
    expect(c.check('wh-1', 'right-secret')).toBe('ok');
    expect(c.check('wh-1', 'wrong-secret')).toBe('mismatch');
    // Different lengths must not throw (timingSafeEqual would on raw buffers) nor match.
    expect(c.check('wh-1', '')).toBe('mismatch');
    expect(c.check('wh-1', 'right-secret-and-more')).toBe('mismatch');
  });

  it('unknown when the webhook is not ours or the body has no string secret_key', () => {
    const c = new SecretChecker();
    c.set('wh-1', 's');
    expect(c.check('someone-elses', 's')).toBe('unknown');
    expect(c.check(undefined, 's')).toBe('unknown');
    expect(c.check('wh-1', undefined)).toBe('unknown');
    expect(c.check('wh-1', 42)).toBe('unknown');
    expect(c.check('wh-1', null)).toBe('unknown');
  });

  it('forgets a secret, and a secret of one webhook does not pass for another', () => {
    const c = new SecretChecker();
    c.set('a', 'secret-a');
    c.set('b', 'secret-b');
    expect(c.check('b', 'secret-a')).toBe('mismatch');
    c.forget('a');
    expect(c.check('a', 'secret-a')).toBe('unknown');
    expect(c.knows('b')).toBe(true);
    expect(c.size).toBe(1);
  });
});
