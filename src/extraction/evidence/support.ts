import { parseDate } from '../rules/dates.ts';
import { parseAmount, wordNumber } from '../rules/numbers.ts';
import type { SowTerms } from '../sow-terms.ts';
import { readPath } from './value-paths.ts';

/** Numbers written in a quote, read both ways where separators are ambiguous. */
function numbersIn(quote: string): number[] {
  const out: number[] = [];
  for (const m of quote.matchAll(/\d[\d.,'’\u00a0]*/g)) {
    for (const style of ['en', 'eu'] as const) {
      const a = parseAmount(m[0], style);
      if (a !== null) out.push(Number(a));
    }
  }
  for (const m of quote.matchAll(/\b[a-z]+(?:[ -][a-z]+)*\b/gi)) {
    const n = wordNumber(m[0]);
    if (n !== null) out.push(n);
  }
  return out;
}

const hasNumber = (quote: string, value: string | number | null | undefined): boolean => {
  if (value === null || value === undefined) return true;
  const v = Number(value);
  return numbersIn(quote).some((n) => Math.abs(n - v) < 1e-9);
};

const hasDate = (quote: string, value: string | null | undefined): boolean => {
  if (!value) return true;
  const candidates =
    quote.match(
      /\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?[A-Z][a-z]+\.?,?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}/g,
    ) ?? [];
  return candidates.some((c) => parseDate(c, 'mdy') === value || parseDate(c, 'dmy') === value);
};

/**
 * True when a quote states the value it is cited for: the amount, percent, day count or date must
 * appear in it. Guards the LLM path against a real quote cited for an invented number.
 */
export function quoteSupports(terms: SowTerms, path: string, quote: string): boolean {
  const v = readPath(terms, path) as Record<string, unknown> | string | number | null | undefined;
  const base = path.replace(/\[\d+\]$/, '');
  const obj = (v && typeof v === 'object' ? v : {}) as Record<string, string | number | null | undefined>;
  switch (base) {
    case 'rates':
      return hasNumber(quote, obj.amount);
    case 'milestones':
      return (
        hasNumber(quote, obj.amount) && hasNumber(quote, obj.percent) && hasDate(quote, obj.dueDate as string | null)
      );
    case 'usageTiers':
      return hasNumber(quote, obj.unitPrice);
    case 'caps':
      return hasNumber(quote, obj.amount) && hasNumber(quote, obj.percentOfFees);
    case 'recurringFee':
    case 'minimumCommitment':
    case 'retainer':
      return hasNumber(quote, obj.amount);
    case 'lateFee':
      return hasNumber(quote, obj.percent);
    case 'taxRatePercent':
    case 'paymentTerms.netDays':
    case 'retainer.includedHours':
    case 'retainer.overageRate':
    case 'retainer.rolloverHoursMax':
    case 'retainer.overageApprovalThresholdPercent':
      return hasNumber(quote, v as number | string);
    case 'effectiveDate':
      return hasDate(quote, v as string);
    default:
      return true;
  }
}
