import { z } from 'zod';
import { recommendReviewer } from '../../billing/invoices/reviewer-recommendation.ts';
import type { DbOrTx } from '../../db/client.ts';
import { reviewerHistories } from '../../db/stores/reviewer-history.ts';
import { authorityOf } from '../../policy/permissions.ts';
import type { Actor } from '../../policy/roles.ts';

export const reviewerSuggestionSchema = z
  .object({
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
  })
  .describe(
    'invoices_recommend_reviewer for this invoice: whether it is unusual and who, from past approvals of similar invoices, ' +
      'should review it. A suggestion: the approval matrix still decides who must approve',
  );
export type ReviewerSuggestion = z.output<typeof reviewerSuggestionSchema>;

/**
 * The reviewer suggestion of each invoice on an inbox page, as invoices_recommend_reviewer makes it
 * (compared with the approved invoices the actor may see; never its preparer or submitter), from one
 * read of the history for the whole page: four statements whatever the page's size. Keyed by invoice id.
 */
export async function reviewerSuggestions(
  db: DbOrTx,
  actor: Actor,
  invoiceIds: readonly string[],
): Promise<Map<string, ReviewerSuggestion>> {
  const out = new Map<string, ReviewerSuggestion>();
  if (invoiceIds.length === 0) return out;
  const scope = authorityOf(actor).entityIds;
  const h = await reviewerHistories(db, invoiceIds, scope === null ? null : [...scope]);
  for (const [id, target] of h.targets) {
    const excluded = new Set([target.preparedBy, target.submittedBy].filter((x): x is string => x !== null));
    const r = recommendReviewer(
      target,
      h.history.filter((x) => x.id !== id),
      h.people,
      excluded,
    );
    out.set(id, { unusual: r.unusual, reasons: r.reasons, reviewer: r.reviewer, summary: r.summary });
  }
  return out;
}
