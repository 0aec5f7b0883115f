import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAction, prioritize, priorityOf, promiseState, type ReceivableFacts } from './prioritize.ts';
import { decideDunning, DEFAULT_POLICY, type DunningFacts, type PolicyStep } from './dunning.ts';
import { money } from '../../shared/money.ts';

const AS_OF = '2026-03-31';
/** The issue's sequence: courtesy -3, reminders +1 and +7, a call +14, the account manager +30, the final notice +45. */
const ISSUE_SEQUENCE: PolicyStep[] = [
  { days: -3, step: 'courtesy', channel: 'email' },
  { days: 1, step: 'friendly', channel: 'email' },
  { days: 7, step: 'friendly', channel: 'email' },
  { days: 14, step: 'call', channel: 'task' },
  { days: 30, step: 'escalate', channel: 'account_manager' },
  { days: 45, step: 'final', kind: 'final_notice', channel: 'email', lateFee: { kind: 'contract' } },
];

/** Receivable facts whose dunning decision is decideDunning's on the same facts (`d` overrides its inputs). */
const facts = (over: Partial<ReceivableFacts> = {}, d: Partial<DunningFacts> = {}): ReceivableFacts => {
  const base = {
    invoiceId: 'i1',
    clientId: 'c1',
    openAmount: 1000,
    daysPastDue: 0,
    disputeOpen: false,
    lateProbability: 0.5,
    expectedDaysLate: 0,
    riskReasons: [],
    exposure: null,
    activeProjects: 0,
    segment: 'standard',
    ...over,
  };
  const dunning = decideDunning(
    {
      invoiceId: base.invoiceId,
      daysPastDue: base.daysPastDue,
      openMinor: 100_000n,
      disputeOpen: base.disputeOpen,
      paused: null,
      promise: null,
      sent: new Set(),
      steps: DEFAULT_POLICY,
      ...d,
    },
    AS_OF,
  );
  return { dunning, ...base };
};

describe('priorityOf', () => {
  it('weighs amount by late probability and expected days late', () => {
    expect(priorityOf(facts({ openAmount: 10_000, lateProbability: 0.8, expectedDaysLate: 15 }))).toBe(12_000);
  });
  it('raises a client over its credit limit and lowers an invoice under dispute', () => {
    const base = priorityOf(facts());
    expect(
      priorityOf(facts({ exposure: { open: money(200000n, 'USD'), limit: money(100000n, 'USD') } })),
    ).toBeGreaterThan(base);
    expect(priorityOf(facts({ disputeOpen: true }))).toBeLessThan(base);
  });
});

describe('nextAction', () => {
  it("proposes the step the client's sequence sends tonight, and nothing already sent", () => {
    const at = (dpd: number, sent: string[] = []) =>
      nextAction(facts({ daysPastDue: dpd }, { steps: ISSUE_SEQUENCE, sent: new Set(sent) }));
    expect(at(-10)).toEqual({ action: 'monitor', step: null });
    expect(at(-3)).toEqual({ action: 'reminder', step: 'courtesy' });
    expect(at(-2, ['courtesy'])).toEqual({ action: 'monitor', step: null });
    expect(at(1, ['courtesy'])).toEqual({ action: 'reminder', step: 'friendly' });
    expect(at(8, ['courtesy', 'friendly'])).toEqual({ action: 'reminder', step: 'friendly@7' });
    expect(at(8, ['courtesy', 'friendly', 'friendly@7'])).toEqual({ action: 'monitor', step: null });
    expect(at(14, ['friendly@7'])).toEqual({ action: 'call', step: 'call' });
    expect(at(31, ['call'])).toEqual({ action: 'escalate', step: 'escalate' });
    expect(at(50, ['escalate'])).toEqual({ action: 'reminder', step: 'final' });
  });

  it('holds a disputed, paused or promised invoice, with the pause reason in the reasons', () => {
    expect(nextAction(facts({ daysPastDue: 50, disputeOpen: true }))).toEqual({ action: 'hold', step: null });
    const paused = facts({ daysPastDue: 20 }, { paused: 'client restructuring' });
    expect(nextAction(paused)).toEqual({ action: 'hold', step: null });
    expect(prioritize([paused])[0]!.reasons[0]).toBe('Reminders are paused: client restructuring');
    const promise = { id: 'p', promisedFor: '2026-04-10', amountMinor: 10n, openAtRecordMinor: 100_000n };
    expect(nextAction(facts({ daysPastDue: 20 }, { promise }))).toEqual({ action: 'hold', step: null });
  });

  it('raises a past-due client over its credit limit to a call when nothing is sent tonight', () => {
    const exposure = { open: money(500n, 'USD'), limit: money(100n, 'USD') };
    expect(nextAction(facts({ daysPastDue: 2, exposure }))).toEqual({ action: 'reminder', step: 'friendly' });
    expect(nextAction(facts({ daysPastDue: 2, exposure }, { sent: new Set(['friendly']) }))).toEqual({
      action: 'call',
      step: null,
    });
  });
});

