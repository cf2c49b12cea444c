// A webhook sender for the crash-durability test, run as its own process (`node --import tsx crash-load.ts …`) so
// that killing the engine cannot take the record of what was acknowledged with it.
//
//   argv: <receiverUrl> <ackFile> <ratePerSecond>
//
// Every request that got a 200 with `{received:true,id}` is appended to <ackFile> as `<id> <sha256 of body>\n` with a
// synchronous write *before* the next ack is handled, so the file is exactly the set of acknowledged webhooks. On
// SIGTERM it prints one JSON line of counters to stdout and exits.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { Agent, request } from 'node:http';

const [receiverUrl, ackFile, rateArg] = process.argv.slice(2);
if (!receiverUrl || !ackFile) {
  process.stderr.write('usage: crash-load.ts <receiverUrl> <ackFile> [ratePerSecond]\n');
  process.exit(2);
}
const rate = Number(rateArg ?? 500);
const target = new URL('/livechat/crash-test', receiverUrl);
const agent = new Agent({ keepAlive: true, maxSockets: 32 });
const fd = openSync(ackFile, 'a');
const stats = { sent: 0, acked: 0, non200: 0, errors: 0, skipped: 0 };
let counter = 0;
let inFlight = 0;

function sendOne(): void {
  const n = ++counter;
  // Unique bytes per request: a counter and random bytes, inside a LiveChat-shaped envelope.
  const body = Buffer.from(
    JSON.stringify({ action: 'incoming_event', webhook_id: `crash-${n}`, payload: { n, noise: randomBytes(24).toString('hex') } }),
  );
  const sha = createHash('sha256').update(body).digest('hex');
  inFlight++;
  stats.sent++;
  const req = request(
    target,
    { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
    (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        inFlight--;
        if (res.statusCode !== 200) {
          stats.non200++;
          return;
        }
        const ack = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { received?: boolean; id?: string };
        if (ack.received !== true || typeof ack.id !== 'string') {
          stats.non200++;
          return;
        }
        writeSync(fd, `${ack.id} ${sha}\n`);
        stats.acked++;
      });
      res.on('error', () => {
        inFlight--;
        stats.errors++;
      });
    },
  );
  req.on('error', () => {
    // The engine was killed mid-request: no ack, nothing to record.
    inFlight--;
    stats.errors++;
  });
  req.end(body);
}

const tickMs = 10;
let owed = 0;
const timer = setInterval(() => {
  owed += (rate * tickMs) / 1000;
  while (owed >= 1) {
    owed--;
    // A dead engine must not make the sender pile up sockets without bound.
    if (inFlight > 256) stats.skipped++;
    else sendOne();
  }
}, tickMs);

process.on('SIGTERM', () => {
  clearInterval(timer);
  closeSync(fd);
  process.stdout.write(JSON.stringify(stats) + '\n', () => process.exit(0));
});
process.stdout.write('{"loading":true}\n');
