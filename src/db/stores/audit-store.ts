import { and, asc, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { canonicaliseRow, chainRow, hashRow } from '../../billing/audit/hash-row.ts';
import { GENESIS_HASH, type AuditEntry, type AuditRow, type ChainHead } from '../../billing/audit/audit-row.ts';
import type { AuditTrail } from '../../billing/audit/audit-port.ts';
import { verifyChain, type ChainBreak, type ChainSummary } from '../../billing/audit/verify-chain.ts';
import type { Result } from '../../shared/result.ts';
import { besidePool, preparedRows, queryRows, type Db, type DbOrTx } from '../client.ts';
import { auditChainHead, auditLog } from '../schema/audit.ts';

const HEAD_ID = 1;
type AuditLogRow = typeof auditLog.$inferSelect;

/** A seq no real row reaches, marking where the row's own seq goes in its canonical text. */
const SEQ_MARK = 987654321987654321n;

/**
 * Appends an entry at the end of the audit chain, inside the caller's transaction when given one,
 * else in its own. One statement locks the chain head (FOR UPDATE), inserts the row with the next
 * seq and the hash over the head's hash (sha256 in SQL over the same text hashRow reads; checked
 * against hashRow here, a mismatch throws and rolls back), and moves the head (its guard trigger
 * sees the row the statement inserted). Concurrent appenders queue on the head row until the
 * locking transaction ends: seq stays gapless (a rollback undoes both the row and the head) and
 * each row links to the one committed before it. Same on PGlite and PostgreSQL. The head stays
 * locked until the transaction ends (and its commit is flushed), so append as the last write before
 * commit; a hot write path commits with commitInOneStatement instead.
 */
export async function appendAudit(db: DbOrTx, entry: AuditEntry): Promise<AuditRow> {
  if (!(db instanceof PgTransaction)) return db.transaction((tx) => appendAudit(tx, entry));
  const append = appendStatement(entry);
  let [row] = await queryRows<AppendedRow>(db, append.statement);
  if (!row) {
    // The first append creates the head; a concurrent first append waits on the same key, then locks.
    await createChainHead(db);
    [row] = await queryRows<AppendedRow>(db, append.statement);
    if (!row) throw new Error('audit_chain_head row missing after insert');
  }
  return append.check(row);
}

type AppendedRow = { seq: string; prev_hash: string; hash: string };

const createChainHead = (db: DbOrTx) =>
  db.insert(auditChainHead).values({ id: HEAD_ID, lastSeq: 0n, lastHash: GENESIS_HASH }).onConflictDoNothing();

/**
 * The one statement that appends `entry` (see appendAudit), and the check of the row it returns.
 * `ctes` come first; the head is locked only where `headGate` holds, and the row appended only
 * then. `asyncCommit` makes the statement's transaction commit without waiting for its WAL flush
 * (set in the statement itself, which saves a round trip).
 */
function appendStatement(entry: AuditEntry, opts: { ctes?: SQL[]; headGate?: SQL; asyncCommit?: boolean } = {}) {
  const { prevHash: _p, hash: _h, ...content } = chainRow(entry, SEQ_MARK, GENESIS_HASH);
  // The canonical text with the seq cut out: "seq" is the last key before targetId and targetType
  // (strings, escaped), so its last occurrence is the row's own.
  const text = canonicaliseRow(content);
  const mark = `"seq":"${SEQ_MARK}"`;
  const cut = text.lastIndexOf(mark);
  const before = `${text.slice(0, cut)}"seq":"`;
  const after = `"${text.slice(cut + mark.length)}`;
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const statement = sql`
    WITH ${opts.ctes?.length ? sql`${sql.join(opts.ctes, sql`, `)}, ` : sql``}head AS (SELECT last_seq, last_hash FROM audit_chain_head WHERE id = ${HEAD_ID}${opts.headGate ? sql` AND ${opts.headGate}` : sql``}${opts.asyncCommit ? sql` AND set_config('synchronous_commit', 'off', true) = 'off'` : sql``} FOR UPDATE),
    row AS (
      INSERT INTO audit_log (seq, at, actor_id, on_behalf_of, action, target_type, target_id, before, after, policy_decision, approval_ref, reason, correlation_id, prev_hash, hash)
      SELECT last_seq + 1, ${content.at.toISOString()}::timestamptz, ${content.actorId}, ${content.onBehalfOf}, ${content.action}, ${content.targetType}, ${content.targetId},
        ${json(content.before)}::jsonb, ${json(content.after)}::jsonb, ${json(content.decision)}::jsonb, ${content.approvalRef}, ${content.reason}, ${content.correlationId},
        last_hash, encode(sha256(convert_to(last_hash || ${'\n' + before} || (last_seq + 1)::text || ${after}, 'UTF8')), 'hex')
      FROM head
      RETURNING seq, prev_hash, hash)
    UPDATE audit_chain_head SET last_seq = row.seq, last_hash = row.hash FROM row WHERE audit_chain_head.id = ${HEAD_ID}
    RETURNING row.seq::text, row.prev_hash, row.hash`;
  const check = (row: AppendedRow): AuditRow => {
    const appended: AuditRow = { ...content, seq: BigInt(row.seq), prevHash: row.prev_hash, hash: row.hash };
    if (hashRow(appended.prevHash, appended) !== appended.hash)
      throw new Error('audit row hashed differently in SQL and in hashRow');
    return appended;
  };
  return { statement, check };
}

/**
 * A write to run inside a one-statement commit: a data-modifying statement, with a RETURNING
 * clause, that writes only where `gate` (SQL) holds.
 */
export type GatedWrite = (gate: SQL) => SQL;

/**
 * What a one-statement commit reads for itself: CTEs (`name AS (SELECT ...)`, read-only) that the
 * writes may select from, and a condition over them without which nothing is written.
 */
export interface CommitGuard {
  with: SQL[];
  holds: SQL;
}

/**
 * Commits writes and their audit row as one statement, which PostgreSQL runs as its own
 * transaction: one round trip instead of BEGIN, one per write, the audit append and COMMIT. First
 * `claim` runs (a data-modifying statement RETURNING a row when the writes may go ahead, e.g. an
 * idempotency key claimed; given the condition that the chain head exists), then the writes, only
 * if it returned a row; only then is the chain head locked, the row appended and the head moved.
 * All or nothing: when the claim returns no row nothing is written and the answer is null; when any
 * part fails the statement fails whole. The head is locked for the append and the commit only, and
 * the commit does not wait for its WAL flush (asynchronous commit): the caller waits for it
 * afterwards (waitForFlush), together with every writer that committed meanwhile.
 *
 * A `guard` lets a statement do its own reads: its CTEs come first, and nothing (not even the
 * claim) is written unless its condition holds; the answer is then null as for a refused claim.
 */
export async function commitInOneStatement(
  db: Db,
  plan: {
    guard?: CommitGuard;
    claim?: GatedWrite;
    writes: GatedWrite[];
    entry: AuditEntry /** false only to measure what the wait costs (bench/durability-cost) */;
    waitForFlush?: boolean;
  },
): Promise<AuditRow | null> {
  const headExists = sql`EXISTS (SELECT 1 FROM audit_chain_head WHERE id = ${HEAD_ID})`;
  const ready = plan.guard ? sql`${headExists} AND ${plan.guard.holds}` : headExists;
  const gate = plan.claim ? sql`EXISTS (SELECT 1 FROM claim)` : ready;
  const names = plan.writes.map((_, i) => sql.identifier(`w${i}`));
  const ctes = [
    ...(plan.guard?.with ?? []),
    ...(plan.claim ? [sql`claim AS (${plan.claim(ready)})`] : []),
    ...plan.writes.map((write, i) => sql`${names[i]} AS (${write(gate)})`),
  ];
  // Reading every write's output makes it run before the head is locked (a write no one reads runs after the main statement).
  const written = names.length
    ? sql` AND ${sql.join(
        names.map((n) => sql`(SELECT count(*) FROM ${n})`),
        sql` + `,
      )} >= 0`
    : sql``;
  const append = appendStatement(plan.entry, { ctes, headGate: sql`${gate}${written}`, asyncCommit: true });
  let [row] = await preparedRows<AppendedRow>(db, append.statement);
  if (!row && !(await db.select({ id: auditChainHead.id }).from(auditChainHead)).length) {
    await createChainHead(db);
    [row] = await preparedRows<AppendedRow>(db, append.statement);
  }
  if (!row) return null;
  if (plan.waitForFlush !== false) await waitForFlush(db);
  // Checked after the commit, which cannot be undone here: a mismatch is a bug audit verify would report too.
  return append.check(row);
}

/** A statement whose synchronous commit flushes the WAL written before it (see waitForFlush). */
const FLUSH_BARRIER = sql`SELECT pg_logical_emit_message(true, 'billing-copilot', 'flush') IS NOT NULL AS flushed`;

/** Per database handle: the flush barrier waiting to be sent, and the one on its way. */
const barriers = new WeakMap<Db, { next: Promise<void> | null; running: Promise<void> | null }>();

/**
 * Returns once every transaction that committed before the call is durable: the WAL up to its
 * commit record is written out (and, on a server, fsynced). The barrier is a synchronous commit of a
 * one-statement transaction that writes a WAL record (a transactional logical message, which also
 * takes a transaction id) and so returns once the WAL up to its own commit record, written after
 * every commit before it was sent, is flushed. A transaction that only takes an id and writes no
 * WAL (the barrier was `SELECT pg_current_xact_id()`) commits asynchronously itself: PostgreSQL
 * flushes at commit only when the transaction wrote WAL, so that barrier flushed nothing, and on
 * PGlite, which has no WAL writer, acknowledged imports were lost to a SIGKILL. Callers share barriers (group commit): one waits for
 * the barrier on its way to finish and then sends one for everyone who arrived meanwhile, so under
 * load a barrier serves many writers instead of costing each a round trip. A caller joins only a
 * barrier not yet sent, never one already on its way, which might be ahead of its commit. Barriers
 * run on a connection beside the pool (besidePool), so they never queue behind the commits they serve.
 */
export function waitForFlush(db: Db): Promise<void> {
  let b = barriers.get(db);
  if (!b) barriers.set(db, (b = { next: null, running: null }));
  const state = b;
  if (state.next) return state.next;
  const next = (async () => {
    await state.running?.catch(() => undefined);
    state.next = null;
    const running = besidePool(db, FLUSH_BARRIER).then(() => undefined);
    state.running = running;
    try {
      await running;
    } finally {
      if (state.running === running) state.running = null;
    }
  })();
  state.next = next;
  return next;
}

/**
 * Recomputes the chain up to the head as it stands when verification starts, reading batchSize rows
 * at a time, and reports the first edited, deleted or reordered row. Rows appended meanwhile are
 * left for the next run.
 */
export async function verifyAudit(
  db: DbOrTx,
  opts: { batchSize?: number } = {},
): Promise<Result<ChainSummary, ChainBreak>> {
  const [headRow] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, HEAD_ID));
  const head: ChainHead | null = headRow ? { lastSeq: headRow.lastSeq, lastHash: headRow.lastHash } : null;
  return verifyChain(readChain(db, head?.lastSeq ?? null, opts.batchSize ?? 5_000), head);
}

