import type { Evidence, SowTerms } from '../sow-terms.ts';
import { pageAt, type JoinedText } from '../text/document-text.ts';
import { overlaps, type Span } from './instruction-spans.ts';
import { locateQuote } from './locate.ts';
import { quoteSupports } from './support.ts';
import { valuePaths, withoutPaths } from './value-paths.ts';

export type DropReason = 'no_evidence' | 'quote_not_found' | 'quote_in_instruction_text' | 'quote_does_not_state_value';

export interface DroppedValue {
  field: string;
  reason: DropReason;
  quote: string | null;
}

export interface EnforceOptions {
  /** Passages addressing an assistant; quotes inside them are rejected. */
  instructionSpans: readonly Span[];
  /** Also require numbers and dates to appear in their quote (the LLM path). */
  checkSupport: boolean;
}

const WHOLE_OBJECTS = /^(recurringFee|minimumCommitment|lateFee)\.\w+$|^(retainer)\.(?:amount|period)$/;

/** Folds sub-paths onto the value they belong to: "rates[0].amount" → "rates[0]", "lateFee.percent" → "lateFee". */
export function evidenceField(field: string): string {
  const f = field.trim().replace(/^\$\.?/, '');
  const item = /^(rates|milestones|usageTiers|caps)\[(\d+)\]/.exec(f);
  if (item) return `${item[1]}[${item[2]}]`;
  const whole = WHOLE_OBJECTS.exec(f);
  if (whole) return whole[1] ?? whole[2] ?? f;
  return f;
}

/**
 * Keeps only values backed by evidence: each quote must occur in the document (verbatim, modulo
 * whitespace), must not come from text addressing an assistant and, when asked, must state the
 * value. Quotes are replaced by the exact document text and pages are recomputed from where the
 * quote was found. Every value without a valid quote is dropped and reported.
 */
export function enforceEvidence(
  terms: SowTerms,
  joined: JoinedText,
  opts: EnforceOptions,
): { terms: SowTerms; dropped: DroppedValue[] } {
  const valid: Evidence[] = [];
  const rejected = new Map<string, DroppedValue>();
  const paths = new Set(valuePaths(terms));
  for (const raw of terms.evidence) {
    const e = { ...raw, field: evidenceField(raw.field) };
    if (!paths.has(e.field)) continue;
    const at = locateQuote(joined.text, e.quote, joined);
    if (!at) {
      rejected.set(e.field, { field: e.field, reason: 'quote_not_found', quote: e.quote });
      continue;
    }
    if (overlaps(opts.instructionSpans, at.start, at.end)) {
      rejected.set(e.field, { field: e.field, reason: 'quote_in_instruction_text', quote: e.quote });
      continue;
    }
    const quote = joined.text.slice(at.start, at.end);
    if (opts.checkSupport && !quoteSupports(terms, e.field, quote)) {
      rejected.set(e.field, { field: e.field, reason: 'quote_does_not_state_value', quote: e.quote });
      continue;
    }
    valid.push({
      field: e.field,
      quote,
      page: pageAt(joined, at.start),
      ...(e.confidence === undefined ? {} : { confidence: e.confidence }),
    });
  }
  const backed = new Set(valid.map((e) => e.field));
  const dropped: DroppedValue[] = [];
  const drop = new Set<string>();
  for (const path of valuePaths(terms)) {
    if (backed.has(path)) continue;
    drop.add(path);
    dropped.push(rejected.get(path) ?? { field: path, reason: 'no_evidence', quote: null });
  }
  const { terms: kept, remap } = withoutPaths(terms, drop);
  const seen = new Set<string>();
  kept.evidence = valid.flatMap((e) => {
    const field = remap(e.field);
    const key = `${field}\u0000${e.quote}`;
    if (field === null || seen.has(key)) return [];
    seen.add(key);
    return [{ ...e, field }];
  });
  return { terms: kept, dropped };
}
