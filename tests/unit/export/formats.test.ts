import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  HOP_BY_HOP_HEADERS, curlCommand, exportFileName, harEnd, harEntry, harStart, ndjsonLine, parseImport, redactSecretKey,
  toBase64, utf8Decode, utf8Encode, validateHar,
} from '../../../shared/export';
import type { PortableWebhook } from '../../../shared/export';

const enc = (s: string): Uint8Array => utf8Encode(s);

const SAMPLES: PortableWebhook[] = [
  {
    id: '01JDXAMPLE0000000000000001',
    receivedAt: '2026-11-27T10:00:00.123Z',
    method: 'POST',
    path: '/hooks/livechat',
    query: 'x=1&y=a%20b',
    headers: { host: '127.0.0.1:4000', 'content-type': 'application/json', 'x-multi': ['1', '2'] },
    body: redactSecretKey(enc('{"action":"incoming_event","secret_key":"abc","payload":{"text":"héllo \'quoted\'"}}')),
    answerStatus: 200,
  },
  {
    id: '01JDXAMPLE0000000000000002',
    receivedAt: '2026-11-27T10:00:01.000Z',
    method: 'PUT',
    path: '/bin',
    query: '',
    headers: { 'content-type': 'application/octet-stream' },
    body: Uint8Array.from([0x00, 0xff, 0xfe, 0x27, 0x25, 0x5c, 0x0a, 0x80, 0x31]),
    answerStatus: 413,
  },
  { receivedAt: '2026-11-27T10:00:02.000Z', method: 'GET', path: '/ping', query: '', headers: {}, body: new Uint8Array(0) },
];

function har(items: PortableWebhook[]): string {
  return harStart({ name: 'LiveHook', version: '1.0.0' }) + items.map((w, i) => harEntry(w, i)).join('') + harEnd();
}

describe('HAR', () => {
  it('writes a document that passes validateHar, with the captured request and LiveHook answer', () => {
    const doc = JSON.parse(har(SAMPLES));
    expect(validateHar(doc)).toEqual([]);
    expect(doc.log.version).toBe('1.2');
    expect(doc.log.creator).toEqual({ name: 'LiveHook', version: '1.0.0' });
    const [first, binary, get] = doc.log.entries;
    expect(first.request.url).toBe('http://127.0.0.1:4000/hooks/livechat?x=1&y=a%20b');
    expect(first.request.queryString).toEqual([{ name: 'x', value: '1' }, { name: 'y', value: 'a b' }]);
    expect(first.request.headers).toContainEqual({ name: 'x-multi', value: '2' });
    expect(first.request.postData.mimeType).toBe('application/json');
    expect(first.request.postData.text).toContain('"secret_key":"[redacted]"');
    expect(first.request.postData.encoding).toBeUndefined();
    expect(first.response).toMatchObject({ status: 200, statusText: 'OK', content: { size: 2, mimeType: 'application/json', text: '{}' } });
    expect(first._livehook).toEqual({ id: '01JDXAMPLE0000000000000001' });
    expect(binary.request.postData).toMatchObject({ encoding: 'base64', text: toBase64(SAMPLES[1]!.body), _bodyBase64: toBase64(SAMPLES[1]!.body) });
    expect(binary.request.bodySize).toBe(9);
    expect(get.request.postData).toBeUndefined();
    expect(get._livehook).toBeUndefined();
  });

  it('round-trips byte-exact through parseImport (non-UTF-8 and redacted bodies included)', () => {
    const r = parseImport(har(SAMPLES));
    expect(r.format).toBe('har');
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual(SAMPLES);
  });

  it('also imports HAR written by other tools (postData.text, base64 encoding, relative url)', () => {
    const doc = {
      log: {
        version: '1.2',
        creator: { name: 'x', version: '1' },
        entries: [
          { startedDateTime: '2026-11-27T10:00:00+01:00', request: { method: 'POST', url: 'https://h.example/a/b?q=1#frag', headers: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }], postData: { mimeType: 'text/plain', text: 'hi' } }, response: { status: 0 } },
          { startedDateTime: '2026-11-27T10:00:00Z', request: { url: '/p', postData: { text: 'AP8=', encoding: 'base64' } } },
        ],
      },
    };
    const r = parseImport(JSON.stringify(doc, null, 2));
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual([
      { receivedAt: '2026-11-27T09:00:00.000Z', method: 'POST', path: '/a/b', query: 'q=1', headers: { A: ['1', '2'] }, body: enc('hi') },
      { receivedAt: '2026-11-27T10:00:00.000Z', method: 'POST', path: '/p', query: '', headers: {}, body: Uint8Array.from([0, 255]) },
    ]);
  });

  it('lists unreadable entries by number and keeps the rest', () => {
    const good = JSON.parse(har(SAMPLES.slice(0, 1))).log.entries[0];
    const text = JSON.stringify({ log: { entries: [good, { startedDateTime: 'soon', request: { url: '/' } }, 7, { startedDateTime: '2026-11-27T10:00:00Z', request: { url: '/', postData: { _bodyBase64: '!!' } } }] } });
    const r = parseImport(text, 'har');
    expect(r.items).toHaveLength(1);
    expect(r.errors).toEqual([
      'entry 2: startedDateTime is missing or not a date',
      'entry 3: not an object',
      expect.stringMatching(/^entry 4: postData._bodyBase64: invalid base64/),
    ]);
    expect(parseImport('{"log": 1}').errors).toEqual(['not a HAR file: no log.entries array']);
    expect(parseImport('{\n"log": {', 'har').errors[0]).toMatch(/^not a HAR file: the text is not JSON/);
  });

  it('validateHar names each structural violation', () => {
    const doc = JSON.parse(har(SAMPLES.slice(0, 1)));
    const e = doc.log.entries[0];
    delete e.request.httpVersion;
    e.request.headers.push({ name: 'x' });
    e.response.content = { size: '2' };
    e.timings.wait = -1;
    e.startedDateTime = '2026-11-27 10:00';
    delete doc.log.creator.version;
    expect(validateHar(doc)).toEqual([
      'log.creator.version: expected a string',
      'log.entries[0].startedDateTime: not an ISO 8601 date-time with a zone',
      'log.entries[0].request.httpVersion: expected a string',
      'log.entries[0].request.headers[4]: expected { name: string, value: string }',
      'log.entries[0].response.content.size: expected a number',
      'log.entries[0].response.content.mimeType: expected a string',
      'log.entries[0].timings.wait: must not be negative',
    ]);
    expect(validateHar([])).toEqual(['top level: expected an object']);
    expect(validateHar({ log: {} })).toEqual(['log.version: expected a string', 'log.creator: expected an object', 'log.entries: expected an array']);
  });
});

