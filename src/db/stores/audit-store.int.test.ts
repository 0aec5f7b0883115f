import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { GENESIS_HASH, type AuditEntry, type AuditRow } from '../../billing/audit/audit-row.ts';
import { chainRow } from '../../billing/audit/hash-row.ts';
import { queryRows, type Database, type Db, type DbOrTx } from '../client.ts';
import { auditChainHead, auditLog } from '../schema/audit.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { appendAudit, commitInOneStatement, verifyAudit, waitForFlush, type GatedWrite } from './audit-store.ts';

/** A migrated database: the audit tables and their immutability triggers come from the migrations. */
const freshDatabase = (): Promise<Database> => createTestDatabase();

const entry = (i: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.UTC(2026, 2, 10, 12, 0, 0, i % 1000)),
  actorId: i % 3 === 0 ? 'agent' : `user-${i % 7}`,
  onBehalfOf: i % 3 === 0 ? 'ann' : null,
  action: 'invoice.approve',
  targetType: 'invoice',
  targetId: `inv-${i}`,
  before: { status: 'pending_approval', totalMinor: BigInt(i) * 100n },
  after: { status: 'approved', number: `US-2026-${i}` },
  decision: { outcome: 'allow', matrixVersion: 1 },
  approvalRef: null,
  reason: `row ${i}`,
  correlationId: `req-${i}`,
  ...over,
});

/** Runs fn in a transaction that is always rolled back, so tampering never outlives one test. */
async function inRolledBackTransaction<T>(database: Database, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  const rollback = new Error('rollback');
  let out: T | undefined;
  await database.db
    .transaction(async (tx) => {
      out = await fn(tx);
      throw rollback;
    })
    .catch((e: unknown) => {
      if (e !== rollback) throw e;
    });
  return out as T;
}

/** The messages of an error and its causes (drizzle wraps the database error in `cause`). */
const messages = (e: unknown): string => (e instanceof Error ? `${e.message} | ${messages(e.cause)}` : '');

/** Why a statement was refused, or 'accepted' when it ran. */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
    return 'accepted';
  } catch (e) {
    return messages(e);
  }
}

describe('appendAudit', () => {
  let database: Database;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => database.close());

  it('numbers rows 1, 2, 3 and links each to the hash before it', async () => {
    const rows: AuditRow[] = [];
    for (let i = 1; i <= 3; i++) rows.push(await appendAudit(database.db, entry(i)));
    expect(rows.map((r) => r.seq)).toEqual([1n, 2n, 3n]);
    expect(rows.map((r) => r.prevHash)).toEqual([GENESIS_HASH, rows[0]!.hash, rows[1]!.hash]);
    expect(await verifyAudit(database.db)).toEqual({
      ok: true,
      value: { rows: 3, lastSeq: 3n, lastHash: rows[2]!.hash },
    });
  });

  it('serialises 50 concurrent appenders into one gapless chain', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendAudit(database.db, entry(i + 1))));
    const seqs = (await database.db.select({ seq: auditLog.seq }).from(auditLog))
      .map((r) => r.seq)
      .sort((a, b) => (a < b ? -1 : 1));
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i + 1)));
    expect(await verifyAudit(database.db, { batchSize: 7 })).toMatchObject({ ok: true, value: { rows: 50 } });
  });

  it('leaves no gap when the writing transaction rolls back', async () => {
    await appendAudit(database.db, entry(1));
    await inRolledBackTransaction(database, (tx) => appendAudit(tx, entry(2)));
    const third = await appendAudit(database.db, entry(3));
    expect(third.seq).toBe(2n);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, value: { rows: 2 } });
  });

  it('stores JSON so that the chain still verifies after the jsonb round trip', async () => {
    const awkward = entry(1, {
      before: { z: 1, a: { '': [0.1, 1e21, -0, 1e-7, null], ü: '日本 🚀 "quoted" \\ \n' }, big: 12345678901234567890n },
      after: null,
      decision: null,
      reason: null,
    });
    await appendAudit(database.db, awkward);
    const [stored] = await database.db.select({ before: auditLog.before }).from(auditLog);
    expect(stored?.before).toMatchObject({ big: '12345678901234567890' });
    expect((await verifyAudit(database.db)).ok).toBe(true);
  });
});

