import { and, asc, desc, eq, gte, ilike, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { agentPendingCalls, agentTurns, type TurnToolCall } from '../schema/agent.ts';

export type AgentTurnRow = typeof agentTurns.$inferSelect;
export type PendingCallRow = typeof agentPendingCalls.$inferSelect;

export interface NewTurn {
  threadId: string;
  userId: string;
  actingAs: string;
  channel: string;
  engine: string;
  message: string;
  toolCalls: TurnToolCall[];
  refused: boolean;
  reply: string;
  correlationId: string;
  createdAt: Date;
}

/** Appends one turn. */
export async function insertTurn(db: DbOrTx, t: NewTurn): Promise<AgentTurnRow> {
  const [row] = await db.insert(agentTurns).values(t).returning();
  return row!;
}

/** The last turns of a thread, oldest first: its memory. */
export async function threadTurns(db: DbOrTx, threadId: string, limit: number): Promise<AgentTurnRow[]> {
  const rows = await db
    .select()
    .from(agentTurns)
    .where(eq(agentTurns.threadId, threadId))
    .orderBy(desc(agentTurns.createdAt), desc(agentTurns.id))
    .limit(limit);
  return rows.reverse();
}

export interface TurnFilter {
  userId?: string | undefined;
  threadId?: string | undefined;
  tool?: string | undefined;
  refused?: boolean | undefined;
  text?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

/** Turns, newest first, by person, thread, tool called, refusal, words in the message or reply, and time. */
export async function searchTurns(db: DbOrTx, f: TurnFilter): Promise<{ rows: AgentTurnRow[]; total: number }> {
  const where: SQL[] = [];
  if (f.userId) where.push(eq(agentTurns.userId, f.userId));
  if (f.threadId) where.push(eq(agentTurns.threadId, f.threadId));
  if (f.tool) where.push(sql`${agentTurns.toolCalls} @> ${JSON.stringify([{ tool: f.tool }])}::jsonb`);
  if (f.refused !== undefined) where.push(eq(agentTurns.refused, f.refused));
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(agentTurns.message, like), ilike(agentTurns.reply, like))!);
  }
  if (f.from) where.push(gte(agentTurns.createdAt, f.from));
  if (f.to) where.push(lte(agentTurns.createdAt, f.to));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(agentTurns)
      .where(cond)
      .orderBy(desc(agentTurns.createdAt), desc(agentTurns.id))
      .limit(f.limit)
      .offset(f.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(agentTurns).where(cond),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** Records a call waiting for an approval request; the same request in the same thread is recorded once. */
export async function insertPendingCall(
  db: DbOrTx,
  p: Pick<PendingCallRow, 'requestId' | 'threadId' | 'userId' | 'tool' | 'args' | 'idempotencyKey' | 'createdAt'>,
): Promise<void> {
  await db.insert(agentPendingCalls).values(p).onConflictDoNothing();
}

/** A thread's calls still waiting, oldest first. */
export async function waitingCalls(db: DbOrTx, threadId: string): Promise<PendingCallRow[]> {
  return db
    .select()
    .from(agentPendingCalls)
    .where(and(eq(agentPendingCalls.threadId, threadId), eq(agentPendingCalls.status, 'waiting')))
    .orderBy(asc(agentPendingCalls.createdAt));
}

/** The call waiting on a request for a person (any thread of theirs), if any. */
export async function pendingCallOf(db: DbOrTx, requestId: string, userId: string): Promise<PendingCallRow | null> {
  const [row] = await db
    .select()
    .from(agentPendingCalls)
    .where(and(eq(agentPendingCalls.requestId, requestId), eq(agentPendingCalls.userId, userId)))
    .orderBy(asc(agentPendingCalls.createdAt))
    .limit(1);
  return row ?? null;
}

/** Marks a waiting call resolved, once: false when another resume got there first. */
export async function resolvePendingCall(
  db: DbOrTx,
  id: string,
  status: 'done' | 'failed' | 'rejected',
  outcome: unknown,
  at: Date,
): Promise<boolean> {
  const rows = await db
    .update(agentPendingCalls)
    .set({ status, outcome, resolvedAt: at })
    .where(and(eq(agentPendingCalls.id, id), eq(agentPendingCalls.status, 'waiting')))
    .returning({ id: agentPendingCalls.id });
  return rows.length === 1;
}
