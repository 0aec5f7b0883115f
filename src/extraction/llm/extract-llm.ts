import type { Config } from '../../config.ts';
import { enforceEvidence, type DroppedValue } from '../evidence/enforce-evidence.ts';
import { findInstructionSpans } from '../evidence/instruction-spans.ts';
import { extractWithRules } from '../rules/extract-rules.ts';
import { emptySowTerms, type SowTerms } from '../sow-terms.ts';
import { joinPages, type DocumentText } from '../text/document-text.ts';
import { openAiChatClient, type ChatClient } from './chat-client.ts';
import { chunkDocument } from './chunk.ts';
import { crossCheck, type Disagreement } from './cross-check.ts';
import { mergeTerms } from './merge.ts';
import { SYSTEM_PROMPT, userMessage } from './prompt.ts';
import { parseModelAnswer, responseJsonSchema } from './response-schema.ts';

export interface LlmExtraction {
  /** The result: the LLM's verified values, gaps filled with the built-in extractor's verified values. */
  terms: SowTerms;
  /** The LLM's values alone, after evidence verification. */
  llmTerms: SowTerms;
  builtin: SowTerms;
  /** Fields where the two extractors differ, for a reviewer. */
  disagreements: Disagreement[];
  /** LLM values discarded because their quote was missing, not in the document, in text addressed to an assistant, or did not state the value. */
  dropped: DroppedValue[];
  chunks: number;
  /** Chunks whose answer was not valid JSON of the schema (their values are missing, not guessed). */
  invalidAnswers: number;
  /** Tool calls the model attempted; the extractor offers no tools and executes nothing. */
  ignoredToolCalls: number;
}

/** Confidence of an LLM value whose quote was verified against the document. */
export const VERIFIED_CONFIDENCE = 0.85;

export interface LlmExtractor {
  model: string;
  extract(doc: DocumentText): Promise<LlmExtraction>;
}

/**
 * The LLM extractor: chunks the document, asks the model for SowTerms per chunk with structured
 * output, verifies every value's quote against the whole document (and rejects quotes from text
 * addressing an assistant), merges the chunks, then cross-checks against the built-in extractor.
 * The LLM's verified values come first, so where the built-in extractor is unsure (a confidence
 * below LOW_CONFIDENCE) or found nothing, a verified quote fills the gap; built-in values fill only
 * what the model left empty, and keep their own (possibly low) confidence. `deps.builtin` supplies the
 * built-in result (the eval shares one built-in extraction between its rows).
 */
export function createLlmExtractor(
  config: Config,
  deps: { client?: ChatClient; maxChunkChars?: number; builtin?: (doc: DocumentText) => SowTerms } = {},
): LlmExtractor {
  const client = deps.client ?? openAiChatClient(config);
  const schema = responseJsonSchema();
  return {
    model: client.model,
    async extract(doc) {
      const joined = joinPages(doc);
      const instructionSpans = findInstructionSpans(joined.text);
      const chunks = chunkDocument(doc, deps.maxChunkChars);
      const verified: SowTerms[] = [];
      const dropped: DroppedValue[] = [];
      let invalidAnswers = 0;
      let ignoredToolCalls = 0;
      for (const chunk of chunks) {
        const answer = await client.complete({
          system: SYSTEM_PROMPT,
          user: userMessage(chunk, chunks.length),
          schema,
        });
        ignoredToolCalls += answer.toolCalls;
        const parsed = answer.content === null ? null : parseModelAnswer(answer.content);
        if (!parsed) {
          invalidAnswers++;
          continue;
        }
        const checked = enforceEvidence(parsed, joined, { instructionSpans, checkSupport: true });
        // A value whose quote was found in the document and states it: as sure as a labelled rule.
        checked.terms.evidence = checked.terms.evidence.map((e) => ({ ...e, confidence: VERIFIED_CONFIDENCE }));
        verified.push(checked.terms);
        dropped.push(...checked.dropped);
      }
      const llmTerms = verified.length ? mergeTerms(verified, 'union') : emptySowTerms();
      const builtin = deps.builtin ? deps.builtin(doc) : extractWithRules(doc).terms;
      return {
        terms: mergeTerms([llmTerms, builtin], 'fallback'),
        llmTerms,
        builtin,
        disagreements: crossCheck(llmTerms, builtin),
        dropped,
        chunks: chunks.length,
        invalidAnswers,
        ignoredToolCalls,
      };
    },
  };
}
