import { z } from 'zod';
import { insertApiKey, insertUser } from '../../db/stores/access-writes.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import { ROLES } from '../../policy/roles.ts';
import { generateApiKey } from '../../shared/api-keys.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import { auditAccess, passAccessGate, userEmailSchema } from './access-gate.ts';

export const createUserInputSchema = z
  .object({
    email: userEmailSchema.describe('Sign-in email; X-On-Behalf-Of names people by it'),
    name: z.string().min(1).max(200).describe("The person's name, as lists show it"),
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
export type CreateUserInput = z.infer<typeof createUserInputSchema>;

/** A new key, shown once: the caller prints it and stores it nowhere. */
export const issuedKeySchema = z.object({
  userId: z.string().describe("The user's id"),
  keyId: z.string().describe("The key's id, for revoking it later"),
  key: z.string().describe('The API key itself, shown only now: only its hash is stored'),
});

export type CreateUserError =
  | { code: 'EMAIL_TAKEN'; message: string; email: string }
  | { code: 'UNKNOWN_LEGAL_ENTITY'; message: string; codes: string[] }
  | GateError;

/** users_create: a user with roles, a scope and one API key, under user.create; audited without the key. */
export const usersCreate = defineTool({
  name: 'users_create',
  description:
    'Creates a user with roles, the legal entities they may act in (null: all) and a first API key, shown once in the answer and stored ' +
    'only as a hash. Firm-wide; an administrator (finance_admin) does it, or the console operator while the firm has no administrator.',
  input: createUserInputSchema,
  output: issuedKeySchema,
  risk: 'write',
  policyAction: 'user.create',
  returnsSecret: true,
  handler: async (ctx, input): Promise<Result<z.output<typeof issuedKeySchema>, CreateUserError>> => {
    const roles = [...new Set(input.roles)];
    const gate = await passAccessGate(ctx, {
      type: 'user.create',
      target: { kind: 'user', id: input.email.toLowerCase() },
      args: { email: input.email.toLowerCase(), roles, entities: input.entities },
    });
    if (!gate.ok) return gate;
    let entityIds: string[] | null = null;
    if (input.entities) {
      const { idByCode } = await legalEntityCodes(ctx.db);
      const unknown = input.entities.filter((c) => !idByCode.has(c));
      if (unknown.length)
        return err({
          code: 'UNKNOWN_LEGAL_ENTITY',
          message: `Unknown legal entity codes: ${unknown.join(', ')}`,
          codes: unknown,
        });
      entityIds = input.entities.map((c) => idByCode.get(c)!);
    }
    const kind = roles.includes('agent') ? 'agent' : 'person';
    const user = await insertUser(ctx.db, { email: input.email, name: input.name, kind, roles, entityIds });
    if (!user.ok)
      return err({ code: 'EMAIL_TAKEN', message: `A user with email ${input.email} exists`, email: input.email });
    const generated = generateApiKey();
    const key = await insertApiKey(ctx.db, user.value.id, generated);
    await auditAccess(ctx, gate.value, {
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
    });
    return ok({ userId: user.value.id, keyId: key.id, key: generated.key });
  },
});
