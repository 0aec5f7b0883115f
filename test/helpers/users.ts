import type { Database, Db } from '../../src/db/client.ts';
import type { Actor } from '../../src/policy/roles.ts';
import { callTool } from '../../src/tools/call-tool.ts';
import { usersCreate, type CreateUserInput } from '../../src/tools/users/create-user.ts';
import { usersLinkChat } from '../../src/tools/users/link-chat.ts';
import { usersRevokeKey } from '../../src/tools/users/revoke-key.ts';
import type { z } from 'zod';
import type { chatLinkInputSchema } from '../../src/tools/users/link-chat.ts';

/** Who sets test users up: named like an audit actor id ('test-setup' by default). */
export interface SetupContext {
  actorId: string;
  correlationId: string;
  now: Date;
}

/**
 * The administrator test setup acts as: a finance admin of every entity that is no stored user, so
 * it adds no row to users and is never the user it links (nobody links themselves). Its audit rows
 * name it by ctx.actorId, as the setup's rows always did.
 */
const setupAdmin = (ctx?: SetupContext): Actor => ({
  userId: ctx?.actorId ?? 'test-setup',
  roles: ['finance_admin'],
  entityIds: null,
  onBehalfOf: null,
});

const callerOf = (db: Db, ctx?: SetupContext) => ({
  actor: setupAdmin(ctx),
  correlationId: ctx?.correlationId ?? 'test-setup',
  now: ctx?.now ?? new Date(),
  // The users entries reach the database through database.db only.
  deps: { database: { db } as unknown as Database, now: () => new Date() },
});

/** Creates a user with one API key through users_create, as the setup administrator. */
export const addUser = (db: Db, input: CreateUserInput, ctx?: SetupContext) =>
  callTool(callerOf(db, ctx), usersCreate, input);

/** Revokes a key through users_revoke_key, as the setup administrator. */
export const revokeKey = (db: Db, keyId: string, ctx?: SetupContext) =>
  callTool(callerOf(db, ctx), usersRevokeKey, { keyId });

/** Links a user to a Slack or Teams id through users_link_chat, as the setup administrator. */
export const linkChatUser = (db: Db, input: z.input<typeof chatLinkInputSchema>, ctx?: SetupContext) =>
  callTool(callerOf(db, ctx), usersLinkChat, input);
