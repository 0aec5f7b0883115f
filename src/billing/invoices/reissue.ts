import { dec } from '../../shared/decimal.ts';
import { fromDecimal } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { lineTax } from '../rating/tax.ts';
import { lineTotals, type InvoiceTotals } from './line-totals.ts';

/** A billed line of the disputed invoice, as the corrected re-issue needs it. */
export interface ReissuableLine {
  id: string;
  quantity: string;
  unitPrice: string;
  amountMinor: bigint;
  taxMinor: bigint;
  preciseAmount: string;
  taxRatePercent: string;
  held: boolean;
}

/** A correction of one line: a new quantity and/or unit price, or the line left off. */
export interface LineCorrection {
  line: string;
  quantity?: string | undefined;
  unitPrice?: string | undefined;
  remove?: boolean | undefined;
}

export interface ReissuePlan {
  lines: {
    sourceId: string;
    lineKey: string;
    quantity: string;
    unitPrice: string;
    amountMinor: bigint;
    taxMinor: bigint;
    preciseAmount: string;
  }[];
  totals: InvoiceTotals;
}

/** The prefix of a corrected line's key; the rest is the disputed line's id. */
export const REISSUE_LINE_PREFIX = 'reissue:';

export type ReissueRefusal = { code: 'CORRECTION_INVALID'; message: string };

/**
 * The corrected invoice that replaces a disputed one: its billed lines again, each corrected line
 * re-priced (quantity × unit price, rounded half up once to the minor unit; tax from the line's own
 * rate, rounded once), removed lines left off, the rest unchanged to the minor unit.
 * @example planReissue([{ id: '1', quantity: '10', unitPrice: '150', amountMinor: 150000n, taxRatePercent: '0', ... }],
 *   [{ line: '1', quantity: '8' }], 'USD') // one line of 1200.00, total 120000n
 */
export function planReissue(
  lines: readonly ReissuableLine[],
  corrections: readonly LineCorrection[],
  currency: string,
): Result<ReissuePlan, ReissueRefusal> {
  const billed = lines.filter((l) => !l.held);
  const byLine = new Map<string, LineCorrection>();
  for (const c of corrections) {
    if (!billed.some((l) => l.id === c.line))
      return err({ code: 'CORRECTION_INVALID', message: `line ${c.line} is not a billed line of the invoice` });
    if (byLine.has(c.line)) return err({ code: 'CORRECTION_INVALID', message: `line ${c.line} is corrected twice` });
    if (!c.remove && c.quantity === undefined && c.unitPrice === undefined)
      return err({ code: 'CORRECTION_INVALID', message: `line ${c.line}: give a quantity, a unit price, or remove` });
    byLine.set(c.line, c);
  }
  const out: ReissuePlan['lines'] = [];
  for (const l of billed) {
    const c = byLine.get(l.id);
    if (c?.remove) continue;
    const base = { sourceId: l.id, lineKey: `${REISSUE_LINE_PREFIX}${l.id}` };
    if (!c) {
      out.push({
        ...base,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        amountMinor: l.amountMinor,
        taxMinor: l.taxMinor,
        preciseAmount: l.preciseAmount,
      });
      continue;
    }
    const quantity = dec(c.quantity ?? l.quantity);
    const unitPrice = dec(c.unitPrice ?? l.unitPrice);
    if (quantity.isNegative() || unitPrice.isNegative())
      return err({ code: 'CORRECTION_INVALID', message: `line ${c.line}: quantity and unit price are not negative` });
    const precise = quantity.times(unitPrice);
    const amountMinor = fromDecimal(precise, currency, 'half_up').amountMinor;
    out.push({
      ...base,
      quantity: quantity.toString(),
      unitPrice: unitPrice.toString(),
      amountMinor,
      taxMinor: lineTax(amountMinor, l.taxRatePercent, currency),
      preciseAmount: precise.toString(),
    });
  }
  if (out.length === 0)
    return err({ code: 'CORRECTION_INVALID', message: 'every line is removed: resolve the dispute as upheld instead' });
  return ok({ lines: out, totals: lineTotals(out.map((l) => ({ ...l, held: false }))) });
}
