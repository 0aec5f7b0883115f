import { z } from 'zod';
import type { Role } from '../../policy/roles.ts';
import { err, ok } from '../../shared/result.ts';
import { draftDisputeRisk } from '../collections/draft-dispute-risk.ts';
import { WORKLIST_READERS } from '../collections/roles.ts';
import { defineTool } from '../define-tool.ts';
import { invoiceRefSchema } from './invoice-read-views.ts';
import { loadInvoiceDetail } from './load-invoice.ts';

/** Who asks the pre-send check: whoever reads worklists and risk scores, the clerk who sends, and the copilot for them. */
export const DISPUTE_RISK_READERS: readonly Role[] = [...WORKLIST_READERS, 'billing_clerk'];

export const disputeRiskSchema = z
  .object({
    invoiceId: z.string(),
    status: z.string().describe("The invoice's status"),
    modelVersion: z.number().int().nullable().describe('The trained risk model used; null = the untrained prior'),
    asOf: z
      .string()
      .describe("As of when the client's history was read: the issue date, or today for an undated draft"),
    probability: z.number().describe('The chance the client disputes this invoice, 0 to 1'),
    flagged: z
      .boolean()
      .describe("At or above the approval matrix's review threshold (disputeRisk.atLeastPercent, 50% by default)"),
    atLeastPercent: z.string().describe('The review threshold in force, in percent'),
    reasons: z.array(z.string()).describe('The largest contributions, in words, most important first'),
  })
  .describe('The dispute risk');

export const invoicesDisputeRisk = defineTool({
  name: 'invoices_dispute_risk',
  description:
    'The pre-send check of an invoice (number, id or DRAFT- reference): the chance its client disputes it, from the ' +
    "client's history as of the issue date, flagged for review at the approval matrix's threshold (50% by default), " +
    'with the reasons in words. Submitting a draft runs the same check and stores it. Reads only.',
  input: z.object({ ref: invoiceRefSchema }),
  output: disputeRiskSchema,
  risk: 'read',
  policyAction: null,
  readers: DISPUTE_RISK_READERS,
  handler: async (ctx, { ref }) => {
    const found = await loadInvoiceDetail(ctx.db, ctx.actor, ref);
    if (!found.ok) return found;
    const r = await draftDisputeRisk({ db: ctx.db }, ctx, { invoiceId: found.value.invoice.id });
    // Found and in scope a moment ago: a refusal now is the same not-found, with the reference asked for.
    if (!r.ok) return err({ code: 'INVOICE_NOT_FOUND' as const, message: `No invoice ${ref}`, ref });
    const v = r.value;
    return ok({
      invoiceId: v.invoiceId,
      status: v.status,
      modelVersion: v.modelVersion,
      asOf: v.asOf,
      probability: v.probability,
      flagged: v.flagged,
      atLeastPercent: v.atLeastPercent,
      reasons: v.reasons,
    });
  },
});
