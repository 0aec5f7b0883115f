import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { guardException, type ExceptionGuardError } from './exception-guard.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../../db/client.ts';
import { billingExceptions } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  exceptionEntityId,
  exceptionSnapshot,
  findAssignableUser,
  getException,
  type ExceptionRow,
} from '../../db/stores/exception-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry, type UseCaseContext, type UseCaseDatabase } from '../policy-gate/context.ts';

export const assignExceptionSchema = z.object({
  exceptionId: z.uuid().describe('The billing exception to hand over'),
  assigneeId: z
    .uuid()
    .describe("The user (a person, active, who may work in the exception's legal entity) who will work on it"),
});
export type AssignExceptionInput = z.infer<typeof assignExceptionSchema>;

export type ExceptionLookupError =
  | { code: 'EXCEPTION_NOT_FOUND'; message: string; exceptionId: string }
  | { code: 'EXCEPTION_ALREADY_RESOLVED'; message: string; exceptionId: string; resolutionCode: string | null };
export type AssignExceptionError =
  | ExceptionLookupError
  | GateError
  | { code: 'ASSIGNEE_NOT_FOUND'; message: string; assigneeId: string };

export interface AssignExceptionResult {
  exceptionId: string;
  status: 'assigned';
  assignedTo: string;
}

/** Hands an unresolved exception to a person (open or assigned -> assigned, to them). */
export async function assignException(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: AssignExceptionInput,
): Promise<Result<AssignExceptionResult, AssignExceptionError>> {
  const pre = await guards(database.db, input, await getException(database.db, input.exceptionId));
  if (!pre.ok) return pre;
  const denied = precheck(ctx, pre.value.action, { entityId: pre.value.entityId });
  if (!denied.ok) return denied;
  return database.db.transaction(async (tx) => {
    const g = await guards(tx, input, await getException(tx, input.exceptionId, { lock: true }));
    if (!g.ok) return g;
    const { exception, action, entityId } = g.value;
    const gate = await passGate(tx, ctx, action, { entityId });
    if (!gate.ok) return gate;
    const [after] = await tx
      .update(billingExceptions)
      .set({
        status: 'assigned',
        assignedTo: input.assigneeId,
        assignedBy: ctx.actor.userId,
        assignedAt: ctx.now,
        updatedAt: ctx.now,
      })
      .where(eq(billingExceptions.id, exception.id))
      .returning();
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'exception',
        targetId: exception.id,
        before: exceptionSnapshot(exception),
        after: exceptionSnapshot(after!),
        decision: gate.value.decision,
        approvalRef: approvalRef(gate.value.approvals),
      }),
    );
    return ok({ exceptionId: exception.id, status: 'assigned' as const, assignedTo: input.assigneeId });
  });
}

async function guards(
  db: DbOrTx,
  input: AssignExceptionInput,
  exception: ExceptionRow | null,
): Promise<
  Result<
    { exception: ExceptionRow; action: ActionOf<'exception.assign'>; entityId: string | null },
    AssignExceptionError
  >
> {
  if (!exception)
    return err({
      code: 'EXCEPTION_NOT_FOUND',
      message: `no exception ${input.exceptionId}`,
      exceptionId: input.exceptionId,
    });
  if (exception.status === 'resolved') {
    return err({
      code: 'EXCEPTION_ALREADY_RESOLVED',
      message: `the exception was resolved (${exception.resolutionCode ?? 'no code'})`,
      exceptionId: exception.id,
      resolutionCode: exception.resolutionCode,
    });
  }
  const entityId = await exceptionEntityId(db, exception);
  if (!(await findAssignableUser(db, input.assigneeId, entityId))) {
    return err({
      code: 'ASSIGNEE_NOT_FOUND',
      message: "no active person with access to the exception's legal entity has that id",
      assigneeId: input.assigneeId,
    });
  }
  return ok({
    exception,
    entityId,
    action: {
      type: 'exception.assign',
      target: { kind: 'exception', id: exception.id },
      args: { assigneeId: input.assigneeId },
    },
  });
}

export const exceptionsAssign = defineTool({
  name: 'exceptions_assign',
  description:
    'Hands an open or assigned billing exception to a person (active, allowed in its legal entity) to work on. ' +
    'Whoever may resolve an exception may assign it; the agent may assign for a person.',
  input: assignExceptionSchema,
  output: z
    .object({ exceptionId: z.string(), status: z.literal('assigned'), assignedTo: z.string() })
    .describe('The exception, assigned'),
  risk: 'write',
  policyAction: 'exception.assign',
  handler: async (ctx, input): Promise<Result<AssignExceptionResult, AssignExceptionError | ExceptionGuardError>> => {
    const guard = await guardException(ctx.db, ctx.actor, input.exceptionId);
    return guard.ok ? assignException(ctx, ctx, input) : guard;
  },
});
