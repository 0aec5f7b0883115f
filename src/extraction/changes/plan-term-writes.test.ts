import { describe, expect, it } from 'vitest';
import { emptySowTerms, type SowTerms } from '../sow-terms.ts';
import type { ContractRecord } from './diff-contract.ts';
import { changeIdOf, planFromChange, planFromTerms, termsHashOf } from './plan-term-writes.ts';
import type { ProposedContractChange } from './proposed-change.ts';

const record: ContractRecord = {
  currency: 'USD',
  paymentTermsDays: 30,
  poNumber: null,
  notToExceed: '100000.00',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
  invoiceFrequency: 'monthly',
  lateFeePercentMonthly: null,
  rateCard: [
    { role: 'Senior Consultant', rate: '240.000000', unit: 'hour' },
    { role: 'Analyst', rate: '140.000000', unit: 'hour' },
  ],
  milestones: [{ name: 'Discovery report', amount: '10000.00', percent: null, dueDate: '2026-03-31' }],
};
const sow = (over: Partial<SowTerms>): SowTerms => ({
  ...emptySowTerms('sow'),
  effectiveDate: '2026-01-01',
  currency: 'USD',
  ...over,
});
const rate = (role: string, amount: string, unit: 'hour' | 'day' | 'week' | 'month' = 'hour') => ({
  role,
  amount,
  unit,
  currency: null,
  effectiveFrom: null,
});
const summary = (p: {
  writes: Array<{
    field: string;
    key: string | null;
    part: string | null;
    from: unknown;
    to: unknown;
    effectiveFrom: string | null;
  }>;
}) => p.writes.map((w) => [w.field, w.key, w.part, w.from, w.to, w.effectiveFrom]);

describe('planFromTerms', () => {
  it('writes every field that differs, rates from the effective date under the contract role name', () => {
    const terms = sow({
      paymentTerms: { netDays: 45, basis: 'invoice_date' },
      poNumber: ' PO-9 ',
      endDate: '2027-03-31',
      caps: [{ kind: 'not_to_exceed', amount: '250000.00', period: null, percentOfFees: null }],
      rates: [rate('Senior Consultants', '250.00'), rate('Analyst', '140.00'), rate('Data Scientist', '190.00')],
      milestones: [
        { name: 'Discovery Report', amount: '12000.00', percent: null, dueDate: '2026-03-31' },
        { name: 'Go-live', amount: null, percent: 20, dueDate: null },
      ],
    });
    expect(summary(planFromTerms(terms, record, null))).toEqual([
      ['paymentTerms.netDays', null, null, 30, 45, null],
      ['poNumber', null, null, null, 'PO-9', null],
      ['endDate', null, null, '2026-12-31', '2027-03-31', null],
      ['caps.not_to_exceed', null, null, '100000.00', '250000.00', null],
      ['rates', 'Senior Consultant', null, '240.000000', '250.00', '2026-01-01'],
      ['rates', 'Data Scientist', null, null, '190.00', '2026-01-01'],
      ['milestones', 'Discovery report', 'amount', '10000.00', '12000.00', null],
      ['milestones', 'Go-live', 'percent', null, 20, null],
    ]);
  });

  it('writes only the fields asked for', () => {
    const terms = sow({ paymentTerms: { netDays: 45, basis: null }, poNumber: 'PO-9' });
    expect(summary(planFromTerms(terms, record, ['poNumber']))).toEqual([['poNumber', null, null, null, 'PO-9', null]]);
  });

  it('writes day and month rates in their unit', () => {
    const plan = planFromTerms(
      sow({ rates: [rate('Architect', '950.00', 'day'), rate('Analyst', '9000.00', 'month')] }),
      record,
      ['rates'],
    );
    expect(plan.writes.map((w) => [w.key, w.to, w.unit, w.effectiveFrom])).toEqual([
      ['Architect', '950.00', 'day', '2026-01-01'],
      ['Analyst', '9000.00', 'month', '2026-01-01'],
    ]);
  });

  it('skips, with the reason, what cannot be written: a week rate, a silent role, an unstorable frequency or late fee', () => {
    const terms = sow({
      rates: [rate('Architect', '4750.00', 'week')],
      invoiceFrequency: 'other',
      lateFee: { percent: 10, period: 'year' },
    });
    const plan = planFromTerms(terms, record, null);
    expect(plan.writes).toEqual([]);
    expect(plan.skipped.map((s) => [s.field, s.key])).toEqual([
      ['invoiceFrequency', null],
      ['lateFee.percentMonthly', null],
      ['rates', 'Architect/week'],
      ['rates', 'Senior Consultant/hour'],
      ['rates', 'Analyst/hour'],
    ]);
    expect(plan.skipped[2]!.reason).toMatch(/a week or unit rate is not converted/);
    expect(plan.skipped[3]!.reason).toMatch(/never removes/);
  });

  it('reads an amendment as what changes: its date starts the rates, not the contract, and silence changes nothing', () => {
    const terms = {
      ...sow({ rates: [rate('Analyst', '150.00')] }),
      documentType: 'amendment' as const,
      effectiveDate: '2026-11-16',
    };
    const plan = planFromTerms(terms, record, null);
    expect(summary(plan)).toEqual([['rates', 'Analyst', null, '140.000000', '150.00', '2026-11-16']]);
    expect(plan.skipped).toEqual([]);
  });

  it('skips a rate of a document that states no date from which it applies, or a rate with a date of its own', () => {
    const undated = planFromTerms(sow({ effectiveDate: null, rates: [rate('Analyst', '150.00')] }), record, ['rates']);
    expect(undated.writes).toEqual([]);
    expect(undated.skipped.find((s) => s.key === 'Analyst/hour')!.reason).toMatch(/no date/);
    const ownDate = planFromTerms(
      sow({ rates: [{ ...rate('Analyst', '150.00'), effectiveFrom: '2026-07-01' }] }),
      record,
      ['rates'],
    );
    expect(ownDate.writes).toEqual([]);
    expect(ownDate.skipped.find((s) => s.key === 'Analyst/hour')!.reason).toMatch(/applies from 2026-07-01/);
  });
});

