import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { INBOX_READERS } from '../../policy/role-groups.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema, pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf, type ScopeError } from '../scope.ts';
import type { ActionOf, ApprovableActionType } from '../../policy/actions.ts';
import type { ApprovalStep, PolicyDecision } from '../../policy/decision.ts';
import { evaluate } from '../../policy/evaluate.ts';
import type { PolicyFacts, SubmittedDisputeRisk } from '../../policy/facts.ts';
import { disputeRiskFlagged } from '../../policy/matrix-rules.ts';
import { authorityOf, rolesPermit } from '../../policy/permissions.ts';
import type { Actor, Role } from '../../policy/roles.ts';
import type { JsonValue } from '../../billing/audit/canonical-json.ts';
import { ok, type Result } from '../../shared/result.ts';
import { invoices } from '../../db/schema/index.ts';
import { listPendingRequests } from '../../db/stores/approval-request-store.ts';
import { draftReference } from '../../db/stores/invoice-queries.ts';
import { describeMissing, type Coverage } from '../policy-gate/approval-plan.ts';
import { pendingFacts, requestState } from '../policy-gate/approval-request-state.ts';
import {
  matrixOf,
  moneyView,
  readMatrixInForce,
  type MoneyView,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../policy-gate/context.ts';
import { reviewerSuggestionSchema, reviewerSuggestions, type ReviewerSuggestion } from './inbox-reviewers.ts';
import {
  finalCheck,
  invoiceApprovalState,
  nextMove,
  type InvoiceApprovalState,
} from '../invoices/lifecycle/invoice-approval-state.ts';

export const approvalsInboxSchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page'),
  offset: z.coerce.number().int().min(0).default(0).describe('Items to skip'),
  canDecide: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: only what the caller may decide now; false: only what waits for their role but not for them (see blocked, problem)',
    ),
});
export type ApprovalsInboxInput = z.input<typeof approvalsInboxSchema>;

/** Why an item is not the caller's to decide now, or why nobody can: a policy or lookup code and a sentence. */
export interface InboxReason {
  code: string;
  message: string;
}

interface InboxBase {
  /** The level the actor would approve; null when no level is needed (the invoice approval itself) or none is known. */
  level: number | null;
  role: string | null;
  /** Why it needs the actor: the matrix rule(s) behind the level. */
  reason: string;
  steps: ApprovalStep[];
  requestedBy: string | null;
  requestedAt: string | null;
  /** True when the actor may decide it now; otherwise blocked or problem says why not. */
  canDecide: boolean;
  /** It waits for the actor's role, but policy stops this actor now: an earlier level first, segregation of duties, the agent. */
  blocked: InboxReason | null;
  /** Its approval state cannot be read (e.g. FX_RATE_MISSING): nobody can decide it until that is fixed. */
  problem: InboxReason | null;
}
export type InboxItem =
  | (InboxBase & {
      kind: 'invoice_approval';
      invoiceId: string;
      reference: string;
      period: string;
      total: MoneyView;
      revision: number;
      /** The pre-send dispute check stored at submission; reviewRecommended under the matrix in force. */
      disputeRisk: InboxDisputeRisk | null;
      /** Who should review it, from past approvals of similar invoices (invoices_recommend_reviewer). */
      reviewerSuggestion: ReviewerSuggestion | null;
    })
  | (InboxBase & {
      kind: 'action_approval';
      requestId: string;
      actionType: string;
      targetType: string;
      targetId: string;
      args: JsonValue;
    });

/** A pending invoice's dispute risk as its approver sees it. */
export type InboxDisputeRisk = SubmittedDisputeRisk & { reviewRecommended: boolean };

export interface ApprovalsInbox {
  items: InboxItem[];
  total: number;
  limit: number;
  offset: number;
}

type Standing = Pick<InboxBase, 'level' | 'role' | 'reason' | 'canDecide' | 'blocked'>;

const reasonOf = (e: { code: string; message: string; policyCode?: string }): InboxReason => ({
  code: e.policyCode ?? e.code,
  message: e.message,
});
const denial = (d: PolicyDecision): InboxReason | null =>
  d.outcome === 'deny' ? { code: d.code, message: d.reason } : null;

/** The lowest level still missing whose role the actor holds: the one that waits for them. */
const stepFor = (steps: readonly ApprovalStep[], cov: Coverage, roles: readonly Role[]): ApprovalStep | undefined =>
  cov.missing
    .map((m) => steps.find((s) => s.level === m.level))
    .find((s): s is ApprovalStep => s !== undefined && roles.includes(s.role));

/** Granting one level of an action, as policy is asked it. */
const grantOf = (
  action: { target: ActionOf<'approval.grant'>['target'] },
  actionType: ApprovableActionType,
  argsHash: string,
  step: ApprovalStep,
): ActionOf<'approval.grant'> => ({
  type: 'approval.grant',
  target: action.target,
  args: { actionType, argsHash, level: step.level, role: step.role },
});

