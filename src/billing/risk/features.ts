/**
 * Risk features of an invoice as of a date: the invoice's own terms and the client's history as it
 * stood then. Nothing here reads an outcome that was not known on `asOf`: a past invoice's dispute
 * counts once it was opened (or the invoice settled) before `asOf`, its lateness once it settled
 * late or went past due before `asOf`. The invoice's own outcome is never read.
 */

/** One invoice of the firm's history, with the dates its outcomes became known. */
export interface RiskInvoice {
  id: string;
  clientId: string;
  /** Any grouping code (country, segment): one-hot encoded against the model's known values. */
  group: string;
  paperless: boolean;
  /** Amount in major units of the invoice's currency: a feature, never money arithmetic. */
  amount: number;
  issueDate: string;
  dueDate: string;
  /** Date fully settled (paid, credited or written off), null while open. */
  settledDate: string | null;
  /** Date a dispute was first known (opened), null if never disputed. */
  disputeKnownOn: string | null;
}

const DAY_MS = 86_400_000;
const dayCache = new Map<string, number>();
/**
 * Whole days since 1970-01-01 of an ISO date. Memoised: scoring a receivable reads its client's
 * dates dozens of times, and a ledger has a few thousand distinct dates (Date.parse was most of
 * the prioritization's time before). The cache starts over past 100,000 dates.
 */
export const dayNumber = (iso: string): number => {
  let d = dayCache.get(iso);
  if (d === undefined) {
    d = Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
    if (dayCache.size >= 100_000) dayCache.clear();
    dayCache.set(iso, d);
  }
  return d;
};

/** Prior strength (in invoices) pulling a thin client's rates toward the firm-wide rate. */
export const PRIOR_STRENGTH = 4;
const RECENCY_HALF_LIFE_DAYS = 120;

/** The features, in the order of the vector; reasons are worded per name in reasons.ts. */
export const NUMERIC_FEATURES = [
  'log_amount',
  'amount_vs_client_median',
  'terms_days',
  'paperless',
  'hist_settled',
  'hist_disputes',
  'hist_lates',
  'hist_dispute_rate',
  'hist_late_rate',
  'hist_mean_days_late',
  'hist_mean_days_to_settle',
  'recent_dispute_rate',
  'recent_late_rate',
  'last_days_late',
  'last_disputed',
  'open_count',
  'open_overdue_count',
  'open_max_days_overdue',
  'open_overdue_share',
  'open_disputed_count',
  'days_since_last_invoice',
  'invoices_last_90d',
  'tenure_days',
  'issue_day_of_month',
  'clean_mean_days_to_settle',
  'clean_sd_days_to_settle',
  'clean_late_chance',
  'disputed_late_chance',
  'late_mixture',
  'client_dispute_delay',
  'same_paper_share',
  'recent_clean_days_to_settle',
  'disputed_late_rate',
  'open_stalled_count',
  'dispute_rate_with_open',
  'late_rate_with_open',
  'amount_z',
  'disputed_amount_z',
] as const;
export type NumericFeature = (typeof NUMERIC_FEATURES)[number];

/** Firm-wide rates used as the prior when a client's history is thin (computed as of the same date). */
export interface FirmPrior {
  disputeRate: number;
  lateRate: number;
  meanDaysLate: number;
  meanDaysToSettle: number;
  /**
   * How many days sooner a client pays an electronic (paperless) invoice than a paper one: the mean
   * within-client difference over clients with settled, undisputed invoices of both kinds.
   */
  paperlessShiftDays: number;
  /**
   * Electronic days-to-settle as a line of paper days-to-settle across clients with both
   * (electronic = intercept + slope * paper): a history of paper invoices is mapped through it.
   */
  paperlessIntercept: number;
  paperlessSlope: number;
  /** Pooled within-client standard deviation of undisputed days to settle. */
  cleanSdDays: number;
  /** How many days longer a disputed invoice takes to settle than the same client's undisputed ones. */
  disputeDelayDays: number;
}

/** Documented default prior for a firm with no settled history at all (typical B2B services AR). */
export const DEFAULT_PRIOR: FirmPrior = {
  disputeRate: 0.1,
  lateRate: 0.35,
  meanDaysLate: 5,
  meanDaysToSettle: 30,
  paperlessShiftDays: 0,
  paperlessIntercept: 0,
  paperlessSlope: 1,
  cleanSdDays: 6,
  disputeDelayDays: 10,
};

const shrink = (sum: number, n: number, prior: number): number => (sum + PRIOR_STRENGTH * prior) / (n + PRIOR_STRENGTH);

/**
 * The numeric feature record of `inv` as of `asOf` (usually its issue date; for an open invoice
 * today), from the client's `history` (any order; the invoice itself and later invoices are ignored).
 */
