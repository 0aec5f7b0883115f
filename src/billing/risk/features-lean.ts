/**
 * The few features an open invoice's late score reads, computed without the rest of featuresOf: the
 * nightly prioritization scores every open receivable, and featuresOf builds all 38 features twice
 * per receivable (sorting amounts, weighting every settled invoice) where the score reads 7 as of
 * the date and the dispute model 7 as of issue. Each value is computed with the same operations in
 * the same order as featuresOf, so it is the same number to the last bit (features-lean.test.ts
 * checks that on random histories); change both together.
 */
import {
  dayNumber,
  type FirmPrior,
  type NumericFeature,
  normalCdf,
  PRIOR_STRENGTH,
  type RiskInvoice,
} from './features.ts';
import type { DisputeFeatures } from './model.ts';

/** What scoreOpen reads of the features as of the scoring date. */
export type LateFeatures = Pick<
  Record<NumericFeature, number>,
  | 'terms_days'
  | 'clean_mean_days_to_settle'
  | 'clean_sd_days_to_settle'
  | 'client_dispute_delay'
  | 'hist_settled'
  | 'hist_lates'
  | 'open_overdue_count'
>;

const shrink = (sum: number, n: number, prior: number): number => (sum + PRIOR_STRENGTH * prior) / (n + PRIOR_STRENGTH);
const RECENCY_HALF_LIFE_DAYS = 120;

/** featuresOf's "before": every other invoice issued before asOf (same-day ones in id order). */
const isBefore = (h: RiskInvoice, inv: RiskInvoice, asOf: string): boolean =>
  h.id !== inv.id && (h.issueDate < asOf || (h.issueDate === asOf && h.id < inv.id));

/** Days to settle of an undisputed settled invoice, moved to `inv`'s paperless status (featuresOf's dts). */
function movedDays(h: RiskInvoice, inv: RiskInvoice, prior: FirmPrior): number {
  const d = dayNumber(h.settledDate as string) - dayNumber(h.issueDate);
  if (h.paperless === inv.paperless) return d;
  return inv.paperless
    ? prior.paperlessIntercept + prior.paperlessSlope * d
    : (d - prior.paperlessIntercept) / prior.paperlessSlope;
}

/** The clean settle-time curve: featuresOf's cleanMean and cleanSd from the moved days in history order. */
function cleanCurve(dts: readonly number[], prior: FirmPrior): { mean: number; sd: number } {
  let sum = 0;
  for (const d of dts) sum += d;
  const mean = (sum + 1 * prior.meanDaysToSettle) / (dts.length + 1);
  let ss = 0;
  for (const d of dts) ss += (d - mean) ** 2;
  return { mean, sd: Math.sqrt((ss + 4 * prior.cleanSdDays ** 2) / (dts.length + 4)) };
}

/** featuresOf(inv, history, asOf, prior), the fields the late score reads. */
export function lateFeaturesOf(
  inv: RiskInvoice,
  history: readonly RiskInvoice[],
  asOf: string,
  prior: FirmPrior,
): LateFeatures {
  const t = dayNumber(asOf);
  let n = 0,
    lates = 0,
    overdue = 0;
  const dts: number[] = [];
  const disputed: RiskInvoice[] = [];
  for (const h of history) {
    if (!isBefore(h, inv, asOf)) continue;
    if (h.settledDate !== null && dayNumber(h.settledDate) < t) {
      n++;
      if (Math.max(0, dayNumber(h.settledDate) - dayNumber(h.dueDate)) > 0) lates++;
      if (h.disputeKnownOn === null) dts.push(movedDays(h, inv, prior));
      else disputed.push(h);
    } else if (t - dayNumber(h.dueDate) > 0) overdue++;
  }
  const clean = cleanCurve(dts, prior);
  let delaySum = 0;
  for (const h of disputed) delaySum += movedDays(h, inv, prior) - clean.mean;
  return {
    terms_days: dayNumber(inv.dueDate) - dayNumber(inv.issueDate),
    clean_mean_days_to_settle: clean.mean,
    clean_sd_days_to_settle: clean.sd,
    client_dispute_delay: (delaySum + 2 * prior.disputeDelayDays) / (disputed.length + 2),
    hist_settled: n,
    hist_lates: lates,
    open_overdue_count: overdue,
  };
}

/** featuresOf(inv, history, asOf, prior), the fields the dispute model reads. */
export function disputeFeaturesOf(
  inv: RiskInvoice,
  history: readonly RiskInvoice[],
  asOf: string,
  prior: FirmPrior,
): DisputeFeatures {
  const t = dayNumber(asOf);
  const before = history.filter((h) => isBefore(h, inv, asOf));
  const open: RiskInvoice[] = [];
  const dts: number[] = [];
  let n = 0,
    disputes = 0,
    wSum = 0,
    wDisp = 0;
  let last: RiskInvoice | undefined;
  for (const h of before) {
    if (!(h.settledDate !== null && dayNumber(h.settledDate) < t)) {
      open.push(h);
      continue;
    }
    n++;
    const d = h.disputeKnownOn !== null ? 1 : 0;
    disputes += d;
    const w = 0.5 ** ((t - dayNumber(h.settledDate)) / RECENCY_HALF_LIFE_DAYS);
    wSum += w;
    wDisp += w * d;
    if (!last || h.settledDate > (last.settledDate as string)) last = h;
    if (h.disputeKnownOn === null) dts.push(movedDays(h, inv, prior));
  }
  const clean = cleanCurve(dts, prior);
  const rate = shrink(disputes, n, prior.disputeRate);
  let openPost = 0;
  for (const h of open) {
    const age = t - dayNumber(h.issueDate);
    const sClean = 1 - normalCdf((age - clean.mean) / Math.max(1, clean.sd));
    const sDisp = 1 - normalCdf((age - clean.mean - prior.disputeDelayDays) / Math.max(1, clean.sd));
    const known = h.disputeKnownOn !== null && dayNumber(h.disputeKnownOn) < t;
    openPost += known ? 1 : (rate * sDisp) / Math.max(1e-9, rate * sDisp + (1 - rate) * sClean);
  }
  let logSum = 0;
  for (const h of before) logSum += Math.log1p(Math.max(0, h.amount));
  const meanLog = before.length ? logSum / before.length : Math.log1p(inv.amount);
  let logSs = 0;
  for (const h of before) logSs += (Math.log1p(Math.max(0, h.amount)) - meanLog) ** 2;
  const sdLog = Math.sqrt(shrink(logSs, before.length, 0.25));
  return {
    dispute_rate_with_open: shrink(disputes + openPost, n + open.length, prior.disputeRate),
    hist_dispute_rate: rate,
    log_amount: Math.log1p(Math.max(0, inv.amount)),
    amount_z: (Math.log1p(Math.max(0, inv.amount)) - meanLog) / sdLog,
    hist_settled: n,
    last_disputed: last ? (last.disputeKnownOn !== null ? 1 : 0) : prior.disputeRate,
    recent_dispute_rate: (wDisp + PRIOR_STRENGTH * 0.25 * prior.disputeRate) / (wSum + PRIOR_STRENGTH * 0.25),
  };
}
