import type { contracts, rateCardEntries } from '../../db/schema/contracts.ts';
import type { milestones } from '../../db/schema/milestones.ts';
import { format, money } from '../../shared/money.ts';
import type { ContractRecord } from './diff-contract.ts';

type ContractRow = typeof contracts.$inferSelect;
type RateRow = typeof rateCardEntries.$inferSelect;
type MilestoneRow = typeof milestones.$inferSelect;

/**
 * The contract record the diff compares against, from stored rows: role rates (not person
 * overrides) valid on `asOf` (or the latest when none covers it), in their unit (hour, day, month; a
 * half-day rate, which no document states, is left out), and money from minor units as decimal strings.
 */
export function toContractRecord(
  contract: ContractRow,
  rates: RateRow[],
  contractMilestones: MilestoneRow[],
  asOf: string | null,
): ContractRecord {
  const byRole = new Map<string, RateRow>();
  for (const r of rates
    .filter((x) => x.personId === null && x.unit !== 'half_day')
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))) {
    const covers = asOf !== null && r.effectiveFrom <= asOf && (r.effectiveTo === null || r.effectiveTo >= asOf);
    const current = byRole.get(r.role);
    const currentCovers =
      current &&
      asOf !== null &&
      current.effectiveFrom <= asOf &&
      (current.effectiveTo === null || current.effectiveTo >= asOf);
    if (!current || covers || !currentCovers) byRole.set(r.role, r);
  }
  const amount = (minor: bigint | null): string | null =>
    minor === null ? null : format(money(minor, contract.currency));
  return {
    currency: contract.currency,
    paymentTermsDays: contract.paymentTermsDays,
    poNumber: contract.poNumber,
    notToExceed: amount(contract.notToExceedMinor),
    startDate: contract.startDate,
    endDate: contract.endDate,
    invoiceFrequency: contract.invoiceFrequency,
    lateFeePercentMonthly: contract.lateFeePercentMonthly,
    rateCard: [...byRole.values()].map((r) => ({
      role: r.role,
      rate: r.rate,
      unit: (r.unit ?? 'hour') as 'hour' | 'day' | 'month',
    })),
    milestones: contractMilestones.map((m) => ({
      name: m.name,
      amount: amount(m.amountMinor),
      percent: m.percent,
      dueDate: m.dueDate,
    })),
  };
}
