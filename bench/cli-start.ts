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
 * Each command runs twice: from the bundle bin/billing-copilot.js builds of src/ (what users get), and
 * with BILLING_COPILOT_NO_BUNDLE=1 (the sources through tsx's loader, as before the bundle). Where
 * /usr/bin/time exists it also prints the CPU time (user + system) of each, which moves less than the
 * wall time when the machine is loaded.
 *
 * Run: npx tsx bench/cli-start.ts [--runs 7]  (docs/performance.md has the latest figures)
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
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

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const CPU_MARK = '@@cpu ';
const tsxToo = (t: Target): Target[] => [
  t,
  { ...t, label: `${t.label} (via tsx)`, env: { ...t.env, BILLING_COPILOT_NO_BUNDLE: '1' } },
];

/** One run of a target: wall time from spawn to exit and CPU time, in ms; throws when the command fails. */
function timeOnce(t: Target): { wall: number; cpu: number | null } {
  const started = performance.now();
  const env = { ...process.env, ...t.env };
  if (t.env?.BILLING_DATA_DIR) delete env.DATABASE_URL; // embedded, even when this run also measures PostgreSQL
  const [cmd, ...args] = TIME ? [TIME, '-f', `${CPU_MARK}%U %S`, ...t.command] : t.command;
  const r = spawnSync(cmd!, args, { cwd: ROOT, env, encoding: 'utf8' });
  const wall = performance.now() - started;
  if (r.status !== 0) throw new Error(`${t.command.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  const mark = r.stderr.lastIndexOf(CPU_MARK);
  const cpu =
    mark < 0
      ? null
      : r.stderr
          .slice(mark + CPU_MARK.length)
          .trim()
          .split(' ')
          .reduce((a, x) => a + Number(x) * 1000, 0);
  return { wall, cpu };
}

/** Runs the targets round-robin RUNS times (after one untimed warm-up each) and prints a row per target. */
function measure(title: string, targets: Target[]): void {
  for (const t of targets) timeOnce(t);
  const times = targets.map(() => [] as { wall: number; cpu: number | null }[]);
  for (let i = 0; i < RUNS; i++) targets.forEach((t, j) => times[j]!.push(timeOnce(t)));
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `\n${title} (${RUNS} runs each, ms; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')})`,
  );
  console.log(
    `${'target'.padEnd(62)} ${'median'.padStart(7)} ${'min'.padStart(6)} ${'max'.padStart(6)} ${'cpu'.padStart(6)}`,
  );
  targets.forEach((t, j) => {
    const walls = times[j]!.map((x) => x.wall).sort((a, b) => a - b);
    const cpus = times[j]!.flatMap((x) => (x.cpu === null ? [] : [x.cpu]));
    const row = [median(walls), walls[0]!, walls[walls.length - 1]!].map((v, k) => v.toFixed(0).padStart(k ? 6 : 7));
    console.log(`${t.label.padEnd(62)} ${row.join(' ')} ${(cpus.length ? median(cpus).toFixed(0) : '-').padStart(6)}`);
  });
}

try {
  process.stderr.write('starting the server on a fresh folder (it seeds the demo firm)...\n');
  const server = await startServer({ BILLING_DATA_DIR: embedded.BILLING_DATA_DIR }, { timeoutMs: 300_000 });
  measure('Beside a running server (embedded; commands use its socket)', [
    ...baseline,
    ...tsxToo({ label: 'billing-copilot --help', command: [...cli, '--help'], env: embedded }),
    {
      label: 'npx billing-copilot --help (npm adds its own start)',
      command: ['npx', 'billing-copilot', '--help'],
      env: embedded,
    },
    ...tsxToo(list(embedded)),
  ]);
  await server.kill('SIGTERM');
  measure('No server (embedded; the command opens PGlite itself)', [...baseline, ...tsxToo(list(embedded))]);
  if (process.env.DATABASE_URL) {
    measure('PostgreSQL (DATABASE_URL)', [...baseline, ...tsxToo(list())]);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