describe('prioritize', () => {
  it('gives the same ranking whatever the input order', () => {
    const arb = fc.array(
      fc.record({
        invoiceId: fc.uuid(),
        openAmount: fc.integer({ min: 1, max: 1e6 }),
        daysPastDue: fc.integer({ min: -30, max: 120 }),
        lateProbability: fc.double({ min: 0, max: 1, noNaN: true }),
        disputeOpen: fc.boolean(),
      }),
      { maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        const unique = [...new Map(rows.map((r) => [r.invoiceId, facts(r)])).values()];
        const a = prioritize(unique),
          b = prioritize([...unique].reverse());
        expect(b).toEqual(a);
        for (let k = 1; k < a.length; k++) expect(a[k - 1]!.priority).toBeGreaterThanOrEqual(a[k]!.priority);
      }),
    );
  });
  it('explains a held item and an over-limit client in words', () => {
    const [held] = prioritize([facts({ disputeOpen: true, daysPastDue: 40 })]);
    expect(held!.reasons[0]).toMatch(/dispute is open/);
    const [over] = prioritize([
      facts({
        daysPastDue: 50,
        activeProjects: 2,
        exposure: { open: money(300000n, 'EUR'), limit: money(100000n, 'EUR') },
      }),
    ]);
    expect(over!.reasons.join('\n')).toMatch(/credit limit of 1000.00/);
    expect(over!.reasons.join('\n')).toMatch(/2 active projects/);
  });

  it('names the amounts converted into the limit currency, and one left out for want of a rate', () => {
    const exposure = {
      open: money(1_424_75n, 'USD'),
      limit: money(1_000_00n, 'USD'),
      converted: ['300.00 EUR at 1.0825 of 2026-03-30'],
      notCounted: ['50.00 GBP'],
    };
    const [over] = prioritize([facts({ daysPastDue: 50, exposure })]);
    expect(over!.reasons).toEqual(
      expect.arrayContaining([
        'The client owes 1424.75 USD (with 300.00 EUR at 1.0825 of 2026-03-30) against a credit limit of 1000.00',
        'Credit exposure leaves out 50.00 GBP: no exchange rate into USD by the date',
      ]),
    );
    // Under the limit, the currency left out is still named: the limit may be passed in it.
    const [under] = prioritize([facts({ daysPastDue: 50, exposure: { ...exposure, open: money(500n, 'USD') } })]);
    expect(under!.reasons.filter((r) => /credit/i.test(r))).toEqual([
      'Credit exposure leaves out 50.00 GBP: no exchange rate into USD by the date',
    ]);
  });
});

describe('promise status in the ranking', () => {
  const active = { state: 'active' as const, promisedFor: '2026-04-10', amount: '300.00 USD' };
  const broken = { state: 'broken' as const, promisedFor: '2026-03-20', amount: '300.00 USD' };
  // The same promises as the dunning decision reads them (open on the date; AS_OF is 2026-03-31).
  const open = (promisedFor: string) => ({ id: 'p', promisedFor, amountMinor: 30_000n, openAtRecordMinor: 100_000n });

  it('lowers an invoice under an active promise and holds it (dunning waits too), saying why', () => {
    const f = facts({ daysPastDue: 20, lateProbability: 0.9, promise: active }, { promise: open('2026-04-10') });
    expect(priorityOf(f)).toBeLessThan(priorityOf({ ...f, promise: null }));
    const [r] = prioritize([f]);
    expect(r).toMatchObject({ action: 'hold', step: null });
    expect(r!.reasons[0]).toBe('Promise to pay 300.00 USD by 2026-04-10: priority lowered until then');
  });

  it('raises an invoice whose promise was broken and proposes to escalate with the step moved on, saying why', () => {
    const f = facts({ daysPastDue: 5, lateProbability: 0.9, promise: broken }, { promise: open('2026-03-20') });
    expect(priorityOf(f)).toBeGreaterThan(priorityOf({ ...f, promise: null }));
    const [r] = prioritize([f]);
    // 5 days past due calls for friendly; the broken promise moves the sequence one step on.
    expect(r).toMatchObject({ action: 'escalate', step: 'firm' });
    expect(r!.reasons[0]).toBe('Promise to pay 300.00 USD by 2026-03-20 was broken: escalate');
    expect(r!.reasons[1]).toMatch(/^Dunning sends firm tonight \(reminder, email\): the promise to pay by 2026-03-20/);
  });

  it('ranks a broken promise above the same invoice without one, and an active one below', () => {
    const ranked = prioritize([
      facts({ invoiceId: 'a', daysPastDue: 10, promise: active }),
      facts({ invoiceId: 'b', daysPastDue: 10 }),
      facts({ invoiceId: 'c', daysPastDue: 10, promise: broken }),
    ]);
    expect(ranked.map((r) => r.invoiceId)).toEqual(['c', 'b', 'a']);
  });
});

describe('promiseState', () => {
  const p = { promisedFor: '2026-04-10', amountMinor: 30_000n, openAtRecordMinor: 100_000n };
  it('is active until its date, broken after it, and null once kept', () => {
    expect(promiseState(p, 100_000n, '2026-04-10')).toBe('active');
    expect(promiseState(p, 100_000n, '2026-04-11')).toBe('broken');
    expect(promiseState(p, 70_000n, '2026-04-11')).toBeNull();
  });
});
