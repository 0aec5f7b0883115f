import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../shared/dates.ts';
import { prng } from '../../shared/prng.ts';
import { DEFAULT_PRIOR, featuresOf, type FirmPrior, type RiskInvoice } from './features.ts';
import { disputeFeaturesOf, lateFeaturesOf } from './features-lean.ts';
import { DISPUTE_FEATURES, trainRiskModel } from './model.ts';
import { scoreOpen, scoreOpenLean } from './score.ts';

const AS_OF = '2026-03-01';

/** One client's history as known on AS_OF: settled, open, disputed, paper and electronic, some issued on AS_OF itself. */
const historyArb = fc
  .array(
    fc.record({
      issue: fc.integer({ min: -400, max: 0 }),
      terms: fc.constantFrom(0, 14, 30, 45),
      settleAfter: fc.option(fc.integer({ min: -5, max: 120 }), { nil: null }),
      disputeAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
      paperless: fc.boolean(),
      amount: fc.double({ min: 0, max: 50_000, noNaN: true }),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((rows) =>
    rows.map((r, k): RiskInvoice => {
      const issueDate = addDays(AS_OF, r.issue);
      const settled = r.settleAfter === null ? null : addDays(issueDate, r.settleAfter);
      const disputed = r.disputeAfter === null ? null : addDays(issueDate, r.disputeAfter);
      return {
        id: `i${String(k).padStart(3, '0')}`,
        clientId: 'c',
        group: k % 3 ? 'US' : 'DE',
        paperless: r.paperless,
        amount: r.amount,
        issueDate,
        dueDate: addDays(issueDate, r.terms),
        // As historyAsOf cuts it: outcomes after the date are not known yet.
        settledDate: settled !== null && settled <= AS_OF ? settled : null,
        disputeKnownOn: disputed !== null && disputed <= AS_OF ? disputed : null,
      };
    }),
  );

const priorArb: fc.Arbitrary<FirmPrior> = fc.record({
  disputeRate: fc.double({ min: 0.01, max: 0.6, noNaN: true }),
  lateRate: fc.double({ min: 0.05, max: 0.9, noNaN: true }),
  meanDaysLate: fc.double({ min: 0, max: 30, noNaN: true }),
  meanDaysToSettle: fc.double({ min: 10, max: 80, noNaN: true }),
  paperlessShiftDays: fc.double({ min: -10, max: 10, noNaN: true }),
  paperlessIntercept: fc.double({ min: -10, max: 10, noNaN: true }),
  paperlessSlope: fc.double({ min: 0.3, max: 1.5, noNaN: true }),
  cleanSdDays: fc.double({ min: 1, max: 20, noNaN: true }),
  disputeDelayDays: fc.double({ min: 0, max: 40, noNaN: true }),
});

/** A trained model (dispute GBM and logistic regression) from a synthetic settled history. */
function trainedModel() {
  const rnd = prng(5);
  const history: RiskInvoice[] = [];
  for (let c = 0; c < 60; c++) {
    for (let k = 0; k < 8; k++) {
      const issue = addDays('2024-06-01', k * 60 + Math.floor(rnd() * 30));
      const disputed = rnd() < 0.25;
      history.push({
        id: `h${c}-${k}`,
        clientId: `c${c}`,
        group: c % 2 ? 'US' : 'DE',
        paperless: rnd() < 0.6,
        amount: 500 + rnd() * 20_000,
        issueDate: issue,
        dueDate: addDays(issue, 30),
        settledDate: addDays(issue, Math.round(20 + rnd() * 30 + (disputed ? 15 : 0))),
        disputeKnownOn: disputed ? addDays(issue, 10) : null,
      });
    }
  }
  return trainRiskModel(history, '2026-01-01');
}

describe('lateFeaturesOf and disputeFeaturesOf', () => {
  it('give the very numbers featuresOf gives, as of the date and as of issue, for every invoice of any history', () => {
    fc.assert(
      fc.property(historyArb, priorArb, (history, prior) => {
        for (const inv of history) {
          const now = featuresOf(inv, history, AS_OF, prior);
          const lean = lateFeaturesOf(inv, history, AS_OF, prior);
          for (const k of Object.keys(lean) as (keyof typeof lean)[]) expect(lean[k]).toBe(now[k]);
          const atIssue = featuresOf(inv, history, inv.issueDate, prior);
          const d = disputeFeaturesOf(inv, history, inv.issueDate, prior);
          for (const k of DISPUTE_FEATURES) expect(d[k]).toBe(atIssue[k]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('scoreOpenLean', () => {
  const model = trainedModel();
  it('scores every open invoice as scoreOpen does (probabilities, days late and reasons), with and without a trained model', () => {
    expect(model.kind).toBe('trained');
    const prior = { ...model, kind: 'prior' as const, dispute: null };
    fc.assert(
      fc.property(historyArb, fc.boolean(), (history, disputeOpen) => {
        for (const m of [model, prior]) {
          for (const inv of history.filter((i) => i.settledDate === null)) {
            expect(scoreOpenLean(m, inv, history, AS_OF, disputeOpen)).toEqual(
              scoreOpen(m, inv, history, AS_OF, disputeOpen),
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });
  it('falls back on the default prior when nothing is settled', () => {
    const open: RiskInvoice = {
      id: 'x',
      clientId: 'c',
      group: 'US',
      paperless: true,
      amount: 100,
      issueDate: '2026-01-01',
      dueDate: '2026-01-31',
      settledDate: null,
      disputeKnownOn: null,
    };
    expect(lateFeaturesOf(open, [open], AS_OF, DEFAULT_PRIOR)).toMatchObject({
      hist_settled: 0,
      clean_mean_days_to_settle: DEFAULT_PRIOR.meanDaysToSettle,
    });
  });
});
