import { describe, expect, it } from 'vitest';
import {
  fromBase64, redactHeaders, redactSecretKey, toBase64, tryUtf8Decode, utf8Decode, utf8Encode,
} from '../../../shared/export';

describe('base64', () => {
  it('matches Node for every tail length and all byte values', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (let n = 0; n <= 7; n++) {
      const bytes = all.subarray(250 - n, 250);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
    expect(toBase64(all)).toBe(Buffer.from(all).toString('base64'));
  });

  it('round-trips 10 MiB', () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) & 255;
    const text = toBase64(big);
    expect(text).toBe(Buffer.from(big).toString('base64'));
    expect(Buffer.from(fromBase64(text)).equals(Buffer.from(big))).toBe(true);
  });

  it('accepts missing padding and URL-safe input, refuses junk with its offset', () => {
    expect(utf8Decode(fromBase64('aGk'))).toBe('hi');
    expect(fromBase64('-_8')).toEqual(Uint8Array.from([0xfb, 0xff]));
    expect(() => fromBase64('aGk*')).toThrow(/invalid base64: unexpected character "\*" at offset 3/);
    expect(() => fromBase64('a')).toThrow(/truncated/);
    expect(() => fromBase64('aGk===')).toThrow(/padding/);
  });
});

describe('utf8', () => {
  it('keeps a BOM and tells valid from invalid UTF-8', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]);
    expect(utf8Encode(tryUtf8Decode(bom)!)).toEqual(bom);
    expect(tryUtf8Decode(Uint8Array.from([0xff, 0x41]))).toBeUndefined();
    expect(utf8Decode(Uint8Array.from([0xff, 0x41]))).toBe('\ufffdA');
  });
});

describe('redactSecretKey', () => {
  const enc = (s: string): Uint8Array => utf8Encode(s);
  const dec = (b: Uint8Array): string => utf8Decode(b);

  it('replaces every secret_key string value and leaves every other byte as it was', () => {
    const body = '{ "webhook_id":"w",\n  "secret_key" :  "s3cr3t\\"x",\t"payload": {"secret_key":"inner", "n": 1.50e2, "t":"é \\u00e9"},"list":[{"secret_key":""}] }';
    const out = dec(redactSecretKey(enc(body)));
    expect(out).toBe(
      '{ "webhook_id":"w",\n  "secret_key" :  "[redacted]",\t"payload": {"secret_key":"[redacted]", "n": 1.50e2, "t":"é \\u00e9"},"list":[{"secret_key":"[redacted]"}] }',
    );
  });

  it('ignores secret_key inside string values, non-string values and escaped look-alikes it should catch', () => {
    const body = '{"text":"\\"secret_key\\": \\"x\\"","secret_key":null,"secret\\u005fkey":"y"}';
    expect(dec(redactSecretKey(enc(body)))).toBe('{"text":"\\"secret_key\\": \\"x\\"","secret_key":null,"secret\\u005fkey":"[redacted]"}');
  });

  it('returns non-JSON and JSON without secret_key unchanged (same bytes)', () => {
    for (const s of ['secret_key: "x"', '{"secret_key":"x"', '{"a":"secret"}']) {
      const b = enc(s);
      expect(redactSecretKey(b)).toBe(b);
    }
    const binary = Uint8Array.from([0x7b, 0xff, 0x22]);
    expect(redactSecretKey(binary)).toBe(binary);
  });
});

describe('redactHeaders', () => {
  it('replaces credential headers in any case and keeps the others', () => {
    expect(redactHeaders({ Authorization: 'Bearer x', cookie: ['a=1', 'b=2'], 'X-API-Key': 'k', 'content-type': 'application/json' })).toEqual({
      Authorization: '[redacted]',
      cookie: ['[redacted]', '[redacted]'],
      'X-API-Key': '[redacted]',
      'content-type': 'application/json',
    });
  });
});
