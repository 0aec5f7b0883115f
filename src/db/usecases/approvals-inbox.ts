import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { ActionOf, ApprovableActionType } from '../../policy/actions.ts';
import type { ApprovalStep } from '../../policy/decision.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { authorityOf } from '../../policy/permissions.ts';
import type { JsonValue } from '../../billing/audit/canonical-json.ts';
import { ok, type Result } from '../../shared/result.ts';
import { invoices } from '../schema/index.ts';
import { listPendingRequests } from '../stores/approval-request-store.ts';
import { draftReference } from '../stores/invoice-queries.ts';
import { pendingFacts, requestState } from './approval-request-state.ts';
import { matrixOf, moneyView, readMatrixInForce, type MoneyView, type UseCaseContext, type UseCaseDatabase } from './context.ts';
import { finalCheck, invoiceApprovalState, nextMove } from './invoice-approval-state.ts';

export const approvalsInboxSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page'),
  offset: z.coerce.number().int().min(0).default(0).describe('Items to skip'),
});
export type ApprovalsInboxInput = z.input<typeof approvalsInboxSchema>;

interface InboxBase {
  /** The level the actor would approve; null when no level is needed (the invoice approval itself). */
  level: number | null;
  role: string | null;
  /** Why it needs the actor: the matrix rule(s) behind the level. */
  reason: string;
  steps: ApprovalStep[];
  requestedBy: string | null;
  requestedAt: string | null;
}
export type InboxItem =
  | (InboxBase & { kind: 'invoice_approval'; invoiceId: string; reference: string; period: string; total: MoneyView; revision: number })
  | (InboxBase & { kind: 'action_approval'; requestId: string; actionType: string; targetType: string; targetId: string; args: JsonValue });

export interface ApprovalsInbox {
  items: InboxItem[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * What waits for the actor: invoices pending approval and requests (voids, credit notes, write-offs)
 * whose next level the actor may approve now, by policy (role, entity scope, order, segregation of
 * duties: never one's own submission, a second level, or as the agent), oldest first, with the reason.
 */
export async function approvalsInbox(database: UseCaseDatabase, ctx: UseCaseContext, input: ApprovalsInboxInput = {}): Promise<Result<ApprovalsInbox, never>> {
  const { limit, offset } = approvalsInboxSchema.parse(input);
  const db = database.db;
  // The levels shown are the matrix's: the one read (GET) that needs the version in force.
  await readMatrixInForce(db, ctx);
  const scope = authorityOf(ctx.actor).entityIds;
  const items: InboxItem[] = [];

  const pending = scope !== null && scope.length === 0 ? [] : await db.select().from(invoices)
    .where(and(eq(invoices.status, 'pending_approval'), eq(invoices.kind, 'invoice'), scope === null ? undefined : inArray(invoices.legalEntityId, [...scope])))
    .orderBy(asc(invoices.submittedAt), asc(invoices.id));
  for (const invoice of pending) {
    const state = await invoiceApprovalState(db, ctx, invoice);
    if (!state.ok) continue;
    const move = nextMove(state.value, ctx.actor, ctx);
    if (!move.ok) continue;
    if (move.value.kind === 'complete' && !finalCheck(state.value, ctx.actor, null, ctx).ok) continue;
    const step = move.value.kind === 'grant' ? move.value.step : null;
    items.push({
      kind: 'invoice_approval', invoiceId: invoice.id, reference: invoice.number ?? draftReference(invoice.id), period: invoice.period,
      total: moneyView(invoice.totalMinor, invoice.currency), revision: invoice.revision, level: step?.level ?? null, role: step?.role ?? null,
      reason: step?.reason ?? (state.value.steps.length ? 'every level is approved; approving completes it' : 'within every threshold of the approval matrix'),
      steps: state.value.steps, requestedBy: invoice.submittedBy, requestedAt: invoice.submittedAt?.toISOString() ?? null,
    });
  }

  for (const request of await listPendingRequests(db, scope)) {
    const s = await requestState(db, ctx, request.id, false);
    if (!s.ok) continue;
    const next = s.value.coverage.missing[0];
    const step = next && s.value.steps.find((x) => x.level === next.level);
    if (!step) continue;
    const grant: ActionOf<'approval.grant'> = {
      type: 'approval.grant', target: s.value.action.target,
      args: { actionType: request.actionType as ApprovableActionType, argsHash: request.argsHash, level: step.level, role: step.role },
    };
    if (evaluate(grant, ctx.actor, pendingFacts(s.value), matrixOf(ctx)).outcome !== 'allow') continue;
    items.push({
      kind: 'action_approval', requestId: request.id, actionType: request.actionType, targetType: request.targetType, targetId: request.targetId,
      args: request.args, level: step.level, role: step.role, reason: step.reason, steps: s.value.steps, requestedBy: request.requestedBy,
      requestedAt: request.createdAt.toISOString(),
    });
  }

  items.sort((a, b) => (a.requestedAt ?? '').localeCompare(b.requestedAt ?? ''));
  return ok({ items: items.slice(offset, offset + limit), total: items.length, limit, offset });
}
