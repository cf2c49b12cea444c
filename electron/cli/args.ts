import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { defaultDataDir } from './paths';
import { UsageError } from './usage';

type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | Array<string | boolean> | undefined>;

export function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function strings(values: Values, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** Every command takes these. */
const COMMON = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  verbose: { type: 'boolean', default: false },
} as const satisfies Options;

/** `parseArgs` with LiveHook's conventions: unknown flags and bad values are usage errors (exit 2). */
export function parseCommand<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    const parsed = parseArgs({ args: argv, options: { ...COMMON, ...options }, strict: true, allowPositionals });
    const values = parsed.values as Values;
    return {
      values,
      positionals: parsed.positionals,
      dataDir: resolve((values['data-dir'] as string | undefined) ?? defaultDataDir()),
      json: values.json === true,
      verbose: values.verbose === true,
    };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

export function parseCount(value: string | undefined, flag: string, fallback: number, max = 1_000_000): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0 || n > max) throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

export function parseUrl(value: string | undefined, flag: string): string {
  if (value === undefined) throw new UsageError(`${flag} URL is required`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${flag} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag} must be an http(s) URL, got "${value}"`);
  return url.toString();
}
