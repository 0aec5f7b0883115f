import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideDunning,
  DEFAULT_POLICY,
  type DunningFacts,
  type PolicyStep,
  sequenceKeys,
  stepKeys,
} from './dunning.ts';
import { MAX_POLICY_STEPS, policyProblem } from './dunning-rules.ts';

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
          return d.kind === 'skip' || !sent.includes(d.key);
        },
      ),
    );
  });
});

/** The issue's sequence: courtesy -3, +1, +7, +14, +30 to the account manager, +45 the final notice with the late fee. */
const ISSUE: PolicyStep[] = [
  { days: -3, step: 'courtesy', channel: 'email' },
  { days: 1, step: 'friendly', channel: 'email' },
  { days: 7, step: 'friendly', channel: 'email' },
  { days: 14, step: 'firm', channel: 'email' },
  { days: 30, step: 'escalate', channel: 'account_manager' },
  { days: 45, step: 'final', kind: 'final_notice', channel: 'email', lateFee: { kind: 'contract' } },
];

describe('sequences of any shape', () => {
  it('keys a repeated name by its day, and keeps the plain name the first time', () => {
    expect(stepKeys(ISSUE)).toEqual(['courtesy', 'friendly', 'friendly@7', 'firm', 'escalate', 'final']);
  });

  it('keys a sequence by its value: one changed in place, or an equal one read apart, gets its own keys', () => {
    const steps: PolicyStep[] = [
      { days: 1, step: 'friendly', channel: 'email' },
      { days: 7, step: 'firm', channel: 'email' },
    ];
    // friendly@7 is not a key of this sequence yet: having sent it, nothing counts as sent, and friendly is due.
    const sent = new Set(['friendly@7']);
    expect(decideDunning(facts({ daysPastDue: 8, steps, sent }), AS_OF)).toMatchObject({ kind: 'send', key: 'firm' });
    // The same array, its second step renamed in place: its key is friendly@7 now, and it was sent.
    steps[1] = { days: 7, step: 'friendly', channel: 'email' };
    expect(decideDunning(facts({ daysPastDue: 8, steps, sent }), AS_OF)).toMatchObject({ kind: 'skip' });
    // An equal sequence in another array decides the same.
    const copy = steps.map((s) => ({ ...s }));
    expect(decideDunning(facts({ daysPastDue: 8, steps: copy, sent }), AS_OF)).toMatchObject({ kind: 'skip' });
  });

  it("answers every sequence with its own keys, across clients' and segments' sequences changed in place or copied", () => {
    // A night asks for the keys of a few sequences (clients' own, segments', the default) in any order; a sequence
    // may be edited, shortened or lengthened in place, or replaced by an equal copy, between asks. Each answer must be stepKeys of the
    // sequence as it is now (computed without the cache), never the keys of another sequence or of its old value.
    const name = fc.constantFrom<PolicyStep['step']>('courtesy', 'friendly', 'firm', 'final');
    const step = fc.record({ days: fc.integer({ min: -2, max: 8 }), step: name, channel: fc.constant('email') });
    const sequence = fc.array(step, { minLength: 1, maxLength: 5 }) as fc.Arbitrary<PolicyStep[]>;
    const op = fc.oneof(
      fc.record({ kind: fc.constant('ask' as const), who: fc.nat(), daysPastDue: fc.integer({ min: -3, max: 12 }) }),
      fc.record({ kind: fc.constant('edit' as const), who: fc.nat(), at: fc.nat(), to: step }),
      // Only a step's days moved: its key changes where its name repeats (friendly@7 to friendly@8).
      fc.record({
        kind: fc.constant('shift' as const),
        who: fc.nat(),
        at: fc.nat(),
        days: fc.integer({ min: -2, max: 8 }),
      }),
      // A step added or removed at the end, in place: a prefix of a sequence is another sequence.
      fc.record({ kind: fc.constant('resize' as const), who: fc.nat(), drop: fc.boolean(), to: step }),
      fc.record({ kind: fc.constant('copy' as const), who: fc.nat() }),
    );
    fc.assert(
      fc.property(
        fc.array(sequence, { minLength: 2, maxLength: 5 }),
        fc.array(op, { minLength: 1, maxLength: 30 }),
        (pool, ops) => {
          const table = new Map(pool.map((steps, n) => [n % 2 ? `segment:s${n}` : `client:c${n}`, steps]));
          const entries = [...table.keys(), 'default'];
          const stepsOf = (who: number) => table.get(entries[who % entries.length]!) ?? DEFAULT_POLICY;
          for (const o of ops) {
            const steps = stepsOf(o.who);
            if (o.kind === 'edit' && steps !== DEFAULT_POLICY)
              (steps as PolicyStep[])[o.at % steps.length] = o.to as PolicyStep;
            else if (o.kind === 'shift' && steps !== DEFAULT_POLICY) {
              const n = o.at % steps.length;
              (steps as PolicyStep[])[n] = { ...steps[n]!, days: o.days };
            } else if (o.kind === 'resize' && steps !== DEFAULT_POLICY) {
              if (o.drop && steps.length > 1) (steps as PolicyStep[]).pop();
              else (steps as PolicyStep[]).push(o.to as PolicyStep);
            } else if (o.kind === 'copy' && steps !== DEFAULT_POLICY)
              table.set(
                entries[o.who % entries.length]!,
                steps.map((s) => ({ ...s })),
              );
            else if (o.kind === 'ask') {
              const uncached = stepKeys(steps);
              expect(sequenceKeys(steps)).toEqual(uncached);
              // Every key any sequence of the pool has now counts as sent but the last of this one: keys taken
              // from another sequence would send, or hold, another step than this sequence's own keys do.
              const sent = new Set([...table.values()].flatMap(stepKeys).filter((k) => k !== uncached.at(-1)));
              const d = decideDunning(facts({ daysPastDue: o.daysPastDue, steps, sent }), AS_OF);
              if (d.kind === 'send') expect(d.key).toBe(uncached[steps.indexOf(d.step)]);
            }
          }
        },
      ),
      // The cache outlives each run, so a shrunk case is not self-contained: report the first failure unshrunk
      // (shrinking one took minutes).
      { numRuns: 500, endOnFailure: true },
    );
  });

  it('walks the issue sequence night by night, each step once, the courtesy note only before the due date', () => {
    const sent = new Set<string>();
    const log: string[] = [];
    for (let dpd = -10; dpd <= 60; dpd++) {
      const d = decideDunning(facts({ daysPastDue: dpd, steps: ISSUE, sent }), AS_OF);
      if (d.kind === 'send') {
        log.push(`${dpd}:${d.key}`);
        sent.add(d.key);
      }
    }
    expect(log).toEqual(['-3:courtesy', '1:friendly', '7:friendly@7', '14:firm', '30:escalate', '45:final']);
  });

  it('never sends a courtesy note after the due date, even when it was missed', () => {
    expect(decideDunning(facts({ daysPastDue: 0, steps: ISSUE }), AS_OF)).toMatchObject({ key: 'courtesy' });
    expect(decideDunning(facts({ daysPastDue: 1, steps: ISSUE }), AS_OF)).toMatchObject({ key: 'friendly' });
    const onlyLater: PolicyStep[] = [ISSUE[0]!, { days: 10, step: 'firm', channel: 'email' }];
    expect(decideDunning(facts({ daysPastDue: 3, steps: onlyLater }), AS_OF)).toMatchObject({
      kind: 'skip',
      category: 'not_due',
    });
  });

  it('a broken promise moves on past a courtesy note it is too late for', () => {
    const promise = { id: 'p', promisedFor: '2026-03-20', amountMinor: 10n, openAtRecordMinor: 100_000n };
    expect(decideDunning(facts({ daysPastDue: 0, steps: ISSUE, promise }), AS_OF)).toMatchObject({ key: 'friendly' });
    expect(decideDunning(facts({ daysPastDue: -5, steps: ISSUE, promise }), AS_OF)).toMatchObject({ key: 'courtesy' });
  });
});

