import { z } from 'zod';
import { CONTRACT_READERS } from '../../policy/role-groups.ts';
import { defineTool } from '../define-tool.ts';
import type { UseCaseContext, UseCaseDatabase } from '../policy-gate/context.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { SkippedDiff, TermWrite } from '../../extraction/changes/plan-term-writes.ts';
import { checkTermWrites, type TermWriteRefusal } from '../../extraction/documents/check-term-writes.ts';
import {
  documentTermsSelectionSchema,
  planDocumentTerms,
  type DocumentTermsSelection,
  type IdentifiedChange,
  type TermsSelectionError,
} from '../../extraction/documents/document-terms-plan.ts';

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
  action: {
    type: 'contract.apply_extracted_terms';
    contractId: string;
    args: { extractionId: string; termsHash: string };
  };
}

/**
 * What applying a document's terms (or one proposed change) to its contract would write, for the
 * requester and for the controller asked to approve it: the same plan and hash the apply computes.
 * Reading only; the entity scope applies.
 */
export async function previewDocumentTerms(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: DocumentTermsSelection,
): Promise<Result<DocumentTermsPreview, TermsSelectionError>> {
  const planned = await planDocumentTerms(database.db, ctx.actor, input, false);
  if (!planned.ok) return planned;
  const p = planned.value;
  const checked = p.writes.length ? await checkTermWrites(database.db, p.state, p.writes) : null;
  return ok({
    documentId: p.document.id,
    documentType: p.terms.documentType,
    contractId: p.state.contract.id,
    contractCode: p.state.contract.code,
    changeId: p.changeId,
    writes: p.writes,
    skipped: p.skipped,
    unchangedFields: p.unchangedFields,
    blocker: checked && !checked.ok ? checked.error : null,
    proposedChanges: p.proposedChanges,
    action: { type: p.action.type, contractId: p.state.contract.id, args: p.action.args },
  });
}

export const termWriteSchema = z
  .object({
    field: z.string(),
    key: z.string().nullable(),
    part: z.string().nullable(),
    from: z.union([z.string(), z.number()]).nullable(),
    to: z.union([z.string(), z.number()]),
    effectiveFrom: z.string().nullable(),
    unit: z.string().optional(),
    quote: z.string().nullable(),
    page: z.number().int().nullable(),
  })
  .describe("One write: the field, the contract's value now, the document's value with its quote and page");

export const documentsPreviewTerms = defineTool({
  name: 'documents_preview_terms',
  description:
    "What applying a processed document's terms (or one proposed change) to its contract would write: per field the contract " +
    "value now and the document's with its quote, the differences that would not be written and why, a blocker the contract state " +
    'would cause, the proposed changes of an amendment with their ids, and the termsHash an approval binds to. Reads only.',
  input: documentTermsSelectionSchema,
  output: z
    .object({
      documentId: z.string(),
      documentType: z.string(),
      contractId: z.string(),
      contractCode: z.string(),
      changeId: z.string().nullable(),
      writes: z.array(termWriteSchema),
      skipped: z.array(z.object({ field: z.string(), key: z.string().nullable(), reason: z.string() })),
      unchangedFields: z.array(z.string()),
      blocker: z.object({ code: z.string(), message: z.string() }).nullable(),
      proposedChanges: z.array(
        z.object({ id: z.string() }).describe('A proposed change with the id to apply it alone'),
      ),
      action: z.object({
        type: z.literal('contract.apply_extracted_terms'),
        contractId: z.string(),
        args: z.object({ extractionId: z.string(), termsHash: z.string() }),
      }),
    })
    .describe('The plan of the apply, and what an approval binds to'),
  risk: 'read',
  policyAction: null,
  readers: CONTRACT_READERS,
  handler: (ctx, input) => previewDocumentTerms(ctx, ctx, input),
});
