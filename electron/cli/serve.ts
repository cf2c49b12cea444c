import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ControlServer } from '../engine/control/control-server';
import { newControlToken } from '../engine/control/guard';
import { createEngine } from '../engine/engine';
import { createLogger } from '../engine/logger';
import { DEFAULT_BODY_LIMIT } from '../engine/receiver/receiver';
import { createFileSecretStore, createFileSettingsStore } from './file-stores';
import { defaultDataDir } from './paths';
import { publicUrlProblem, TunnelSubdomain, tunnelHostProblem, type TunnelSettings, type TunnelStatus, type TunnelUrlChange } from '@shared/api/domains/tunnel';
import type { LiveChatStatus } from '@shared/api/domains/livechat';
import { readTunnelSettings } from '../engine/tunnel/tunnel-settings';
import { openInBrowser } from './open-browser';
import { removeInstanceFile, writeInstanceFile } from './instance-file';
import { LISTEN_OPTIONS, parseListenOptions, startListening } from './commands/listen';
import { engineTransport } from './session';
import { parsePort, parsePositiveInt, UsageError } from './usage';

export interface ServeIo {
  out(line: string): void;
  err(line: string): void;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM). */
  untilStopped: Promise<string>;
}

/** The built renderer sits beside the built CLI (out/main/cli.js → out/renderer). */
function rendererDir(): string {
  return process.env.LIVEHOOK_RENDERER_DIR ?? resolve(import.meta.dirname, '../renderer');
}

/**
 * `livehook serve`, and `livehook listen` (= serve + forwarding to `--forward-to` for this run + one line per webhook:
 * time, action, ids, the target's status and latency).
 */
export async function serve(argv: string[], io: ServeIo, mode: 'serve' | 'listen' = 'serve'): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        'receiver-port': { type: 'string' },
        'body-limit': { type: 'string' },
        tunnel: { type: 'boolean', default: false },
        'no-tunnel': { type: 'boolean', default: false },
        'tunnel-host': { type: 'string' },
        subdomain: { type: 'string' },
        'public-url': { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        ...(mode === 'listen' ? LISTEN_OPTIONS : {}),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const listen = mode === 'listen' ? parseListenOptions(values as Record<string, unknown>) : undefined;
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  const port = parsePort(values.port, '--port');
  const receiverPort = parsePort(values['receiver-port'], '--receiver-port');
  const bodyLimitBytes = parsePositiveInt(values['body-limit'], '--body-limit', DEFAULT_BODY_LIMIT);
  const overrides = tunnelOverrides(values);
  if (values.tunnel && values['no-tunnel']) throw new UsageError('--tunnel and --no-tunnel cannot both be given');

  // Tunnel and LiveChat news goes to stdout as it happens: JSON lines for scripts, sentences for people. The ready line must come
  // first, so news from while the servers start is held until it is printed.
  let held: string[] | undefined = [];
  const say = (line: string) => (held ? held.push(line) : io.out(line));
  const logger = createLogger({ dataDir, stderr: values.verbose });
  const settings = createFileSettingsStore(dataDir);
  // --tunnel / --no-tunnel win; otherwise the saved "start tunnel on launch" setting (default on) decides.
  const autoStart = values.tunnel || (!values['no-tunnel'] && readTunnelSettings(settings, logger).startOnLaunch);
  const engine = createEngine({
    dataDir,
    logger,
    secrets: createFileSecretStore(dataDir),
    settings,
    receiver: { port: receiverPort, bodyLimitBytes },
    tunnel: { autoStart, overrides },
    openExternal: async (url) => {
      say(values.json ? JSON.stringify({ signInUrl: url }) : `  Sign in to LiveChat: open ${url}`);
      await openInBrowser(url);
    },
  });
  const token = newControlToken();
  const control = new ControlServer({ engine, token, port, staticDir: rendererDir(), logger: logger.child({ module: 'control' }) });

  engine.onPush((event, payload) => {
    if (event === 'tunnel.status') {
      const status = payload as TunnelStatus;
      say(values.json ? JSON.stringify({ tunnel: tunnelStateOnly(status) }) : describeTunnel(status));
    } else if (event === 'livechat.status') {
      const status = payload as LiveChatStatus;
      say(values.json ? JSON.stringify({ livechat: status }) : describeLiveChat(status));
    } else if (event === 'tunnel.urlChanged') {
      const change = payload as TunnelUrlChange;
      say(values.json ? JSON.stringify({ tunnelUrlChanged: change }) : `  Public URL changed: ${change.previousUrl} → ${change.url}`);
    }
  });

  try {
    await engine.start();
    await control.start();
  } catch (err) {
    io.err(`livehook: could not start: ${(err as Error).message}`);
    await control.stop();
    await engine.stop();
    logger.flush();
    return 1;
  }

  writeInstanceFile(dataDir, { pid: process.pid, controlUrl: control.url, token, receiverUrl: engine.receiverUrl });
  if (values.json) {
    io.out(JSON.stringify({ ready: true, receiverUrl: engine.receiverUrl, inspectorUrl: control.inspectorUrl, token, dataDir }));
  } else {
    io.out('LiveHook is running.');
    io.out(`  Webhook receiver:  ${engine.receiverUrl}  (POST to any path)`);
    io.out(`  Inspector:         ${control.inspectorUrl}`);
    io.out(`  Data dir:          ${dataDir}`);
    io.out('Open the inspector URL in your browser (it carries this run\'s access token). Ctrl-C stops.');
  }
  for (const line of held) io.out(line);
  held = undefined;

  let stopListening: (() => Promise<void>) | undefined;
  if (listen) {
    try {
      stopListening = await startListening(engineTransport(engine), listen, values.json, io);
    } catch (err) {
      io.err(`livehook: could not start forwarding: ${(err as Error).message}`);
      removeInstanceFile(dataDir);
      await control.stop();
      await engine.stop();
      logger.flush();
      return 1;
    }
  }

  const signal = await io.untilStopped;
  logger.info({ signal }, 'stopping');
  await stopListening?.();
  removeInstanceFile(dataDir);
  await control.stop();
  await engine.stop();
  logger.flush();
  if (!values.json) io.out('LiveHook stopped; history is saved.');
  return 0;
}

