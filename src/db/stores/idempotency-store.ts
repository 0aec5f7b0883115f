import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { idempotencyKeys } from '../schema/index.ts';
import { prepared } from './prepared.ts';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Claims (user, key) for a request: INSERT ... ON CONFLICT DO NOTHING, so of any number of
 * concurrent claims exactly one wins. The losers get the existing row.
 */
export async function claimIdempotencyKey(
  db: DbOrTx,
  userId: string,
  key: string,
  requestHash: string,
): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRow | null }> {
  // Every POST with a key runs this: prepared once per handle.
  const claim = prepared(db, 'bc_idempotency_claim', () =>
    db
      .insert(idempotencyKeys)
      .values({
        userId: sql.placeholder('userId'),
        key: sql.placeholder('key'),
        requestHash: sql.placeholder('requestHash'),
      })
      .onConflictDoNothing()
      .returning({ key: idempotencyKeys.key })
      .prepare('bc_idempotency_claim'),
  );
  const [row] = await claim.execute({ userId, key, requestHash });
  if (row) return { claimed: true };
  const [existing] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  // Null when the winner failed with a 5xx and released the key between our insert and select.
  return { claimed: false, existing: existing ?? null };
}

/** Stores the response of the claimed request, to be replayed for the same key and body. */
export async function completeIdempotencyKey(
  db: DbOrTx,
  userId: string,
  key: string,
  res: { status: number; body: string; type: string | null },
  at: Date,
): Promise<void> {
  const complete = prepared(db, 'bc_idempotency_complete', () =>
    db
      .update(idempotencyKeys)
      .set({
        // update().set() takes SQL, not bare placeholders.
        status: 'completed',
        responseStatus: sql`${sql.placeholder('status')}::int`,
        responseBody: sql`${sql.placeholder('body')}`,
        responseType: sql`${sql.placeholder('type')}`,
        completedAt: sql`${sql.placeholder('at')}::timestamptz`,
      })
      .where(
        and(eq(idempotencyKeys.userId, sql.placeholder('userId')), eq(idempotencyKeys.key, sql.placeholder('key'))),
      )
      .prepare('bc_idempotency_complete'),
  );
  await complete.execute({ status: res.status, body: res.body, type: res.type, at: at.toISOString(), userId, key });
}

/** Releases a claim whose request failed on our side (5xx), so the client may retry with the same key. */
export async function releaseIdempotencyKey(db: DbOrTx, userId: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}
