import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { approvalNotices } from '../schema/index.ts';

export type ApprovalNoticeRow = typeof approvalNotices.$inferSelect;
export type ApprovalNoticeInsert = Omit<typeof approvalNotices.$inferInsert, 'id' | 'readAt' | 'readVia'>;

/** A notice as its readers see it (the request or invoice it is about is on the row). */
export type ApprovalNoticeView = ApprovalNoticeRow;

/**
 * Records a requester's notice once per decision and person (a request's, or an invoice revision's);
 * false when it was recorded before (a replayed decision, a retried relay).
 */
export async function insertApprovalNotice(db: DbOrTx, n: ApprovalNoticeInsert): Promise<boolean> {
  const rows = await db.insert(approvalNotices).values(n).onConflictDoNothing().returning({ id: approvalNotices.id });
  return rows.length > 0;
}

/** The notice of a request's decision for a person, if one was written. */
export async function noticeOfRequest(
  db: DbOrTx,
  requestId: string,
  userId: string,
): Promise<ApprovalNoticeRow | null> {
  const [row] = await db
    .select()
    .from(approvalNotices)
    .where(and(eq(approvalNotices.requestId, requestId), eq(approvalNotices.userId, userId)));
  return row ?? null;
}

/**
 * Replaces a request's notice words with what the resumed copilot call did (the chat relay, once it
 * took the requester's paused conversation up); the read state is left as it is.
 */
export async function reviseNotice(
  db: DbOrTx,
  id: string,
  r: Pick<ApprovalNoticeRow, 'event' | 'text' | 'resumed' | 'threadId'>,
): Promise<void> {
  await db.update(approvalNotices).set(r).where(eq(approvalNotices.id, id));
}

/**
 * One person's notices, oldest first when only unread ones are asked for (the order to read them in),
 * newest first otherwise; one page and the total. Served by approval_notices_user_idx.
 */
export async function noticesOfUser(
  db: DbOrTx,
  userId: string,
  q: { unread: boolean | undefined; limit: number; offset: number },
): Promise<{ rows: ApprovalNoticeView[]; total: number }> {
  const where = and(
    eq(approvalNotices.userId, userId),
    q.unread === undefined
      ? undefined
      : q.unread
        ? isNull(approvalNotices.readAt)
        : sql`${approvalNotices.readAt} IS NOT NULL`,
  );
  // One after the other: inside a call's transaction both statements share one connection.
  const rows = await db
    .select()
    .from(approvalNotices)
    .where(where)
    .orderBy(q.unread ? asc(approvalNotices.createdAt) : desc(approvalNotices.createdAt), asc(approvalNotices.id))
    .limit(q.limit)
    .offset(q.offset);
  const [n] = await db.select({ n: count() }).from(approvalNotices).where(where);
  return { rows, total: Number(n?.n ?? 0) };
}

/**
 * Marks some of a person's unread notices read (all of them when ids is null, at most `limit`), in one
 * statement: a notice is returned by exactly one call, so two readers never both show it. Ids of other
 * people's notices, or read ones, are left alone. The notices marked.
 */
export async function markNoticesRead(
  db: DbOrTx,
  userId: string,
  ids: readonly string[] | null,
  via: string,
  now: Date,
  limit: number,
): Promise<ApprovalNoticeView[]> {
  if (ids !== null && ids.length === 0) return [];
  const pick = db
    .select({ id: approvalNotices.id })
    .from(approvalNotices)
    .where(
      and(
        eq(approvalNotices.userId, userId),
        isNull(approvalNotices.readAt),
        ids === null ? undefined : inArray(approvalNotices.id, [...ids]),
      ),
    )
    .orderBy(asc(approvalNotices.createdAt), asc(approvalNotices.id))
    .limit(limit);
  const marked = await db
    .update(approvalNotices)
    .set({ readAt: now, readVia: via })
    .where(and(inArray(approvalNotices.id, pick), isNull(approvalNotices.readAt)))
    .returning({ id: approvalNotices.id });
  if (marked.length === 0) return [];
  return db
    .select()
    .from(approvalNotices)
    .where(
      inArray(
        approvalNotices.id,
        marked.map((m) => m.id),
      ),
    )
    .orderBy(asc(approvalNotices.createdAt), asc(approvalNotices.id));
}

/** Marks a request's notice for a person read where a chat tool told them (the relay). */
export async function markNoticeToldInChat(
  db: DbOrTx,
  requestId: string,
  userId: string,
  via: string,
  now: Date,
): Promise<void> {
  await db
    .update(approvalNotices)
    .set({ readAt: now, readVia: via })
    .where(
      and(eq(approvalNotices.requestId, requestId), eq(approvalNotices.userId, userId), isNull(approvalNotices.readAt)),
    );
}
