import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { idempotencyKeys } from '../schema/index.ts';

/** What a catalogue call meeting a taken key is answered from. */
export interface StoredCall {
  requestHash: string;
  status: 'in_progress' | 'completed';
  /** The first call's Result as JSON text, once completed. */
  result: string | null;
}

/**
 * Claims (actor, key) for a catalogue call, in the caller's transaction: of concurrent claims
 * exactly one inserts; the others wait for its transaction (the unique key) and then read what it
 * stored. Null when this call claimed the key, else the row that holds it. The table is the one
 * HTTP's Idempotency-Key uses, so a key means one thing per actor whichever way it came in.
 */
export async function claimCallKey(
  db: DbOrTx,
  userId: string,
  key: string,
  requestHash: string,
  status: StoredCall['status'] = 'in_progress',
): Promise<StoredCall | null> {
  const [won] = await db
    .insert(idempotencyKeys)
    .values({ userId, key, requestHash, status })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (won) return null;
  const [row] = await db
    .select({
      requestHash: idempotencyKeys.requestHash,
      status: idempotencyKeys.status,
      result: idempotencyKeys.responseBody,
    })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  // Released between the insert and the select (the first call threw): it holds nothing now, report it as running.
  return row ?? { requestHash, status: 'in_progress', result: null };
}

/** How a stored Result is typed in idempotency_keys (HTTP's stored responses carry their content type). */
const RESULT_TYPE = 'application/vnd.billing-copilot.tool-result+json';

/**
 * The claim of a call committed in one statement (commitInOneStatement's claim): the key, claimed
 * and completed with the call's Result at once, where `ready` holds; no row when the key is taken
 * (a twin still running is waited for), and then the statement writes nothing.
 */
export const claimCompletedInStatement =
  (userId: string, key: string, requestHash: string, result: string, at: Date) =>
  (ready: SQL): SQL =>
    sql`
    INSERT INTO idempotency_keys (user_id, key, request_hash, status, response_status, response_body, response_type, created_at, completed_at)
    SELECT ${userId}::text, ${key}::text, ${requestHash}::text, 'completed', NULL, ${result}::text, ${RESULT_TYPE}::text, now(), ${at.toISOString()}::timestamptz
    WHERE ${ready}
    ON CONFLICT DO NOTHING RETURNING 1`;

/** Stores a claimed call's Result (JSON text) for replay. */
export async function completeCallKey(
  db: DbOrTx,
  userId: string,
  key: string,
  result: string,
  at: Date,
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({
      status: 'completed',
      responseStatus: null,
      responseBody: result,
      responseType: RESULT_TYPE,
      completedAt: at,
    })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}

/** Releases a claim whose call threw, so a retry with the same key may run. */
export async function releaseCallKey(db: DbOrTx, userId: string, key: string): Promise<void> {
  await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}