describe('commitInOneStatement', () => {
  let database: Database;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => database.close());

  /** A write of one mark row into a scratch table, where the gate holds. */
  const mark =
    (name: string): GatedWrite =>
    (gate) =>
      sql`INSERT INTO marks (name) SELECT ${name} WHERE ${gate} RETURNING 1`;
  const marks = async () =>
    (await queryRows<{ name: string }>(database.db, sql`SELECT name FROM marks ORDER BY name`)).map((r) => r.name);
  beforeEach(async () => {
    await database.db.execute(sql`CREATE TABLE marks (name text PRIMARY KEY CHECK (name <> 'refused'))`);
  });

  it('commits the writes and the audit row together, creating the chain head when there is none', async () => {
    const first = await commitInOneStatement(database.db, { writes: [mark('a'), mark('b')], entry: entry(1) });
    expect(first?.seq).toBe(1n);
    const second = await commitInOneStatement(database.db, { writes: [mark('c')], entry: entry(2) });
    expect(second).toMatchObject({ seq: 2n, prevHash: first!.hash });
    expect(await marks()).toEqual(['a', 'b', 'c']);
    expect(await verifyAudit(database.db)).toMatchObject({
      ok: true,
      value: { rows: 2, lastSeq: 2n, lastHash: second!.hash },
    });
  });

  it('writes nothing, audits nothing and answers null when the claim returns no row', async () => {
    await appendAudit(database.db, entry(1));
    const refused = await commitInOneStatement(database.db, {
      claim: (headExists) => sql`SELECT 1 WHERE ${headExists} AND false`,
      writes: [mark('a')],
      entry: entry(2),
    });
    expect(refused).toBeNull();
    const claimed = await commitInOneStatement(database.db, {
      claim: (headExists) => sql`SELECT 1 WHERE ${headExists}`,
      writes: [mark('b')],
      entry: entry(3),
    });
    expect(claimed?.seq).toBe(2n);
    expect(await marks()).toEqual(['b']);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, value: { rows: 2 } });
  });

  it('lets a guard read for the writes: nothing at all (no claim, no write, no audit row) unless its condition holds', async () => {
    await appendAudit(database.db, entry(1));
    await database.db.execute(sql`CREATE TABLE claims (name text PRIMARY KEY)`);
    // The writes take their names from the guard's CTE; the guard holds when none of them is taken yet.
    const wanted = (names: string[]) => ({
      with: [sql`wanted AS (SELECT unnest(${sql.param(names)}::text[]) AS name)`],
      holds: sql`NOT EXISTS (SELECT 1 FROM marks m JOIN wanted w USING (name))`,
    });
    const fromGuard: GatedWrite = (gate) =>
      sql`INSERT INTO marks (name) SELECT name FROM wanted WHERE ${gate} RETURNING 1`;
    const claim =
      (name: string): GatedWrite =>
      (ready) =>
        sql`INSERT INTO claims (name) SELECT ${name} WHERE ${ready} RETURNING 1`;
    const claims = async () =>
      (await queryRows<{ name: string }>(database.db, sql`SELECT name FROM claims ORDER BY name`)).map((r) => r.name);

    expect(
      (
        await commitInOneStatement(database.db, {
          guard: wanted(['a', 'b']),
          claim: claim('k1'),
          writes: [fromGuard],
          entry: entry(2),
        })
      )?.seq,
    ).toBe(2n);
    const refused = await commitInOneStatement(database.db, {
      guard: wanted(['b', 'c']),
      claim: claim('k2'),
      writes: [fromGuard],
      entry: entry(3),
    });
    expect(refused).toBeNull();
    expect(
      await commitInOneStatement(database.db, { guard: wanted(['a']), writes: [fromGuard], entry: entry(4) }),
    ).toBeNull();
    expect(
      (await commitInOneStatement(database.db, { guard: wanted(['c']), writes: [fromGuard], entry: entry(5) }))?.seq,
    ).toBe(3n);
    expect(await marks()).toEqual(['a', 'b', 'c']);
    expect(await claims()).toEqual(['k1']);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, value: { rows: 3, lastSeq: 3n } });
  });

  it('fails whole when one write fails: no other write, no audit row, no gap', async () => {
    await appendAudit(database.db, entry(1));
    await expect(
      commitInOneStatement(database.db, { writes: [mark('a'), mark('refused')], entry: entry(2) }),
    ).rejects.toThrow();
    expect(await marks()).toEqual([]);
    expect((await commitInOneStatement(database.db, { writes: [mark('b')], entry: entry(3) }))?.seq).toBe(2n);
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, value: { rows: 2 } });
  });

  it('keeps one gapless chain when 30 commits run at once', async () => {
    await appendAudit(database.db, entry(1));
    const rows = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        commitInOneStatement(database.db, { writes: [mark(`m${i}`)], entry: entry(i + 2) }),
      ),
    );
    expect(rows.map((r) => r!.seq).sort((a, b) => (a < b ? -1 : 1))).toEqual(
      Array.from({ length: 30 }, (_, i) => BigInt(i + 2)),
    );
    expect(await marks()).toHaveLength(30);
    expect(await verifyAudit(database.db, { batchSize: 7 })).toMatchObject({
      ok: true,
      value: { rows: 31, lastSeq: 31n },
    });
  });
});

