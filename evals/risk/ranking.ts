import { prioritize, type ReceivableFacts } from '../../src/billing/collections/prioritize.ts';
import { addDays } from '../../src/shared/dates.ts';
import { byClient, dayNumber, type RiskModel, scoreOpen } from '../../src/billing/risk/index.ts';
import { type ArIbmRow, TEST_FROM } from './ar-ibm.ts';

/** Items a collector works first each day, for the capture figures. */
export const TOP_K = 10;

/**
 * Replays the test half of ar-ibm day by day as if it were the firm's ledger: each day, every
 * invoice issued and not yet settled is an open receivable; the worklist (prioritize with the
 * model's late scores) and the baseline (open amount x days past due, then amount) each pick their
 * top TOP_K. Capture = the amount among those picks that ends up settled late, over all open
 * amount that ends up late that day; "going late" counts only items not yet past due that day.
 */
export function rankingReplay(rows: readonly ArIbmRow[], model: RiskModel): void {
  const all = rows.map((r) => r.invoice);
  const clients = byClient(all);
  const last = all.reduce((m, i) => (i.issueDate > m ? i.issueDate : m), TEST_FROM);
  const sums: Record<'ours' | 'base', [number, number]> = { ours: [0, 0], base: [0, 0] };
  let days = 0;
  for (let day = TEST_FROM; day <= last; day = addDays(day, 1)) {
    const open = all.filter((i) => i.issueDate <= day && (i.settledDate === null || i.settledDate > day));
    if (open.length <= TOP_K) continue;
    const late = new Map(open.map((i) => [i.id, (i.settledDate ?? '9999-12-31') > i.dueDate]));
    const pastDue = new Map(open.map((i) => [i.id, dayNumber(day) - dayNumber(i.dueDate)]));
    const facts: ReceivableFacts[] = open.map((i) => {
      const s = scoreOpen(model, i, clients.get(i.clientId) ?? [], day, false);
      return {
        invoiceId: i.id,
        clientId: i.clientId,
        openAmount: i.amount,
        daysPastDue: pastDue.get(i.id) as number,
        disputeOpen: false,
        lateProbability: s.lateProbability,
        expectedDaysLate: s.expectedDaysLate,
        riskReasons: [],
        exposure: null,
        activeProjects: 0,
        segment: 'standard',
      };
    });
    const ours = prioritize(facts)
      .slice(0, TOP_K)
      .map((p) => p.invoiceId);
    const base = [...open]
      .sort(
        (a, b) =>
          Math.max(0, pastDue.get(b.id) as number) * b.amount - Math.max(0, pastDue.get(a.id) as number) * a.amount ||
          b.amount - a.amount,
      )
      .slice(0, TOP_K)
      .map((i) => i.id);
    const amount = new Map(open.map((i) => [i.id, i.amount]));
    const lateTotal = open.filter((i) => late.get(i.id)).reduce((a, i) => a + i.amount, 0);
    const goingLate = (id: string): boolean => (late.get(id) as boolean) && (pastDue.get(id) as number) <= 0;
    const goingTotal = open.filter((i) => goingLate(i.id)).reduce((a, i) => a + i.amount, 0);
    if (lateTotal === 0 || goingTotal === 0) continue;
    days++;
    for (const [name, picks] of [
      ['ours', ours],
      ['base', base],
    ] as const) {
      sums[name][0] +=
        picks.filter((id) => late.get(id)).reduce((a, id) => a + (amount.get(id) as number), 0) / lateTotal;
      sums[name][1] += picks.filter(goingLate).reduce((a, id) => a + (amount.get(id) as number), 0) / goingTotal;
    }
  }
  const pct = (x: number): string => `${((x / days) * 100).toFixed(1)}%`;
  console.log(`\nRanking replay (ar-ibm ${TEST_FROM} to ${last}, ${days} days, top ${TOP_K} open items a day)`);
  console.log('  ranking'.padEnd(48) + 'late amount captured  going-late amount captured');
  console.log(
    `  ${'worklist priority (model)'.padEnd(46)}${pct(sums.ours[0] as number).padStart(20)}${pct(sums.ours[1] as number).padStart(28)}`,
  );
  console.log(
    `  ${'open amount x days past due'.padEnd(46)}${pct(sums.base[0] as number).padStart(20)}${pct(sums.base[1] as number).padStart(28)}`,
  );
}
