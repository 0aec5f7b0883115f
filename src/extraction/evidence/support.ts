import type { SowTerms } from '../sow-terms.ts';
import { readPath } from './value-paths.ts';
import { NO_ROLLOVER, statesDate, statesNumber, statesString, ZERO_TAX } from './written-forms.ts';

const hasNumber = (quote: string, value: string | number | null | undefined): boolean =>
  value === null || value === undefined || statesNumber(quote, Number(value));

const hasDate = (quote: string, value: string | null | undefined): boolean => !value || statesDate(quote, value);

const hasString = (quote: string, value: unknown): boolean =>
  value === null || value === undefined || statesString(quote, String(value));

/**
 * True when a quote states the value it is cited for: the amount, percent, day count or date, or the
 * reference, order number or party name, must appear in it (in any written form: written-forms.ts).
 * Guards the LLM path against a real quote cited for an invented value. Enumerations (document
 * type, billing model, currency, frequency, basis) and names of roles and milestones are not checked:
 * a quote cannot state them literally.
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
      return hasNumber(quote, v as number) || (Number(v) === 0 && ZERO_TAX.test(quote));
    case 'retainer.rolloverHoursMax':
      return (
        hasNumber(quote, v as number) ||
        (Number(v) === 0 &&
          (NO_ROLLOVER.test(quote) || (/\b(?:expire|lapse)/i.test(quote) && /\bhours?\b|Stunden|heures/i.test(quote))))
      );
    case 'paymentTerms.netDays':
    case 'retainer.includedHours':
    case 'retainer.overageRate':
    case 'retainer.overageApprovalThresholdPercent':
      return hasNumber(quote, v as number | string);
    case 'effectiveDate':
    case 'endDate':
      return hasDate(quote, v as string);
    case 'reference':
    case 'poNumber':
    case 'parties.client':
    case 'parties.provider':
      return hasString(quote, v);
    default:
      return true;
  }
}
