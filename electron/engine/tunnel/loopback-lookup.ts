import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';

/** `localhost` and every name under it (RFC 6761 §6.3): always loopback, whatever the system resolver says. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * A `lookup` for node:http that answers `*.localhost` itself. glibc does not resolve subdomains of localhost, and a
 * self-hosted or test localtunnel server hands out exactly such URLs (`http://abc.localhost:8080`). IPv4 only, so it
 * meets servers bound to 127.0.0.1 even where `localhost` is ::1 first.
 */
export const loopbackAwareLookup: LookupFunction = (hostname, options, callback) => {
  if (!isLocalhostName(hostname)) {
    dnsLookup(hostname, options, callback);
    return;
  }
  if (options.all) {
    const all: LookupAddress[] = [{ address: '127.0.0.1', family: 4 }];
    process.nextTick(() => callback(null, all));
  } else {
    process.nextTick(() => callback(null, '127.0.0.1', 4));
  }
};
