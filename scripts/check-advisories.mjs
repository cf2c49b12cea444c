#!/usr/bin/env node
// Lists LiveHook's production dependencies (name@version, deduplicated) and asks the registry for advisories with
// `npm audit --omit=dev`. Where the registry refuses the audit endpoint (some mirrors answer 405), it says so and
// prints the list so the versions can be checked by hand: it never invents advisory data.
//
//   node scripts/check-advisories.mjs          # list + audit; exit 1 on a high or critical finding
//   node scripts/check-advisories.mjs --json   # the same as one JSON object
import { execFileSync, spawnSync } from 'node:child_process';

const json = process.argv.includes('--json');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function productionPackages() {
  // `npm ls` exits 1 on extraneous/invalid entries but still prints the tree; keep its output either way.
  const run = spawnSync(npm, ['ls', '--omit=dev', '--all', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`npm ls failed: ${run.stderr}`);
  const tree = JSON.parse(run.stdout);
  const seen = new Map();
  const walk = (deps) => {
    for (const [name, info] of Object.entries(deps ?? {})) {
      if (!info.version) continue;
      const key = `${name}@${info.version}`;
      if (seen.has(key)) continue;
      seen.set(key, { name, version: info.version, overridden: info.overridden === true });
      walk(info.dependencies);
    }
  };
  walk(tree.dependencies);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function audit() {
  const run = spawnSync(npm, ['audit', '--omit=dev', '--json'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    return { ran: false, reason: (run.stderr || run.stdout || `npm audit exited ${run.status}`).trim().split('\n').slice(-3).join(' ') };
  }
  // A refused endpoint still prints JSON on stdout, with `message` (npm 11) or `error` instead of `metadata`.
  if (!report.metadata) {
    const reason = [report.message, report.error?.code, report.error?.summary].filter(Boolean).join(' — ');
    return { ran: false, reason: reason || `npm audit exited ${run.status} without a report` };
  }
  const v = report.metadata?.vulnerabilities ?? {};
  return { ran: true, counts: v, highOrCritical: (v.high ?? 0) + (v.critical ?? 0) };
}

const packages = productionPackages();
const result = audit();
const npmVersion = execFileSync(npm, ['--version'], { encoding: 'utf8' }).trim();
if (json) {
  process.stdout.write(JSON.stringify({ node: process.version, npm: npmVersion, packages, audit: result }, null, 2) + '\n');
} else {
  process.stdout.write(`Production dependencies (${packages.length}, npm ls --omit=dev):\n`);
  for (const p of packages) process.stdout.write(`  ${p.name}@${p.version}${p.overridden ? '  (overridden)' : ''}\n`);
  if (result.ran) {
    process.stdout.write(`\nnpm audit --omit=dev: ${JSON.stringify(result.counts)}\n`);
  } else {
    process.stdout.write(`\nnpm audit --omit=dev could NOT run: ${result.reason}\nNo advisory check was done; check the versions above against the GitHub Advisory Database by hand.\n`);
  }
}
process.exitCode = result.ran && result.highOrCritical > 0 ? 1 : 0;
