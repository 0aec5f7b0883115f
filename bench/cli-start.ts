/**
 * How long a CLI command takes from the shell, beside `node -e ''` measured in the same run.
 *
 * On a fresh embedded folder it starts the server (which seeds the demo firm, as the first `npm start`
 * does), then times `--help` and `invoices list --period 2026-10` beside the running server (the
 * command goes through its socket), stops it and times `invoices list` again with the command opening
 * the folder itself. With DATABASE_URL set it adds `invoices list` on PostgreSQL (that database as it
 * is; the command migrates it if it is behind, as any command does). Targets run round-robin, so a
 * burst of other load on the machine spreads over all of them.
 *
 * Run: npx tsx bench/cli-start.ts [--runs 7]  (docs/performance.md has the latest figures)
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from '../test/durability/server-process.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = Number(values.runs);

interface Target {
  label: string;
  command: string[];
  env?: Record<string, string>;
}

const dir = await mkdtemp(path.join(tmpdir(), 'bc-cli-start-'));
const embedded = { BILLING_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' };
const cli = ['node', './bin/billing-copilot.js'];
const list = (env?: Record<string, string>): Target => ({
  label: 'billing-copilot invoices list --period 2026-10',
  command: [...cli, 'invoices', 'list', '--period', '2026-10'],
  ...(env ? { env } : {}),
});
const baseline: Target[] = [
  { label: "node -e ''", command: ['node', '-e', ''] },
  { label: "node --import tsx -e '' (tsx's own start)", command: ['node', '--import', 'tsx', '-e', ''] },
];

/** One run of a target: wall time from spawn to exit, in ms; throws when the command fails. */
function timeOnce(t: Target): number {
  const started = performance.now();
  const env = { ...process.env, ...t.env };
  if (t.env?.BILLING_DATA_DIR) delete env.DATABASE_URL; // embedded, even when this run also measures PostgreSQL
  const r = spawnSync(t.command[0]!, t.command.slice(1), { cwd: ROOT, env, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${t.command.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return ms;
}

/** Runs the targets round-robin RUNS times (after one untimed warm-up each) and prints a row per target. */
function measure(title: string, targets: Target[]): void {
  for (const t of targets) timeOnce(t);
  const times = targets.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++) targets.forEach((t, j) => times[j]!.push(timeOnce(t)));
  console.log(`\n${title} (${RUNS} runs each, ms)`);
  console.log(`${'target'.padEnd(58)} ${'median'.padStart(7)} ${'min'.padStart(6)} ${'max'.padStart(6)}`);
  targets.forEach((t, j) => {
    const s = times[j]!.sort((a, b) => a - b);
    const row = [s[Math.floor(s.length / 2)]!, s[0]!, s[s.length - 1]!].map((v, k) => v.toFixed(0).padStart(k ? 6 : 7));
    console.log(`${t.label.padEnd(58)} ${row.join(' ')}`);
  });
}

try {
  process.stderr.write('starting the server on a fresh folder (it seeds the demo firm)...\n');
  const server = await startServer({ BILLING_DATA_DIR: embedded.BILLING_DATA_DIR }, { timeoutMs: 300_000 });
  measure('Beside a running server (embedded; commands use its socket)', [
    ...baseline,
    { label: 'billing-copilot --help', command: [...cli, '--help'], env: embedded },
    {
      label: 'npx billing-copilot --help (npm adds its own start)',
      command: ['npx', 'billing-copilot', '--help'],
      env: embedded,
    },
    list(embedded),
  ]);
  await server.kill('SIGTERM');
  measure('No server (embedded; the command opens PGlite itself)', [...baseline, list(embedded)]);
  if (process.env.DATABASE_URL) {
    measure('PostgreSQL (DATABASE_URL)', [...baseline, list()]);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
