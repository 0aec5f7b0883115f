import { and, asc, eq, gt, lte } from 'drizzle-orm';
import { chainRow } from '../../billing/audit/hash-row.ts';
import { GENESIS_HASH, type AuditEntry, type AuditRow, type ChainHead } from '../../billing/audit/audit-row.ts';
import type { AuditTrail } from '../../billing/audit/audit-port.ts';
import { verifyChain, type ChainBreak, type ChainSummary } from '../../billing/audit/verify-chain.ts';
import type { Result } from '../../shared/result.ts';
import type { DbOrTx } from '../client.ts';
import { auditChainHead, auditLog } from '../schema/audit.ts';

const HEAD_ID = 1;
type AuditLogRow = typeof auditLog.$inferSelect;

/**
 * Appends an entry at the end of the audit chain, inside the caller's transaction when given one
 * (a savepoint), else in its own. The chain head row is locked FOR UPDATE, so concurrent appenders
 * queue on it until the locking transaction ends: seq stays gapless (a rollback undoes both the
 * row and the head) and each row links to the one committed before it. Same on PGlite and PostgreSQL.
 */
export async function appendAudit(db: DbOrTx, entry: AuditEntry): Promise<AuditRow> {
  return db.transaction(async (tx) => {
    const head = (await lockHead(tx)) ?? (await createHead(tx));
    const row = chainRow(entry, head.lastSeq + 1n, head.lastHash);
    await tx.insert(auditLog).values({
      seq: row.seq,
      at: row.at,
      actorId: row.actorId,
      onBehalfOf: row.onBehalfOf,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      before: row.before,
      after: row.after,
      policyDecision: row.decision,
      approvalRef: row.approvalRef,
      reason: row.reason,
      correlationId: row.correlationId,
      prevHash: row.prevHash,
      hash: row.hash,
    });
    await tx.update(auditChainHead).set({ lastSeq: row.seq, lastHash: row.hash }).where(eq(auditChainHead.id, HEAD_ID));
    return row;
  });
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

async function lockHead(tx: DbOrTx): Promise<ChainHead | undefined> {
  const [head] = await tx
    .select({ lastSeq: auditChainHead.lastSeq, lastHash: auditChainHead.lastHash })
    .from(auditChainHead)
    .where(eq(auditChainHead.id, HEAD_ID))
    .for('update');
  return head;
}

/** The first append creates the head; a concurrent first append waits on the same key, then locks. */
async function createHead(tx: DbOrTx): Promise<ChainHead> {
  await tx.insert(auditChainHead).values({ id: HEAD_ID, lastSeq: 0n, lastHash: GENESIS_HASH }).onConflictDoNothing();
  const head = await lockHead(tx);
  if (!head) throw new Error('audit_chain_head row missing after insert');
  return head;
}
