import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { apiKeys, legalEntities, users } from '../schema/index.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { prepared } from './prepared.ts';

export type UserRow = typeof users.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

export interface NewUser {
  email: string;
  name: string;
  kind: 'person' | 'agent';
  roles: string[];
  entityIds: string[] | null;
}

/** Inserts a user; an email already taken (case-insensitive) is refused. */
export async function insertUser(
  db: DbOrTx,
  u: NewUser,
): Promise<Result<UserRow, { code: 'EMAIL_TAKEN'; email: string }>> {
  const [row] = await db.insert(users).values(u).onConflictDoNothing().returning();
  return row ? ok(row) : err({ code: 'EMAIL_TAKEN', email: u.email });
}

/** Stores a key's hash and prefix for a user. */
export async function insertApiKey(
  db: DbOrTx,
  userId: string,
  key: { prefix: string; hash: string },
): Promise<ApiKeyRow> {
  const [row] = await db.insert(apiKeys).values({ userId, prefix: key.prefix, keyHash: key.hash }).returning();
  return row!;
}

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

/** Revokes a key; revoking twice or an unknown key is a typed failure. */
export async function revokeApiKey(
  db: DbOrTx,
  keyId: string,
  at: Date,
): Promise<Result<ApiKeyRow, { code: 'KEY_NOT_FOUND' | 'KEY_ALREADY_REVOKED'; keyId: string }>> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning();
  if (row) return ok(row);
  const [existing] = await db.select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.id, keyId));
  return err({ code: existing ? 'KEY_ALREADY_REVOKED' : 'KEY_NOT_FOUND', keyId });
}

/** Every user with their keys (prefix and dates only), by email. */
export async function listUsersWithKeys(db: DbOrTx): Promise<{ user: UserRow; keys: ApiKeyRow[] }[]> {
  const us = await db.select().from(users).orderBy(asc(users.email));
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
  return us.map((user) => ({ user, keys: ks.filter((k) => k.userId === user.id) }));
}

/** Legal entity ids by code, and the codes by id (for showing scopes). */
export async function legalEntityCodes(
  db: DbOrTx,
): Promise<{ idByCode: Map<string, string>; codeById: Map<string, string> }> {
  const rows = await db.select({ id: legalEntities.id, code: legalEntities.code }).from(legalEntities);
  return { idByCode: new Map(rows.map((r) => [r.code, r.id])), codeById: new Map(rows.map((r) => [r.id, r.code])) };
}
