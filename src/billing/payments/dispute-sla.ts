import { addDays } from '../../shared/dates.ts';

/** Why a client disputes an invoice. */
export const DISPUTE_REASON_CODES = ['rate', 'hours', 'scope', 'missing_po', 'duplicate', 'tax', 'quality'] as const;
export type DisputeReasonCode = (typeof DISPUTE_REASON_CODES)[number];

/**
 * The default SLA: calendar days from opening to resolution, by reason code. Quick checks (a
 * duplicate, a missing PO number, a tax code) are short; disputes that need the engagement team
 * (hours, rate, scope) or the client's acceptance (quality) take longer. Documented in docs/collections.md.
 */
export const DISPUTE_SLA_DAYS: Readonly<Record<DisputeReasonCode, number>> = {
  duplicate: 3,
  missing_po: 5,
  tax: 7,
  rate: 10,
  hours: 10,
  scope: 15,
  quality: 20,
};

/**
 * The day a dispute opened on `openedOn` for this reason is due to be resolved.
 * @example disputeDueOn('2026-03-01', 'hours') // '2026-03-11'
 */
export const disputeDueOn = (openedOn: string, code: DisputeReasonCode): string =>
  addDays(openedOn, DISPUTE_SLA_DAYS[code]);

/**
 * Whether an open dispute is past its SLA on a day, and by how many days (0 when not overdue or resolved).
 * @example disputeOverdueDays('2026-03-11', null, '2026-03-14') // 3
 */
export function disputeOverdueDays(dueOn: string | null, resolvedOn: string | null, today: string): number {
  if (dueOn === null || resolvedOn !== null || today <= dueOn) return 0;
  return Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / 86_400_000);
}