describe('NDJSON', () => {
  it('writes one line per webhook with the documented fields', () => {
    const line = ndjsonLine(SAMPLES[1]!);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    expect(JSON.parse(line)).toEqual({
      id: '01JDXAMPLE0000000000000002', receivedAt: '2026-11-27T10:00:01.000Z', method: 'PUT', path: '/bin', query: '',
      headers: { 'content-type': 'application/octet-stream' }, bodyBase64: 'AP/+JyVcCoAx', answerStatus: 413,
    });
  });

  it('round-trips byte-exact through parseImport', () => {
    const r = parseImport(SAMPLES.map(ndjsonLine).join(''));
    expect(r.format).toBe('ndjson');
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual(SAMPLES);
  });

  it('reads body as text or JSON value and the `livehook events --json` line shape', () => {
    const text = [
      '{"receivedAt":"2026-11-27T10:00:00Z","body":"plain"}',
      '',
      '{"receivedAt":"2026-11-27T10:00:00Z","path":"/x?a=1","body":{"k":[1,2]}}',
      '{"id":"I","seq":4,"receivedAt":"2026-11-27T10:00:00.000Z","source":"tunnel","method":"POST","path":"/h","query":"","headers":{"a":"b"},"action":"incoming_chat","answer":{"status":202,"delayMs":0},"status":202,"bodyBase64":"e30="}',
    ].join('\r\n');
    const r = parseImport(text);
    expect(r.errors).toEqual([]);
    expect(r.items).toEqual([
      { receivedAt: '2026-11-27T10:00:00.000Z', method: 'POST', path: '/', query: '', headers: {}, body: enc('plain') },
      { receivedAt: '2026-11-27T10:00:00.000Z', method: 'POST', path: '/x', query: 'a=1', headers: {}, body: enc('{"k":[1,2]}') },
      { id: 'I', receivedAt: '2026-11-27T10:00:00.000Z', method: 'POST', path: '/h', query: '', headers: { a: 'b' }, body: enc('{}'), answerStatus: 202 },
    ]);
  });

  it('lists unreadable lines with their line numbers and keeps the rest', () => {
    const text = [
      ndjsonLine(SAMPLES[0]!).trimEnd(),
      'not json',
      '[1,2]',
      '{"receivedAt":"nope"}',
      '',
      '{"receivedAt":"2026-11-27T10:00:00Z","bodyBase64":"@@@"}',
      '{"receivedAt":"2026-11-27T10:00:00Z","headers":{"a":1}}',
      ndjsonLine(SAMPLES[2]!).trimEnd(),
    ].join('\n');
    const r = parseImport(text);
    expect(r.items).toEqual([SAMPLES[0], SAMPLES[2]]);
    expect(r.errors).toEqual([
      expect.stringMatching(/^line 2: not JSON \(/),
      'line 3: not a JSON object',
      'line 4: receivedAt is missing or not a date',
      expect.stringMatching(/^line 6: bodyBase64: invalid base64: unexpected character "@" at offset 0/),
      'line 7: header "a" is not a string',
    ]);
  });
});

describe('cURL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'livehook-curl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the command in sh with a `curl` function that records its arguments and the body it would send. */
  function run(command: string): { args: string[]; body: Buffer } {
    const script = join(dir, 'run.sh');
    writeFileSync(
      script,
      `curl() {\n  : > "$OUT/args"\n  while [ $# -gt 0 ]; do\n    printf '%s\\n' "$1" >> "$OUT/args"\n    if [ "$1" = --data-binary ]; then\n      shift; printf '%s\\n' "$1" >> "$OUT/args"\n      if [ "$1" = @- ]; then cat > "$OUT/body"; else printf '%s' "$1" > "$OUT/body"; fi\n    fi\n    shift\n  done\n}\n${command}`,
    );
    rmSync(join(dir, 'body'), { force: true });
    execFileSync('sh', [script], { env: { PATH: process.env.PATH ?? '', OUT: dir } });
    let body = Buffer.alloc(0);
    try {
      body = readFileSync(join(dir, 'body'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return { args: readFileSync(join(dir, 'args'), 'utf8').trimEnd().split('\n'), body };
  }

  it('quotes a body with single quotes inline and sends exactly its bytes', () => {
    const cmd = curlCommand(SAMPLES[0]!, 'http://127.0.0.1:5000/');
    expect(cmd).toContain(`'\\''quoted'\\''`);
    expect(cmd.startsWith("curl -X 'POST' 'http://127.0.0.1:5000/hooks/livechat?x=1&y=a%20b'")).toBe(true);
    const { args, body } = run(cmd);
    expect(Buffer.compare(body, Buffer.from(SAMPLES[0]!.body))).toBe(0);
    expect(args).toContain('content-type: application/json');
    expect(args.filter((a) => a.startsWith('x-multi'))).toEqual(['x-multi: 1', 'x-multi: 2']);
    expect(args.some((a) => a.startsWith('host'))).toBe(false);
  });

  it('pipes a non-UTF-8 body through printf so the bytes are exact', () => {
    const cmd = curlCommand(SAMPLES[1]!, 'http://127.0.0.1:5000');
    expect(cmd.startsWith("printf '")).toBe(true);
    expect(cmd).toContain('--data-binary @-');
    const { body } = run(cmd);
    expect([...body]).toEqual([...SAMPLES[1]!.body]);
  });

  it('uses printf for bodies curl would misread inline and drops hop-by-hop headers', () => {
    const w: PortableWebhook = {
      receivedAt: '2026-11-27T10:00:00.000Z', method: 'POST', path: '/', query: '',
      headers: { Connection: 'keep-alive', 'Content-Length': '9', 'Transfer-Encoding': 'chunked', 'x-ok': "it's" },
      body: enc('@/etc/passwd'),
    };
    const cmd = curlCommand(w, 'http://127.0.0.1:1');
    const { args, body } = run(cmd);
    expect(body.toString()).toBe('@/etc/passwd');
    expect(args).toContain("x-ok: it's");
    expect(args).toContain('Content-Type:');
    expect(args.some((a) => /^(connection|content-length|transfer-encoding):/i.test(a))).toBe(false);
    expect(HOP_BY_HOP_HEADERS.has('transfer-encoding')).toBe(true);
    const dash = run(curlCommand({ ...w, body: enc('-n x %s \\t') }, 'http://127.0.0.1:1'));
    expect(dash.body.toString()).toBe('-n x %s \\t');
    // Not UTF-8, starts with "-" (an option to bash's printf), a control byte before a digit (octal must not eat it).
    const tricky = Uint8Array.from([0x2d, 0x6e, 0x20, 0xff, 0x07, 0x35, 0x00, 0x37, 0x25, 0x73]);
    const viaPrintf = curlCommand({ ...w, body: tricky }, 'http://127.0.0.1:1');
    expect(viaPrintf.startsWith("printf '\\055")).toBe(true);
    expect([...run(viaPrintf).body]).toEqual([...tricky]);
  });

  it('sends no body for an empty one', () => {
    const cmd = curlCommand(SAMPLES[2]!, 'http://127.0.0.1:5000');
    expect(cmd).toBe("curl -X 'GET' 'http://127.0.0.1:5000/ping'\n");
  });
});

describe('exportFileName', () => {
  it('uses the UTC time without colons and the format extension', () => {
    const d = new Date('2026-11-27T10:00:00.456Z');
    expect(exportFileName('har', d)).toBe('livehook-2026-11-27T10-00-00.har');
    expect(exportFileName('ndjson', d)).toBe('livehook-2026-11-27T10-00-00.ndjson');
    expect(exportFileName('curl', d)).toBe('livehook-2026-11-27T10-00-00.sh');
  });
});

describe('import format detection', () => {
  it('tells HAR from NDJSON and accepts a BOM', () => {
    expect(parseImport(`\ufeff${har(SAMPLES.slice(2))}`).format).toBe('har');
    expect(parseImport(JSON.stringify(JSON.parse(har(SAMPLES.slice(2))), null, 2)).items).toHaveLength(1);
    expect(parseImport(ndjsonLine(SAMPLES[2]!)).format).toBe('ndjson');
    expect(utf8Decode(parseImport(ndjsonLine(SAMPLES[0]!)).items[0]!.body)).toContain('[redacted]');
  });
});
