import { and, desc, eq, lte, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { auditLog } from '../schema/audit.ts';

export interface AuditFilter {
  targetType?: string | undefined;
  targetId?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  correlationId?: string | undefined;
  /** Only rows up to this seq: a stable snapshot while paging. */
  beforeSeq?: bigint | undefined;
  limit: number;
  offset: number;
}

/** Audit rows, newest first. */
export async function listAudit(db: DbOrTx, f: AuditFilter) {
  const where: SQL[] = [];
  if (f.targetType) where.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) where.push(eq(auditLog.targetId, f.targetId));
  if (f.actorId) where.push(sql`(${auditLog.actorId} = ${f.actorId} OR ${auditLog.onBehalfOf} = ${f.actorId})`);
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.correlationId) where.push(eq(auditLog.correlationId, f.correlationId));
  if (f.beforeSeq !== undefined) where.push(lte(auditLog.seq, f.beforeSeq));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [n]] = await Promise.all([
    db.select().from(auditLog).where(cond).orderBy(desc(auditLog.seq)).limit(f.limit).offset(f.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(cond),
  ]);
  return { rows, total: Number(n?.n ?? 0) };
}
