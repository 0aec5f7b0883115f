import { type FirmPrior, featuresOf, firmPriorAsOf, type NumericFeature, type RiskInvoice } from './features.ts';
import { fitGbm, type GbmModel, type GbmParams, predictGbm } from './gbm.ts';
import { estimateLate } from './late.ts';
import { fitLogistic, type LogisticModel, predictLogistic } from './logistic.ts';
import { brier, rocAuc } from './metrics.ts';

/** Features the dispute model reads (rates enter as log-odds), plus one-hot groups. */
export const DISPUTE_FEATURES = [
  'dispute_rate_with_open',
  'hist_dispute_rate',
  'log_amount',
  'amount_z',
  'hist_settled',
  'last_disputed',
  'recent_dispute_rate',
] as const satisfies readonly NumericFeature[];
export type DisputeFeature = (typeof DISPUTE_FEATURES)[number];
/** What the dispute model reads of a feature record. */
export type DisputeFeatures = Pick<Record<NumericFeature, number>, DisputeFeature>;

/** Chosen on the validation part of ar-ibm's training years (evals/risk/README.md). */
export const DEFAULT_GBM: GbmParams = {
  trees: 200,
  depth: 3,
  learningRate: 0.03,
  minLeaf: 10,
  lambda: 1,
  rowSample: 0.8,
  colSample: 0.8,
  seed: 7,
};
/** Below this many settled invoices (or MIN_DISPUTES disputes) the dispute score is the documented prior alone. */
export const MIN_TRAINING_INVOICES = 150;
export const MIN_DISPUTES = 15;

export interface RiskMetrics {
  trainedOn: number;
  disputes: number;
  late: number;
  /** Scores on the last quarter of the history (by issue date) with models fitted on the rest; null when thin. */
  holdout: { rows: number; disputeAuc: number; disputeBrier: number; lateAuc: number; lateBrier: number } | null;
}

export interface RiskModel {
  kind: 'trained' | 'prior';
  trainedThrough: string;
  groups: string[];
  prior: FirmPrior;
  params: GbmParams;
  dispute: { lr: LogisticModel; gbm: GbmModel } | null;
  metrics: RiskMetrics;
}

const logit = (p: number): number => {
  const q = Math.min(0.999, Math.max(0.001, p));
  return Math.log(q / (1 - q));
};

/** Monthly firm priors (as of each month's first day, so never later than the invoice). */
export function priorCache(all: readonly RiskInvoice[]): (date: string) => FirmPrior {
  const cache = new Map<string, FirmPrior>();
  return (date) => {
    const month = `${date.slice(0, 7)}-01`;
    let p = cache.get(month);
    if (!p) {
      p = firmPriorAsOf(all, month);
      cache.set(month, p);
    }
    return p;
  };
}

/** Groups every invoice by client once. */
export function byClient(all: readonly RiskInvoice[]): Map<string, RiskInvoice[]> {
  const m = new Map<string, RiskInvoice[]>();
  for (const i of all) {
    const a = m.get(i.clientId) ?? [];
    a.push(i);
    m.set(i.clientId, a);
  }
  return m;
}

/** The dispute model's input vector. */
export function disputeVector(f: DisputeFeatures, group: string, groups: readonly string[]): number[] {
  return [
    ...DISPUTE_FEATURES.map((k) => (k.includes('rate') ? logit(f[k]) : f[k])),
    ...groups.map((g) => (g === group ? 1 : 0)),
  ];
}

/** Probability of a dispute from features (the prior model returns the client's shrunk rate). */
export function disputeProbability(model: RiskModel, f: DisputeFeatures, group: string): number {
  if (!model.dispute) return f.dispute_rate_with_open;
  const x = disputeVector(f, group, model.groups);
  return (predictLogistic(model.dispute.lr, x) + predictGbm(model.dispute.gbm, x)) / 2;
}

