import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../client.ts';
import { agentCheckpoints, agentCheckpointWrites } from '../schema/agent.ts';

export type CheckpointRow = typeof agentCheckpoints.$inferSelect;
export type CheckpointWriteRow = typeof agentCheckpointWrites.$inferSelect;
export type NewCheckpoint = Omit<CheckpointRow, 'createdAt'> & { createdAt: Date };

/** Saves one checkpoint (again: the same id replaces it, as LangGraph's savers do). */
export async function upsertCheckpoint(db: DbOrTx, c: NewCheckpoint): Promise<void> {
  await db
    .insert(agentCheckpoints)
    .values(c)
    .onConflictDoUpdate({
      target: [agentCheckpoints.threadId, agentCheckpoints.checkpointNs, agentCheckpoints.checkpointId],
      set: {
        checkpointType: c.checkpointType,
        checkpoint: c.checkpoint,
        metadataType: c.metadataType,
        metadata: c.metadata,
      },
    });
}

/**
 * Saves a task's writes in one statement each kind: a regular write already saved for the same task
 * and index is kept (a replayed task writes nothing twice); special writes (negative index: error,
 * interrupt, resume) replace what was there, as LangGraph's savers do.
 */
export async function saveWrites(db: DbOrTx, rows: CheckpointWriteRow[]): Promise<void> {
  const keys = [
    agentCheckpointWrites.threadId,
    agentCheckpointWrites.checkpointNs,
    agentCheckpointWrites.checkpointId,
    agentCheckpointWrites.taskId,
    agentCheckpointWrites.idx,
  ];
  const regular = rows.filter((r) => r.idx >= 0);
  const special = rows.filter((r) => r.idx < 0);
  if (regular.length) await db.insert(agentCheckpointWrites).values(regular).onConflictDoNothing({ target: keys });
  if (special.length)
    await db
      .insert(agentCheckpointWrites)
      .values(special)
      .onConflictDoUpdate({
        target: keys,
        set: {
          channel: sql`excluded.channel`,
          taskPath: sql`excluded.task_path`,
          valueType: sql`excluded.value_type`,
          value: sql`excluded.value`,
        },
      });
}

export interface CheckpointQuery {
  threadId?: string | undefined;
  checkpointNs?: string | undefined;
  checkpointId?: string | undefined;
  /** Only checkpoints older than this id (ids sort by time). */
  before?: string | undefined;
  limit?: number | undefined;
}

/** Checkpoints, newest first (checkpoint ids are time-ordered). */
export async function findCheckpoints(db: DbOrTx, q: CheckpointQuery): Promise<CheckpointRow[]> {
  const where = and(
    q.threadId !== undefined ? eq(agentCheckpoints.threadId, q.threadId) : undefined,
    q.checkpointNs !== undefined ? eq(agentCheckpoints.checkpointNs, q.checkpointNs) : undefined,
    q.checkpointId !== undefined ? eq(agentCheckpoints.checkpointId, q.checkpointId) : undefined,
    q.before !== undefined ? lt(agentCheckpoints.checkpointId, q.before) : undefined,
  );
  const query = db.select().from(agentCheckpoints).where(where).orderBy(desc(agentCheckpoints.checkpointId));
  return q.limit !== undefined ? query.limit(q.limit) : query;
}

/** The pending writes saved against one checkpoint (unordered; the saver sorts them). */
export const writesOf = (db: DbOrTx, threadId: string, ns: string, checkpointId: string) =>
  db
    .select()
    .from(agentCheckpointWrites)
    .where(
      and(
        eq(agentCheckpointWrites.threadId, threadId),
        eq(agentCheckpointWrites.checkpointNs, ns),
        eq(agentCheckpointWrites.checkpointId, checkpointId),
      ),
    );

/** Deletes every checkpoint and write of the given threads; returns how many checkpoints went. */
export async function deleteCheckpointThreads(db: DbOrTx, threadIds: readonly string[]): Promise<number> {
  if (threadIds.length === 0) return 0;
  await db.delete(agentCheckpointWrites).where(inArray(agentCheckpointWrites.threadId, [...threadIds]));
  const gone = await db
    .delete(agentCheckpoints)
    .where(inArray(agentCheckpoints.threadId, [...threadIds]))
    .returning({ id: agentCheckpoints.checkpointId });
  return gone.length;
}

/**
 * Deletes up to `limit` stale threads' checkpoints and writes in one transaction: threads whose newest
 * checkpoint is older than `before` (paused runs nobody took up, or left by a process that died) and
 * that no call waits on (agent_pending_calls `waiting`: the run resumes from its checkpoint once the
 * request is decided). The delete checks both again, so a thread that got a new checkpoint or a
 * waiting call since it was picked stays. Returns the threads deleted.
 */
export async function deleteStaleCheckpointThreads(db: DbOrTx, before: Date, limit: number): Promise<string[]> {
  const at = before.toISOString();
  const keep = sql`(
    EXISTS (SELECT 1 FROM agent_checkpoints n WHERE n.thread_id = c.thread_id AND n.created_at >= ${at}::timestamptz)
    OR c.thread_id IN (SELECT p.thread_id::text FROM agent_pending_calls p WHERE p.status = 'waiting')
  )`;
  return db.transaction(async (tx) => {
    const picked = await queryRows<{ thread_id: string }>(
      tx,
      sql`SELECT c.thread_id FROM agent_checkpoints c
          WHERE c.created_at < ${at}::timestamptz AND NOT ${keep}
          GROUP BY c.thread_id ORDER BY c.thread_id LIMIT ${limit}`,
    );
    if (picked.length === 0) return [];
    const ids = sql.join(
      picked.map((r) => sql`${r.thread_id}`),
      sql`, `,
    );
    const gone = await queryRows<{ thread_id: string }>(
      tx,
      sql`DELETE FROM agent_checkpoints c WHERE c.thread_id IN (${ids}) AND NOT ${keep} RETURNING c.thread_id`,
    );
    const threads = [...new Set(gone.map((r) => r.thread_id))];
    if (threads.length) await tx.delete(agentCheckpointWrites).where(inArray(agentCheckpointWrites.threadId, threads));
    return threads;
  });
}
