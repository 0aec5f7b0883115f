import { z } from 'zod';
import { disputeOverdueDays } from '../../billing/payments/dispute-sla.ts';
import { listDisputes, type DisputeListRow } from '../../db/stores/dispute-store.ts';
import { moneyView } from '../../shared/money.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { PAYMENT_READERS } from '../payments/payment-view.ts';
import { moneyViewSchema, pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';

export const disputeViewSchema = z
  .object({
    id: z.string(),
    invoice: z.string().describe('Invoice number'),
    client: z.string(),
    reason: z.string(),
    reasonCode: z
      .string()
      .nullable()
      .describe('rate, hours, scope, missing_po, duplicate, tax, quality; null = not coded'),
    disputedAmount: moneyViewSchema.nullable(),
    owner: z.string().nullable().describe('E-mail of the person who works it'),
    openedOn: z.string(),
    dueOn: z.string().nullable().describe('The SLA: resolved by this day'),
    overdue: z.boolean().describe('Open past its SLA day'),
    daysOverdue: z.number().int(),
    resolution: z.string().nullable(),
    resolvedOn: z.string().nullable(),
    evidence: z.array(
      z.object({
        kind: z.string(),
        ref: z.string(),
        term: z.string().nullable().optional(),
        note: z.string().nullable().optional(),
      }),
    ),
    creditNote: z.string().nullable().describe('Re-issued: the credit note that cancelled the disputed invoice'),
    reissuedInvoice: z
      .string()
      .nullable()
      .describe('Re-issued: the corrected invoice (a draft reference until approved)'),
  })
  .describe('A dispute with its owner, SLA and evidence');

const view = (r: DisputeListRow, today: string): z.output<typeof disputeViewSchema> => {
  const late = disputeOverdueDays(r.dueOn, r.resolvedOn, today);
  return {
    id: r.id,
    invoice: r.invoice,
    client: r.client,
    reason: r.reason,
    reasonCode: r.reasonCode,
    disputedAmount: r.disputedMinor === null ? null : moneyView(r.disputedMinor, r.currency),
    owner: r.ownerEmail,
    openedOn: r.openedOn,
    dueOn: r.dueOn,
    overdue: late > 0,
    daysOverdue: late,
    resolution: r.resolution,
    resolvedOn: r.resolvedOn,
    evidence: r.evidence,
    creditNote: r.creditNote,
    reissuedInvoice: r.reissuedInvoice,
  };
};

export const disputesList = defineTool({
  name: 'disputes_list',
  description:
    'Lists invoice disputes, open ones by SLA due date (earliest first), with reason code, owner, evidence links and whether each is ' +
    'past its SLA; status=all includes resolved ones with their resolution (re-issued: the credit note and corrected invoice). Filter by owner ("me").',
  input: z
    .object({
      status: z.enum(['open', 'all']).default('open').describe('open (default) or all'),
      owner: z.literal('me').optional().describe('"me": only the disputes you own'),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
    })
    .extend(entityFilterSchema.shape),
  output: pageSchema(disputeViewSchema),
  risk: 'read',
  policyAction: null,
  readers: PAYMENT_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const ownerId = q.owner === 'me' ? (ctx.actor.onBehalfOf?.userId ?? ctx.actor.userId) : null;
    const { rows, total } = await listDisputes(ctx.db, {
      all: q.status === 'all',
      ownerId,
      entityIds: scope.value,
      limit: q.limit,
      offset: q.offset,
    });
    const today = ctx.now.toISOString().slice(0, 10);
    return ok(
      pageOf(
        rows.map((r) => view(r, today)),
        total,
        q.limit,
        q.offset,
      ),
    );
  },
});
