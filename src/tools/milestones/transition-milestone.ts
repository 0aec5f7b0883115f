import { z } from 'zod';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import type { Action } from '../../policy/actions.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { getMilestone } from '../../db/stores/work-queries.ts';
import { setMilestoneStatus } from '../../db/stores/work-recording-store.ts';
import type { milestones } from '../../db/schema/index.ts';
import { passGate, type GateError } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry } from '../policy-gate/context.ts';
import { format } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { ToolContext } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

type Row = NonNullable<Awaited<ReturnType<typeof getMilestone>>>;

export const milestoneViewSchema = z
  .object({
    id: z.string(),
    contract: z.string(),
    name: z.string(),
    amount: moneyViewSchema.nullable(),
    percent: z.string().nullable(),
    dueDate: z.string().nullable(),
    status: z.enum(['pending', 'completed', 'accepted']),
    completedOn: z.string().nullable(),
    acceptedOn: z.string().nullable(),
    acceptedBy: z.string().nullable(),
  })
  .describe('A milestone');

/** A milestone at the boundary: its amount as a decimal string in the contract's currency, or its percent. */
export const milestoneView = (r: Row): z.output<typeof milestoneViewSchema> => ({
  id: r.milestone.id,
  contract: r.contractCode,
  name: r.milestone.name,
  amount:
    r.milestone.amountMinor === null
      ? null
      : { amount: format({ amountMinor: r.milestone.amountMinor, currency: r.currency }), currency: r.currency },
  percent: r.milestone.percent,
  dueDate: r.milestone.dueDate,
  status: r.milestone.status,
  completedOn: r.milestone.completedOn,
  acceptedOn: r.milestone.acceptedOn,
  acceptedBy: r.milestone.acceptedBy,
});

export type TransitionMilestoneError =
  | { code: 'MILESTONE_NOT_FOUND'; message: string; id: string }
  | { code: 'MILESTONE_STATE_CONFLICT'; message: string; status: string }
  | ScopeError
  | GateError;

/**
 * pending -> completed -> accepted, under the transition's policy action, in the call's transaction:
 * the milestone is locked, checked, changed and audited. Asking for the state it is already in
 * returns it unchanged (and writes nothing).
 */
export async function transitionMilestone(
  ctx: ToolContext,
  id: string,
  action: Extract<Action, { type: 'milestone.complete' | 'milestone.accept' }>,
  set: Partial<typeof milestones.$inferInsert>,
): Promise<Result<z.output<typeof milestoneViewSchema>, TransitionMilestoneError>> {
  const to = action.type === 'milestone.complete' ? 'completed' : 'accepted';
  const current = await getMilestone(ctx.db, id);
  if (!current) return err({ code: 'MILESTONE_NOT_FOUND', message: `No milestone ${id}`, id });
  if (!actorMayTouch(ctx.actor, current.entityId)) return err(outOfScopeError(current.entityId));
  const m = (await getMilestone(ctx.db, id, true))!;
  if (m.milestone.status === to) return ok(milestoneView(m));
  const from = to === 'completed' ? ['pending'] : ['pending', 'completed'];
  if (!from.includes(m.milestone.status)) {
    return err({
      code: 'MILESTONE_STATE_CONFLICT',
      message: `A ${m.milestone.status} milestone cannot become ${to}`,
      status: m.milestone.status,
    });
  }
  const gate = await passGate(ctx.db, ctx, action, { entityId: m.entityId });
  if (!gate.ok) return gate;
  await setMilestoneStatus(ctx.db, id, { ...set, status: to });
  const after = (await getMilestone(ctx.db, id))!;
  await appendAudit(
    ctx.db,
    auditEntry(ctx, {
      action: action.type,
      targetType: 'milestone',
      targetId: id,
      before: milestoneView(m),
      after: milestoneView(after),
      decision: toJsonValue(gate.value.decision),
      approvalRef: approvalRef(gate.value.approvals),
    }),
  );
  return ok(milestoneView(after));
}
