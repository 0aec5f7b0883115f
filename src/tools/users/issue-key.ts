import { z } from 'zod';
import { insertApiKey } from '../../db/stores/access-writes.ts';
import { findActiveUserByEmail } from '../../db/stores/user-store.ts';
import { generateApiKey } from '../../shared/api-keys.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import { auditAccess, passAccessGate, userEmailSchema } from './access-gate.ts';
import { issuedKeySchema } from './create-user.ts';

export type UserNotFound = { code: 'USER_NOT_FOUND'; message: string; email: string };

/** The error for an email that names no active user. */
export const userNotFound = (email: string): UserNotFound => ({
  code: 'USER_NOT_FOUND',
  message: `No active user with email ${email}`,
  email,
});

/** users_issue_key: one more API key for an active user (after revoking a leaked one), under api_key.create. */
export const usersIssueKey = defineTool({
  name: 'users_issue_key',
  description:
    'Issues one more API key for an active user, e.g. after revoking a leaked one; the key is shown once in the answer and stored only ' +
    'as a hash. An administrator issues it for someone else: nobody issues a key to themselves.',
  input: z.object({ email: userEmailSchema }),
  output: issuedKeySchema,
  risk: 'write',
  policyAction: 'api_key.create',
  returnsSecret: true,
  handler: async (ctx, input): Promise<Result<z.output<typeof issuedKeySchema>, UserNotFound | GateError>> => {
    const user = await findActiveUserByEmail(ctx.db, input.email);
    if (!user) return err(userNotFound(input.email));
    const gate = await passAccessGate(
      ctx,
      { type: 'api_key.create', target: { kind: 'user', id: user.id }, args: { email: user.email } },
      user.id,
    );
    if (!gate.ok) return gate;
    const generated = generateApiKey();
    const key = await insertApiKey(ctx.db, user.id, generated);
    await auditAccess(ctx, gate.value, {
      action: 'api_key.create',
      targetType: 'user',
      targetId: user.id,
      before: null,
      after: { keyId: key.id, keyPrefix: key.prefix },
    });
    return ok({ userId: user.id, keyId: key.id, key: generated.key });
  },
});
