import { and, asc, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../client.ts';
import {
  chatInboundEvents,
  chatMessages,
  chatNotices,
  userChatLinks,
  type UnreachedRecipient,
} from '../schema/index.ts';

export type ChatNoticeRow = typeof chatNotices.$inferSelect;
export type ChatInboundRow = typeof chatInboundEvents.$inferSelect;
export type ChatMessageRow = typeof chatMessages.$inferSelect;

/** Tries a notice gets before it stays failed. */
export const NOTICE_MAX_ATTEMPTS = 5;
/** A claim older than this is taken to be lost (its process died) and is claimed again. */
const STALE_CLAIM_MS = 5 * 60_000;

/** Queues a notice that an approval request opened or was decided, in the caller's transaction. */
export async function queueApprovalNotice(
  tx: DbOrTx,
  requestId: string,
  event: 'opened' | 'granted' | 'rejected',
  now: Date,
): Promise<void> {
  await tx.insert(chatNotices).values({ kind: 'approval', requestId, event, createdAt: now });
}

/** Queues a text for the configured channels, once per dedupe key; false when the key was queued before. */
export async function queueChannelPost(db: DbOrTx, text: string, dedupeKey: string, now: Date): Promise<boolean> {
  const rows = await db
    .insert(chatNotices)
    .values({ kind: 'channel_post', text, dedupeKey, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: chatNotices.id });
  return rows.length > 0;
}

/** Queues a text for one person (their linked chat accounts), once per dedupe key; false when the key was queued before. */
export async function queuePersonNotice(
  db: DbOrTx,
  userId: string,
  text: string,
  dedupeKey: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .insert(chatNotices)
    .values({ kind: 'person', userId, text, dedupeKey, createdAt: now })
    .onConflictDoNothing()
    .returning({ id: chatNotices.id });
  return rows.length > 0;
}

/**
 * Claims queued notices (and failed ones under the try limit), oldest first: each is claimed by
 * bumping its attempts where they are still what was read, so two relays never send one twice.
 */
export async function claimChatNotices(db: DbOrTx, limit: number): Promise<ChatNoticeRow[]> {
  const candidates = await db
    .select()
    .from(chatNotices)
    .where(
      or(
        eq(chatNotices.status, 'queued'),
        and(eq(chatNotices.status, 'failed'), lt(chatNotices.attempts, NOTICE_MAX_ATTEMPTS)),
      ),
    )
    .orderBy(asc(chatNotices.createdAt), asc(chatNotices.id))
    .limit(limit);
  const claimed: ChatNoticeRow[] = [];
  for (const c of candidates) {
    const [row] = await db
      .update(chatNotices)
      .set({ attempts: c.attempts + 1 })
      .where(and(eq(chatNotices.id, c.id), eq(chatNotices.attempts, c.attempts), eq(chatNotices.status, c.status)))
      .returning();
    if (row) claimed.push(row);
  }
  return claimed;
}

/** How relaying a notice ended: an error to try again on, who could not be reached, and whether only the inbox is left. */
export interface NoticeOutcome {
  error: string | null;
  unreached?: UnreachedRecipient[];
  /** Nobody was told in chat and nobody is worth a retry: the notice is settled as `inbox`. */
  toInbox?: boolean;
  /** Failed only because another try was under way: the claim's attempt is given back (it was no try). */
  giveBack?: boolean;
}

/**
 * Marks a claimed notice sent, failed with the error (tried again until NOTICE_MAX_ATTEMPTS), or
 * `inbox` (nobody could be reached in chat); who was not reached and why is kept either way.
 */
export async function settleChatNotice(db: DbOrTx, id: string, o: NoticeOutcome, now: Date): Promise<void> {
  const unreached = o.unreached ?? [];
  await db
    .update(chatNotices)
    .set(
      o.error !== null
        ? {
            status: 'failed',
            error: o.error,
            unreached,
            ...(o.giveBack ? { attempts: sql`greatest(${chatNotices.attempts} - 1, 0)` } : {}),
          }
        : { status: o.toInbox ? 'inbox' : 'sent', sentAt: now, error: null, unreached },
    )
    .where(eq(chatNotices.id, id));
}

/** The notices of a request, oldest first (tests and operators). */
export const noticesOf = (db: DbOrTx, requestId: string): Promise<ChatNoticeRow[]> =>
  db.select().from(chatNotices).where(eq(chatNotices.requestId, requestId)).orderBy(asc(chatNotices.createdAt));

/** Records an inbound event once; false when its id was seen before (a retry). */
export async function recordInboundEvent(
  db: DbOrTx,
  e: { provider: string; eventId: string; kind: string; payload: Record<string, unknown>; now: Date },
): Promise<boolean> {
  const rows = await db
    .insert(chatInboundEvents)
    .values({ provider: e.provider, eventId: e.eventId, kind: e.kind, payload: e.payload, receivedAt: e.now })
    .onConflictDoNothing()
    .returning({ id: chatInboundEvents.eventId });
  return rows.length > 0;
}

/**
 * Claims one inbound event to handle: received, or working under a claim older than five minutes
 * (its process died). Null when another handler has it.
 */
export async function claimInboundEvent(
  db: DbOrTx,
  provider: string,
  eventId: string,
  now: Date,
): Promise<ChatInboundRow | null> {
  const [row] = await db
    .update(chatInboundEvents)
    .set({ status: 'working', claimedAt: now, attempts: sql`${chatInboundEvents.attempts} + 1` })
    .where(
      and(
        eq(chatInboundEvents.provider, provider),
        eq(chatInboundEvents.eventId, eventId),
        or(
          eq(chatInboundEvents.status, 'received'),
          and(
            eq(chatInboundEvents.status, 'working'),
            lt(chatInboundEvents.claimedAt, new Date(now.getTime() - STALE_CLAIM_MS)),
          ),
        ),
        lt(chatInboundEvents.attempts, 3),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * Marks failed the events whose every attempt was cut off (working, at the last attempt, under a claim
 * older than five minutes): no handler claims them again, so they stayed `working` for ever and the
 * prune, which deletes finished records only, never removed them. The number marked.
 */
export async function failAbandonedInboundEvents(db: DbOrTx, now: Date, provider?: string): Promise<number> {
  const rows = await db
    .update(chatInboundEvents)
    .set({ status: 'failed', error: 'the handler stopped during each of its 3 attempts', doneAt: now })
    .where(
      and(
        provider === undefined ? undefined : eq(chatInboundEvents.provider, provider),
        eq(chatInboundEvents.status, 'working'),
        lt(chatInboundEvents.claimedAt, new Date(now.getTime() - STALE_CLAIM_MS)),
        gte(chatInboundEvents.attempts, 3),
      ),
    )
    .returning({ id: chatInboundEvents.eventId });
  return rows.length;
}

/** Inbound events left unhandled (received, or claimed by a process that died), oldest first; of one provider if given. */
export async function unhandledInboundEvents(
  db: DbOrTx,
  now: Date,
  limit: number,
  provider?: string,
): Promise<ChatInboundRow[]> {
  return db
    .select()
    .from(chatInboundEvents)
    .where(
      and(
        provider === undefined ? undefined : eq(chatInboundEvents.provider, provider),
        or(
          eq(chatInboundEvents.status, 'received'),
          and(
            eq(chatInboundEvents.status, 'working'),
            lt(chatInboundEvents.claimedAt, new Date(now.getTime() - STALE_CLAIM_MS)),
          ),
        ),
        lt(chatInboundEvents.attempts, 3),
      ),
    )
    .orderBy(asc(chatInboundEvents.receivedAt))
    .limit(limit);
}

/**
 * Settles a claimed inbound event: handled (error null), failed for good, or (retry) given back as
 * received with the error, for the job runner's next try to claim.
 */
export async function settleInboundEvent(
  db: DbOrTx,
  provider: string,
  eventId: string,
  error: string | null,
  now: Date,
  opts: { retry?: boolean } = {},
): Promise<void> {
  const set =
    error === null
      ? { status: 'done' as const, error: null, doneAt: now }
      : opts.retry
        ? { status: 'received' as const, error, claimedAt: null }
        : { status: 'failed' as const, error, doneAt: now };
  await db
    .update(chatInboundEvents)
    .set(set)
    .where(and(eq(chatInboundEvents.provider, provider), eq(chatInboundEvents.eventId, eventId)));
}

/**
 * Keeps what handling an event produced (the copilot's answer) in its payload under `_result`, so a
 * retry after a failed post sends that answer instead of asking the copilot again.
 */
export async function noteInboundResult(db: DbOrTx, provider: string, eventId: string, result: string): Promise<void> {
  await db
    .update(chatInboundEvents)
    .set({ payload: sql`${chatInboundEvents.payload} || jsonb_build_object('_result', ${result}::text)` })
    .where(and(eq(chatInboundEvents.provider, provider), eq(chatInboundEvents.eventId, eventId)));
}

/**
 * Deletes at most `limit` records of inbound events that are finished (done, or failed for good) and
 * were both received and settled before `before`, in one statement; the number deleted. Received and
 * working records are never touched. The caller keeps `before` behind the providers' redelivery window:
 * a record's id is what makes a redelivery do nothing. Served by chat_inbound_events_status_idx.
 */
export async function pruneFinishedInboundEvents(db: DbOrTx, before: Date, limit: number): Promise<number> {
  const at = before.toISOString();
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`WITH gone AS (
      DELETE FROM chat_inbound_events WHERE (provider, event_id) IN (
        SELECT provider, event_id FROM chat_inbound_events
        WHERE status IN ('done', 'failed') AND received_at < ${at}::timestamptz AND done_at < ${at}::timestamptz
        LIMIT ${limit})
      RETURNING 1)
    SELECT count(*)::int AS n FROM gone`,
  );
  return Number(row?.n ?? 0);
}

/** Remembers where a request was shown to a person (replacing an earlier message of the same provider). */
export async function saveChatMessage(db: DbOrTx, m: Omit<ChatMessageRow, never>): Promise<void> {
  await db
    .insert(chatMessages)
    .values(m)
    .onConflictDoUpdate({
      target: [chatMessages.provider, chatMessages.requestId, chatMessages.userId],
      set: { channel: m.channel, messageRef: m.messageRef, createdAt: m.createdAt, language: m.language },
    });
}

/** Where a request was shown, per person, for a provider. */
export const chatMessagesOf = (db: DbOrTx, provider: string, requestId: string): Promise<ChatMessageRow[]> =>
  db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.provider, provider), eq(chatMessages.requestId, requestId)));

/** The chat links of some users for a provider (any workspace). */
export async function chatLinksOf(db: DbOrTx, provider: 'slack' | 'teams', userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .select()
    .from(userChatLinks)
    .where(and(eq(userChatLinks.provider, provider), inArray(userChatLinks.userId, [...userIds])));
}
