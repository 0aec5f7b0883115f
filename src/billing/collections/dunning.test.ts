import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decideDunning, DEFAULT_POLICY, policyProblem, type DunningFacts } from './dunning.ts';

const facts = (over: Partial<DunningFacts> = {}): DunningFacts => ({
  invoiceId: 'i-1',
  daysPastDue: 15,
  openMinor: 100_000n,
  disputeOpen: false,
  paused: null,
  promise: null,
  sent: new Set(),
  steps: DEFAULT_POLICY,
  ...over,
});
const AS_OF = '2026-03-31';

describe('decideDunning', () => {
  it('sends the furthest step due, skipping earlier ones not sent', () => {
    expect(decideDunning(facts({ daysPastDue: 31 }), AS_OF)).toMatchObject({ kind: 'send', step: { step: 'final' } });
    expect(decideDunning(facts({ daysPastDue: 15, sent: new Set(['friendly']) }), AS_OF)).toMatchObject({
      kind: 'send',
      step: { step: 'firm' },
    });
  });

  it('sends nothing when the step due was sent already, or none is due', () => {
    expect(decideDunning(facts({ daysPastDue: 20, sent: new Set(['friendly', 'firm']) }), AS_OF)).toMatchObject({
      kind: 'skip',
    });
    expect(decideDunning(facts({ daysPastDue: 0 }), AS_OF)).toMatchObject({
      kind: 'skip',
      reason: 'no step is due yet',
    });
  });

  it('holds a disputed or paused invoice', () => {
    expect(decideDunning(facts({ daysPastDue: 50, disputeOpen: true }), AS_OF)).toMatchObject({
      kind: 'skip',
      reason: expect.stringMatching(/dispute/),
    });
    expect(decideDunning(facts({ daysPastDue: 50, paused: 'client restructuring' }), AS_OF)).toMatchObject({
      kind: 'skip',
      reason: 'reminders are paused: client restructuring',
    });
  });

  it('holds while a promise is live, marks it kept when paid, and moves on at once when it is broken', () => {
    const promise = { id: 'p-1', promisedFor: '2026-04-10', amountMinor: 100_000n, openAtRecordMinor: 100_000n };
    expect(decideDunning(facts({ promise }), AS_OF)).toMatchObject({
      kind: 'skip',
      reason: 'a promise to pay by 2026-04-10 is live',
    });
    expect(decideDunning(facts({ promise, openMinor: 0n }), AS_OF)).toMatchObject({ kind: 'skip', promiseKept: 'p-1' });
    const broken = decideDunning(
      facts({
        promise: { ...promise, promisedFor: '2026-03-20' },
        daysPastDue: 16,
        sent: new Set(['friendly', 'firm']),
      }),
      AS_OF,
    );
    expect(broken).toMatchObject({ kind: 'send', step: { step: 'final' }, promiseBroken: 'p-1' });
  });

  it('never sends a step twice, whatever the facts (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10, max: 120 }),
        fc.subarray(['friendly', 'firm', 'final', 'escalate']),
        fc.boolean(),
        (dpd, sent, promised) => {
          const d = decideDunning(
            facts({
              daysPastDue: dpd,
              sent: new Set(sent),
              promise: promised
                ? { id: 'p', promisedFor: '2026-03-01', amountMinor: 10n, openAtRecordMinor: 100_000n }
                : null,
            }),
            AS_OF,
          );
          return d.kind === 'skip' || !sent.includes(d.step.step);
        },
      ),
    );
  });
});

describe('policyProblem', () => {
  it('accepts the default and refuses steps out of order', () => {
    expect(policyProblem(DEFAULT_POLICY)).toBeNull();
    expect(
      policyProblem([
        { days: 10, step: 'firm', channel: 'email' },
        { days: 5, step: 'final', channel: 'email' },
      ]),
    ).toMatch(/more days past due/);
    expect(
      policyProblem([
        { days: 1, step: 'final', channel: 'email' },
        { days: 5, step: 'friendly', channel: 'email' },
      ]),
    ).toMatch(/steps go/);
  });
});