const change = (over: Partial<ProposedContractChange>): ProposedContractChange => ({
  status: 'proposed',
  field: 'rates',
  key: 'Senior Consultant',
  from: '240.00',
  to: '275.00',
  effectiveDate: '2026-11-16',
  quote: 'q',
  page: null,
  ...over,
});

describe('planFromChange', () => {
  const amendment = {
    ...emptySowTerms('amendment'),
    effectiveDate: '2026-11-16',
    lateFee: { percent: 12, period: 'year' as const },
  };

  it('writes a rate change from its effective date and a date or cap change as such', () => {
    expect(summary(planFromChange(change({}), amendment, record) as never)).toEqual([
      ['rates', 'Senior Consultant', null, '240.000000', '275.00', '2026-11-16'],
    ]);
    expect(
      summary(planFromChange(change({ field: 'endDate', key: null, to: '2027-03-31' }), amendment, record) as never),
    ).toEqual([['endDate', null, null, '2026-12-31', '2027-03-31', null]]);
    expect(
      summary(planFromChange(change({ field: 'lateFee.percent', key: null, to: '18' }), amendment, record) as never),
    ).toEqual([['lateFee.percentMonthly', null, null, null, '1.5', null]]);
  });

  it('writes nothing when the contract already has the new value', () => {
    expect(planFromChange(change({ field: 'caps.not_to_exceed', key: null, to: '100000' }), amendment, record)).toEqual(
      { writes: [], skipped: [] },
    );
  });

  it('refuses, with the reason, a change no contract field can start at a date, or a rate without role or date', () => {
    expect(planFromChange(change({ field: 'retainer.amount', key: null }), amendment, record)).toMatch(
      /retainer\.amount change has no contract field/,
    );
    expect(planFromChange(change({ key: null }), amendment, record)).toMatch(/role/);
    expect(planFromChange(change({ effectiveDate: null }), amendment, record)).toMatch(/no date/);
  });
});

describe('changeIdOf and termsHashOf', () => {
  it('gives the same change the same id and any other value another', () => {
    expect(changeIdOf(change({}))).toMatch(/^[0-9a-f]{12}$/);
    expect(changeIdOf(change({ quote: 'other wording' }))).toBe(changeIdOf(change({})));
    expect(changeIdOf(change({ to: '276.00' }))).not.toBe(changeIdOf(change({})));
  });

  it('binds the hash to the extraction, the contract and every written value, not to the quotes', () => {
    const writes = planFromTerms(sow({ poNumber: 'PO-9' }), record, null).writes;
    const base = { documentId: 'd', extractedAt: '2026-11-01T00:00:00.000Z', contractId: 'c', changeId: null, writes };
    const h = termsHashOf(base);
    expect(termsHashOf({ ...base, writes: writes.map((w) => ({ ...w, quote: 'x' })) })).toBe(h);
    expect(termsHashOf({ ...base, extractedAt: '2026-11-02T00:00:00.000Z' })).not.toBe(h);
    expect(termsHashOf({ ...base, writes: writes.map((w) => ({ ...w, to: 'PO-10' })) })).not.toBe(h);
    expect(termsHashOf({ ...base, writes: [] })).not.toBe(h);
  });
});
