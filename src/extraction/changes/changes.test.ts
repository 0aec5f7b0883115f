import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../rules/extract-rules.ts';
import { emptySowTerms } from '../sow-terms.ts';
import { textDocument } from '../text/document-text.ts';
import { diffTermsAgainstContract, type ContractRecord } from './diff-contract.ts';
import { findProposedChanges } from './proposed-change.ts';

const changesOf = (text: string) => {
  const doc = textDocument(text);
  return findProposedChanges(doc, extractWithRules(doc).terms).map(
    ({ field, key, from, to, effectiveDate, status }) => ({ field, key, from, to, effectiveDate, status }),
  );
};

describe('findProposedChanges', () => {
  it('proposes the changes a change order states, effective from its effective date', () => {
    const changes = changesOf(`CHANGE ORDER No. CO-9
The parties agree the following changes with effect from 1 May 2026:
1. The day rate for the Lead Architect role increases from £950 to £1,025.
2. The end date of the SOW is extended from 30 June 2026 to 30 September 2026.
3. The hourly rate for the Tester role is increased to £90 per hour (was £80 per hour).
4. The day rate for the Business Analyst role remains £650.`);
    expect(changes).toEqual([
      {
        field: 'rates',
        key: 'Lead Architect',
        from: '950.00',
        to: '1025.00',
        effectiveDate: '2026-05-01',
        status: 'proposed',
      },
      {
        field: 'endDate',
        key: null,
        from: '2026-06-30',
        to: '2026-09-30',
        effectiveDate: '2026-05-01',
        status: 'proposed',
      },
      { field: 'rates', key: 'Tester', from: '80.00', to: '90.00', effectiveDate: '2026-05-01', status: 'proposed' },
    ]);
  });

  it('pairs a "previously" statement with the new value', () => {
    const changes = changesOf(
      'AMENDMENT NO. 2\nWith effect from 1 April 2026: "The Customer shall pay each invoice within thirty (30) days of the invoice date." Previously, invoices were payable within sixty (60) days. Late payment interest accrues at 1% per month (previously 0.5% per month).',
    );
    expect(changes.map((c) => [c.field, c.from, c.to])).toEqual([
      ['paymentTerms.netDays', '60', '30'],
      ['lateFee.percent', '0.5', '1'],
    ]);
  });

  it('proposes nothing for a statement of work, however it is worded', () => {
    expect(changesOf('STATEMENT OF WORK\nThe rate increases from $100 to $120 per hour on 1 July 2026.')).toEqual([]);
  });
});

const contract: ContractRecord = {
  currency: 'GBP',
  paymentTermsDays: 30,
  poNumber: 'PO-1',
  notToExceed: '200000.00',
  startDate: '2026-01-01',
  endDate: '2026-06-30',
  invoiceFrequency: 'monthly',
  lateFeePercentMonthly: '1',
  rateCard: [
    { role: 'Lead Architect', rate: '950.00', unit: 'day' },
    { role: 'Business Analyst', rate: '650', unit: 'day' },
  ],
  milestones: [{ name: 'Design sign-off', amount: '10000.00', percent: null, dueDate: '2026-03-31' }],
};

describe('diffTermsAgainstContract', () => {
  it('reports nothing when the document agrees with the contract', () => {
    const terms = {
      ...emptySowTerms('sow'),
      currency: 'GBP',
      paymentTerms: { netDays: 30, basis: null },
      lateFee: { percent: 12, period: 'year' as const },
    };
    terms.rates = [
      { role: 'Business Analysts', amount: '650.00', unit: 'day', currency: null, effectiveFrom: null },
      { role: 'Lead Architect', amount: '950', unit: 'day', currency: null, effectiveFrom: null },
    ];
    expect(diffTermsAgainstContract(terms, contract)).toEqual([]);
  });

  it('reports each differing field with the document quote, and ignores what the document does not state', () => {
    const text =
      'STATEMENT OF WORK\nPayment within 45 days of the invoice date. Total fees shall not exceed £250,000.\nRole\tDay rate\nLead Architect\t£1,025\nTester\t£500\nMilestone\tAmount\tDue\nDesign sign-off\t£12,000\t31.03.2026';
    const terms = extractWithRules(text).terms;
    const diffs = diffTermsAgainstContract(terms, { ...contract, currency: 'EUR' });
    expect(diffs.map((d) => [d.field, d.key, d.kind, d.document, d.contract])).toEqual([
      ['currency', null, 'mismatch', 'GBP', 'EUR'],
      ['paymentTerms.netDays', null, 'mismatch', 45, 30],
      ['caps.not_to_exceed', null, 'mismatch', '250000.00', '200000.00'],
      ['rates', 'Lead Architect/day', 'mismatch', '1025.00', '950.00'],
      ['rates', 'Tester/day', 'missing_in_contract', '500.00', null],
      ['rates', 'Business Analyst/day', 'missing_in_document', null, '650'],
      ['milestones.amount', 'Design sign-off', 'mismatch', '12000.00', '10000.00'],
    ]);
    expect(diffs.find((d) => d.field === 'paymentTerms.netDays')?.quote).toContain('45 days');
    expect(diffs.some((d) => d.field === 'poNumber' || d.field === 'endDate')).toBe(false);
  });
});

describe('toContractRecord', () => {
  it('takes role rates valid on the date, money from minor units, and skips person overrides', async () => {
    const { toContractRecord } = await import('./contract-record.ts');
    const contract = {
      currency: 'JPY',
      paymentTermsDays: 45,
      poNumber: null,
      notToExceedMinor: 2000000n,
      startDate: '2026-01-01',
      endDate: null,
      invoiceFrequency: 'monthly',
      lateFeePercentMonthly: null,
    } as never;
    const rate = (role: string, r: string, from: string, to: string | null, personId: string | null = null) =>
      ({ role, rate: r, effectiveFrom: from, effectiveTo: to, personId }) as never;
    const record = toContractRecord(
      contract,
      [
        rate('Partner', '30000', '2026-01-01', '2026-03-31'),
        rate('Partner', '32000', '2026-04-01', null),
        rate('Partner', '99999', '2026-01-01', null, 'p1'),
      ],
      [{ name: 'Kick-off', amountMinor: 500000n, percent: null, dueDate: '2026-02-01' } as never],
      '2026-02-15',
    );
    expect(record).toMatchObject({
      currency: 'JPY',
      paymentTermsDays: 45,
      notToExceed: '2000000',
      rateCard: [{ role: 'Partner', rate: '30000', unit: 'hour' }],
      milestones: [{ name: 'Kick-off', amount: '500000' }],
    });
  });
});
