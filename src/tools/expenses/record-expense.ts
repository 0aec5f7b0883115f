import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import { expenseInputSchema } from '../../billing/inputs/work-inputs.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { entitiesOf } from '../../db/stores/master-data-queries.ts';
import { listExpenses } from '../../db/stores/work-queries.ts';
import { insertExpense, personIdByCode, projectByCode } from '../../db/stores/work-recording-store.ts';
import { passGate, type GateError } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry } from '../policy-gate/context.ts';
import { money, parse } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { expenseView, expenseViewSchema } from './expense-view.ts';

type RecordExpenseError =
  | { code: 'UNKNOWN_REFERENCE'; message: string; path: string }
  | { code: 'EXTERNAL_ID_TAKEN'; message: string; externalId: string | null | undefined }
  | ScopeError
  | GateError;

export const expensesRecord = defineTool({
  name: 'expenses_record',
  description:
    'Records an out-of-pocket expense on a project (by code), as submitted: billing takes it once a project manager approves it. ' +
    'An external id, when given, is taken once: recording it again is refused.',
  input: expenseInputSchema,
  output: expenseViewSchema,
  risk: 'write',
  policyAction: 'expense.record',
  handler: async (ctx, body): Promise<Result<ReturnType<typeof expenseView>, RecordExpenseError>> => {
    const { db } = ctx;
    const entityId = (await entitiesOf(db, 'project', [body.project])).get(body.project);
    if (entityId === undefined)
      return err({
        code: 'UNKNOWN_REFERENCE',
        message: `project: no project with code "${body.project}"`,
        path: 'project',
      });
    if (!actorMayTouch(ctx.actor, entityId)) return err(outOfScopeError(entityId));
    const project = (await projectByCode(db, body.project))!;
    let personId: string | null = null;
    if (body.person) {
      personId = await personIdByCode(db, body.person);
      if (!personId)
        return err({
          code: 'UNKNOWN_REFERENCE',
          message: `person: no person with code "${body.person}"`,
          path: 'person',
        });
    }
    const amountMinor = parse(body.amount, body.currency).amountMinor;
    const gate = await passGate(
      db,
      ctx,
      {
        type: 'expense.record',
        target: { kind: 'project', id: project.id },
        args: {
          externalId: body.externalId ?? null,
          amount: money(amountMinor, body.currency),
          incurredOn: body.incurredOn,
          category: body.category,
        },
      },
      { entityId },
    );
    if (!gate.ok) return gate;
    const id = await insertExpense(db, {
      externalId: body.externalId ?? null,
      projectId: project.id,
      contractId: project.contractId,
      personId,
      incurredOn: body.incurredOn,
      category: body.category,
      description: body.description,
      amountMinor,
      currency: body.currency,
      billable: body.billable,
    });
    if (id === null)
      return err({
        code: 'EXTERNAL_ID_TAKEN',
        message: `An expense with external id "${body.externalId}" exists`,
        externalId: body.externalId,
      });
    await appendAudit(
      db,
      auditEntry(ctx, {
        action: 'expense.record',
        targetType: 'expense',
        targetId: String(id),
        before: null,
        after: { ...body },
        decision: toJsonValue(gate.value.decision),
        approvalRef: approvalRef(gate.value.approvals),
      }),
    );
    const { rows } = await listExpenses(db, { entityIds: null, id, limit: 1, offset: 0 });
    return ok(expenseView(rows[0]!));
  },
});
