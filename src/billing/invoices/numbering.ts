import { addDays } from '../../shared/dates.ts';

/** Digits of the sequence part of an invoice number. */
export const INVOICE_NUMBER_DIGITS = 6;

/**
 * An invoice number: the legal entity's prefix and its zero-padded sequence number.
 * @example formatInvoiceNumber('NWUS-', 42n) // 'NWUS-000042'
 */
export function formatInvoiceNumber(prefix: string, sequence: bigint): string {
  if (sequence < 1n) throw new Error(`invoice sequence must be positive, got ${sequence}`);
  return `${prefix}${sequence.toString().padStart(INVOICE_NUMBER_DIGITS, '0')}`;
}

/**
 * Issue and due date of an invoice approved at `now`: issued today (the UTC calendar date), due
 * after the payment terms.
 * @example issueDates(new Date('2026-03-31T23:30:00Z'), 30) // { issueDate: '2026-03-31', dueDate: '2026-04-30' }
 */
export function issueDates(now: Date, paymentTermsDays: number): { issueDate: string; dueDate: string } {
  const issueDate = now.toISOString().slice(0, 10);
  return { issueDate, dueDate: addDays(issueDate, paymentTermsDays) };
}