/** Where the actor stands on a pending invoice: null when nothing about it waits for their roles. */
function invoiceStanding(
  state: InvoiceApprovalState,
  actor: Actor,
  ctx: UseCaseContext,
  roles: readonly Role[],
): Standing | null {
  const step = stepFor(state.steps, state.coverage, roles);
  if (step) {
    const move = nextMove(state, actor, ctx);
    if (move.ok && move.value.kind === 'grant' && move.value.step.level === step.level) {
      return { level: step.level, role: step.role, reason: step.reason, canDecide: true, blocked: null };
    }
    // Same facts as nextMove's, for the actor's own level: says precisely why not (order, segregation, the agent).
    const facts: PolicyFacts = {
      entityId: state.invoice.legalEntityId,
      preparerId: state.invoice.preparedBy,
      pendingApproval: { initiatorIds: state.initiatorIds, steps: state.steps, previousApprovals: state.coverage.live },
    };
    const why =
      denial(evaluate(grantOf(state.action, 'invoice.approve', state.argsHash, step), actor, facts, matrixOf(ctx))) ??
      (move.ok
        ? { code: 'APPROVAL_OUT_OF_ORDER', message: `first ${describeMissing(state.steps, state.coverage.missing)}` }
        : reasonOf(move.error));
    return { level: step.level, role: step.role, reason: step.reason, canDecide: false, blocked: why };
  }
  // Every level covered (or none needed): the approval itself waits for whoever may approve invoices.
  if (state.coverage.missing.length > 0 || !rolesPermit(roles, 'invoice.approve')) return null;
  const check = finalCheck(state, actor, null, ctx);
  const reason = state.steps.length
    ? 'every level is approved; approving completes it'
    : 'within every threshold of the approval matrix';
  return { level: null, role: null, reason, canDecide: check.ok, blocked: check.ok ? null : reasonOf(check.error) };
}

/**
 * What waits for the actor's roles: invoices pending approval and requests (voids, credit notes,
 * write-offs, terms) whose missing level is one of their roles, or an invoice every level of which
 * is covered. canDecide says whether policy lets this actor decide it now (role, entity scope,
 * order, segregation of duties: never one's own submission or preparation, a second level, or as
 * the agent); blocked says why not. An invoice whose approval state cannot be read (a missing FX
 * rate) shows with its problem to everyone who approves invoices. Oldest first.
 */
export async function approvalsInbox(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ApprovalsInboxInput = {},
): Promise<Result<ApprovalsInbox, never>> {
  const { limit, offset, canDecide } = approvalsInboxSchema.parse(input);
  const db = database.db;
  // The levels shown are the matrix's: the one read (GET) that needs the version in force.
  await readMatrixInForce(db, ctx);
  const { entityIds: scope, roles } = authorityOf(ctx.actor);
  const items: InboxItem[] = [];

  const pending =
    scope !== null && scope.length === 0
      ? []
      : await db
          .select()
          .from(invoices)
          .where(
            and(
              eq(invoices.status, 'pending_approval'),
              eq(invoices.kind, 'invoice'),
              scope === null ? undefined : inArray(invoices.legalEntityId, [...scope]),
            ),
          )
          .orderBy(asc(invoices.submittedAt), asc(invoices.id));
  for (const invoice of pending) {
    const head = {
      kind: 'invoice_approval' as const,
      invoiceId: invoice.id,
      reference: invoice.number ?? draftReference(invoice.id),
      period: invoice.period,
      total: moneyView(invoice.totalMinor, invoice.currency),
      revision: invoice.revision,
      requestedBy: invoice.submittedBy,
      requestedAt: invoice.submittedAt?.toISOString() ?? null,
    };
    const state = await invoiceApprovalState(db, ctx, invoice);
    if (!state.ok) {
      if (!rolesPermit(roles, 'invoice.approve')) continue;
      const problem = reasonOf(state.error);
      items.push({
        ...head,
        disputeRisk: null,
        reviewerSuggestion: null,
        level: null,
        role: null,
        reason: `its approval cannot be worked out: ${problem.message}`,
        steps: [],
        canDecide: false,
        blocked: null,
        problem,
      });
      continue;
    }
    const standing = invoiceStanding(state.value, ctx.actor, ctx, roles);
    const risk = state.value.facts.disputeRisk ?? null;
    const disputeRisk = risk && { ...risk, reviewRecommended: disputeRiskFlagged(risk.probability, matrixOf(ctx)) };
    if (standing)
      items.push({
        ...head,
        ...standing,
        disputeRisk,
        reviewerSuggestion: null,
        steps: state.value.steps,
        problem: null,
      });
  }

  for (const request of await listPendingRequests(db, scope)) {
    const s = await requestState(db, ctx, request.id, false);
    if (!s.ok) continue; // decided or gone since the list was read: it no longer waits
    const step = stepFor(s.value.steps, s.value.coverage, roles);
    if (!step) continue;
    const decision = evaluate(
      grantOf(s.value.action, request.actionType as ApprovableActionType, request.argsHash, step),
      ctx.actor,
      pendingFacts(s.value),
      matrixOf(ctx),
    );
    // A request that also reaches an entity outside the caller's scope (a client moving out of it) is not theirs to
    // see: its arguments carry that entity's account in full.
    if (decision.outcome === 'deny' && decision.code === 'ENTITY_OUT_OF_SCOPE') continue;
    items.push({
      kind: 'action_approval',
      requestId: request.id,
      actionType: request.actionType,
      targetType: request.targetType,
      targetId: request.targetId,
      args: request.args,
      level: step.level,
      role: step.role,
      reason: step.reason,
      steps: s.value.steps,
      requestedBy: request.requestedBy,
      requestedAt: request.createdAt.toISOString(),
      canDecide: decision.outcome === 'allow',
      blocked:
        decision.outcome === 'allow'
          ? null
          : (denial(decision) ?? {
              code: 'APPROVAL_REQUIRED',
              message: 'granting this level needs an approval of its own',
            }),
      problem: null,
    });
  }

  const shown = canDecide === undefined ? items : items.filter((i) => i.canDecide === (canDecide === 'true'));
  shown.sort((a, b) => (a.requestedAt ?? '').localeCompare(b.requestedAt ?? ''));
  const page = shown.slice(offset, offset + limit);
  // The reviewer suggestion for the page's invoices only, read together (not one history read per item).
  const suggested = await reviewerSuggestions(
    db,
    ctx.actor,
    page.flatMap((i) => (i.kind === 'invoice_approval' && !i.problem ? [i.invoiceId] : [])),
  );
  const withSuggestions = page.map((i) =>
    i.kind === 'invoice_approval' ? { ...i, reviewerSuggestion: suggested.get(i.invoiceId) ?? null } : i,
  );
  return ok({ items: withSuggestions, total: shown.length, limit, offset });
}

