import { and, asc, eq, gt, lte, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { canonicaliseRow, chainRow, hashRow } from '../../billing/audit/hash-row.ts';
import { GENESIS_HASH, type AuditEntry, type AuditRow, type ChainHead } from '../../billing/audit/audit-row.ts';
import type { AuditTrail } from '../../billing/audit/audit-port.ts';
import { verifyChain, type ChainBreak, type ChainSummary } from '../../billing/audit/verify-chain.ts';
import type { Result } from '../../shared/result.ts';
import { queryRows, type Db, type DbOrTx, type Tx } from '../client.ts';
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
 * locked until the transaction ends, so append as the last write before commit (appendAuditAtCommit)
 * and commit with durableTransaction to keep the WAL flush out of that window.
 */
export async function appendAudit(db: DbOrTx, entry: AuditEntry): Promise<AuditRow> {
  if (!(db instanceof PgTransaction)) return db.transaction((tx) => appendAudit(tx, entry));
  const { prevHash: _p, hash: _h, ...content } = chainRow(entry, SEQ_MARK, GENESIS_HASH);
  // The canonical text with the seq cut out: "seq" is the last key before targetId and targetType
  // (strings, escaped), so its last occurrence is the row's own.
  const text = canonicaliseRow(content);
  const mark = `"seq":"${SEQ_MARK}"`;
  const cut = text.lastIndexOf(mark);
  const before = `${text.slice(0, cut)}"seq":"`;
  const after = `"${text.slice(cut + mark.length)}`;
  const json = (v: unknown) => (v === null ? null : JSON.stringify(v));
  const append = () => queryRows<{ seq: string; prev_hash: string; hash: string }>(db, sql`
    WITH head AS (SELECT last_seq, last_hash FROM audit_chain_head WHERE id = ${HEAD_ID} FOR UPDATE),
    row AS (
      INSERT INTO audit_log (seq, at, actor_id, on_behalf_of, action, target_type, target_id, before, after, policy_decision, approval_ref, reason, correlation_id, prev_hash, hash)
      SELECT last_seq + 1, ${content.at.toISOString()}::timestamptz, ${content.actorId}, ${content.onBehalfOf}, ${content.action}, ${content.targetType}, ${content.targetId},
        ${json(content.before)}::jsonb, ${json(content.after)}::jsonb, ${json(content.decision)}::jsonb, ${content.approvalRef}, ${content.reason}, ${content.correlationId},
        last_hash, encode(sha256(convert_to(last_hash || ${'\n' + before} || (last_seq + 1)::text || ${after}, 'UTF8')), 'hex')
      FROM head
      RETURNING seq, prev_hash, hash)
    UPDATE audit_chain_head SET last_seq = row.seq, last_hash = row.hash FROM row WHERE audit_chain_head.id = ${HEAD_ID}
    RETURNING row.seq::text, row.prev_hash, row.hash`);
  let [row] = await append();
  if (!row) {
    // The first append creates the head; a concurrent first append waits on the same key, then locks.
    await db.insert(auditChainHead).values({ id: HEAD_ID, lastSeq: 0n, lastHash: GENESIS_HASH }).onConflictDoNothing();
    [row] = await append();
    if (!row) throw new Error('audit_chain_head row missing after insert');
  }
  const appended: AuditRow = { ...content, seq: BigInt(row.seq), prevHash: row.prev_hash, hash: row.hash };
  if (hashRow(appended.prevHash, appended) !== appended.hash) throw new Error('audit row hashed differently in SQL and in hashRow');
  return appended;
}

const appendAtCommit = new WeakMap<Tx, AuditEntry[]>();

/**
 * Appends the entry when its durableTransaction's work is done, as the transaction's last
 * statement: the chain head is then locked only for that statement and the commit.
 */
export function appendAuditAtCommit(tx: Tx, entry: AuditEntry): void {
  const queue = appendAtCommit.get(tx);
  if (!queue) throw new Error('appendAuditAtCommit runs inside durableTransaction only');
  queue.push(entry);
}

/**
 * Runs fn in a transaction that commits without waiting for its WAL flush, then waits for that
 * flush before returning: the caller is answered only once the commit is durable, as with a plain
 * commit, but row locks (the audit chain head above all) are released before the flush instead of
 * after it, so the next writer does not queue behind this one's fsync, and concurrent writers'
 * flushes are shared (group commit). The wait is a synchronous commit of a one-statement
 * transaction that takes a transaction id: it returns once the WAL up to its own commit record,
 * which lies after this transaction's, is on disk. After a crash before that flush, this
 * transaction is lost whole (with its audit row and everything after it), and its caller never
 * heard that it committed.
 */
export async function durableTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const out = await db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    const atCommit: AuditEntry[] = [];
    appendAtCommit.set(tx, atCommit);
    const value = await fn(tx);
    for (const entry of atCommit) await appendAudit(tx, entry);
    return value;
  });
  await db.execute(sql`SELECT pg_current_xact_id()`);
  return out;
}

/**
 * Recomputes the chain up to the head as it stands when verification starts, reading batchSize rows
 * at a time, and reports the first edited, deleted or reordered row. Rows appended meanwhile are
 * left for the next run.
 */
export async function verifyAudit(db: DbOrTx, opts: { batchSize?: number } = {}): Promise<Result<ChainSummary, ChainBreak>> {
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
