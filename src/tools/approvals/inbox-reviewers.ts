import type { z } from 'zod';
import { recommendReviewer } from '../../billing/invoices/reviewer-recommendation.ts';
import type { DbOrTx } from '../../db/client.ts';
import { reviewerHistories } from '../../db/stores/reviewer-history.ts';
import { authorityOf } from '../../policy/permissions.ts';
import type { Actor } from '../../policy/roles.ts';
import { reviewerRecommendationSchema } from '../invoices/recommend-reviewer.ts';

export const reviewerSuggestionSchema = reviewerRecommendationSchema
  .pick({ unusual: true, reasons: true, reviewer: true, summary: true })
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
