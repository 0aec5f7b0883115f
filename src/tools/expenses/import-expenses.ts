import { z } from 'zod';
import { expenseInputSchema } from '../../billing/inputs/work-inputs.ts';
import { pgError } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  insertExpenses,
  personIdsByCodes,
  projectsByCodes,
  takenExpenseExternalIds,
} from '../../db/stores/work-recording-store.ts';
import { decisionOfGates, passGate, type GateError, type GatePassed } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry } from '../policy-gate/context.ts';
import { parse } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

export const importExpensesSchema = z.object({
  expenses: z.array(expenseInputSchema).min(1).max(5000).describe('Expenses, recorded all or none'),
});

type ImportExpensesError =
  | { code: 'IMPORT_REJECTED'; message: string; errors: { index: number; message: string }[] }
  | ScopeError
  | GateError;

const rejected = (errors: { index: number; message: string }[]): ImportExpensesError => ({
  code: 'IMPORT_REJECTED',
  message: `${errors.length} problems; nothing was recorded`,
  errors,
});

/**
 * expenses_import: a batch of expenses as submitted, all or none, as expenses_record records one.
 * Unknown projects or people and external ids taken before (or twice in the batch) refuse the whole
 * batch naming each expense; policy decides once per legal entity (expenses.import); one audit row.
 */
export const expensesImport = defineTool({
  name: 'expenses_import',
  description:
    'Records a batch of out-of-pocket expenses on projects (by code) as submitted, all or none, e.g. from an expense tool: ' +
    'billing takes them once a project manager approves them. Unknown projects or people and external ids recorded before ' +
    'are refused naming each expense.',
  input: importExpensesSchema,
  output: z
    .object({ inserted: z.number().int(), ids: z.array(z.number().int()) })
    .describe("The new expenses' ids, in input order"),
  risk: 'write',
  policyAction: 'expenses.import',
  handler: async (
    ctx,
    { expenses: list },
  ): Promise<Result<{ inserted: number; ids: number[] }, ImportExpensesError>> => {
    const { db } = ctx;
    const projects = new Map(
      (await projectsByCodes(db, [...new Set(list.map((e) => e.project))])).map((p) => [p.code, p]),
    );
    const people = await personIdsByCodes(db, [...new Set(list.flatMap((e) => (e.person ? [e.person] : [])))]);
    const externalIds = list.flatMap((e) => (e.externalId ? [e.externalId] : []));
    const taken = await takenExpenseExternalIds(db, externalIds);
    const seen = new Set<string>();
    const errors = list.flatMap((e, index) => {
      const out: { index: number; message: string }[] = [];
      if (!projects.has(e.project)) out.push({ index, message: `project: no project with code "${e.project}"` });
      if (e.person && !people.has(e.person)) out.push({ index, message: `person: no person with code "${e.person}"` });
      if (e.externalId && taken.has(e.externalId))
        out.push({ index, message: `external id "${e.externalId}" was recorded before` });
      else if (e.externalId && seen.has(e.externalId))
        out.push({ index, message: `external id "${e.externalId}" appears more than once in this batch` });
      if (e.externalId) seen.add(e.externalId);
      return out;
    });
    if (errors.length) return err(rejected(errors));
    const entities = [...new Set(list.map((e) => projects.get(e.project)!.entityId))].sort();
    const foreign = entities.find((id) => !actorMayTouch(ctx.actor, id));
    if (foreign !== undefined) return err(outOfScopeError(foreign));
    // One decision per legal entity the expenses belong to (the matrix decides per entity).
    const gates: { entityId: string; gate: GatePassed }[] = [];
    for (const entityId of entities) {
      const ofEntity = list.filter((e) => projects.get(e.project)!.entityId === entityId);
      const gate = await passGate(
        db,
        ctx,
        {
          type: 'expenses.import',
          target: { kind: 'legal_entity', id: entityId },
          args: {
            expenses: ofEntity.length,
            externalIds: ofEntity.flatMap((e) => (e.externalId ? [e.externalId] : [])),
          },
        },
        { entityId },
      );
      if (!gate.ok) return gate;
      gates.push({ entityId, gate: gate.value });
    }
    const rows = list.map((e) => {
      const project = projects.get(e.project)!;
      return {
        externalId: e.externalId ?? null,
        projectId: project.id,
        contractId: project.contractId,
        personId: e.person ? people.get(e.person)! : null,
        incurredOn: e.incurredOn,
        category: e.category,
        description: e.description,
        amountMinor: parse(e.amount, e.currency).amountMinor,
        currency: e.currency,
        billable: e.billable,
      };
    });
    let ids: number[];
    try {
      // In a savepoint: an external id another call took since the check rolls back this insert alone, answered as a refusal.
      ids = await db.transaction((sp) => insertExpenses(sp, rows));
    } catch (e) {
      if (pgError(e).code !== '23505') throw e;
      const now = await takenExpenseExternalIds(db, externalIds);
      return err(
        rejected(
          list.flatMap((x, index) =>
            x.externalId && now.has(x.externalId)
              ? [{ index, message: `external id "${x.externalId}" was recorded before` }]
              : [],
          ),
        ),
      );
    }
    const decision = decisionOfGates(gates);
    await appendAudit(
      db,
      auditEntry(ctx, {
        action: 'expenses.import',
        targetType: 'expenses',
        targetId: `${ids[0]}..${ids.at(-1)}`,
        before: null,
        after: { count: ids.length, ids: ids.length <= 100 ? ids : { first: ids[0], last: ids.at(-1) } },
        decision,
        approvalRef: approvalRef(gates.flatMap((g) => g.gate.approvals)),
      }),
    );
    return ok({ inserted: ids.length, ids });
  },
});