/** Late probability and expected days late at invoice time (age 0) from features and a dispute probability. */
export function lateAtIssue(f: Record<NumericFeature, number>, pDispute: number) {
  return estimateLate({
    termsDays: f.terms_days,
    cleanMean: f.clean_mean_days_to_settle,
    cleanSd: f.clean_sd_days_to_settle,
    disputeDelay: f.client_dispute_delay,
    pDispute,
    age: 0,
  });
}

/** The default training set: invoices whose outcome was known (settled) before `asOf`. */
export const settledBefore =
  (asOf: string) =>
  (i: RiskInvoice): boolean =>
    i.settledDate !== null && i.settledDate < asOf;

export interface Row {
  inv: RiskInvoice;
  f: Record<NumericFeature, number>;
  disputed: number;
  late: number;
}

/** Feature rows (as of each invoice's issue date) for invoices settled before `asOf`. */
export function trainingRows(all: readonly RiskInvoice[], asOf: string, include = settledBefore(asOf)): Row[] {
  const clients = byClient(all);
  const prior = priorCache(all);
  return all
    .filter(include)
    .sort((a, b) => (a.issueDate === b.issueDate ? (a.id < b.id ? -1 : 1) : a.issueDate < b.issueDate ? -1 : 1))
    .map((inv) => ({
      inv,
      f: featuresOf(inv, clients.get(inv.clientId) ?? [], inv.issueDate, prior(inv.issueDate)),
      disputed: inv.disputeKnownOn !== null ? 1 : 0,
      late: (inv.settledDate as string) > inv.dueDate ? 1 : 0,
    }));
}

/** Fits the dispute model (logistic regression and boosted trees, averaged) on feature rows. */
export function fitDispute(
  rows: readonly Row[],
  groups: readonly string[],
  params: GbmParams,
): { lr: LogisticModel; gbm: GbmModel } {
  const X = rows.map((r) => disputeVector(r.f, r.inv.group, groups));
  const y = rows.map((r) => r.disputed);
  return { lr: fitLogistic(X, y), gbm: fitGbm(X, y, 'logistic', params) };
}

/**
 * Trains the firm's risk model from its history as known on `asOf`: the dispute model on every
 * invoice settled before then; the late model is the settle-time mixture (nothing to fit beyond the
 * firm prior and the dispute model). Thin history gives the prior model, and says so in `kind`.
 */
export function trainRiskModel(
  all: readonly RiskInvoice[],
  asOf: string,
  params: GbmParams = DEFAULT_GBM,
  include = settledBefore(asOf),
): RiskModel {
  const rows = trainingRows(all, asOf, include);
  const groups = [...new Set(rows.map((r) => r.inv.group))].sort();
  const prior = firmPriorAsOf(all, asOf);
  const disputes = rows.reduce((a, r) => a + r.disputed, 0);
  const metrics: RiskMetrics = {
    trainedOn: rows.length,
    disputes,
    late: rows.reduce((a, r) => a + r.late, 0),
    holdout: null,
  };
  if (rows.length < MIN_TRAINING_INVOICES || disputes < MIN_DISPUTES) {
    return { kind: 'prior', trainedThrough: asOf, groups, prior, params, dispute: null, metrics };
  }
  const cut = Math.floor(rows.length * 0.75);
  const fitPart = rows.slice(0, cut),
    hold = rows.slice(cut);
  const partial: RiskModel = {
    kind: 'trained',
    trainedThrough: asOf,
    groups,
    prior,
    params,
    dispute: fitDispute(fitPart, groups, params),
    metrics,
  };
  const pd = hold.map((r) => disputeProbability(partial, r.f, r.inv.group));
  const pl = hold.map((r, k) => lateAtIssue(r.f, pd[k] as number).lateProbability);
  metrics.holdout = {
    rows: hold.length,
    disputeAuc: rocAuc(
      pd,
      hold.map((r) => r.disputed),
    ),
    disputeBrier: brier(
      pd,
      hold.map((r) => r.disputed),
    ),
    lateAuc: rocAuc(
      pl,
      hold.map((r) => r.late),
    ),
    lateBrier: brier(
      pl,
      hold.map((r) => r.late),
    ),
  };
  return { ...partial, dispute: fitDispute(rows, groups, params) };
}
