/**
 * Times the CLI's audited writes on a fresh embedded folder: import contracts, `import time-entries`
 * of N (default 100,000) approved rows as a project manager, `billing run`, `audit verify`.
 * Run: npx tsx bench/cli-audited-writes.ts (docs/audit.md has the latest figures).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../src/cli/index.ts';
const dir = await mkdtemp(path.join(tmpdir(), 'bc-100k-'));
// Embedded only: a fresh data folder, so the figures never depend on (or write into) another database.
const env: Record<string, string> = { BILLING_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
let out = '';
const io = { stdout: (s: string) => void (out += s), stderr: (s: string) => void (out += s), isTty: false };
const bundle = {
  legalEntities: [{ code: 'K-US', name: 'K Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'K-' }],
  clients: [{ code: 'KC', legalEntity: 'K-US', name: 'KC', country: 'US' }],
  people: Array.from({ length: 50 }, (_, i) => ({
    code: `P${i}`,
    name: `P ${i}`,
    role: 'Consultant',
    legalEntity: 'K-US',
  })),
  contracts: Array.from({ length: 20 }, (_, i) => ({
    code: `K-${i}`,
    client: 'KC',
    name: `K ${i}`,
    models: ['time_and_materials'],
    currency: 'USD',
    startDate: '2026-01-01',
    taxJurisdiction: 'US',
    rateCard: [{ role: 'Consultant', rate: '100.00', effectiveFrom: '2026-01-01' }],
    projects: [{ code: `K-${i}-P`, name: `KP ${i}` }],
  })),
};
await writeFile(path.join(dir, 'b.json'), JSON.stringify(bundle));
console.log(await runCli(['import', 'contracts', path.join(dir, 'b.json')], io, env), out);
out = '';
await runCli(
  ['users', 'add', '--email', 'pm@k.example', '--name', 'PM', '--roles', 'project_manager,billing_clerk'],
  io,
  env,
);
const key = /^bc_\S+$/m.exec(out)![0];
out = '';
const N = Number(process.env.N ?? 100000);
const lines = ['external_id,person,project,role,date,hours,billable,description,status,approved_by,rate'];
for (let i = 0; i < N; i++)
  lines.push(
    `X-${i},P${i % 50},K-${i % 20}-P,,2026-10-${String((i % 28) + 1).padStart(2, '0')},0.1,true,Work,approved,,`,
  );
await writeFile(path.join(dir, 't.csv'), lines.join('\n'));
for (const [label, args] of [
  ['import', ['import', 'time-entries', path.join(dir, 't.csv')]],
  ['billing run', ['billing', 'run', '--period', '2026-10']],
] as const) {
  const t = Date.now();
  const code = await runCli([...args], io, { ...env, BILLING_COPILOT_API_KEY: key });
  console.log(label, code, `${((Date.now() - t) / 1000).toFixed(1)} s`, out.split('\n').slice(0, 2).join(' | '));
  out = '';
}
const t = Date.now();
console.log(
  'audit verify',
  await runCli(['audit', 'verify'], io, env),
  `${((Date.now() - t) / 1000).toFixed(1)} s`,
  out,
);
await rm(dir, { recursive: true, force: true });
