import { dec } from '../../shared/decimal.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { lineTotals, type InvoiceTotals } from './line-totals.ts';

/** A line of the invoice being credited, as the credit note needs it. */
export interface CreditableLine {
  id: string;
  lineKey: string;
  amountMinor: bigint;
  taxMinor: bigint;
  quantity: string;
  preciseAmount: string;
  held: boolean;
}

/** The prefix of a credit note line's key; the rest is the credited line's id, so a line is credited once. */
export const CREDIT_LINE_PREFIX = 'credit:';

export type CreditNoteRefusal =
  | { code: 'LINE_NOT_ON_INVOICE'; message: string; lineIds: string[] }
  | { code: 'LINE_ALREADY_CREDITED'; message: string; lineIds: string[] }
  | { code: 'NOTHING_TO_CREDIT'; message: string };

/** Which lines a credit note negates and what it totals (negative). */
export interface CreditNotePlan {
  lines: {
    sourceId: string;
    lineKey: string;
    amountMinor: bigint;
    taxMinor: bigint;
    quantity: string;
    preciseAmount: string;
  }[];
  totals: InvoiceTotals;
}

/**
 * The credit note for some lines of an invoice (all billed lines when lineIds is null): each line
 * negated (quantity, amount, tax, precise amount), so its lines sum exactly to its negative total.
 * Held lines were never billed and are not credited; a line already credited is refused.
 * @example planCreditNote([{ id: '7', amountMinor: 10000n, taxMinor: 2100n, quantity: '2', ... }], null, new Set())
 * // lines [{ sourceId: '7', amountMinor: -10000n, taxMinor: -2100n, quantity: '-2', ... }], total -12100n
 */
export function planCreditNote(
  lines: readonly CreditableLine[],
  lineIds: readonly string[] | null,
  alreadyCredited: ReadonlySet<string>,
): Result<CreditNotePlan, CreditNoteRefusal> {
  const billed = lines.filter((l) => !l.held);
  let chosen: CreditableLine[];
  if (lineIds === null) {
    chosen = billed.filter((l) => !alreadyCredited.has(l.id));
  } else {
    const unknown = lineIds.filter((id) => !billed.some((l) => l.id === id));
    if (unknown.length)
      return err({
        code: 'LINE_NOT_ON_INVOICE',
        message: `lines ${unknown.join(', ')} are not billed lines of the invoice`,
        lineIds: unknown,
      });
    const again = lineIds.filter((id) => alreadyCredited.has(id));
    if (again.length)
      return err({
        code: 'LINE_ALREADY_CREDITED',
        message: `lines ${again.join(', ')} are already credited`,
        lineIds: again,
      });
    chosen = billed.filter((l) => lineIds.includes(l.id));
  }
  if (chosen.length === 0)
    return err({ code: 'NOTHING_TO_CREDIT', message: 'every billed line of the invoice is already credited' });
  const out = chosen.map((l) => ({
    sourceId: l.id,
    lineKey: `${CREDIT_LINE_PREFIX}${l.id}`,
    amountMinor: -l.amountMinor,
    taxMinor: -l.taxMinor,
    quantity: dec(l.quantity).neg().toString(),
    preciseAmount: dec(l.preciseAmount).neg().toString(),
  }));
  return ok({ lines: out, totals: lineTotals(out.map((l) => ({ ...l, held: false }))) });
}
