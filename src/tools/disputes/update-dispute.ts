import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { DISPUTE_REASON_CODES, disputeDueOn, type DisputeReasonCode } from '../../billing/payments/dispute-sla.ts';
import { invoiceDisputes, invoices } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { disputeOwnerByEmail, unresolvedEvidence } from '../../db/stores/dispute-store.ts';
import { findInvoiceId } from '../../db/stores/invoice-queries.ts';
import { openDisputeOf } from '../../db/stores/payment-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce } from '../policy-gate/context.ts';
import { disputeEvidenceSchema, UNCODED_SLA_CODE } from '../invoices/lifecycle/dispute-invoice.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

type UpdateDisputeError =
  | GateError
  | ScopeError
  | { code: 'INVOICE_NOT_FOUND' | 'NO_OPEN_DISPUTE' | 'DISPUTE_OWNER_INVALID'; message: string }
  | { code: 'DISPUTE_EVIDENCE_NOT_FOUND'; message: string; problems: string[] };

interface UpdateDisputeResult {
  disputeId: string;
  invoice: string;
  reasonCode: string | null;
  ownerId: string | null;
  dueOn: string | null;
  evidence: number;
}

/** What changes on the dispute (at least one of reasonCode, owner, addEvidence). */
export const updateDisputeSchema = z.object({
  invoice: z.string().trim().min(1).max(100).describe('Invoice number or id'),
  reasonCode: z.enum(DISPUTE_REASON_CODES).optional().describe('The reason code; the SLA due date follows it'),
  owner: z.string().trim().min(3).max(320).optional().describe('E-mail of the person who works it'),
  addEvidence: z.array(disputeEvidenceSchema).min(1).max(50).optional().describe('Evidence links to add'),
});

/**
 * Works an open dispute: sets its reason code (the SLA due date follows: opened + the code's days),
 * hands it to an owner, adds evidence links (each must exist and belong to the invoice's client or
 * contract). Audited with before and after under invoice.update_dispute.
 */
export const disputesUpdate = defineTool({
  name: 'disputes_update',
  description:
    "Updates an invoice's open dispute: reason code (rate, hours, scope, missing_po, duplicate, tax, quality; the SLA due date follows), " +
    'owner (a person by e-mail) and evidence links added (time entries, contract terms, documents; each must exist). Collectors, account ' +
    'managers, controllers and finance admins; never the agent.',
  input: updateDisputeSchema.refine(
    (x) => x.reasonCode || x.owner || x.addEvidence,
    'name a reasonCode, an owner or evidence to add',
  ),
  output: z.object({
    disputeId: z.string(),
    invoice: z.string(),
    reasonCode: z.string().nullable(),
    ownerId: z.string().nullable(),
    dueOn: z.string().nullable(),
    evidence: z.number().int().describe('Evidence links on the dispute now'),
  }),
  risk: 'write',
  policyAction: 'invoice.update_dispute',
  handler: async (ctx, input): Promise<Result<UpdateDisputeResult, UpdateDisputeError>> => {
    const id = await findInvoiceId(ctx.db, input.invoice);
    const [inv] = id ? await ctx.db.select().from(invoices).where(eq(invoices.id, id)) : [];
    if (!inv) return err({ code: 'INVOICE_NOT_FOUND', message: `no invoice ${input.invoice}` });
    if (!actorMayTouch(ctx.actor, inv.legalEntityId)) return err(outOfScopeError(inv.legalEntityId));
    const dispute = await openDisputeOf(ctx.db, inv.id);
    if (!dispute) return err({ code: 'NO_OPEN_DISPUTE', message: `invoice ${input.invoice} has no open dispute` });
    let ownerId = dispute.ownerId;
    if (input.owner !== undefined) {
      const owner = await disputeOwnerByEmail(ctx.db, input.owner);
      if (!owner)
        return err({
          code: 'DISPUTE_OWNER_INVALID',
          message: `${input.owner} is not an active collector, account manager, billing clerk, controller or finance admin`,
        });
      ownerId = owner.id;
    }
    const added = input.addEvidence ?? [];
    const reasonCode = input.reasonCode ?? (dispute.reasonCode as DisputeReasonCode | null);
    const action: ActionOf<'invoice.update_dispute'> = {
      type: 'invoice.update_dispute',
      target: { kind: 'invoice', id: inv.id },
      args: {
        disputeId: dispute.id,
        reasonCode,
        ownerId,
        evidence: added.map((e) => `${e.kind}:${e.ref}${e.term ? `#${e.term}` : ''}`),
      },
    };
    await readMatrixInForce(ctx.db, ctx);
    const denied = precheck(ctx, action, { entityId: inv.legalEntityId });
    if (!denied.ok) return denied;
    const problems = await unresolvedEvidence(ctx.db, inv, added);
    if (problems.length) return err({ code: 'DISPUTE_EVIDENCE_NOT_FOUND', message: problems.join('; '), problems });
    const gate = await passGate(ctx.db, ctx, action, { entityId: inv.legalEntityId });
    if (!gate.ok) return gate;
    const openedOn = dispute.openedAt.toISOString().slice(0, 10);
    const dueOn = input.reasonCode ? disputeDueOn(openedOn, input.reasonCode) : dispute.dueOn;
    const evidence = [...dispute.evidence, ...added];
    const [after] = await ctx.db
      .update(invoiceDisputes)
      .set({ reasonCode, ownerId, dueOn: dueOn ?? disputeDueOn(openedOn, UNCODED_SLA_CODE), evidence })
      .where(eq(invoiceDisputes.id, dispute.id))
      .returning();
    await appendAudit(
      ctx.db,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'invoice',
        targetId: inv.id,
        before: {
          disputeId: dispute.id,
          reasonCode: dispute.reasonCode,
          ownerId: dispute.ownerId,
          dueOn: dispute.dueOn,
          evidence: dispute.evidence,
        },
        after: {
          disputeId: dispute.id,
          reasonCode: after!.reasonCode,
          ownerId: after!.ownerId,
          dueOn: after!.dueOn,
          evidence: after!.evidence,
        },
        decision: gate.value.decision,
      }),
    );
    return ok({
      disputeId: dispute.id,
      invoice: inv.number ?? inv.id,
      reasonCode: after!.reasonCode,
      ownerId: after!.ownerId,
      dueOn: after!.dueOn,
      evidence: after!.evidence.length,
    });
  },
});
