/**
 * npx tsx evals/risk/review-threshold.ts [AR_IBM_DIR]: how many drafts the pre-send check would send to
 * review at each threshold, and how many of those went on to be disputed, on ar-ibm's temporal test
 * split (the model trained as eval:risk trains it, and the prior alone). Justifies the approval
 * matrix's default disputeRisk threshold (docs/approvals.md).
 */
import {
  byClient,
  DEFAULT_GBM,
  disputeProbability,
  featuresOf,
  priorCache,
  trainRiskModel,
} from '../../src/billing/risk/index.ts';
import { loadArIbm, TEST_FROM } from './ar-ibm.ts';

const loaded = loadArIbm(process.argv[2]);
if (!loaded) {
  console.log('review-threshold skipped: ar_ibm.csv is absent (see ../shared/README.md)');
  process.exit(0);
}
const rows = loaded;
const all = rows.map((r) => r.invoice);
const clients = byClient(all);
const prior = priorCache(all);
const train = rows.filter((r) => r.invoice.issueDate < TEST_FROM);
const test = rows.filter((r) => r.invoice.issueDate >= TEST_FROM);
const trainIds = new Set(train.map((r) => r.invoice.id));
const last = train
  .map((r) => r.invoice.issueDate)
  .sort()
  .at(-1)!;
const model = trainRiskModel(all, last, DEFAULT_GBM, (x) => trainIds.has(x.id));
const priorOnly = { ...model, dispute: null };
const base = test.filter((r) => r.disputed).length / test.length;
console.log(`test rows ${test.length}, disputed ${(100 * base).toFixed(1)}%`);
for (const [name, m] of [
  ['trained', model],
  ['prior only', priorOnly],
] as const) {
  const p = test.map((r) => {
    const f = featuresOf(
      r.invoice,
      clients.get(r.invoice.clientId) ?? [],
      r.invoice.issueDate,
      prior(r.invoice.issueDate),
    );
    return disputeProbability(m, f, r.invoice.group);
  });
  for (const th of [0.3, 0.4, 0.5, 0.6, 0.7]) {
    const flagged = test.filter((_, i) => p[i]! >= th);
    const hit = flagged.filter((r) => r.disputed).length;
    const all = test.filter((r) => r.disputed).length;
    console.log(
      `${name} >= ${th}: flagged ${flagged.length} (${((100 * flagged.length) / test.length).toFixed(1)}%), ` +
        `disputed among flagged ${flagged.length ? ((100 * hit) / flagged.length).toFixed(1) : '-'}%, ` +
        `recall ${((100 * hit) / all).toFixed(1)}%`,
    );
  }
}
