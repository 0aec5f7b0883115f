import { prioritize } from '../../src/billing/collections/prioritize.ts';
import { historyAsOf, type OpenReceivable, receivableFacts } from '../../src/billing/collections/receivable-facts.ts';
import { byClient, dayNumber, type RiskModel, scoreOpenLean, trainRiskModel } from '../../src/billing/risk/index.ts';
import { addDays } from '../../src/shared/dates.ts';
import { type ArIbmRow, TEST_FROM } from './ar-ibm.ts';

/** Items a collector works first each day (about a tenth of the 80-110 invoices open on a day in this data). */
export const TOP_K = 10;
/** "Seriously late": settled more than this many days after the due date (the data's 75th percentile of lateness). */
export const SERIOUS_DAYS = 14;
/** First replay day: half a year of history (about 500 settled invoices) to train on before it. */
export const REPLAY_FROM = '2012-07-01';

type Target = 'later' | 'serious' | 'late';
const TARGETS: { key: Target; label: string }[] = [
  { key: 'later', label: 'later went late' },
  { key: 'serious', label: `went > ${SERIOUS_DAYS} days late` },
  { key: 'late', label: 'late, incl. already past due' },
];
type Ranking = 'ours' | 'base';
type Sums = Record<Ranking | 'total', Record<Target, number>>;
const zero = (): Sums => ({
  ours: { later: 0, serious: 0, late: 0 },
  base: { later: 0, serious: 0, late: 0 },
  total: { later: 0, serious: 0, late: 0 },
});

/** The baseline order: open amount x days past due (0 before the due date), then amount, then id. */
const baselineScore = (amount: number, daysPastDue: number): number => amount * Math.max(0, daysPastDue);

/**
 * Replays ar-ibm day by day as if it were the firm's ledger. Each day the ledger is cut to what was
 * known then (`historyAsOf`, the product's own cut): every issued, unsettled invoice is an open
 * receivable. The risk model is retrained on the first of each month on what had settled before
 * it (`trainRiskModel`, as `models train` would), so no replay day sees an outcome from its future.
 * The worklist's top TOP_K (the product's `receivableFacts` + `prioritize`) and the baseline's top
 * TOP_K are then scored against the outcomes, which only the evaluation reads:
 * - later went late: open amount not yet past due that day of invoices that end up settled after
 *   their due date (what a look-ahead can find; past-due items count zero here);
 * - went > SERIOUS_DAYS days late: open amount of invoices that end up that late (past due or not);
 * - late: every open invoice that ends up late, including those already past due.
 * Capture = the amount in the top TOP_K over the amount of the target open that day, pooled over
 * the period's days. Days before TEST_FROM are the development period (any change to the priority
 * was chosen there); from TEST_FROM on (the README's test split) is held out.
 */
export function rankingReplay(rows: readonly ArIbmRow[]): void {
  const all = rows.map((r) => r.invoice);
  const outcome = new Map(rows.map((r) => [r.invoice.id, r]));
  const last = all.reduce((m, i) => (i.issueDate > m ? i.issueDate : m), REPLAY_FROM);
  const periods: Record<'dev' | 'test', { sums: Sums; days: number; open: number }> = {
    dev: { sums: zero(), days: 0, open: 0 },
    test: { sums: zero(), days: 0, open: 0 },
  };
  let model: RiskModel | null = null;
  let trainedOn = '';
  const noDisputes = new Set<string>(),
    noClientTerms = new Map();
  for (let day = REPLAY_FROM; day <= last; day = addDays(day, 1)) {
    const month = `${day.slice(0, 7)}-01`;
    if (trainedOn !== month) {
      model = trainRiskModel(historyAsOf(all, month), month);
      trainedOn = month;
    }
    const known = historyAsOf(all, day);
    const open: OpenReceivable[] = known
      .filter((i) => i.settledDate === null)
      .map((i) => ({ ...i, currency: 'USD', openMinor: BigInt(Math.round(i.amount * 100)) }));
    if (open.length <= TOP_K) continue;
    // The data gives no dispute dates: no dispute counts as open until the invoice settles (the README's rule).
    // scoreOpenLean: the nightly run's scorer (scoreOpen's result, computed faster).
    const scored = receivableFacts(
      model as RiskModel,
      day,
      open,
      byClient(known),
      noDisputes,
      noClientTerms,
      new Map(),
      scoreOpenLean,
    );
    const ours = prioritize(scored.map((s) => s.facts))
      .slice(0, TOP_K)
      .map((p) => p.invoiceId);
    const base = open
      .map((i) => {
        const dpd = dayNumber(day) - dayNumber(i.dueDate);
        return { i, s: baselineScore(i.amount, dpd) };
      })
      .sort((a, b) => b.s - a.s || b.i.amount - a.i.amount || (a.i.id < b.i.id ? -1 : 1))
      .slice(0, TOP_K)
      .map((x) => x.i.id);
    const hit = (id: string, dpd: number): Record<Target, boolean> => {
      const r = outcome.get(id) as ArIbmRow;
      return { later: r.daysLate > 0 && dpd <= 0, serious: r.daysLate > SERIOUS_DAYS, late: r.daysLate > 0 };
    };
    const p = periods[day < TEST_FROM ? 'dev' : 'test'];
    p.days++;
    p.open += open.length;
    const picked = { ours: new Set(ours), base: new Set(base) };
    for (const i of open) {
      const h = hit(i.id, dayNumber(day) - dayNumber(i.dueDate));
      for (const t of TARGETS) {
        if (!h[t.key]) continue;
        p.sums.total[t.key] += i.amount;
        if (picked.ours.has(i.id)) p.sums.ours[t.key] += i.amount;
        if (picked.base.has(i.id)) p.sums.base[t.key] += i.amount;
      }
    }
  }
  const pct = (a: number, b: number): string => (b > 0 ? `${((a / b) * 100).toFixed(1)}%` : '-');
  console.log(
    `\nRanking replay: ar-ibm day by day, top ${TOP_K} open invoices a day, share of the target amount captured`,
  );
  console.log(
    `  (model retrained monthly on what had settled before; development ${REPLAY_FROM} to ${addDays(TEST_FROM, -1)}, held out ${TEST_FROM} to ${last})`,
  );
  for (const [name, p] of Object.entries(periods)) {
    console.log(
      `\n  ${name === 'dev' ? 'development' : 'held out (test)'}: ${p.days} days, ${Math.round(p.open / Math.max(1, p.days))} open invoices a day on average`,
    );
    console.log(`  ${'ranking'.padEnd(40)}${TARGETS.map((t) => t.label.padStart(30)).join('')}`);
    for (const [r, label] of [
      ['ours', 'worklist priority (prioritize)'],
      ['base', 'open amount x days past due'],
    ] as const)
      console.log(
        `  ${label.padEnd(40)}${TARGETS.map((t) => pct(p.sums[r][t.key], p.sums.total[t.key]).padStart(30)).join('')}`,
      );
  }
}
