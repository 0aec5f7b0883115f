/**
 * Recurring fixed fees: an amount per month, quarter or year beside whatever else the contract bills
 * (time, milestones, usage), one line per fee on the invoice of the period that bills it.
 *
 * PERIODS count in months from the fee's start month. In advance, a fee period is billed on the
 * invoice of its first month; in arrears, on the invoice of its last month; a monthly fee is on its
 * own month's invoice either way. A fee period is billed when its first month is on or before the
 * fee's last period and the contract's end; a fee is billed on its billing month's run only (a
 * period already past draft is not billed again, so no fee is billed twice).
 * PRORATION: a first period that starts after the first of its month is billed for the days it
 * covers out of the days in the whole fee period when prorateFirstPeriod is set (17 of 30 days of
 * 1,200,000 JPY = 680,000 JPY), else in full. The fraction is exact; the line rounds once, half up.
 */
import { addMonths, periodBounds } from '../../shared/dates.ts';
import { Dec } from '../../shared/decimal.ts';
import type { ContractTerms, RecurringFee } from '../model.ts';
import { type ChargeGroup, majorOf, termSources } from './charge.ts';

const MONTHS: Readonly<Record<RecurringFee['frequency'], number>> = { month: 1, quarter: 3, year: 12 };

const monthIndex = (period: string): number => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
/** Calendar days from one ISO date to another, both included. */
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** The fee period one fee bills on the invoice of `period`, or null when it bills none then. */
export function feePeriodBilledIn(fee: RecurringFee, period: string): { first: string; last: string } | null {
  const span = MONTHS[fee.frequency];
  const n = monthIndex(period) - monthIndex(fee.startDate.slice(0, 7));
  const offset = fee.timing === 'advance' ? n : n - span + 1;
  if (offset < 0 || offset % span !== 0) return null;
  const first = addMonths(fee.startDate.slice(0, 7), offset);
  return { first, last: addMonths(first, span - 1) };
}

/**
 * The fee lines the invoice of `period` carries.
 * @example 1,200,000 JPY a month from 2026-10-01, in advance → period 2026-10: one line of 1,200,000 JPY
 */
export function rateRecurringFees(
  contract: Pick<ContractTerms, 'recurringFees' | 'currency' | 'endDate'>,
  period: string,
): ChargeGroup[] {
  const groups: ChargeGroup[] = [];
  contract.recurringFees.forEach((fee, i) => {
    const p = feePeriodBilledIn(fee, period);
    if (!p) return;
    if (fee.lastPeriod !== null && p.first > fee.lastPeriod) return;
    if (contract.endDate !== null && p.first > contract.endDate.slice(0, 7)) return;
    const start = periodBounds(p.first).start;
    const end = periodBounds(p.last).end;
    const partial = p.first === fee.startDate.slice(0, 7) && fee.startDate > start;
    const serviceStart = partial ? fee.startDate : start;
    const covered = daysBetween(serviceStart, end);
    const total = daysBetween(start, end);
    const fraction = partial && fee.prorateFirstPeriod ? new Dec(covered).div(total) : new Dec(1);
    const span = p.first === p.last ? p.first : `${p.first} to ${p.last}`;
    const prorated =
      partial && fee.prorateFirstPeriod ? `, ${serviceStart} to ${end}: ${covered} of ${total} days` : '';
    groups.push({
      lineKey: `recurring_fee[${i}]:${p.first}`,
      kind: 'recurring_fee',
      description: `${fee.description} for ${span} (${fee.timing === 'advance' ? 'in advance' : 'in arrears'}${prorated})`,
      unit: fee.frequency,
      unitPrice: majorOf(fee.amountMinor, contract.currency).times(fraction),
      atomic: true,
      sourceKind: 'none',
      pieces: [{ sourceId: null, date: fee.timing === 'advance' ? serviceStart : end, quantity: new Dec(1) }],
      sources: termSources(`recurring_fees[${i}]`),
      role: null,
      personId: null,
      servicePeriodStart: serviceStart,
      servicePeriodEnd: end,
      held: false,
    });
  });
  return groups;
}
