import type { UseCaseContext, UseCaseDatabase } from '../../db/usecases/context.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { SkippedDiff, TermWrite } from '../changes/plan-term-writes.ts';
import { checkTermWrites, type TermWriteRefusal } from './check-term-writes.ts';
import { planDocumentTerms, type DocumentTermsSelection, type IdentifiedChange, type TermsSelectionError } from './document-terms-plan.ts';

export interface DocumentTermsPreview {
  documentId: string;
  documentType: string;
  contractId: string;
  contractCode: string;
  changeId: string | null;
  /** What applying would write, each with the document's quote; empty when the contract already agrees. */
  writes: TermWrite[];
  /** Differences that would not be written, and why. */
  skipped: SkippedDiff[];
  /** Fields asked for that have nothing to write (applying with them is refused). */
  unchangedFields: string[];
  /** Why applying would be refused as the contract stands (a billed currency, an invoiced rate period), if it would. */
  blocker: TermWriteRefusal | null;
  /** The amendment's proposed changes, each with the id to apply it alone. */
  proposedChanges: IdentifiedChange[];
  /** The arguments the approval binds to: the same selection applied later must produce the same hash. */
  action: { type: 'contract.apply_extracted_terms'; contractId: string; args: { extractionId: string; termsHash: string } };
}

/**
 * What applying a document's terms (or one proposed change) to its contract would write, for the
 * requester and for the controller asked to approve it: the same plan and hash the apply computes.
 * Reading only; the entity scope applies.
 */
export async function previewDocumentTerms(database: UseCaseDatabase, ctx: UseCaseContext, input: DocumentTermsSelection): Promise<Result<DocumentTermsPreview, TermsSelectionError>> {
  const planned = await planDocumentTerms(database.db, ctx.actor, input, false);
  if (!planned.ok) return planned;
  const p = planned.value;
  const checked = p.writes.length ? await checkTermWrites(database.db, p.state, p.writes) : null;
  return ok({
    documentId: p.document.id, documentType: p.terms.documentType, contractId: p.state.contract.id, contractCode: p.state.contract.code,
    changeId: p.changeId, writes: p.writes, skipped: p.skipped, unchangedFields: p.unchangedFields,
    blocker: checked && !checked.ok ? checked.error : null, proposedChanges: p.proposedChanges,
    action: { type: p.action.type, contractId: p.state.contract.id, args: p.action.args },
  });
}
