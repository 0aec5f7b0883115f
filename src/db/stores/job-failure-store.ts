import { and, count, desc, eq, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { jobFailures } from '../schema/index.ts';

export type JobFailureRow = typeof jobFailures.$inferSelect;
export type NewJobFailure = Omit<typeof jobFailures.$inferInsert, 'id'>;

/** Records one failed attempt of a job. */
export async function recordJobFailure(db: DbOrTx, f: NewJobFailure): Promise<void> {
  await db.insert(jobFailures).values(f);
}

export interface JobFailureFilter {
  objectType?: string | undefined;
  objectId?: string | undefined;
  queue?: string | undefined;
  /** Only failures after which no retry follows. */
  final?: boolean | undefined;
  limit: number;
  offset: number;
}

/** Failures, newest first, with the total matching. */
export async function listJobFailures(
  db: DbOrTx,
  f: JobFailureFilter,
): Promise<{ rows: JobFailureRow[]; total: number }> {
  const where: SQL[] = [];
  if (f.objectType) where.push(eq(jobFailures.objectType, f.objectType));
  if (f.objectId) where.push(eq(jobFailures.objectId, f.objectId));
  if (f.queue) where.push(eq(jobFailures.queue, f.queue));
  if (f.final !== undefined) where.push(eq(jobFailures.willRetry, !f.final));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [totalRow]] = await Promise.all([
    db
      .select()
      .from(jobFailures)
      .where(cond)
      .orderBy(desc(jobFailures.failedAt), desc(jobFailures.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: count() }).from(jobFailures).where(cond),
  ]);
  return { rows, total: Number(totalRow?.n ?? 0) };
}
