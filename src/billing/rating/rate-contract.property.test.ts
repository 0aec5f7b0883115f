import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec, dec } from '../../shared/decimal.ts';
import type { BillingModelKind, DiscountTerm, RatingInput, TaxCategory } from '../model.ts';
import { FEE_KINDS } from './charge.ts';
import { rateContract } from './rate-contract.ts';
import {
  GB_TAX,
  makeExpense,
  makeFx,
  makeMilestone,
  makeRate,
  makeRatingInput,
  makeRetainer,
  makeTaxRate,
  makeTimeEntry,
  makeUsage,
  makeUsageTerms,
} from './test-factory.ts';

const day = (n: number): string =>
  n <= 0 ? `2026-02-${String(28 + n).padStart(2, '0')}` : `2026-03-${String(n).padStart(2, '0')}`;
const decimal = (minor: number, places: number): string => dec(minor).div(new Dec(10).pow(places)).toString();
const MODELS: BillingModelKind[] = ['time_and_materials', 'milestone', 'retainer', 'usage'];

/** Random but valid rating inputs across currencies, models, caps, discounts and exception paths. */
const inputArb: fc.Arbitrary<RatingInput> = fc
  .record({
    work: fc.constantFrom('USD', 'JPY', 'BHD'),
    invoice: fc.constantFrom('USD', 'JPY', 'BHD', 'same'),
    fx: fc.option(fc.integer({ min: 1, max: 2_000_000 }), { nil: null }),
    models: fc.subarray(MODELS, { minLength: 1 }),
    rates: fc.array(
      fc.record({
        role: fc.constantFrom('A', 'B'),
        person: fc.option(fc.constant('p1'), { nil: null }),
        rate: fc.integer({ min: 0, max: 500_000 }),
        from: fc.integer({ min: -5, max: 20 }),
        to: fc.option(fc.integer({ min: 10, max: 31 }), { nil: null }),
      }),
      { maxLength: 5 },
    ),
    entries: fc.array(
      fc.record({
        role: fc.constantFrom('A', 'B', 'C'),
        person: fc.constantFrom('p1', 'p2'),
        day: fc.integer({ min: -3, max: 31 }),
        centiHours: fc.integer({ min: 0, max: 1200 }),
        approval: fc.constantFrom('approved', 'approved', 'submitted', 'rejected'),
        billable: fc.boolean(),
        quoted: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: null }),
      }),
      { maxLength: 12 },
    ),
    expenses: fc.array(
      fc.record({
        minor: fc.integer({ min: 0, max: 200_000 }),
        eur: fc.boolean(),
        day: fc.integer({ min: 1, max: 31 }),
      }),
      { maxLength: 5 },
    ),
    usage: fc.array(fc.record({ qty: fc.integer({ min: 0, max: 4000 }), day: fc.integer({ min: 1, max: 31 }) }), {
      maxLength: 4,
    }),
    milestones: fc.array(
      fc.record({
        minor: fc.option(fc.integer({ min: 0, max: 5_000_000 }), { nil: null }),
        percent: fc.integer({ min: 0, max: 10_000 }),
        day: fc.integer({ min: 1, max: 31 }),
      }),
      { maxLength: 3 },
    ),
    discounts: fc.array(
      fc.record({
        kind: fc.constantFrom<'percent' | 'amount'>('percent', 'amount'),
        value: fc.integer({ min: 0, max: 50_000 }),
        all: fc.boolean(),
      }),
      { maxLength: 2 },
    ),
    nte: fc.option(fc.integer({ min: 0, max: 20_000_000 }), { nil: null, freq: 2 }),
    billedToDate: fc.integer({ min: 0, max: 1_000_000 }),
    capMinor: fc.option(fc.integer({ min: 0, max: 200_000 }), { nil: null }),
    capPercent: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
    markup: fc.integer({ min: 0, max: 2500 }),
    increment: fc.constantFrom(0, 6, 15, 20, 30),
    direction: fc.constantFrom<'up' | 'down' | 'nearest'>('up', 'down', 'nearest'),
    treatment: fc.constantFrom<TaxCategory>('standard', 'reduced', 'zero', 'exempt', 'reverse_charge'),
    taxSetUp: fc.boolean(),
    taxPercent: fc.integer({ min: 0, max: 2750 }),
    rollover: fc.integer({ min: 0, max: 20 }),
    poMissing: fc.boolean(),
  })
  .map((r) => {
    const invoice = r.invoice === 'same' ? r.work : r.invoice;
    const discounts: DiscountTerm[] = r.discounts.map((d, i) => ({
      description: `D${i}`,
      kind: d.kind,
      value: d.kind === 'percent' ? decimal(d.value, 3) : String(d.value),
      appliesTo: d.all ? 'all' : 'fees',
    }));
    return makeRatingInput({
      contract: {
        models: r.models,
        currency: r.work,
        invoiceCurrency: invoice,
        startDate: '2026-02-27',
        endDate: '2026-03-28',
        rateCard: [
          makeRate({ id: 'base-a', role: 'A', rate: '120.50', effectiveFrom: '2026-01-01' }),
          makeRate({ id: 'base-b', role: 'B', rate: '99.99', effectiveFrom: '2026-01-01' }),
          ...r.rates.map((x, i) =>
            makeRate({
              id: `r${i}`,
              role: x.role,
              personId: x.person,
              rate: decimal(x.rate, 2),
              effectiveFrom: day(x.from),
              effectiveTo: x.to === null ? null : day(x.to),
            }),
          ),
        ],
        timeRounding: { incrementMinutes: r.increment, direction: r.direction },
        notToExceedMinor: r.nte === null ? null : BigInt(r.nte),
        fixedFeeMinor: 10_000_000n,
        milestones: r.milestones.map((m, i) =>
          makeMilestone({
            id: `m${i}`,
            amountMinor: m.minor === null ? null : BigInt(m.minor),
            percent: m.minor === null ? decimal(m.percent, 2) : null,
            acceptedOn: day(m.day),
          }),
        ),
        retainer: makeRetainer({ feeMinor: 500_000n, overageRate: '95.5', includedHours: '8' }),
        usage: makeUsageTerms({ minimumCommitmentMinor: 30_000n }),
        expenses: {
          billable: true,
          markupPercent: decimal(r.markup, 2),
          capMinor: r.capMinor === null ? null : BigInt(r.capMinor),
          capPercentOfFees: r.capPercent === null ? null : String(r.capPercent),
        },
        discounts,
        taxTreatment: r.treatment,
        poNumber: r.poMissing ? null : 'PO-1',
      },
      client: { poRequired: true },
      timeEntries: r.entries.map((e, i) =>
        makeTimeEntry({
          id: `t${i}`,
          role: e.role,
          personId: e.person,
          workDate: day(e.day),
          hours: decimal(e.centiHours, 2),
          approval: e.approval,
          billable: e.billable,
          rateQuoted: e.quoted === null ? null : decimal(e.quoted, 2),
        }),
      ),
      expenses: r.expenses.map((e, i) =>
        makeExpense({
          id: `e${i}`,
          amount: decimal(e.minor, 2),
          currency: e.eur ? 'EUR' : 'USD',
          incurredOn: day(e.day),
        }),
      ),
      usage: r.usage.map((u, i) => makeUsage(`u${i}`, String(u.qty), day(u.day))),
      billedToDateMinor: BigInt(r.billedToDate),
      retainerRolloverHours: String(r.rollover),
      exchangeRates:
        r.fx === null
          ? []
          : [
              makeFx(r.work, invoice, decimal(r.fx, 4), '2026-03-01'),
              makeFx('EUR', 'USD', '1.0850', '2026-02-01'),
              makeFx('USD', r.work, '1', '2026-01-01'),
              makeFx('USD', invoice, decimal(r.fx, 4), '2026-01-01'),
            ],
      taxRates: r.taxSetUp
        ? [...GB_TAX.filter((t) => t.category !== 'standard'), makeTaxRate('GB', 'standard', decimal(r.taxPercent, 2))]
        : [],
    });
  });