export function featuresOf(
  inv: RiskInvoice,
  history: readonly RiskInvoice[],
  asOf: string,
  prior: FirmPrior,
): Record<NumericFeature, number> {
  const t = dayNumber(asOf);
  const issued = dayNumber(inv.issueDate);
  // Every other invoice issued before asOf (same-day ones in id order, so the set is the same on every run).
  const before = history.filter(
    (h) => h.id !== inv.id && (h.issueDate < asOf || (h.issueDate === asOf && h.id < inv.id)),
  );
  const settled = before.filter((h) => h.settledDate !== null && dayNumber(h.settledDate) < t);
  const open = before.filter((h) => h.settledDate === null || dayNumber(h.settledDate) >= t);
  const known = (h: RiskInvoice): boolean => h.disputeKnownOn !== null && dayNumber(h.disputeKnownOn) < t;
  let disputes = 0,
    lates = 0,
    daysLate = 0,
    daysToSettle = 0,
    wSum = 0,
    wDisp = 0,
    wLate = 0;
  let last: RiskInvoice | undefined;
  for (const h of settled) {
    const late = Math.max(0, dayNumber(h.settledDate as string) - dayNumber(h.dueDate));
    const d = h.disputeKnownOn !== null ? 1 : 0; // settled before asOf: its dispute flag is history now
    disputes += d;
    lates += late > 0 ? 1 : 0;
    daysLate += late;
    daysToSettle += dayNumber(h.settledDate as string) - dayNumber(h.issueDate);
    const w = 0.5 ** ((t - dayNumber(h.settledDate as string)) / RECENCY_HALF_LIFE_DAYS);
    wSum += w;
    wDisp += w * d;
    wLate += w * (late > 0 ? 1 : 0);
    if (!last || (h.settledDate as string) > (last.settledDate as string)) last = h;
  }
  const n = settled.length;
  let overdue = 0,
    maxOverdue = 0,
    openDisputed = 0;
  for (const h of open) {
    const od = t - dayNumber(h.dueDate);
    if (od > 0) {
      overdue++;
      maxOverdue = Math.max(maxOverdue, od);
    }
    if (known(h)) openDisputed++;
  }
  // "Clean" history: settled invoices that were never disputed, with the same paperless status as this
  // one when there are enough of them (going paperless shortens a client's payment time).
  const cleanAll = settled.filter((h) => h.disputeKnownOn === null);
  const disputedSettled = settled.filter((h) => h.disputeKnownOn !== null);
  const cleanSame = cleanAll.filter((h) => h.paperless === inv.paperless);
  const clean = cleanAll;
  // Days to settle, each moved to this invoice's paperless status by the firm's paperless shift.
  const dts = clean.map((h) => {
    const d = dayNumber(h.settledDate as string) - dayNumber(h.issueDate);
    if (h.paperless === inv.paperless) return d;
    return inv.paperless
      ? prior.paperlessIntercept + prior.paperlessSlope * d
      : (d - prior.paperlessIntercept) / prior.paperlessSlope;
  });
  const cleanMean = (dts.reduce((a, b) => a + b, 0) + 1 * prior.meanDaysToSettle) / (dts.length + 1);
  const cleanSd = Math.sqrt(
    (dts.reduce((a, b) => a + (b - cleanMean) ** 2, 0) + 4 * prior.cleanSdDays ** 2) / (dts.length + 4),
  );
  const terms = dayNumber(inv.dueDate) - issued;
  let rw = 0,
    rs = 0;
  clean.forEach((h, k) => {
    const w = 0.5 ** ((t - dayNumber(h.settledDate as string)) / 90);
    rw += w;
    rs += w * (dts[k] as number);
  });
  const disputedLate = disputedSettled.filter((h) => (h.settledDate as string) > h.dueDate).length;
  const stalled = open.filter((h) => t - dayNumber(h.issueDate) > cleanMean + 2 * cleanSd).length;
  // Still-open invoices are evidence too: one open much longer than the client usually takes is
  // probably disputed (posterior from the two settle-time curves), one past due is late for sure.
  const rate = shrink(disputes, n, prior.disputeRate);
  let openPost = 0,
    openN = 0,
    overdueOpen = 0;
  for (const h of open) {
    const age = t - dayNumber(h.issueDate);
    const sClean = 1 - normalCdf((age - cleanMean) / Math.max(1, cleanSd));
    const sDisp = 1 - normalCdf((age - cleanMean - prior.disputeDelayDays) / Math.max(1, cleanSd));
    openPost += known(h) ? 1 : (rate * sDisp) / Math.max(1e-9, rate * sDisp + (1 - rate) * sClean);
    openN++;
    if (t > dayNumber(h.dueDate)) overdueOpen++;
  }
  const cleanLate = 1 - normalCdf((terms + 0.5 - cleanMean) / Math.max(1, cleanSd));
  // The client's own dispute delay (its disputed invoices' days to settle beyond its clean mean), shrunk to the firm's.
  const delays = disputedSettled.map((h) => {
    const d = dayNumber(h.settledDate as string) - dayNumber(h.issueDate);
    const mapped =
      h.paperless === inv.paperless
        ? d
        : inv.paperless
          ? prior.paperlessIntercept + prior.paperlessSlope * d
          : (d - prior.paperlessIntercept) / prior.paperlessSlope;
    return mapped - cleanMean;
  });
  const clientDelay = (delays.reduce((a, b) => a + b, 0) + 2 * prior.disputeDelayDays) / (delays.length + 2);
  const disputedLateChance = 1 - normalCdf((terms + 0.5 - cleanMean - clientDelay) / Math.max(1, cleanSd * 1.5));
  const pDispute = shrink(disputes + openPost, n + openN, prior.disputeRate);
  const logs = before.map((h) => Math.log1p(Math.max(0, h.amount)));
  const meanLog = logs.length ? logs.reduce((a, b) => a + b, 0) / logs.length : Math.log1p(inv.amount);
  const sdLog = Math.sqrt(
    shrink(
      logs.reduce((a, b) => a + (b - meanLog) ** 2, 0),
      logs.length,
      0.25,
    ),
  );
  const dispLogs = disputedSettled.map((h) => Math.log1p(Math.max(0, h.amount)));
  const dispMeanLog = dispLogs.length ? dispLogs.reduce((a, b) => a + b, 0) / dispLogs.length : meanLog;
  const amounts = before.map((h) => h.amount).sort((a, b) => a - b);
  const median = amounts.length ? (amounts[Math.floor(amounts.length / 2)] as number) : inv.amount;
  const lastIssued = before.reduce((m, h) => Math.max(m, dayNumber(h.issueDate)), -Infinity);
  const firstIssued = before.reduce((m, h) => Math.min(m, dayNumber(h.issueDate)), Infinity);
  const lastLate = last
    ? Math.max(0, dayNumber(last.settledDate as string) - dayNumber(last.dueDate))
    : prior.meanDaysLate;
  return {
    log_amount: Math.log1p(Math.max(0, inv.amount)),
    amount_vs_client_median: median > 0 ? inv.amount / median : 1,
    terms_days: dayNumber(inv.dueDate) - issued,
    paperless: inv.paperless ? 1 : 0,
    hist_settled: n,
    hist_disputes: disputes,
    hist_lates: lates,
    hist_dispute_rate: shrink(disputes, n, prior.disputeRate),
    hist_late_rate: shrink(lates, n, prior.lateRate),
    hist_mean_days_late: shrink(daysLate, n, prior.meanDaysLate),
    hist_mean_days_to_settle: shrink(daysToSettle, n, prior.meanDaysToSettle),
    recent_dispute_rate: (wDisp + PRIOR_STRENGTH * 0.25 * prior.disputeRate) / (wSum + PRIOR_STRENGTH * 0.25),
    recent_late_rate: (wLate + PRIOR_STRENGTH * 0.25 * prior.lateRate) / (wSum + PRIOR_STRENGTH * 0.25),
    last_days_late: lastLate,
    last_disputed: last ? (last.disputeKnownOn !== null ? 1 : 0) : prior.disputeRate,
    open_count: open.length,
    open_overdue_count: overdue,
    open_max_days_overdue: maxOverdue,
    open_overdue_share: open.length ? overdue / open.length : 0,
    open_disputed_count: openDisputed,
    days_since_last_invoice: Number.isFinite(lastIssued) ? t - lastIssued : 365,
    invoices_last_90d: before.filter((h) => t - dayNumber(h.issueDate) <= 90).length,
    tenure_days: Number.isFinite(firstIssued) ? t - firstIssued : 0,
    issue_day_of_month: Number(inv.issueDate.slice(8, 10)),
    clean_mean_days_to_settle: cleanMean,
    clean_sd_days_to_settle: cleanSd,
    same_paper_share: cleanAll.length ? cleanSame.length / cleanAll.length : 0,
    clean_late_chance: cleanLate,
    disputed_late_chance: disputedLateChance,
    client_dispute_delay: clientDelay,
    late_mixture: pDispute * disputedLateChance + (1 - pDispute) * cleanLate,
    recent_clean_days_to_settle: (rs + 2 * cleanMean) / (rw + 2),
    disputed_late_rate: shrink(disputedLate, disputedSettled.length, 0.8),
    open_stalled_count: stalled,
    dispute_rate_with_open: shrink(disputes + openPost, n + openN, prior.disputeRate),
    late_rate_with_open: shrink(lates + overdueOpen, n + overdueOpen, prior.lateRate),
    amount_z: (Math.log1p(Math.max(0, inv.amount)) - meanLog) / sdLog,
    disputed_amount_z: (Math.log1p(Math.max(0, inv.amount)) - dispMeanLog) / sdLog,
  };
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26 through erf; error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const k = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * k - 1.453152027) * k + 1.421413741) * k - 0.284496736) * k + 0.254829592) * k * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Firm-wide rates from invoices settled before `asOf`, or the default prior when there are none. */
export function firmPriorAsOf(all: readonly RiskInvoice[], asOf: string): FirmPrior {
  let n = 0,
    d = 0,
    l = 0,
    dl = 0,
    ds = 0;
  const perClient = new Map<string, number[]>();
  for (const h of all) {
    if (h.settledDate === null || h.settledDate >= asOf) continue;
    const late = Math.max(0, dayNumber(h.settledDate) - dayNumber(h.dueDate));
    n++;
    d += h.disputeKnownOn !== null ? 1 : 0;
    l += late > 0 ? 1 : 0;
    dl += late;
    ds += dayNumber(h.settledDate) - dayNumber(h.issueDate);
    const c0 = perClient.get(h.clientId) ?? [0, 0, 0, 0, 0, 0];
    perClient.set(h.clientId, c0);
    if (h.disputeKnownOn !== null) {
      c0[4] = (c0[4] as number) + dayNumber(h.settledDate) - dayNumber(h.issueDate);
      c0[5] = (c0[5] as number) + 1;
    } else {
      const c = c0;
      const j = h.paperless ? 2 : 0;
      c[j] = (c[j] as number) + dayNumber(h.settledDate) - dayNumber(h.issueDate);
      c[j + 1] = (c[j + 1] as number) + 1;
      perClient.set(h.clientId, c);
    }
  }
  let shift = 0,
    shiftWeight = 0;
  let delay = 0,
    delayWeight = 0;
  let sw = 0,
    sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  for (const [paperSum = 0, paperN = 0, eSum = 0, eN = 0, dSum = 0, dN = 0] of perClient.values()) {
    const cN = paperN + eN;
    if (dN >= 1 && cN >= 2) {
      const w = (dN * cN) / (dN + cN);
      delay += w * (dSum / dN - (paperSum + eSum) / cN);
      delayWeight += w;
    }
    if (paperN < 2 || eN < 2) continue;
    const w = (paperN * eN) / (paperN + eN);
    shift += w * (paperSum / paperN - eSum / eN);
    shiftWeight += w;
    const x = paperSum / paperN,
      y = eSum / eN;
    sw += w;
    sx += w * x;
    sy += w * y;
    sxx += w * x * x;
    sxy += w * x * y;
  }
  const varX = sw > 0 ? sxx / sw - (sx / sw) ** 2 : 0;
  const slope = sw >= 10 && varX > 1 ? Math.min(1.5, Math.max(0.3, (sxy / sw - (sx / sw) * (sy / sw)) / varX)) : 1;
  const intercept =
    sw >= 10 && varX > 1 ? sy / sw - slope * (sx / sw) : -(shiftWeight > 0 ? shift / (shiftWeight + 5) : 0);
  const k = 20; // the default prior weighs as 20 invoices until the firm's own history outweighs it
  return {
    disputeRate: (d + k * DEFAULT_PRIOR.disputeRate) / (n + k),
    lateRate: (l + k * DEFAULT_PRIOR.lateRate) / (n + k),
    meanDaysLate: (dl + k * DEFAULT_PRIOR.meanDaysLate) / (n + k),
    meanDaysToSettle: (ds + k * DEFAULT_PRIOR.meanDaysToSettle) / (n + k),
    paperlessShiftDays: shiftWeight > 0 ? shift / (shiftWeight + 5) : 0,
    paperlessIntercept: intercept,
    paperlessSlope: slope,
    cleanSdDays: pooledSd(all, asOf),
    disputeDelayDays: (delay + 5 * DEFAULT_PRIOR.disputeDelayDays) / (delayWeight + 5),
  };
}

/** Pooled within-client (and within paperless status) standard deviation of undisputed days to settle. */
function pooledSd(all: readonly RiskInvoice[], asOf: string): number {
  const groups = new Map<string, number[]>();
  for (const h of all) {
    if (h.settledDate === null || h.settledDate >= asOf || h.disputeKnownOn !== null) continue;
    const key = `${h.clientId}|${h.paperless}`;
    const g = groups.get(key) ?? [];
    g.push(dayNumber(h.settledDate) - dayNumber(h.issueDate));
    groups.set(key, g);
  }
  let ss = 0,
    dof = 0;
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    const m = g.reduce((a, b) => a + b, 0) / g.length;
    ss += g.reduce((a, b) => a + (b - m) ** 2, 0);
    dof += g.length - 1;
  }
  return Math.sqrt((ss + 10 * DEFAULT_PRIOR.cleanSdDays ** 2) / (dof + 10));
}
