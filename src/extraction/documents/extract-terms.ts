import { llmConfigured, type Config } from '../../config.ts';
import { findProposedChanges, type ProposedContractChange } from '../changes/proposed-change.ts';
import { createLlmExtractor } from '../llm/extract-llm.ts';
import type { Disagreement } from '../llm/cross-check.ts';
import { extractWithRules } from '../rules/extract-rules.ts';
import type { SowTerms } from '../sow-terms.ts';
import type { DocumentText } from '../text/document-text.ts';

export interface TermsResult {
  /** "builtin" or "llm:<model>". */
  extractor: string;
  terms: SowTerms;
  proposedChanges: ProposedContractChange[];
  /** Fields where the LLM and the built-in extractor differ (empty for the built-in path). */
  disagreements: Disagreement[];
}

export type TermsExtractor = (doc: DocumentText) => Promise<TermsResult>;

/** The built-in extractor as a TermsExtractor. */
export const builtinTermsExtractor: TermsExtractor = async (doc) => {
  const { terms } = extractWithRules(doc);
  return { extractor: 'builtin', terms, proposedChanges: findProposedChanges(doc, terms), disagreements: [] };
};

/** The configured extractor: the LLM one when a model is configured (cross-checked against the built-in), else the built-in one. */
export function createTermsExtractor(config: Config, which: 'auto' | 'builtin' | 'llm' = 'auto'): TermsExtractor {
  const useLlm = which === 'llm' || (which === 'auto' && llmConfigured(config));
  if (!useLlm) return builtinTermsExtractor;
  const llm = createLlmExtractor(config);
  return async (doc) => {
    const r = await llm.extract(doc);
    return { extractor: `llm:${llm.model}`, terms: r.terms, proposedChanges: findProposedChanges(doc, r.terms), disagreements: r.disagreements };
  };
}
