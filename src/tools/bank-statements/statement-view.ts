import { z } from 'zod';
import type { BankLineRow } from '../../db/stores/bank-statement-store.ts';
import { moneyView } from '../../shared/money.ts';
import { moneyViewSchema } from '../schemas.ts';

/** Who reads bank statements: as for payments. */
export { PAYMENT_READERS as BANK_STATEMENT_READERS } from '../payments/payment-view.ts';

export const LINE_STATUSES = [
  'pending',
  'applied',
  'proposed',
  'unapplied',
  'unidentified',
  'failed',
  'debit',
  'returned',
  'return_unmatched',
] as const;

export const bankLineViewSchema = z
  .object({
    lineNo: z.number(),
    bankReference: z.string(),
    direction: z.enum(['credit', 'debit']),
    amount: moneyViewSchema,
    bookedOn: z.string(),
    counterparty: z.object({ name: z.string().nullable(), account: z.string().nullable() }),
    remittance: z.string().nullable(),
    status: z
      .enum(LINE_STATUSES)
      .describe(
        'applied: recorded and applied; proposed: recorded, the match waits for a person or an approval; ' +
          'unapplied: recorded, no confident match; unidentified: no client found, nothing recorded; failed: the payment was refused; debit: money out; ' +
          'returned: a return or reversal of an earlier receipt, its payment reversed; return_unmatched: a return whose payment was not found (see reasons)',
      ),
    client: z.string().nullable().describe('The paying client (code), when known'),
    paymentId: z.string().nullable(),
    confidence: z.enum(['exact', 'probable', 'none']).nullable(),
    reasons: z.array(z.string()),
    allocations: z
      .array(z.object({ invoice: z.string(), amount: z.string() }))
      .describe('Applied (status applied) or proposed (status proposed)'),
    candidates: z.array(
      z.object({
        invoice: z.string(),
        client: z.string(),
        open: z.string(),
        dueDate: z.string().nullable(),
        reason: z.string(),
      }),
    ),
    approvalRequestId: z.string().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .describe('One line of a bank statement and what cash application did with it');
export type BankLineView = z.output<typeof bankLineViewSchema>;

/** A stored line at the boundary. */
export function bankLineView(r: { line: BankLineRow; clientCode: string | null }): BankLineView {
  const l = r.line;
  const m = l.match;
  return {
    lineNo: l.lineNo,
    bankReference: l.bankReference,
    direction: l.direction,
    amount: moneyView(l.amountMinor, l.currency),
    bookedOn: l.bookedOn,
    counterparty: { name: l.counterpartyName, account: l.counterpartyAccount },
    remittance: l.remittance,
    status: l.status,
    client: r.clientCode,
    paymentId: l.paymentId,
    confidence: m?.confidence ?? null,
    reasons: m?.reasons ?? [],
    allocations: m?.allocations ?? [],
    candidates: m?.candidates ?? [],
    approvalRequestId: m?.approvalRequestId ?? null,
    error: m?.error ?? null,
  };
}

export const statementSummarySchema = z.object({
  statementId: z.string(),
  legalEntity: z.string(),
  format: z.enum(['camt053', 'csv']),
  statementRef: z.string(),
  account: z.string().nullable(),
  fileName: z.string().nullable(),
  importedBy: z.string(),
  importedAt: z.string(),
  linesInFile: z.number().describe('Booked lines the file holds'),
  alreadyImported: z
    .number()
    .describe('Lines of the file an earlier statement already had (same bank reference): not recorded again'),
  counts: z.record(z.enum(LINE_STATUSES), z.number()).describe('Lines of this statement by status'),
});
