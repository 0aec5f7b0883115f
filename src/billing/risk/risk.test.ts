import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PRIOR, featuresOf, type RiskInvoice } from './features.ts';
import { fitGbm, predictGbm } from './gbm.ts';
import { estimateLate } from './late.ts';
import { brier, rocAuc } from './metrics.ts';
import { trainRiskModel } from './model.ts';
import { scoreDraft, scoreOpen } from './score.ts';

const day = (n: number): string => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
function inv(
  id: string,
  client: string,
  issue: number,
  settle: number | null,
  disputed = false,
  amount = 1000,
): RiskInvoice {
  return {
    id,
    clientId: client,
    group: 'US',
    paperless: false,
    amount,
    issueDate: day(issue),
    dueDate: day(issue + 30),
    settledDate: settle === null ? null : day(settle),
    disputeKnownOn: disputed && settle !== null ? day(settle) : null,
  };
}

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0.5 for constant scores and counts ties half', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.5, 0.5, 0.5], [0, 1, 1])).toBe(0.5);
    expect(rocAuc([0.2, 0.5, 0.5], [0, 0, 1])).toBe(0.75);
  });
  it('brier is the mean squared error', () => {
    expect(brier([1, 0, 0.5], [1, 1, 0])).toBeCloseTo((0 + 1 + 0.25) / 3);
  });
});

describe('featuresOf', () => {
  const history = [
    inv('a', 'c', 0, 40, true),
    inv('b', 'c', 10, 30),
    inv('x', 'c', 50, null),
    inv('later', 'c', 80, 200, true),
  ];
  it('reads no outcome known only after asOf, nor the invoice itself', () => {
    const target = inv('x', 'c', 50, 95, true);
    const f = featuresOf(target, history, day(50), DEFAULT_PRIOR);
    expect(f.hist_settled).toBe(2);
    expect(f.hist_disputes).toBe(1);
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 51, max: 400 }), (disputed, settle) => {
        // Rewriting what happened after day 50 (the target's and a later invoice's outcome) changes nothing.
        const rewritten = [...history.slice(0, 3), inv('later', 'c', 80, settle, disputed)];
        const g = featuresOf(
          { ...target, settledDate: day(settle), disputeKnownOn: disputed ? day(settle) : null },
          rewritten,
          day(50),
          DEFAULT_PRIOR,
        );
        expect(g).toEqual(f);
      }),
    );
  });
  it('falls back to the documented prior for a client with no history', () => {
    const f = featuresOf(inv('n', 'new', 5, null), [], day(5), DEFAULT_PRIOR);
    expect(f.hist_dispute_rate).toBeCloseTo(DEFAULT_PRIOR.disputeRate);
    expect(f.clean_mean_days_to_settle).toBeCloseTo(DEFAULT_PRIOR.meanDaysToSettle);
  });
});

describe('fitGbm', () => {
  it('learns a threshold and gives the same model for the same seed', () => {
    const X = Array.from({ length: 200 }, (_, i) => [i % 50, (i * 7) % 13]);
    const y = X.map((x) => ((x[0] as number) > 25 ? 1 : 0));
    const p = { trees: 30, depth: 2, learningRate: 0.3, minLeaf: 2, lambda: 1, rowSample: 0.9, colSample: 1, seed: 3 };
    const m = fitGbm(X, y, 'logistic', p);
    expect(predictGbm(m, [40, 0])).toBeGreaterThan(0.9);
    expect(predictGbm(m, [10, 0])).toBeLessThan(0.1);
    expect(JSON.stringify(fitGbm(X, y, 'logistic', p))).toBe(JSON.stringify(m));
  });
});

describe('estimateLate', () => {
  const base = { termsDays: 30, cleanMean: 20, cleanSd: 4, disputeDelay: 14, pDispute: 0.1, age: 0 };
  it('rises with the client usual payment time and with the dispute chance', () => {
    const a = estimateLate(base).lateProbability;
    expect(estimateLate({ ...base, cleanMean: 32 }).lateProbability).toBeGreaterThan(a);
    expect(estimateLate({ ...base, pDispute: 0.9 }).lateProbability).toBeGreaterThan(a);
  });
  it('is certain once past due and expects at least the days already late', () => {
    const e = estimateLate({ ...base, age: 45 });
    expect(e.lateProbability).toBe(1);
    expect(e.expectedDaysLate).toBeGreaterThanOrEqual(15);
    expect(e.pDisputeNow).toBeGreaterThan(0.1); // still unpaid long after the usual time: probably disputed
  });
});

describe('trainRiskModel', () => {
  it('stays on the prior with thin history, and says so', () => {
    const m = trainRiskModel([inv('a', 'c', 0, 20), inv('b', 'c', 5, 40, true)], day(100));
    expect(m.kind).toBe('prior');
    const s = scoreDraft(m, inv('new', 'c', 100, null), [], day(100));
    expect(s.reasons[0]).toMatch(/firm-wide dispute rate/);
  });
  it('flags a draft of a client that disputes most invoices, with the reason in words', () => {
    const history: RiskInvoice[] = [];
    for (let k = 0; k < 240; k++) {
      const client = `c${k % 12}`;
      const disputes = k % 12 < 3 ? k % 5 !== 0 : k % 17 === 0;
      history.push(inv(`i${k}`, client, k * 2, k * 2 + (disputes ? 45 : 20), disputes));
    }
    const m = trainRiskModel(history, day(600));
    expect(m.kind).toBe('trained');
    expect(m.metrics.holdout?.disputeAuc).toBeGreaterThan(0.7);
    const risky = scoreDraft(
      m,
      inv('d1', 'c1', 600, null),
      history.filter((h) => h.clientId === 'c1'),
      day(600),
    );
    const safe = scoreDraft(
      m,
      inv('d2', 'c7', 600, null),
      history.filter((h) => h.clientId === 'c7'),
      day(600),
    );
    expect(risky.flagged).toBe(true);
    expect(safe.flagged).toBe(false);
    expect(risky.reasons.join(' ')).toMatch(/disputed \d+ of its \d+ settled invoices/);
    const open = scoreOpen(
      m,
      inv('o', 'c7', 560, null),
      history.filter((h) => h.clientId === 'c7'),
      day(600),
      false,
    );
    expect(open.lateProbability).toBe(1);
    expect(open.reasons[0]).toMatch(/past due/);
  });
});
