import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RECEIVER_TIMEOUTS } from '../../electron/engine/receiver/receiver';
import { startEngine, tempDir, type RunningEngine } from '../support/engine';
import { rawPost } from '../support/raw-http';

/**
 * Slowloris: clients that send their headers byte by byte, or a body that never ends, must be cut off by the receiver
 * while everyone else keeps being served. The engine runs with short timeouts so the test takes about a second; the
 * defaults are checked separately.
 */
let dir: Awaited<ReturnType<typeof tempDir>> | undefined;
let running: RunningEngine | undefined;
afterEach(async () => {
  await running?.stop();
  await dir?.remove();
});

interface SlowClient {
  /** Everything the server sent before it closed the socket. */
  closed: Promise<string>;
  stop(): void;
}

/** Opens a socket and writes `bytes` one byte every `everyMs`, never finishing on its own. */
function dribble(port: number, bytes: string, everyMs: number): SlowClient {
  const socket: Socket = connect({ host: '127.0.0.1', port });
  const received: Buffer[] = [];
  let i = 0;
  const timer = setInterval(() => {
    if (i < bytes.length && socket.writable) socket.write(bytes[i++]!);
  }, everyMs);
  socket.on('data', (c: Buffer) => received.push(c));
  socket.on('error', () => {
    // The server resetting the connection is one of the acceptable ways to cut a slow client off.
  });
  const closed = new Promise<string>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve(Buffer.concat(received).toString('latin1'));
    }),
  );
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

describe('slow senders', () => {
  it('the receiver has sane default timeouts (well under a minute for headers, above LiveChat’s 10 s for a request)', () => {
    expect(DEFAULT_RECEIVER_TIMEOUTS.headersMs).toBeGreaterThanOrEqual(5_000);
    expect(DEFAULT_RECEIVER_TIMEOUTS.headersMs).toBeLessThanOrEqual(30_000);
    expect(DEFAULT_RECEIVER_TIMEOUTS.requestMs).toBeGreaterThan(10_000);
    expect(DEFAULT_RECEIVER_TIMEOUTS.requestMs).toBeLessThanOrEqual(60_000);
    expect(DEFAULT_RECEIVER_TIMEOUTS.checkIntervalMs).toBeLessThanOrEqual(DEFAULT_RECEIVER_TIMEOUTS.headersMs / 2);
  });

  it('are cut off by the receiver while normal webhooks keep getting their 200', { timeout: 20_000 }, async () => {
    dir = await tempDir('livehook-slow-');
    running = await startEngine(dir.path, { receiver: { timeouts: { headersMs: 600, requestMs: 1_200, checkIntervalMs: 100 } } });
    const port = running.engine.receiverPort;
    const headers = `POST /livechat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nX-Padding: ${'p'.repeat(400)}\r\n\r\n`;
    const body = `POST /livechat HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"action":"incoming_chat","pad":"${'x'.repeat(960)}"}`;
    // 30 clients dribbling headers, 10 dribbling a body, and 10 that connect and say nothing at all.
    const slow = [
      ...Array.from({ length: 30 }, () => dribble(port, headers, 50)),
      ...Array.from({ length: 10 }, () => dribble(port, body, 20)),
      ...Array.from({ length: 10 }, () => dribble(port, '', 1_000)),
    ];
    try {
      // Meanwhile, normal webhooks are served.
      for (let i = 0; i < 10; i++) {
        const res = await rawPost(running.engine.receiverUrl, {
          headers: { 'content-type': 'application/json' },
          body: Buffer.from(JSON.stringify({ action: 'incoming_event', n: i })),
        });
        expect(res.status).toBe(200);
      }
      // Every slow client is closed by the server (the test's own timeout is the bound; no client closes itself).
      const answers = await Promise.all(slow.map((s) => s.closed));
      for (const a of answers) expect(a === '' || /^HTTP\/1\.1 (408|400)/.test(a)).toBe(true);
      expect(answers.some((a) => a.startsWith('HTTP/1.1 408'))).toBe(true);
    } finally {
      for (const s of slow) s.stop();
    }
    // Still serving, and none of the slow requests was recorded as a webhook (none ever completed).
    const res = await rawPost(running.engine.receiverUrl, { headers: { 'content-type': 'application/json' }, body: Buffer.from('{"action":"incoming_chat"}') });
    expect(res.status).toBe(200);
    const page = (await running.engine.dispatch('events.list', {})) as { ok: true; value: { total: number } };
    expect(page.value.total).toBe(11);
  });
});