describe('policyProblem', () => {
  const problem = (steps: PolicyStep[]) => policyProblem(steps)?.code ?? null;
  const friendly = (days: number): PolicyStep => ({ days, step: 'friendly', channel: 'email' });

  it("accepts the default, the issue's sequence and sequences stored before kinds", () => {
    expect(policyProblem(DEFAULT_POLICY)).toBeNull();
    expect(policyProblem(ISSUE)).toBeNull();
    expect(
      policyProblem([
        { days: -3, step: 'friendly', channel: 'email', template: 'courtesy' },
        { days: 14, step: 'firm', channel: 'account_manager' },
        { days: 45, step: 'final', channel: 'email', finalNotice: true, lateFee: { kind: 'contract' } },
      ]),
    ).toBeNull();
  });

  it('takes up to the maximum number of steps and refuses more with a sentence', () => {
    const many = (n: number) => Array.from({ length: n }, (_, k) => friendly(k + 1));
    expect(policyProblem(many(MAX_POLICY_STEPS))).toBeNull();
    expect(policyProblem(many(MAX_POLICY_STEPS + 1))).toEqual({
      code: 'policy_too_long',
      message: `A sequence has at most ${MAX_POLICY_STEPS} steps; this one has ${MAX_POLICY_STEPS + 1}: merge or drop some.`,
    });
    expect(problem([])).toBe('policy_empty');
  });

  it('refuses each malformed sequence with its code and a sentence naming the step', () => {
    expect(policyProblem([friendly(10), friendly(5)])).toEqual({
      code: 'step_days_not_rising',
      message: 'Step 2 (+5 friendly) must come later than step 1 (+10 friendly): days rise strictly, step by step.',
    });
    expect(problem([{ days: 5, step: 'friendly', kind: 'call', channel: 'task' }])).toBe('step_kind_name_mismatch');
    expect(problem([{ days: 5, step: 'call', channel: 'email' }])).toBe('step_channel_mismatch');
    expect(problem([{ days: 5, step: 'escalate', channel: 'email' }])).toBe('step_channel_mismatch');
    expect(problem([{ days: -3, step: 'friendly', channel: 'email' }, friendly(1)])).toBe(
      'step_before_due_not_courtesy',
    );
    expect(problem([{ days: 3, step: 'courtesy', channel: 'email' }])).toBe('step_template_timing');
    expect(problem([{ ...friendly(3), template: 'gentle' }])).toBe('step_template_unknown');
    expect(problem([{ days: -3, step: 'courtesy', channel: 'email' }])).toBe('policy_nothing_after_due');
    const final = (days: number): PolicyStep => ({ days, step: 'final', kind: 'final_notice', channel: 'email' });
    expect(problem([final(30), final(45)])).toBe('final_notice_twice');
    expect(problem([{ days: 20, step: 'final', channel: 'email' }, final(45)])).toBe('final_step_twice');
    expect(problem([final(30), friendly(40)])).toBe('reminder_after_final_notice');
    expect(problem([final(30), { days: 40, step: 'call', channel: 'task' }])).toBeNull();
    expect(problem([{ ...friendly(3), lateFee: { kind: 'contract' } }])).toBe('late_fee_not_on_final_notice');
  });
});