describe('waitForFlush on a real database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
    await appendAudit(database.db, entry(1));
  });
  afterAll(async () => database.close());
  const lsn = async (db: Db) =>
    (
      await queryRows<{ flushed: string; inserted: string }>(
        db,
        sql`SELECT (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::text AS flushed, (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::text AS inserted`,
      )
    )[0]!;

  it('returns only once the WAL of an asynchronous commit made before it is flushed', async () => {
    // The barrier that took a transaction id but wrote no WAL committed asynchronously itself and
    // flushed nothing: on PGlite (no WAL writer) every such commit was lost to a SIGKILL.
    const row = await commitInOneStatement(database.db, { writes: [], entry: entry(2) });
    expect(row?.seq).toBe(2n);
    const written = BigInt((await lsn(database.db)).inserted);
    await waitForFlush(database.db);
    expect(BigInt((await lsn(database.db)).flushed)).toBeGreaterThanOrEqual(written);
  });
});

describe('waitForFlush', () => {
  /** A stand-in handle whose barrier statements finish when the test says so. */
  function fakeDb() {
    const pending: (() => void)[] = [];
    const db = { execute: () => new Promise((resolve) => pending.push(() => resolve({ rows: [] }))) } as unknown as Db;
    return { db, pending };
  }
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('sends one barrier for callers that arrive before it is sent, and a new one for those after', async () => {
    const { db, pending } = fakeDb();
    const done: string[] = [];
    const wait = (name: string) => waitForFlush(db).then(() => done.push(name));
    const first = [wait('a'), wait('b'), wait('c')];
    await tick();
    expect(pending).toHaveLength(1);
    // Arriving while the barrier is on its way: it may be ahead of their commits, so they wait for the next.
    const later = [wait('d'), wait('e')];
    await tick();
    expect(pending).toHaveLength(1);
    pending[0]!();
    await Promise.all(first);
    await tick();
    expect(done).toEqual(['a', 'b', 'c']);
    expect(pending).toHaveLength(2);
    pending[1]!();
    await Promise.all(later);
    expect(done).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});

describe('audit_log', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
    for (let i = 1; i <= 3; i++) await appendAudit(database.db, entry(i));
  });
  afterAll(async () => database.close());

  it.each([
    ['UPDATE', sql`UPDATE audit_log SET reason = 'changed' WHERE seq = 2`],
    ['DELETE', sql`DELETE FROM audit_log WHERE seq = 2`],
    ['TRUNCATE', sql`TRUNCATE audit_log`],
  ])('rejects %s', async (op, statement) => {
    expect(await refusal(database.db.execute(statement))).toMatch(
      new RegExp(`audit_log is append-only: ${op} is not allowed`),
    );
  });

  it.each([
    ['moving the head back', sql`UPDATE audit_chain_head SET last_seq = 2`, /may only advance/],
    [
      'moving the head ahead to a row that does not exist',
      sql`UPDATE audit_chain_head SET last_seq = last_seq + 1`,
      /may only advance/,
    ],
    ['deleting the head', sql`DELETE FROM audit_chain_head`, /DELETE is not allowed/],
    ['truncating the head', sql`TRUNCATE audit_chain_head`, /TRUNCATE is not allowed/],
  ])('rejects %s', async (_name, statement, reason) => {
    expect(await refusal(database.db.execute(statement))).toMatch(reason);
  });

  it('still verifies after the rejected changes', async () => {
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, value: { rows: 3 } });
  });
});

