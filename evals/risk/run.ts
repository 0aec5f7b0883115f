/**
 * npm run eval:risk: the dispute and late-payment models on ../shared/data/ar-ibm with its temporal
 * protocol (train InvoiceDate < 2013-07-01, test the rest), beside the README's logistic-regression
 * baseline fitted in the same run; model choices are made on the training years' last six months
 * (validation), printed first. Then the ranking replay (evals/risk/ranking.ts). Method: README.md.
 */
import {
  byClient,
  DEFAULT_GBM,
  disputeProbability,
  featuresOf,
  fitGbm,
  fitLogistic,
  type GbmParams,
  lateAtIssue,
  type NumericFeature,
  predictGbm,
  predictLogistic,
  priorCache,
  type RiskInvoice,
  type RiskModel,
  trainRiskModel,
} from '../../src/billing/risk/index.ts';
import { brier, rocAuc } from '../../src/billing/risk/metrics.ts';
import { type ArIbmRow, loadArIbm, TEST_FROM } from './ar-ibm.ts';
import { rankingReplay } from './ranking.ts';

const VALIDATION_FROM = '2013-01-01';

const data = loadArIbm();
if (!data) {
  console.log('eval:risk skipped: ../shared/data/ar-ibm/ar_ibm.csv is absent (see ../shared/README.md)');
  process.exit(0);
}
const rows: ArIbmRow[] = data;
const all = rows.map((r) => r.invoice);
const clients = byClient(all);
const prior = priorCache(all);
const F = rows.map((r) =>
  featuresOf(r.invoice, clients.get(r.invoice.clientId) ?? [], r.invoice.issueDate, prior(r.invoice.issueDate)),
);
const yD = rows.map((r) => (r.disputed ? 1 : 0));
const yL = rows.map((r) => (r.daysLate > 0 ? 1 : 0));
const idx = rows.map((_, i) => i);
const isTrain = (i: number): boolean => (rows[i] as ArIbmRow).invoice.issueDate < TEST_FROM;
const train = idx.filter(isTrain),
  test = idx.filter((i) => !isTrain(i));
const fit = train.filter((i) => (rows[i] as ArIbmRow).invoice.issueDate < VALIDATION_FROM);
const valid = train.filter((i) => (rows[i] as ArIbmRow).invoice.issueDate >= VALIDATION_FROM);
const groups = [...new Set(all.map((i) => i.group))].sort();
const f = (i: number): Record<NumericFeature, number> => F[i] as Record<NumericFeature, number>;
const inv = (i: number): RiskInvoice => (rows[i] as ArIbmRow).invoice;
const pick = <T>(xs: readonly T[], is: readonly number[]): T[] => is.map((i) => xs[i] as T);
const fmt = (n: number): string => n.toFixed(3);

/** The README's baseline: country, paperless, amount, terms and the client's settled history (rates, mean days late, count). */
const baseVec = (i: number): number[] => [
  ...groups.map((g) => (inv(i).group === g ? 1 : 0)),
  f(i).paperless,
  f(i).log_amount,
  f(i).terms_days,
  f(i).hist_dispute_rate,
  f(i).hist_late_rate,
  f(i).hist_mean_days_late,
  f(i).hist_settled,
];
const logit = (p: number): number => {
  const q = Math.min(0.999, Math.max(0.001, p));
  return Math.log(q / (1 - q));
};

interface Scored {
  name: string;
  valid: number[];
  test: number[];
}
const table: { target: string; rows: { name: string; vAuc: number; tAuc: number; tBrier: number }[] }[] = [];
function report(target: string, y: number[], scored: Scored[]): void {
  table.push({
    target,
    rows: scored.map((s) => ({
      name: s.name,
      vAuc: rocAuc(s.valid, pick(y, valid)),
      tAuc: rocAuc(s.test, pick(y, test)),
      tBrier: brier(s.test, pick(y, test)),
    })),
  });
}

