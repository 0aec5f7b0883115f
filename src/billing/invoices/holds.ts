import { FEE_KINDS } from '../rating/charge.ts';
import type { LineKind } from '../model.ts';
import { fromDecimal, money, toDecimal } from '../../shared/money.ts';
import { dec } from '../../shared/decimal.ts';

/** The conversion a draft was rated with: work (contract) currency -> invoice currency. */
export interface DraftFx {
  from: string;
  rate: string;
}

/**
 * What releasing a held line adds to the contract's not-to-exceed consumption, in the work currency:
 * fee lines only (as the rating core counts them), converted back at the draft's rate and rounded
 * half up; exact when the draft was not converted. Expenses and discounts consume nothing.
 * @example nteConsumption('time', 12000n, 'EUR', { from: 'USD', rate: '0.92' }) // 13043n (130.43 USD)
 */
export function nteConsumption(
  kind: LineKind,
  amountMinor: bigint,
  invoiceCurrency: string,
  fx: DraftFx | null,
): bigint {
  if (!FEE_KINDS.has(kind)) return 0n;
  if (fx === null) return amountMinor;
  const invoiceAmount = toDecimal(money(amountMinor, invoiceCurrency));
  return fromDecimal(invoiceAmount.div(dec(fx.rate)), fx.from, 'half_up').amountMinor;
}