// Generous timeouts: each case reads and hashes up to 100,000 rows, on two shared cores.
describe('verifyAudit over 100,000 rows', { timeout: 180_000 }, () => {
  const N = 100_000;
  let database: Database;

  beforeAll(async () => {
    database = await freshDatabase();
    // Bulk load: compute the chain here and insert it in batches, far faster than 100,000 appends.
    let prev = GENESIS_HASH;
    let batch: (typeof auditLog.$inferInsert)[] = [];
    for (let i = 1; i <= N; i++) {
      const r = chainRow(entry(i), BigInt(i), prev);
      prev = r.hash;
      const { decision, ...rest } = r;
      batch.push({ ...rest, policyDecision: decision });
      if (batch.length === 2_000) {
        await database.db.insert(auditLog).values(batch);
        batch = [];
      }
    }
    if (batch.length) await database.db.insert(auditLog).values(batch);
    await database.db.transaction(async (tx) => {
      // The head guard admits only single-step advances; a bulk load sets it directly.
      await tx.execute(sql`ALTER TABLE audit_chain_head DISABLE TRIGGER audit_chain_head_guard`);
      await tx.insert(auditChainHead).values({ id: 1, lastSeq: BigInt(N), lastHash: prev });
      await tx.execute(sql`ALTER TABLE audit_chain_head ENABLE TRIGGER audit_chain_head_guard`);
    });
  }, 300_000);
  afterAll(async () => database.close());

  it('accepts the intact chain', async () => {
    expect(await verifyAudit(database.db)).toMatchObject({ ok: true, value: { rows: N, lastSeq: BigInt(N) } });
  });

  it.each([
    ['an edited row', [sql`UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 73211`], 73_211n, 'edited'],
    [
      'an edited JSON column',
      [sql`UPDATE audit_log SET after = '{"status":"void"}' WHERE seq = 99999`],
      99_999n,
      'edited',
    ],
    ['a deleted row', [sql`DELETE FROM audit_log WHERE seq = 73211`], 73_211n, 'deleted'],
    ['a deleted last row', [sql`DELETE FROM audit_log WHERE seq = 100000`], 100_000n, 'deleted'],
    [
      'a reordered row',
      [
        sql`UPDATE audit_log SET seq = -1 WHERE seq = 41000`,
        sql`UPDATE audit_log SET seq = 41000 WHERE seq = 87654`,
        sql`UPDATE audit_log SET seq = 87654 WHERE seq = -1`,
      ],
      41_000n,
      'reordered',
    ],
  ])('reports %s at its seq', async (_name, tamper, seq, kind) => {
    const result = await inRolledBackTransaction(database, async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete`);
      for (const statement of tamper) await tx.execute(statement);
      return verifyAudit(tx);
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect([result.error.seq, result.error.kind]).toEqual([seq, kind]);
  });
});