/** Fits `make` on a part and scores another, for validation (fit -> valid) and test (train -> test). */
function both(make: (part: number[]) => (i: number) => number): { valid: number[]; test: number[] } {
  const v = make(fit),
    t = make(train);
  return { valid: valid.map(v), test: test.map(t) };
}
const lr = (vec: (i: number) => number[], y: number[]) => (part: number[]) => {
  const m = fitLogistic(part.map(vec), pick(y, part));
  return (i: number) => predictLogistic(m, vec(i));
};
const gbm = (vec: (i: number) => number[], y: number[], p: GbmParams) => (part: number[]) => {
  const m = fitGbm(part.map(vec), pick(y, part), 'logistic', p);
  return (i: number) => predictGbm(m, vec(i));
};
/** Our model as production trains it, restricted to the part's invoices. */
const ours = (part: number[]): RiskModel => {
  const inPart = new Set(part.map((i) => inv(i).id));
  const last = part.reduce((m, i) => (inv(i).issueDate > m ? inv(i).issueDate : m), '');
  return trainRiskModel(all, last, DEFAULT_GBM, (x) => inPart.has(x.id));
};
const models = { valid: ours(fit), test: ours(train) };
const oursDispute = (m: RiskModel) => (i: number) => disputeProbability(m, f(i), inv(i).group);

report('Disputed', yD, [
  { name: 'baseline: logistic regression (README features)', ...both(lr(baseVec, yD)) },
  {
    name: 'ours: logistic + boosted trees, averaged',
    valid: valid.map(oursDispute(models.valid)),
    test: test.map(oursDispute(models.test)),
  },
]);

const oursLate = (m: RiskModel) => (i: number) =>
  lateAtIssue(f(i), disputeProbability(m, f(i), inv(i).group)).lateProbability;
const allVec = (i: number): number[] => [
  ...(Object.values(f(i)) as number[]),
  ...groups.map((g) => (inv(i).group === g ? 1 : 0)),
  logit(lateAtIssue(f(i), f(i).dispute_rate_with_open).lateProbability),
];
report('Late (DaysLate > 0)', yL, [
  { name: 'baseline: logistic regression (README features)', ...both(lr(baseVec, yL)) },
  {
    name: 'ours: settle-time mixture with the dispute model',
    valid: valid.map(oursLate(models.valid)),
    test: test.map(oursLate(models.test)),
  },
  { name: 'alternative: boosted trees on every feature', ...both(gbm(allVec, yL, DEFAULT_GBM)) },
]);

console.log(
  `ar-ibm temporal protocol: train ${train.length} (fit ${fit.length} + validation ${valid.length}), test ${test.length}`,
);
for (const t of table) {
  console.log(`\n${t.target}`);
  console.log('  model'.padEnd(58) + 'valid AUC  test AUC  test Brier');
  for (const r of t.rows)
    console.log(
      `  ${r.name.padEnd(56)}${fmt(r.vAuc).padStart(9)}${fmt(r.tAuc).padStart(10)}${fmt(r.tBrier).padStart(12)}`,
    );
}

// Where the product's models stand against the issue's goals on the temporal test split.
const GOALS = [
  { target: 'Disputed', goal: 0.85, reference: 0.834 },
  { target: 'Late (DaysLate > 0)', goal: 0.88, reference: 0.862 },
];
console.log("\nGoals (test AUC of the product's model; README's plain logistic regression in brackets)");
for (const g of GOALS) {
  const ours = table.find((t) => t.target === g.target)?.rows.find((r) => r.name.startsWith('ours'));
  if (!ours) continue;
  console.log(
    `  ${g.target.padEnd(22)}${fmt(ours.tAuc)} against a goal of >= ${g.goal.toFixed(2)} (${g.reference.toFixed(3)}): ${ours.tAuc >= g.goal ? 'met' : 'NOT met'}`,
  );
}

// Expected days late against the baseline of the client's mean days late so far.
const expDays = test.map(
  (i) => lateAtIssue(f(i), disputeProbability(models.test, f(i), inv(i).group)).expectedDaysLate,
);
const actual = test.map((i) => (rows[i] as ArIbmRow).daysLate);
const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
const sse = (pred: number[]): number => pred.reduce((a, p, k) => a + (p - (actual[k] as number)) ** 2, 0);
const mae = (pred: number[]): number =>
  pred.reduce((a, p, k) => a + Math.abs(p - (actual[k] as number)), 0) / pred.length;
const sst = actual.reduce((a, v) => a + (v - mean) ** 2, 0);
const histMean = test.map((i) => f(i).hist_mean_days_late);
console.log('\nExpected days late (test)');
console.log(
  `  ours: MAE ${expDays.length ? mae(expDays).toFixed(2) : '-'} days, R^2 ${(1 - sse(expDays) / sst).toFixed(3)}`,
);
console.log(
  `  baseline (client's mean days late so far): MAE ${mae(histMean).toFixed(2)} days, R^2 ${(1 - sse(histMean) / sst).toFixed(3)}`,
);
console.log(`  stored holdout metrics of the test model: ${JSON.stringify(models.test.metrics.holdout)}`);

rankingReplay(rows);
