import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { idempotencyKeys } from '../schema/index.ts';

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/**
 * Claims (user, key) for a request: INSERT ... ON CONFLICT DO NOTHING, so of any number of
 * concurrent claims exactly one wins. The losers get the existing row.
 */
export async function claimIdempotencyKey(
  db: DbOrTx, userId: string, key: string, requestHash: string,
): Promise<{ claimed: true } | { claimed: false; existing: IdempotencyRow | null }> {
  const [row] = await db.insert(idempotencyKeys).values({ userId, key, requestHash }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
  if (row) return { claimed: true };
  const [existing] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  // Null when the winner failed with a 5xx and released the key between our insert and select.
  return { claimed: false, existing: existing ?? null };
}

/** Stores the response of the claimed request, to be replayed for the same key and body. */
export async function completeIdempotencyKey(db: DbOrTx, userId: string, key: string, res: { status: number; body: string; type: string | null }, at: Date): Promise<void> {
  await db.update(idempotencyKeys)
    .set({ status: 'completed', responseStatus: res.status, responseBody: res.body, responseType: res.type, completedAt: at })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/** Releases a claim whose request failed on our side (5xx), so the client may retry with the same key. */
export async function releaseIdempotencyKey(db: DbOrTx, userId: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}