/** This run's tunnel options from the flags, each checked with the same rules as the settings. */
function tunnelOverrides(values: { 'tunnel-host'?: string; subdomain?: string; 'public-url'?: string }): Partial<TunnelSettings> {
  const overrides: Partial<TunnelSettings> = {};
  const host = values['tunnel-host'];
  if (host !== undefined) {
    const problem = tunnelHostProblem(host);
    if (problem) throw new UsageError(`--tunnel-host: ${problem}`);
    overrides.host = host;
  }
  if (values.subdomain !== undefined) {
    const parsed = TunnelSubdomain.safeParse(values.subdomain);
    if (!parsed.success) throw new UsageError(`--subdomain: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    overrides.subdomain = parsed.data;
  }
  const publicUrl = values['public-url'];
  if (publicUrl !== undefined) {
    const problem = publicUrlProblem(publicUrl);
    if (problem) throw new UsageError(`--public-url: ${problem}`);
    overrides.publicUrl = publicUrl;
  }
  return overrides;
}

/** The state fields only (the settings echo is noise on a terminal or in a log). */
function tunnelStateOnly(status: TunnelStatus): Record<string, unknown> {
  const { settings: _settings, ...rest } = status;
  return rest;
}

function describeTunnel(status: TunnelStatus): string {
  switch (status.state) {
    case 'online':
      return `  Public URL:        ${status.url}  (tunnel online)`;
    case 'connecting':
      return '  Tunnel:            connecting…';
    case 'reconnecting':
      return `  Tunnel:            down (${status.lastError}); retry ${status.attempt} in ${(status.nextRetryInMs / 1000).toFixed(1)} s`;
    case 'failed':
      return `  Tunnel:            failed: ${status.reason}`;
    case 'stopped':
      return '  Tunnel:            stopped';
  }
}

function describeLiveChat(status: LiveChatStatus): string {
  if (status.state === 'signedIn') {
    const who = status.account?.accountId ?? 'an account';
    return `  LiveChat:          signed in as ${who}${status.mode === 'sandbox' ? ' (sandbox)' : ''}`;
  }
  if (status.state === 'signingIn') return '  LiveChat:          signing in…';
  return status.lastError ? `  LiveChat:          signed out (${status.lastError.message})` : '  LiveChat:          signed out';
}
