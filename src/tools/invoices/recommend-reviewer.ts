import { z } from 'zod';
import { recommendReviewer, type ReviewerRecommendation } from '../../billing/invoices/reviewer-recommendation.ts';
import { findInvoiceId } from '../../db/stores/invoice-queries.ts';
import { reviewerHistory } from '../../db/stores/reviewer-history.ts';
import { authorityOf } from '../../policy/permissions.ts';
import { EVERYONE } from '../../policy/role-groups.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool, type ToolContext } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError } from '../scope.ts';
import { invoiceRefSchema } from './invoice-read-views.ts';
import type { LoadInvoiceError } from './load-invoice.ts';

export const reviewerRecommendationSchema = z
  .object({
    reference: z.string(),
    unusual: z
      .boolean()
      .describe('True when the scenario is rare for the firm or the total far from the client history'),
    reasons: z.array(z.string()).describe('Why it is unusual, in words; empty when routine'),
    reviewer: z
      .object({
        userId: z.string(),
        name: z.string(),
        roles: z.array(z.string()),
        approvedSimilar: z.number().int().describe('How many of the most similar past invoices this person approved'),
        similarInvoices: z.array(z.string()).describe('Those invoices, by number'),
      })
      .nullable()
      .describe('Who should review it; null when routine or when nobody eligible approved a similar invoice'),
    summary: z.string().describe('The verdict, the reasons and the reviewer with why, in one paragraph'),
    basis: z
      .object({
        scenario: z.string().describe('Line kinds and contract features, e.g. "expense + nte + time"'),
        scenarioApprovedBefore: z.number().int(),
        clientHistory: z.number().int().describe("The client's approved invoices in this currency compared with"),
        clientMedian: z.string().nullable(),
        ratioToMedian: z.number().nullable(),
        robustZ: z.number().nullable().describe('0.6745 × (total − median) / median absolute deviation'),
      })
      .describe('The figures the verdict rests on'),
  })
  .describe('Whether an invoice is unusual and who, from past approvals of similar invoices, should review it');

/**
 * The recommendation for one invoice, compared with the approved invoices the actor may see. The
 * preparer and the submitter are never proposed (segregation of duties).
 */
export async function recommendInvoiceReviewer(
  ctx: ToolContext,
  ref: string,
): Promise<Result<ReviewerRecommendation & { reference: string }, LoadInvoiceError>> {
  const id = await findInvoiceId(ctx.db, ref);
  const scope = authorityOf(ctx.actor).entityIds;
  const h = id ? await reviewerHistory(ctx.db, id, scope === null ? null : [...scope]) : null;
  if (!h) return err({ code: 'INVOICE_NOT_FOUND', message: `No invoice ${ref}`, ref });
  if (!actorMayTouch(ctx.actor, h.target.legalEntityId)) return err(outOfScopeError(h.target.legalEntityId));
  const excluded = new Set([h.target.preparedBy, h.target.submittedBy].filter((x): x is string => x !== null));
  return ok({ reference: h.target.reference, ...recommendReviewer(h.target, h.history, h.people, excluded) });
}

export const invoicesRecommendReviewer = defineTool({
  name: 'invoices_recommend_reviewer',
  description:
    'Whether an invoice is unusual (a combination of line kinds and contract features the firm has rarely approved, or a total ' +
    "far from the client's approved invoices: ratio to the median or robust z-score) and, if so, who should review it: the " +
    'person who approved the most of the most similar past invoices (never its preparer or submitter), with the reason in words. ' +
    'A suggestion only: the approval matrix still decides who must approve. Read-only.',
  input: z.object({ ref: invoiceRefSchema }),
  output: reviewerRecommendationSchema,
  risk: 'read',
  policyAction: null,
  readers: EVERYONE,
  handler: (ctx, { ref }) => recommendInvoiceReviewer(ctx, ref),
});
