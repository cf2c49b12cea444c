import { describe, expect, it } from 'vitest';
import { clientProblem, networkProblem, seconds, TunnelProblem } from '../../../electron/engine/tunnel/tunnel-problem';

const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('tunnel problems in plain words', () => {
  it('names the code and where it happened', () => {
    expect(networkProblem(errno('ECONNREFUSED'), 'The tunnel server', 'localhost:1234')).toMatchObject({
      kind: 'refused',
      message: 'The tunnel server refused the connection (ECONNREFUSED at localhost:1234)',
    });
    expect(networkProblem(errno('ENOTFOUND'), 'The tunnel server', 'localtunnel.me:443').message).toBe(
      'The tunnel server could not be found: the name localtunnel.me does not resolve (ENOTFOUND)',
    );
    expect(networkProblem(errno('ECONNRESET'), 'The tunnel server', 'abc.localhost:80')).toMatchObject({ kind: 'reset' });
    expect(networkProblem(errno('EHOSTUNREACH'), 'Your public URL', 'x.example:443')).toMatchObject({ kind: 'unreachable' });
    expect(networkProblem(errno('CERT_HAS_EXPIRED'), 'Your public URL', 'x.example:443').message).toBe(
      'Your public URL presented a TLS certificate that was refused (CERT_HAS_EXPIRED at x.example:443)',
    );
    expect(networkProblem(new Error('socket hang up'), 'The tunnel server', 'a:1').message).toBe('The tunnel server failed: socket hang up');
  });

  it('keeps a problem that is already in words', () => {
    const p = new TunnelProblem('stale', 'The tunnel answered, but not for this LiveHook (stale tunnel)');
    expect(networkProblem(p, 'x', 'y')).toBe(p);
    expect(clientProblem(p)).toBe(p);
  });

  it('rewords the localtunnel client’s own refusal', () => {
    expect(clientProblem(new Error('connection refused: localhost:36597 (check your firewall settings)')).message).toBe(
      'The tunnel server refused the tunnel connection (ECONNREFUSED at localhost:36597)',
    );
  });

  it('says durations in seconds', () => {
    expect(seconds(5000)).toBe('5 s');
    expect(seconds(500)).toBe('0.5 s');
    expect(seconds(15_000)).toBe('15 s');
  });
});
