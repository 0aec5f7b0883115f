import { findProposedChanges } from '../changes/proposed-change.ts';
import { extractWithRules } from '../rules/extract-rules.ts';
import type { DocumentText } from '../text/document-text.ts';
import type { TermsResult } from './extract-terms.ts';

/** The built-in (rules) extractor's result for a document; runs in the document worker (text/worker-tasks.ts). */
export function extractTermsWithRules(doc: DocumentText): TermsResult {
  const { terms } = extractWithRules(doc);
  return { extractor: 'builtin', terms, proposedChanges: findProposedChanges(doc, terms), disagreements: [] };
}