/** The audit trail port, backed by this store. */
export const auditStore: AuditTrail<DbOrTx> = { append: appendAudit, verify: (db) => verifyAudit(db) };

/** Streams rows in seq order, keyset-paged; the next page is fetched while the current one is hashed. */
async function* readChain(db: DbOrTx, upTo: bigint | null, batchSize: number): AsyncGenerator<AuditRow> {
  // execute() starts the query now; a drizzle builder alone would wait until awaited.
  const page = (after: bigint): Promise<AuditLogRow[]> =>
    db
      .select()
      .from(auditLog)
      .where(upTo === null ? gt(auditLog.seq, after) : and(gt(auditLog.seq, after), lte(auditLog.seq, upTo)))
      .orderBy(asc(auditLog.seq))
      .limit(batchSize)
      .execute();
  let next: Promise<AuditLogRow[]> | null = page(0n);
  try {
    while (next) {
      const batch: AuditLogRow[] = await next;
      const last: AuditLogRow | undefined = batch.at(-1);
      next = last && batch.length === batchSize ? page(last.seq) : null;
      for (const r of batch) {
        yield {
          seq: r.seq,
          at: r.at,
          actorId: r.actorId,
          onBehalfOf: r.onBehalfOf,
          action: r.action,
          targetType: r.targetType,
          targetId: r.targetId,
          before: r.before,
          after: r.after,
          decision: r.policyDecision,
          approvalRef: r.approvalRef,
          reason: r.reason,
          correlationId: r.correlationId,
          prevHash: r.prevHash,
          hash: r.hash,
        };
      }
    }
  } finally {
    // Stopped at a break: let the prefetched page finish so it never outlives the caller's transaction.
    if (next) await next.catch(() => undefined);
  }
}