/** Deterministic Fisher–Yates shuffle driven by a seed. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let s = seed >>> 0;
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('rateContract (properties)', () => {
  it('sums lines exactly to the totals for any input', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { draft } = rateContract(input);
        const open = draft.lines.filter((l) => !l.held);
        expect(draft.subtotalMinor).toBe(open.reduce((a, l) => a + l.amountMinor, 0n));
        expect(draft.taxMinor).toBe(open.reduce((a, l) => a + l.taxMinor, 0n));
        expect(draft.totalMinor).toBe(draft.subtotalMinor + draft.taxMinor);
        expect(draft.heldMinor).toBe(draft.lines.filter((l) => l.held).reduce((a, l) => a + l.amountMinor, 0n));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps each line tax within half a minor unit of net × rate when rates are random', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        for (const l of rateContract(input).draft.lines) {
          const exact = dec(l.amountMinor).times(dec(l.taxRatePercent)).div(100);
          expect(dec(l.taxMinor).minus(exact).abs().lte('0.5')).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives identical output when the input lists are shuffled', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), (input, seed) => {
        const shuffled: RatingInput = {
          ...input,
          contract: {
            ...input.contract,
            rateCard: shuffle(input.contract.rateCard, seed),
            milestones: shuffle(input.contract.milestones, seed + 1),
          },
          timeEntries: shuffle(input.timeEntries, seed + 2),
          expenses: shuffle(input.expenses, seed + 3),
          usage: shuffle(input.usage, seed + 4),
          exchangeRates: shuffle(input.exchangeRates, seed + 5),
          taxRates: shuffle(input.taxRates, seed + 6),
        };
        expect(rateContract(shuffled)).toEqual(rateContract(input));
      }),
      { numRuns: 200 },
    );
  });

  it('leaves held amounts out of the total when lines are held', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const { draft } = rateContract(input);
        const released = draft.lines.reduce((a, l) => a + l.amountMinor + (l.held ? 0n : l.taxMinor), 0n);
        expect(draft.totalMinor).toBe(released - draft.heldMinor);
        if (draft.lines.every((l) => l.held)) expect(draft.totalMinor).toBe(0n);
      }),
      { numRuns: 300 },
    );
  });

  it('never bills fees beyond the not-to-exceed cap', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const out = rateContract(input);
        const cap = input.contract.notToExceedMinor;
        if (cap !== null)
          expect(out.nteConsumedMinor <= (cap > input.billedToDateMinor ? cap - input.billedToDateMinor : 0n)).toBe(
            true,
          );
        if (out.draft.currency === input.contract.currency) {
          const fees = out.draft.lines
            .filter((l) => !l.held && FEE_KINDS.has(l.kind))
            .reduce((a, l) => a + l.amountMinor, 0n);
          expect(fees).toBe(out.nteConsumedMinor);
        }
      }),
      { numRuns: 300 },
    );
  });
});
