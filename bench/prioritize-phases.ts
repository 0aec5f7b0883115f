/**
 * bench/prioritize-phases: where a night's CPU goes on PostgreSQL, phase by phase. It loads
 * bench/prioritize's data into a template database (`--template`, kept; created and loaded when it does
 * not exist), clones it twice, runs the real night (`prioritizeCollections`) on the first clone for two
 * dates as the reference, and on the second the same work one phase at a time, serially (the night
 * pipelines reading, scoring and writing): the ledger cursor, the clients' terms, the stored dispute
 * scores, the cut to the date, the scores, the facts and dunning decision, the priority, action and
 * reasons, the COPY text, the sort, then in a rolled-back transaction the gate and run row, the COPY of
 * the worklist rows with their check, the audit row; then the same COPY with the worklist's indexes
 * dropped inside the rolled-back transaction. Each phase gets its process CPU, the server CPU of the
 * clone's backends and wall time; the aggregate scan of bench/prioritize is timed beside them. The phases replicate scoreChunk and the run's transaction
 * (src/tools/collections/prioritize-collections.ts; the row itself is its `worklistRow`): keep them in step. The clones are dropped after.
 * Usage:
 *   DATABASE_URL=postgres://... npx tsx bench/prioritize-phases.ts [--invoices N] [--clients N] [--template DB] [--drop-template]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { assess } from '../src/billing/collections/prioritize.ts';
import { receivableFacts } from '../src/billing/collections/receivable-facts.ts';
import { byClient } from '../src/billing/risk/model.ts';
import { disputeAtIssue, type scoreOpen, scoreOpenLean } from '../src/billing/risk/score.ts';
import { loadConfig } from '../src/config.ts';
import { type Database, dedicatedConnection, migrateDatabase, openDatabase, queryRows } from '../src/db/client.ts';
import { worklistRuns } from '../src/db/schema/index.ts';
import { appendAudit } from '../src/db/stores/audit-store.ts';
import { currentRiskModel, writeDisputeScores } from '../src/db/stores/dispute-scores-store.ts';
import { activePauses, dunningPolicyTable } from '../src/db/stores/dunning-store.ts';
import { rankingFx } from '../src/db/stores/exchange-rate-store.ts';
import { copyRankedItems, type StagedRow } from '../src/db/stores/worklist-staging-store.ts';
import { clientsIn, disputeScoresOf, ledgerInClientOrder } from '../src/db/stores/worklist-store.ts';
import { serviceActor } from '../src/policy/service-identities.ts';
import { addDays } from '../src/shared/dates.ts';
import { cutToDate, type Receivable } from '../src/tools/collections/ledger-chunks.ts';
import {
  prioritizeCollections,
  SERVER_CLIENT_BATCH,
  worklistRow,
} from '../src/tools/collections/prioritize-collections.ts';
import { RankedSpool } from '../src/tools/collections/ranked-spool.ts';
import { passGate } from '../src/tools/policy-gate/approval-gate.ts';
import { auditEntry } from '../src/tools/policy-gate/context.ts';
import { AS_OF, loadCollections } from './lib/collections-data.ts';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '200000' },
    clients: { type: 'string' },
    template: { type: 'string' },
    'drop-template': { type: 'boolean' },
  },
});
const invoices = Number(values.invoices);
const clients = values.clients ? Number(values.clients) : Math.max(1, Math.round(invoices / 10));
const url = loadConfig().DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL');
const at = (db: string) => Object.assign(new URL(url), { pathname: `/${db}` }).toString();
const load1 = (): string => loadavg()[0]!.toFixed(1);

/** CPU seconds of the given server processes so far (utime + stime of /proc/<pid>/stat, 100 ticks a second). */
function cpuOf(pids: readonly number[]): number {
  return pids.reduce((sum, pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return sum + (Number(fields[11]) + Number(fields[12])) / 100;
  }, 0);
}
async function backends(database: Database): Promise<number[]> {
  const rows = await queryRows<{ pid: number }>(
    database.db,
    sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`,
  );
  return rows.map((r) => r.pid);
}

interface Spent {
  process: number;
  server: number;
  wall: number;
  calls: number;
}

/** Phase timers: each adds its process CPU, the backends' CPU and wall time to its line. */
class Phases {
  readonly lines = new Map<string, Spent>();
  constructor(readonly pids: number[]) {}
  async time<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const c0 = process.cpuUsage();
    const s0 = cpuOf(this.pids);
    const t0 = performance.now();
    const result = await fn();
    const c = process.cpuUsage(c0);
    const line = this.lines.get(name) ?? { process: 0, server: 0, wall: 0, calls: 0 };
    line.process += (c.user + c.system) / 1e6;
    line.server += cpuOf(this.pids) - s0;
    line.wall += (performance.now() - t0) / 1000;
    line.calls++;
    this.lines.set(name, line);
    return result;
  }
}

const ctx = () => ({ actor: serviceActor('scheduler'), correlationId: 'bench:phases', now: new Date() });

/** The night's work for `asOf`, one phase at a time; the worklist's transaction is rolled back. */
async function phases(database: Database, asOf: string, indexVariants: boolean): Promise<Phases> {
  await database.openConnections();
  const conn = await dedicatedConnection(database.db);
  if (!conn) throw new Error('a server is needed');
  const p = new Phases(await backends(database));
  const c = ctx();
  try {
    const { model, key, dunning, fx } = await p.time('setup: model, sequences, pauses, rates', async () => {
      const stored = (await currentRiskModel(database.db))!;
      return {
        model: stored.model,
        key: { version: stored.version, hash: stored.hash },
        dunning: { policies: await dunningPolicyTable(database.db), pauses: await activePauses(database.db, asOf) },
        fx: await rankingFx(database.db, asOf),
      };
    });
    const spool = new RankedSpool();
    let items = 0;
    const chunks = ledgerInClientOrder(conn, asOf, SERVER_CLIENT_BATCH * 10);
    for (;;) {
      const r = await p.time('read: ledger cursor (server) and its rows into objects', () => chunks.next());
      if (r.done) break;
      const ledger = r.value;
      const ids = [...new Set(ledger.history.map((i) => i.clientId))];
      const terms = await p.time('read: clients in the chunk (terms, collector)', async () => {
        const rows = await clientsIn(database.db, ids);
        return new Map(rows.map((t) => [t.clientId, t]));
      });
      ledger.disputeAtIssue = await p.time('read: stored dispute scores at issue', () =>
        disputeScoresOf(database.db, key, [...ledger.open.keys()]),
      );
      const { known, receivables, perClient } = await p.time('js: cut to the date, history by client', () => {
        const cut = cutToDate(ledger, asOf);
        return { ...cut, perClient: byClient(cut.known) };
      });
      void known;
      const fresh: { invoiceId: string; probability: number }[] = [];
      const scores = await p.time('js: scores (late model; dispute at issue where not stored)', () => {
        const out = new Map<string, ReturnType<typeof scoreOpen>>();
        for (const inv of receivables) {
          const history = perClient.get(inv.clientId) ?? [];
          if (ledger.disputed.has(inv.id)) {
            out.set(inv.id, scoreOpenLean(model, inv, history, asOf, true));
            continue;
          }
          let d = ledger.disputeAtIssue.get(inv.id);
          if (d === undefined) {
            d = disputeAtIssue(model, inv, history);
            fresh.push({ invoiceId: inv.id, probability: d });
          }
          out.set(inv.id, scoreOpenLean(model, inv, history, asOf, false, d));
        }
        return out;
      });
      if (fresh.length)
        await p.time('write: dispute scores computed (first night), committed', () =>
          writeDisputeScores(database.db, key, fresh, c.now),
        );
      const scored = await p.time('js: facts, exposure, dunning decision', () =>
        receivableFacts(
          model,
          asOf,
          receivables,
          perClient,
          ledger.disputed,
          terms,
          ledger.promises,
          (_m, inv) => scores.get(inv.id)!,
          { ...dunning, sent: ledger.sent },
          fx,
        ),
      );
      const rows = await p.time('js: priority, action, reasons, row values', () =>
        scored.map((s, n): StagedRow => {
          items++;
          const inv = receivables[n] as Receivable;
          return worklistRow(s, assess(s.facts), inv, terms.get(s.facts.clientId)?.collectorId ?? null);
        }),
      );
      await p.time('js: COPY text of the rows (spool)', () => spool.add(rows));
    }
    await p.time('js: rank (spool sort)', () => spool.sort());
    const variants: [string, string[]][] = [['', []]];
    if (indexVariants)
      variants.push(
        [' without the collector index', ['DROP INDEX worklist_items_collector_idx']],
        [
          ' without either index',
          ['DROP INDEX worklist_items_collector_idx', 'ALTER TABLE worklist_items DROP CONSTRAINT worklist_items_pk'],
        ],
      );
    for (const [label, drops] of variants) await writeRolledBack(database, p, c, asOf, items, spool, label, drops);
  } finally {
    conn.release();
  }
  return p;
}

/** The run's transaction (gate, run row, COPY of the ranked rows and their check, audit row), rolled back. */
async function writeRolledBack(
  database: Database,
  p: Phases,
  c: ReturnType<typeof ctx>,
  asOf: string,
  items: number,
  spool: RankedSpool,
  label: string,
  drops: string[],
): Promise<void> {
  const ROLLBACK = new Error('rolled back');
  await database.db
    .transaction(async (tx) => {
      for (const d of drops) await tx.execute(sql.raw(d));
      const action = {
        type: 'collections.prioritize' as const,
        target: { kind: 'worklist' as const, id: asOf },
        args: { asOf },
      };
      const run = await p.time(`write${label}: gate and run row`, async () => {
        const gate = await passGate(tx, c, action, { entityId: null });
        if (!gate.ok) throw new Error(gate.error.code);
        const [row] = await tx
          .insert(worklistRuns)
          .values({ asOf, modelVersion: null, createdBy: c.actor.userId, createdAt: c.now, summary: {} })
          .returning({ id: worklistRuns.id });
        return { id: row!.id, decision: gate.value.decision };
      });
      await p.time(`write${label}: COPY of the worklist rows and their check`, () =>
        copyRankedItems(tx, run.id, items, spool.copyText(run.id)),
      );
      await p.time(`write${label}: the check alone, again`, () =>
        queryRows(
          tx,
          sql`SELECT count(*)::int AS n FROM worklist_items w JOIN invoices i ON i.id = w.invoice_id
            LEFT JOIN users u ON u.id = w.collector_id
            WHERE w.run_id = ${run.id}::uuid AND (w.collector_id IS NULL OR u.id IS NOT NULL)`,
        ),
      );
      if (!label)
        await p.time('write: audit row', () =>
          appendAudit(
            tx,
            auditEntry(c, {
              action: 'collections.prioritize',
              targetType: 'worklist_run',
              targetId: run.id,
              before: null,
              after: { asOf, items },
              decision: run.decision,
            }),
          ),
        );
      throw ROLLBACK;
    })
    .catch((e) => {
      if (e !== ROLLBACK) throw e;
    });
}

/** The real night for `asOf`, measured the same way. */
async function night(database: Database, asOf: string): Promise<Spent> {
  await database.openConnections();
  const p = new Phases(await backends(database));
  await p.time('night', async () => {
    const r = await prioritizeCollections(database, ctx(), { asOf });
    if (!r.ok) throw new Error(r.error.code);
  });
  return p.lines.get('night')!;
}

const f2 = (n: number) => n.toFixed(2);
function print(title: string, whole: Spent, p: Phases): void {
  console.log(`\n${title}`);
  console.log(
    `  ${'the real night (pipelined)'.padEnd(72)}process ${f2(whole.process)} s, server ${f2(whole.server)} s, wall ${f2(whole.wall)} s`,
  );
  let process = 0;
  let server = 0;
  for (const [name, s] of p.lines) {
    const counted = !name.startsWith('write ') && !name.includes('check alone');
    if (counted) {
      process += s.process;
      server += s.server;
    }
    console.log(
      `  ${name.padEnd(72)}process ${f2(s.process)} s, server ${f2(s.server)} s, wall ${f2(s.wall)} s${counted ? '' : ' (not summed)'}`,
    );
  }
  console.log(`  ${'sum of the phases'.padEnd(72)}process ${f2(process)} s, server ${f2(server)} s`);
  console.log(
    `  ${'the night less the sum (pipelining, its other statements, a cold JIT)'.padEnd(72)}process ${f2(whole.process - process)} s, server ${f2(whole.server - server)} s`,
  );
}

console.log(`bench/prioritize-phases  node ${process.version}  ${new Date().toISOString()}  load ${load1()}`);
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const template = values.template ?? `bench_phases_${invoices}`;
const stamp = Date.now();
const names = [`bench_phases_${stamp}_a`, `bench_phases_${stamp}_b`];
try {
  if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rowCount) {
    await admin.query(`CREATE DATABASE ${template}`);
    const fresh = await openDatabase({ databaseUrl: at(template), poolSize: 4 });
    try {
      await migrateDatabase(fresh);
      process.stderr.write(`loading ${invoices.toLocaleString('en-US')} invoices into ${template}...\n`);
      await loadCollections(fresh, clients, invoices);
    } finally {
      await fresh.close();
    }
  }
  for (const n of names) await admin.query(`CREATE DATABASE ${n} TEMPLATE ${template}`);
  const [a, b] = await Promise.all(names.map((n) => openDatabase({ databaseUrl: at(n), poolSize: 4 })));
  try {
    // The goal's reference, twice (the first after the clone's load also sets hint bits): server CPU and wall.
    const scan = new Phases(await backends(b!));
    for (const n of [1, 2])
      await scan.time(`the aggregate scan (${n})`, () =>
        queryRows(
          b!.db,
          sql`SELECT client_id, count(*), sum(total_minor), min(due_date) FROM invoices WHERE kind = 'invoice' GROUP BY client_id`,
        ),
      );
    const loads = [load1()];
    const first = await night(a!, AS_OF);
    const second = await night(a!, addDays(AS_OF, 1));
    loads.push(load1());
    const p1 = await phases(b!, AS_OF, false);
    loads.push(load1());
    const p2 = await phases(b!, addDays(AS_OF, 1), true);
    loads.push(load1());
    console.log(
      `\n${invoices.toLocaleString('en-US')} invoices, ${clients.toLocaleString('en-US')} clients; load average (1 min) ${loads.join(', ')}`,
    );
    for (const [name, t] of scan.lines)
      console.log(`  ${name.padEnd(72)}process ${f2(t.process)} s, server ${f2(t.server)} s, wall ${f2(t.wall)} s`);
    print('first night (computes and stores the dispute scores at issue)', first, p1);
    print('second night (reads them)', second, p2);
  } finally {
    await Promise.all([a?.close(), b?.close()]);
  }
} finally {
  for (const n of names) await admin.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  if (values['drop-template']) await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.end();
}
