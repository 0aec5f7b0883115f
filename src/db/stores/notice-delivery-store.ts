import { and, asc, count, eq, inArray, isNull, lt, lte, not, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { approvalNotices, type NoticeChatState } from '../schema/index.ts';
import type { ApprovalNoticeRow } from './approval-notice-store.ts';

/** A try still `sending` after this is taken to be cut off (its process died) and is claimed again, as unsure. */
export const STALE_SENDING_MS = 5 * 60_000;

/** Notices whose chat delivery is due now: queued, a retry or an unsure try whose wait is over, a cut-off try. */
const dueNow = (now: Date) =>
  or(
    eq(approvalNotices.chatState, 'queued'),
    and(
      inArray(approvalNotices.chatState, ['retry', 'unsure']),
      or(isNull(approvalNotices.chatNextAttemptAt), lte(approvalNotices.chatNextAttemptAt, now)),
    ),
    and(
      eq(approvalNotices.chatState, 'sending'),
      lte(approvalNotices.chatAttemptedAt, new Date(now.getTime() - STALE_SENDING_MS)),
    ),
  );

/** Never tried, unread and written before `cutoff`: left in the inbox by leaveOldNoticesInInbox, never posted. */
const tooOld = (cutoff: Date) =>
  and(
    eq(approvalNotices.chatState, 'queued'),
    eq(approvalNotices.chatAttempts, 0),
    isNull(approvalNotices.readAt),
    lt(approvalNotices.createdAt, cutoff),
  );

/**
 * How many notices wait for a chat delivery now (served by approval_notices_chat_due_idx); with `cutoff`, not counting
 * the ones a run leaves in the inbox (never tried, unread, written before it).
 */
export async function countDueNoticeDeliveries(db: DbOrTx, now: Date, cutoff?: Date): Promise<number> {
  const [n] = await db
    .select({ n: count() })
    .from(approvalNotices)
    .where(cutoff ? and(dueNow(now), not(tooOld(cutoff)!)) : dueNow(now));
  return Number(n?.n ?? 0);
}

/** Up to `limit` notices due for a chat delivery, oldest first. */
export const dueNoticeDeliveries = (db: DbOrTx, now: Date, limit: number): Promise<ApprovalNoticeRow[]> =>
  db
    .select()
    .from(approvalNotices)
    .where(dueNow(now))
    .orderBy(asc(approvalNotices.createdAt), asc(approvalNotices.id))
    .limit(limit);

/**
 * Records a try before anything is posted: `sending`, one more attempt, when it began; only where the row is still
 * as it was read (state and attempts), so two workers never try one notice at once. Null when another took it.
 */
export async function claimNoticeDelivery(
  db: DbOrTx,
  n: Pick<ApprovalNoticeRow, 'id' | 'chatState' | 'chatAttempts'>,
  provider: string | null,
  now: Date,
): Promise<ApprovalNoticeRow | null> {
  const [row] = await db
    .update(approvalNotices)
    .set({ chatState: 'sending', chatAttempts: n.chatAttempts + 1, chatAttemptedAt: now, chatProvider: provider })
    .where(
      and(
        eq(approvalNotices.id, n.id),
        eq(approvalNotices.chatAttempts, n.chatAttempts),
        n.chatState === null ? isNull(approvalNotices.chatState) : eq(approvalNotices.chatState, n.chatState),
      ),
    )
    .returning();
  return row ?? null;
}

/** How a claimed try ended. */
export type NoticeDeliverySettlement =
  | { state: 'delivered'; provider: string; readVia: string | null }
  | { state: Exclude<NoticeChatState, 'delivered' | 'queued' | 'sending'>; error: string | null; nextAt?: Date };

/**
 * Settles a claimed try (still `sending` at the attempt count it was claimed with, so a late settle of a try taken
 * over by another worker changes nothing): delivered (and read there, when it was unread), or another state with
 * why. True when it was settled.
 */
export async function settleNoticeDelivery(
  db: DbOrTx,
  claimed: Pick<ApprovalNoticeRow, 'id' | 'chatAttempts'>,
  s: NoticeDeliverySettlement,
  now: Date,
): Promise<boolean> {
  const mine = and(
    eq(approvalNotices.id, claimed.id),
    eq(approvalNotices.chatState, 'sending'),
    eq(approvalNotices.chatAttempts, claimed.chatAttempts),
  );
  const rows =
    s.state === 'delivered'
      ? await db
          .update(approvalNotices)
          .set({
            chatState: 'delivered',
            chatDeliveredAt: now,
            chatProvider: s.provider,
            chatLastError: null,
            chatNextAttemptAt: null,
            // Told in chat: the terminal need not show it again (as the chat relay marks a request's notice).
            readAt: sql`coalesce(${approvalNotices.readAt}, ${now.toISOString()}::timestamptz)`,
            readVia: sql`coalesce(${approvalNotices.readVia}, ${s.readVia})`,
          })
          .where(mine)
          .returning({ id: approvalNotices.id })
      : await db
          .update(approvalNotices)
          .set({
            chatState: s.state,
            chatLastError: s.error?.slice(0, 1000) ?? null,
            chatNextAttemptAt: s.nextAt ?? null,
          })
          .where(mine)
          .returning({ id: approvalNotices.id });
  return rows.length > 0;
}

/** Settles a notice that no try is made for (no chat identity; read elsewhere first), from the state it was read in. */
export async function settleUntried(
  db: DbOrTx,
  n: Pick<ApprovalNoticeRow, 'id' | 'chatState' | 'chatAttempts'>,
  state: 'no_chat' | 'read',
  error: string | null,
): Promise<boolean> {
  const rows = await db
    .update(approvalNotices)
    .set({ chatState: state, chatLastError: error, chatNextAttemptAt: null })
    .where(
      and(
        eq(approvalNotices.id, n.id),
        eq(approvalNotices.chatAttempts, n.chatAttempts),
        n.chatState === null ? isNull(approvalNotices.chatState) : eq(approvalNotices.chatState, n.chatState),
      ),
    )
    .returning({ id: approvalNotices.id });
  return rows.length > 0;
}

/**
 * Settles `inbox` (not posted: left for the API and the terminal) up to `limit` notices never tried that were written
 * before `cutoff` and are still unread: a chat tool configured today does not post last month's decisions. One
 * statement; the number settled.
 */
export async function leaveOldNoticesInInbox(db: DbOrTx, cutoff: Date, error: string, limit: number): Promise<number> {
  const old = db.select({ id: approvalNotices.id }).from(approvalNotices).where(tooOld(cutoff)).limit(limit);
  const rows = await db
    .update(approvalNotices)
    .set({ chatState: 'inbox', chatLastError: error, chatNextAttemptAt: null })
    .where(and(inArray(approvalNotices.id, old), eq(approvalNotices.chatState, 'queued')))
    .returning({ id: approvalNotices.id });
  return rows.length;
}
