import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextAction, prioritize, priorityOf, promiseState, type ReceivableFacts } from './prioritize.ts';
import { money } from '../../shared/money.ts';

const facts = (over: Partial<ReceivableFacts> = {}): ReceivableFacts => ({
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
});

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
  it('follows the reminder sequence by days past due and holds a disputed invoice', () => {
    expect(nextAction(facts({ daysPastDue: -10 })).action).toBe('monitor');
    expect(nextAction(facts({ daysPastDue: -2, lateProbability: 0.7 }))).toEqual({
      action: 'reminder',
      step: 'courtesy',
    });
    expect(nextAction(facts({ daysPastDue: 3 }))).toEqual({ action: 'reminder', step: 'first' });
    expect(nextAction(facts({ daysPastDue: 10 }))).toEqual({ action: 'reminder', step: 'second' });
    expect(nextAction(facts({ daysPastDue: 20 })).action).toBe('call');
    expect(nextAction(facts({ daysPastDue: 50 }))).toEqual({ action: 'escalate', step: 'final_notice' });
    expect(nextAction(facts({ daysPastDue: 50, disputeOpen: true })).action).toBe('hold');
    expect(
      nextAction(facts({ daysPastDue: 2, exposure: { open: money(500n, 'USD'), limit: money(100n, 'USD') } })).action,
    ).toBe('call');
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
        daysPastDue: 40,
        activeProjects: 2,
        exposure: { open: money(300000n, 'EUR'), limit: money(100000n, 'EUR') },
      }),
    ]);
    expect(over!.reasons.join('\n')).toMatch(/credit limit of 1000.00/);
    expect(over!.reasons.join('\n')).toMatch(/2 active projects/);
  });
});

describe('promise status in the ranking', () => {
  const active = { state: 'active' as const, promisedFor: '2026-04-10', amount: '300.00 USD' };
  const broken = { state: 'broken' as const, promisedFor: '2026-04-10', amount: '300.00 USD' };

  it('lowers an invoice under an active promise and proposes to wait, saying why', () => {
    const f = facts({ daysPastDue: 20, lateProbability: 0.9, promise: active });
    expect(priorityOf(f)).toBeLessThan(priorityOf({ ...f, promise: null }));
    const [r] = prioritize([f]);
    expect(r).toMatchObject({ action: 'monitor', step: null });
    expect(r!.reasons[0]).toBe('Promise to pay 300.00 USD by 2026-04-10: priority lowered until then');
  });

  it('raises an invoice whose promise was broken and proposes to escalate, saying why', () => {
    const f = facts({ daysPastDue: 5, lateProbability: 0.9, promise: broken });
    expect(priorityOf(f)).toBeGreaterThan(priorityOf({ ...f, promise: null }));
    const [r] = prioritize([f]);
    expect(r).toMatchObject({ action: 'escalate' });
    expect(r!.reasons[0]).toBe('Promise to pay 300.00 USD by 2026-04-10 was broken: escalate');
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
