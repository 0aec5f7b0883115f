import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { apiKeys, legalEntities, users } from '../schema/index.ts';
import { prepared } from './prepared.ts';

export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

/** The active user holding an unrevoked key with this hash, or null. */
export async function findUserByKeyHash(db: DbOrTx, hash: string): Promise<{ user: UserRow; key: ApiKeyRow } | null> {
  // Every authenticated request runs this: prepared once per handle.
  const q = prepared(db, 'bc_user_by_key_hash', () =>
    db
      .select({ user: users, key: apiKeys })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(and(eq(apiKeys.keyHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt), eq(users.active, true)))
      .prepare('bc_user_by_key_hash'),
  );
  const [row] = await q.execute({ hash });
  return row ?? null;
}

/** The active user with this email (case-insensitive), or null. */
export async function findActiveUserByEmail(db: DbOrTx, email: string): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, eq(users.active, true)));
  return row ?? null;
}

/** Records that a key was used (the caller throttles how often). */
export async function touchApiKey(db: DbOrTx, keyId: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, keyId));
}

/** A page of users with their keys (prefix and dates only), by email, and how many users there are. */
export async function pageUsersWithKeys(
  db: DbOrTx,
  limit: number,
  offset: number,
): Promise<{ rows: { user: UserRow; keys: ApiKeyRow[] }[]; total: number }> {
  const us = await db.select().from(users).orderBy(asc(users.email), asc(users.id)).limit(limit).offset(offset);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  const ks = us.length
    ? await db
        .select()
        .from(apiKeys)
        .where(
          inArray(
            apiKeys.userId,
            us.map((u) => u.id),
          ),
        )
        .orderBy(asc(apiKeys.createdAt))
    : [];
  return {
    rows: us.map((user) => ({ user, keys: ks.filter((k) => k.userId === user.id) })),
    total: Number(count?.n ?? 0),
  };
}

/** Legal entity ids by code, and the codes by id (for showing scopes). */
export async function legalEntityCodes(
  db: DbOrTx,
): Promise<{ idByCode: Map<string, string>; codeById: Map<string, string> }> {
  const rows = await db.select({ id: legalEntities.id, code: legalEntities.code }).from(legalEntities);
  return { idByCode: new Map(rows.map((r) => [r.code, r.id])), codeById: new Map(rows.map((r) => [r.id, r.code])) };
}

/**
 * True when an active user holding this role has an unrevoked API key: someone with the role can
 * act. What ends the console operator's setup of a firm (src/policy/service-identities.ts).
 */
export async function someoneWithRoleCanAct(db: DbOrTx, role: string): Promise<boolean> {
  const [row] = await db
    .select({ id: users.id })
    .from(users)
    .innerJoin(apiKeys, eq(apiKeys.userId, users.id))
    .where(and(eq(users.active, true), sql`${role} = ANY(${users.roles})`, isNull(apiKeys.revokedAt)))
    .limit(1);
  return row !== undefined;
}

/** A key by id (its user and whether it is revoked), or null. */
export async function apiKeyById(db: DbOrTx, keyId: string): Promise<ApiKeyRow | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, keyId));
  return row ?? null;
}
