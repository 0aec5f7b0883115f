/**
 * bench/invoice-detail-bodies: GET /invoices/:id's response body, byte for byte, for every invoice of two kept
 * databases, written to one file: run it before a change to the detail's read and after, on the same data, and
 * compare the files (`cmp`). The first run builds the data and keeps it: the demo firm billed for its periods
 * (bench/api's data), and the two-entity test firm taken through submit (the stored pre-send check), approve,
 * post, deliver, a payment applied and a dispute, with its open exceptions and void request; later runs only read.
 *   [DATABASE_URL=postgres://...] npx tsx bench/invoice-detail-bodies.ts --data NAME --out FILE
 * NAME: PostgreSQL databases NAME_demo and NAME_firm beside DATABASE_URL's, else PGlite folders NAME/demo and
 * NAME/firm; the users' keys are kept in NAME's own table (bench_detail_keys).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { asc, sql } from 'drizzle-orm';
import pg from 'pg';
import { runBilling } from '../src/billing/billing-run/run-billing.ts';
import { migrateDatabase, openDatabase, queryRows, type Database } from '../src/db/client.ts';
import { invoices } from '../src/db/schema/index.ts';
import { DEMO_PERIODS, seedDemo } from '../src/db/seed/seed-demo.ts';
import { billingRunStore } from '../src/db/stores/billing-run-store.ts';
import { call, createTestUsers, testApp, type App } from '../test/helpers/api.ts';
import { loadTwoEntityFirm } from '../test/helpers/two-entity-firm.ts';

const { values } = parseArgs({ options: { data: { type: 'string' }, out: { type: 'string' } } });
if (!values.data || !values.out) throw new Error('usage: bench/invoice-detail-bodies.ts --data NAME --out FILE');
const NAME = values.data;
const url = process.env.DATABASE_URL;

/** Opens (creating when new) the kept database of one kind; `fresh` says whether it was just made. */
async function open(kind: 'demo' | 'firm'): Promise<{ database: Database; fresh: boolean }> {
  if (!url) {
    const database = await openDatabase({ dataDir: path.resolve(NAME, kind) });
    await migrateDatabase(database);
    const [r] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM invoices`);
    return { database, fresh: r!.n === 0 };
  }
  const name = `${NAME}_${kind}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const fresh = !(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (fresh) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const database = await openDatabase({
    databaseUrl: Object.assign(new URL(url), { pathname: `/${name}` }).toString(),
    poolSize: 4,
  });
  await migrateDatabase(database);
  return { database, fresh };
}

const keyTable = sql`CREATE TABLE IF NOT EXISTS bench_detail_keys (role text PRIMARY KEY, key text NOT NULL)`;

/** The keys of the test users, made on the first run and kept in the database. */
async function keys(database: Database, fresh: boolean): Promise<Record<string, string>> {
  await database.db.execute(keyTable);
  if (fresh) {
    const [entity] = await queryRows<{ code: string }>(database.db, sql`SELECT min(code) AS code FROM legal_entities`);
    const users = await createTestUsers(database, entity!.code);
    for (const [role, key] of Object.entries(users.key))
      await database.db.execute(sql`INSERT INTO bench_detail_keys VALUES (${role}, ${key})`);
  }
  const rows = await queryRows<{ role: string; key: string }>(
    database.db,
    sql`SELECT role, key FROM bench_detail_keys`,
  );
  return Object.fromEntries(rows.map((r) => [r.role, r.key]));
}

/** The firm's invoice of entity B taken through the lifecycle; each step's status is printed, not required. */
async function lifecycle(app: App, key: Record<string, string>, database: Database): Promise<void> {
  const [b] = await queryRows<{ id: string }>(
    database.db,
    sql`SELECT i.id FROM invoices i JOIN legal_entities e ON e.id = i.legal_entity_id WHERE e.code = 'LE-B' LIMIT 1`,
  );
  const post = async (role: string, p: string, body: unknown = {}) => {
    const r = await call(app, 'POST', p, { key: key[role]!, body });
    console.log(`  ${role} POST ${p}: ${r.status}`);
    return r;
  };
  const id = b!.id;
  await post('controller', `/invoices/${id}/submit`);
  await post('finance_admin', `/invoices/${id}/approve`);
  await post('billing_clerk', `/invoices/${id}/post`);
  await post('billing_clerk', `/invoices/${id}/deliver`);
  const paid = await post('collector', '/payments', {
    client: 'CL-B',
    amount: '10.00',
    currency: 'EUR',
    receivedOn: '2026-11-20',
    method: 'bank_transfer',
    bankReference: 'BODIES-B-1',
    allocations: [{ invoice: id, amount: '10.00' }],
  });
  if (paid.status >= 300) console.log(`  ${JSON.stringify(paid.body).slice(0, 300)}`);
  await post('collector', `/invoices/${id}/dispute`, { reason: 'hours not agreed' });
}

const out: string[] = [];
for (const kind of ['demo', 'firm'] as const) {
  const { database, fresh } = await open(kind);
  try {
    if (fresh && kind === 'demo') {
      const now = () => new Date('2026-11-25T09:00:00Z');
      await seedDemo(database, now());
      for (const period of DEMO_PERIODS) await runBilling(billingRunStore(database), { now }, { period });
    }
    if (fresh && kind === 'firm') await loadTwoEntityFirm(database);
    const key = await keys(database, fresh);
    const app = testApp(database);
    if (fresh && kind === 'firm') await lifecycle(app, key, database);
    const ids = await database.db.select({ id: invoices.id }).from(invoices).orderBy(asc(invoices.id));
    for (const { id } of ids) {
      const res = await app.request(`/invoices/${id}`, { headers: { authorization: `Bearer ${key.finance_admin}` } });
      out.push(`${kind} ${id} ${res.status} ${await res.text()}`);
    }
    console.log(`${kind}: ${ids.length} invoices`);
  } finally {
    await database.close();
  }
}
await writeFile(values.out, `${out.join('\n')}\n`);
console.log(`wrote ${out.length} bodies to ${values.out}`);
