import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { chatNoticePosts, type ChatPostState } from '../schema/index.ts';

export type ChatNoticePostRow = typeof chatNoticePosts.$inferSelect;

/** One message of a relayed notice: the notice, the chat tool, the place (`user:<id>`, `channel:<id>`). */
export interface ChatPostPlace {
  noticeId: string;
  provider: string;
  target: string;
}

/** The record of a place's post, if a try was ever made. */
export async function chatPostOf(db: DbOrTx, p: ChatPostPlace): Promise<ChatNoticePostRow | null> {
  const [row] = await db
    .select()
    .from(chatNoticePosts)
    .where(
      and(
        eq(chatNoticePosts.noticeId, p.noticeId),
        eq(chatNoticePosts.provider, p.provider),
        eq(chatNoticePosts.target, p.target),
      ),
    );
  return row ?? null;
}

/**
 * Records a try before anything is posted: `sending`, one more attempt, when it began; the first try inserts the
 * record, a later one takes it only where it is still as it was read (state and attempts), so two relays never try
 * one place at once. Null when another took it.
 */
export async function claimChatPost(
  db: DbOrTx,
  p: ChatPostPlace,
  prev: Pick<ChatNoticePostRow, 'id' | 'state' | 'attempts'> | null,
  now: Date,
): Promise<ChatNoticePostRow | null> {
  if (!prev) {
    const [row] = await db
      .insert(chatNoticePosts)
      .values({ ...p, state: 'sending', attempts: 1, createdAt: now, attemptedAt: now })
      .onConflictDoNothing()
      .returning();
    return row ?? null;
  }
  const [row] = await db
    .update(chatNoticePosts)
    .set({ state: 'sending', attempts: prev.attempts + 1, attemptedAt: now })
    .where(
      and(
        eq(chatNoticePosts.id, prev.id),
        eq(chatNoticePosts.state, prev.state),
        eq(chatNoticePosts.attempts, prev.attempts),
      ),
    )
    .returning();
  return row ?? null;
}

/** Settles a claimed try (still `sending` at the attempts it was claimed with); true when it was settled. */
export async function settleChatPost(
  db: DbOrTx,
  claimed: Pick<ChatNoticePostRow, 'id' | 'attempts'>,
  state: Exclude<ChatPostState, 'sending'>,
  error: string | null,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(chatNoticePosts)
    .set({ state, error: error?.slice(0, 1000) ?? null, ...(state === 'delivered' ? { postedAt: now } : {}) })
    .where(
      and(
        eq(chatNoticePosts.id, claimed.id),
        eq(chatNoticePosts.state, 'sending'),
        eq(chatNoticePosts.attempts, claimed.attempts),
      ),
    )
    .returning({ id: chatNoticePosts.id });
  return rows.length > 0;
}

/** The post records of a notice (tests and operators). */
export const chatPostsOf = (db: DbOrTx, noticeId: string): Promise<ChatNoticePostRow[]> =>
  db.select().from(chatNoticePosts).where(eq(chatNoticePosts.noticeId, noticeId));