/** An actor narrowed to some entities: narrowing only ever takes authority away. */
const narrowed = (actor: Actor, ids: string[] | null): Actor =>
  ids === null
    ? actor
    : {
        ...actor,
        entityIds: ids,
        onBehalfOf: actor.onBehalfOf ? { ...actor.onBehalfOf, entityIds: ids } : null,
      };

const reasonSchema = z.object({ code: z.string(), message: z.string() });
const inboxBase = {
  level: z.number().int().nullable(),
  role: z.string().nullable(),
  reason: z.string(),
  steps: z.array(z.object({ level: z.number().int(), role: z.string(), reason: z.string() })),
  requestedBy: z.string().nullable(),
  requestedAt: z.string().nullable(),
  canDecide: z.boolean().describe('The caller may decide it now'),
  blocked: reasonSchema.nullable().describe('Why policy stops the caller now'),
  problem: reasonSchema.nullable().describe('Why nobody can decide it yet'),
};
export const inboxItemSchema = z
  .discriminatedUnion('kind', [
    z.object({
      ...inboxBase,
      kind: z.literal('invoice_approval'),
      invoiceId: z.string(),
      reference: z.string(),
      period: z.string(),
      total: moneyViewSchema,
      revision: z.number().int(),
      disputeRisk: z
        .object({
          probability: z.string().describe('The chance the client disputes it, 0 to 1, scored at submission'),
          modelVersion: z.number().int().nullable().describe('The risk model that scored it; null = the prior'),
          reasons: z.array(z.string()).describe('Why, in words, most important first'),
          reviewRecommended: z.boolean().describe("At or above the approval matrix's disputeRisk threshold"),
        })
        .nullable()
        .describe('The pre-send dispute check stored when the draft was submitted; null when it predates the check'),
      reviewerSuggestion: reviewerSuggestionSchema.nullable(),
    }),
    z.object({
      ...inboxBase,
      kind: z.literal('action_approval'),
      requestId: z.string(),
      actionType: z.string(),
      targetType: z.string(),
      targetId: z.string(),
      args: z.unknown(),
    }),
  ])
  .describe('An invoice or an action waiting for approval, with level, role and reason');

export const approvalsInboxList = defineTool({
  name: 'approvals_inbox',
  description:
    'What waits for my approval, oldest first: invoices pending approval and action requests (voids, credit notes, write-offs, held ' +
    'releases, contract changes) that wait for one of my roles, each with the level, the reason, whether I may decide it now (canDecide) and, ' +
    'if not, why (blocked, problem); an invoice also with who should review it (reviewerSuggestion). ' +
    'canDecide=true lists only what I may decide now.',
  input: approvalsInboxSchema.extend(entityFilterSchema.shape),
  output: pageSchema(inboxItemSchema),
  risk: 'read',
  policyAction: null,
  readers: INBOX_READERS,
  handler: async (
    ctx,
    q,
  ): Promise<
    Result<
      { items: InboxItem[]; page: { limit: number; offset: number; total: number; nextOffset: number | null } },
      ScopeError
    >
  > => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const narrowedCtx = { ...ctx, actor: narrowed(ctx.actor, q.legalEntity ? scope.value : null) };
    const r = await approvalsInbox(ctx, narrowedCtx, { limit: q.limit, offset: q.offset, canDecide: q.canDecide });
    if (!r.ok) throw new Error('approvalsInbox refused, which it never does');
    return ok(pageOf(r.value.items, r.value.total, q.limit, q.offset));
  },
});
