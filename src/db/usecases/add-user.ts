import { z } from 'zod';
import type { Db } from '../client.ts';
import { appendAudit } from '../stores/audit-store.ts';
import { forgetCachedKeys } from '../stores/key-cache.ts';
import {
  findActiveUserByEmail,
  insertApiKey,
  insertUser,
  legalEntityCodes,
  revokeApiKey,
} from '../stores/user-store.ts';
import { ROLES } from '../../policy/roles.ts';
import { generateApiKey } from '../../shared/api-keys.ts';
import { err, ok, type Result } from '../../shared/result.ts';

/** Who is adding or changing users: the CLI operator, or a seed. */
export interface AdminContext {
  actorId: string;
  correlationId: string;
  now: Date;
}

export const addUserInputSchema = z
  .object({
    email: z.string().email().max(254).describe('Sign-in email; X-On-Behalf-Of names people by it'),
    name: z.string().min(1).max(200),
    roles: z.array(z.enum(ROLES)).min(1).describe('Roles; "agent" makes the AI service identity and stands alone'),
    entities: z
      .array(z.string().min(1).max(64))
      .min(1)
      .nullable()
      .describe('Legal entity codes the user may act in; null = all'),
  })
  .refine((u) => !u.roles.includes('agent') || u.roles.length === 1, {
    path: ['roles'],
    message: 'the agent role stands alone',
  });
export type AddUserInput = z.infer<typeof addUserInputSchema>;

export type AddUserError = { code: 'EMAIL_TAKEN'; email: string } | { code: 'UNKNOWN_LEGAL_ENTITY'; codes: string[] };

export interface AddedUser {
  userId: string;
  keyId: string;
  /** The API key, to be shown once. */
  key: string;
}

/** Creates a user with one API key, and audits it (without the key). */
export async function addUser(
  db: Db,
  input: AddUserInput,
  ctx: AdminContext,
): Promise<Result<AddedUser, AddUserError>> {
  return db.transaction(async (tx) => {
    let entityIds: string[] | null = null;
    if (input.entities) {
      const { idByCode } = await legalEntityCodes(tx);
      const unknown = input.entities.filter((c) => !idByCode.has(c));
      if (unknown.length) return err({ code: 'UNKNOWN_LEGAL_ENTITY' as const, codes: unknown });
      entityIds = input.entities.map((c) => idByCode.get(c)!);
    }
    const kind = input.roles.includes('agent') ? 'agent' : 'person';
    const user = await insertUser(tx, {
      email: input.email,
      name: input.name,
      kind,
      roles: [...new Set(input.roles)],
      entityIds,
    });
    if (!user.ok) return user;
    const generated = generateApiKey();
    const key = await insertApiKey(tx, user.value.id, generated);
    await appendAudit(tx, {
      at: ctx.now,
      actorId: ctx.actorId,
      onBehalfOf: null,
      action: 'user.create',
      targetType: 'user',
      targetId: user.value.id,
      before: null,
      after: {
        email: input.email,
        name: input.name,
        kind,
        roles: input.roles,
        entities: input.entities,
        keyId: key.id,
        keyPrefix: key.prefix,
      },
      decision: null,
      approvalRef: null,
      reason: null,
      correlationId: ctx.correlationId,
    });
    return ok({ userId: user.value.id, keyId: key.id, key: generated.key });
  });
}

/** Issues one more key for an active user (e.g. after revoking a leaked one). */
export async function addKey(
  db: Db,
  email: string,
  ctx: AdminContext,
): Promise<Result<AddedUser, { code: 'USER_NOT_FOUND'; email: string }>> {
  return db.transaction(async (tx) => {
    const user = await findActiveUserByEmail(tx, email);
    if (!user) return err({ code: 'USER_NOT_FOUND' as const, email });
    const generated = generateApiKey();
    const key = await insertApiKey(tx, user.id, generated);
    await appendAudit(tx, {
      at: ctx.now,
      actorId: ctx.actorId,
      onBehalfOf: null,
      action: 'api_key.create',
      targetType: 'user',
      targetId: user.id,
      before: null,
      after: { keyId: key.id, keyPrefix: key.prefix },
      decision: null,
      approvalRef: null,
      reason: null,
      correlationId: ctx.correlationId,
    });
    return ok({ userId: user.id, keyId: key.id, key: generated.key });
  });
}

/**
 * Revokes a key: the next request with it is 401 in this process at once, in a server running
 * elsewhere within KEY_CACHE_TTL_MS (its key cache). Audited.
 */
export async function revokeKey(db: Db, keyId: string, ctx: AdminContext) {
  const revoked = await db.transaction(async (tx) => {
    const r = await revokeApiKey(tx, keyId, ctx.now);
    if (!r.ok) return r;
    await appendAudit(tx, {
      at: ctx.now,
      actorId: ctx.actorId,
      onBehalfOf: null,
      action: 'api_key.revoke',
      targetType: 'user',
      targetId: r.value.userId,
      before: { keyId, revokedAt: null },
      after: { keyId, keyPrefix: r.value.prefix, revokedAt: ctx.now.toISOString() },
      decision: null,
      approvalRef: null,
      reason: null,
      correlationId: ctx.correlationId,
    });
    return r;
  });
  if (revoked.ok) forgetCachedKeys();
  return revoked;
}
