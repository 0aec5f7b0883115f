import { llmConfigured, type Config } from '../../config.ts';
import { findProposedChanges, type ProposedContractChange } from '../changes/proposed-change.ts';
import { createLlmExtractor } from '../llm/extract-llm.ts';
import type { Disagreement } from '../llm/cross-check.ts';
import type { SowTerms } from '../sow-terms.ts';
import type { DocumentText } from '../text/document-text.ts';
import { runInDocumentWorker } from '../text/document-worker.ts';
import { DocumentLimitError } from '../text/errors.ts';
import { documentLimits, outcomeProblem, withDefaults, workerBudget, type TextLimits } from '../text/extract-text.ts';

export interface TermsResult {
  /** "builtin" or "llm:<model>". */
  extractor: string;
  terms: SowTerms;
  proposedChanges: ProposedContractChange[];
  /** Fields where the LLM and the built-in extractor differ (empty for the built-in path). */
  disagreements: Disagreement[];
}

export type TermsExtractor = (doc: DocumentText) => Promise<TermsResult>;

/**
 * The built-in extractor as a TermsExtractor, run in the document worker so a long document does not
 * hold the server's event loop; over the time limit or the worker's heap cap it throws a
 * DocumentLimitError (DOCUMENT_TIMEOUT, DOCUMENT_TOO_COMPLEX).
 */
export function rulesTermsExtractor(limits: TextLimits = { maxBytes: 0, maxPages: 0 }): TermsExtractor {
  const full = withDefaults(limits);
  return async (doc) => {
    const outcome = await runInDocumentWorker<TermsResult>('terms', { doc }, workerBudget(full));
    if (!outcome.ok) throw new DocumentLimitError(outcomeProblem(outcome.reason, full));
    return outcome.value;
  };
}

/** The built-in extractor with the default limits. */
export const builtinTermsExtractor: TermsExtractor = rulesTermsExtractor();

/** The configured extractor: the LLM one when a model is configured (cross-checked against the built-in), else the built-in one. */
export function createTermsExtractor(config: Config, which: 'auto' | 'builtin' | 'llm' = 'auto'): TermsExtractor {
  const useLlm = which === 'llm' || (which === 'auto' && llmConfigured(config));
  if (!useLlm) return rulesTermsExtractor(documentLimits(config));
  const llm = createLlmExtractor(config);
  return async (doc) => {
    const r = await llm.extract(doc);
    return {
      extractor: `llm:${llm.model}`,
      terms: r.terms,
      proposedChanges: findProposedChanges(doc, r.terms),
      disagreements: r.disagreements,
    };
  };
}
