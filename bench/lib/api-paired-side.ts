/**
 * One side of bench/api-paired, forked by it from the tree it measures: bench/api-paired copies this file to
 * the same place in the old tree and runs it there with that tree's tsx (cwd = the tree), so every import below
 * resolves to that tree's code and node_modules. It therefore imports only paths that exist both before the
 * capability catalogue and now; the one that moved (how a user with an API key is made) is found at run time.
 *   argv[2] = 'setup': migrates BENCH_DATABASE_URL, seeds the demo firm and bills its periods with this tree's
 *     code, adds the bench user and sends { key, invoiceId, lines } (the invoice with the most lines) over IPC.
 *   argv[2] = 'serve': serves this tree's app on loopback and sends { port }; answers 'cpu' with its CPU time,
 *     the statements it sent to PostgreSQL (BEGIN and COMMIT included), like bench/lib/api-server.ts, and its
 *     garbage collections so far (count and pause time).
 *     BENCH_SQL_TRACE=N: it also writes the first 100 characters of its first N statements to stderr.
 */
import { existsSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { desc, eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { createApp } from '../../src/api/app.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { loadConfig } from '../../src/config.ts';
import { migrateDatabase, openDatabase, type Db } from '../../src/db/client.ts';
import { invoiceLines, invoices } from '../../src/db/schema/index.ts';
import { DEMO_PERIODS, seedDemo } from '../../src/db/seed/seed-demo.ts';
import { billingRunStore } from '../../src/db/stores/billing-run-store.ts';

const url = process.env.BENCH_DATABASE_URL;
const mode = process.argv[2];
if (!url || !process.send || (mode !== 'setup' && mode !== 'serve')) {
  throw new Error('bench/lib/api-paired-side.ts is started by bench/api-paired.ts');
}
const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

type AddUser = (
  db: Db,
  input: { email: string; name: string; roles: string[]; entities: null },
  ctx: { actorId: string; correlationId: string; now: Date },
) => Promise<{ ok: true; value: { key: string } } | { ok: false; error: { code: string } }>;

/** The tree's way to create a user with an API key: a catalogue entry now, a use case in src/db before it. */
async function addUserOfThisTree(): Promise<AddUser> {
  const now = new URL('../../test/helpers/users.ts', import.meta.url);
  const before = new URL('../../src/db/usecases/add-user.ts', import.meta.url);
  const where = existsSync(fileURLToPath(now)) ? now : before;
  return ((await import(where.href)) as { addUser: AddUser }).addUser;
}

if (mode === 'setup') {
  const database = await openDatabase({ databaseUrl: url, poolSize: 4 });
  await migrateDatabase(database);
  const now = () => new Date('2026-11-25T09:00:00Z');
  await seedDemo(database, now());
  for (const period of DEMO_PERIODS) await runBilling(billingRunStore(database), { now }, { period, trigger: 'bench' });
  const user = await (await addUserOfThisTree())(
    database.db,
    { email: 'bench@bench.example', name: 'Bench', roles: ['billing_clerk', 'controller'], entities: null },
    { actorId: 'bench', correlationId: 'bench', now: new Date() },
  );
  if (!user.ok) throw new Error(user.error.code);
  // The invoice with the most lines (the heaviest GET the demo has); ties broken by id, the same on both sides.
  const [target] = await database.db
    .select({ id: invoices.id, number: invoices.number, lines: sql<number>`count(${invoiceLines.id})::int` })
    .from(invoices)
    .leftJoin(invoiceLines, eq(invoiceLines.invoiceId, invoices.id))
    .groupBy(invoices.id)
    .orderBy(desc(sql`count(${invoiceLines.id})`), invoices.number)
    .limit(1);
  await database.close();
  await send({ key: user.value.key, invoiceId: target!.id, number: target!.number, lines: target!.lines });
  process.exit(0);
}

let queries = 0;
const trace = Number(process.env.BENCH_SQL_TRACE ?? 0);
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries += 1;
  if (queries <= trace) {
    const q = args[0] as string | { text?: string; name?: string };
    const text = typeof q === 'string' ? q : `${q.name ? `[${q.name}] ` : ''}${q.text ?? ''}`;
    process.stderr.write(`sql ${queries} ${text.replace(/\s+/g, ' ').slice(0, 100)}\n`);
  }
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const database = await openDatabase({ databaseUrl: url, poolSize: loadConfig().DATABASE_POOL_SIZE });
await database.openConnections();
const app = createApp({ database, log: () => undefined });
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  void send({ port: info.port });
});
// Garbage collection on the main thread (count and pause time): what the allocations of a request cost.
let gcCount = 0;
let gcMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcCount += 1;
    gcMs += e.duration;
  }
}).observe({ entryTypes: ['gc'] });
process.on('message', (m) => {
  if (m === 'cpu') process.send!({ cpu: process.cpuUsage(), queries, gcCount, gcMs });
});
process.on('disconnect', () => {
  server.close();
  void database.close().finally(() => process.exit(0));
});
