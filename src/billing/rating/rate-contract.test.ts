import { describe, expect, it } from 'vitest';
import { rateContract } from './rate-contract.ts';
import {
  exceptionOf,
  lineByKey,
  makeExpense,
  makeMilestone,
  makeRate,
  makeRatingInput,
  makeTimeEntry,
  makeUsage,
  makeUsageTerms,
} from './test-factory.ts';

describe('rateContract', () => {
  it('puts every model of a blended contract on one draft: 1,850.00 T&M + 5,000.00 milestone + 480.00 usage + 120.00 expense − 10 % fees', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: {
          models: ['time_and_materials', 'milestone', 'usage'],
          milestones: [makeMilestone({ id: 'm1', amountMinor: 500_000n })],
          usage: makeUsageTerms(),
          discounts: [{ description: 'Partner discount', kind: 'percent', value: '10', appliesTo: 'fees' }],
        },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })],
        usage: [makeUsage('u1', '6200')],
        expenses: [makeExpense({ id: 'e1', amount: '120.00' })],
      }),
    );
    expect(draft.lines.map((l) => [l.kind, l.amountMinor, l.taxMinor])).toEqual([
      ['milestone', 500_000n, 100_000n],
      ['time', 185_000n, 37_000n],
      ['usage', 10_000n, 2_000n],
      ['usage', 32_000n, 6_400n],
      ['usage', 6_000n, 1_200n],
      ['expense', 12_000n, 2_400n],
      ['discount', -73_300n, -14_660n], // 10 % of 7,330.00 fees
    ]);
    // 7,330.00 + 120.00 − 733.00 = 6,717.00; tax 1,343.40
    expect(draft).toMatchObject({ subtotalMinor: 671_700n, taxMinor: 134_340n, totalMinor: 806_040n, held: false });
  });

  it('returns an empty, unheld draft when nothing happened in the period', () => {
    const out = rateContract(makeRatingInput());
    expect(out.draft).toMatchObject({
      lines: [],
      exceptions: [],
      totalMinor: 0n,
      held: false,
      fx: null,
      currency: 'USD',
    });
    expect(out.nteConsumedMinor).toBe(0n);
  });

  it('gives the same output when entries, rates and expenses arrive in another order', () => {
    const entries = [
      makeTimeEntry({ id: 't1', hours: '3', workDate: '2026-03-03' }),
      makeTimeEntry({ id: 't2', hours: '5', workDate: '2026-03-20' }),
      makeTimeEntry({ id: 't3', hours: '2', workDate: '2026-03-05', personId: 'p-ann' }),
    ];
    const rateCard = [
      makeRate({ id: 'a', effectiveTo: '2026-03-15' }),
      makeRate({ id: 'b', rate: '200', effectiveFrom: '2026-03-16' }),
      makeRate({ id: 'c', personId: 'p-ann', rate: '210' }),
    ];
    const expenses = [makeExpense({ id: 'e1' }), makeExpense({ id: 'e2', incurredOn: '2026-03-01' })];
    const a = rateContract(
      makeRatingInput({ contract: { rateCard, notToExceedMinor: 100_000n }, timeEntries: entries, expenses }),
    );
    const b = rateContract(
      makeRatingInput({
        contract: { rateCard: [...rateCard].reverse(), notToExceedMinor: 100_000n },
        timeEntries: [...entries].reverse(),
        expenses: [...expenses].reverse(),
      }),
    );
    expect(b).toEqual(a);
  });
});

describe('rateContract (exceptions)', () => {
  it('raises unapproved_time (warning, project manager) and bills none of it when time is only submitted', () => {
    const { draft } = rateContract(
      makeRatingInput({
        timeEntries: [
          makeTimeEntry({ id: 't1', hours: '3', approval: 'submitted' }),
          makeTimeEntry({ id: 't2', hours: '1.5', approval: 'submitted' }),
        ],
      }),
    );
    expect(draft.lines).toEqual([]);
    expect(exceptionOf(draft, 'unapproved_time')).toMatchObject({
      severity: 'warning',
      ownerRole: 'project_manager',
      slaHours: 72,
      lineKey: null,
      dedupeKey: 'unapproved_time:c-1:2026-03',
      details: { entryIds: ['t1', 't2'], hours: '4.5' },
    });
    expect(draft.held).toBe(false);
  });

  it('raises missing_po and holds the draft when the client requires a PO and the contract has none', () => {
    const { draft } = rateContract(
      makeRatingInput({
        client: { poRequired: true },
        contract: { poNumber: null },
        timeEntries: [makeTimeEntry({ id: 't1' })],
      }),
    );
    expect(exceptionOf(draft, 'missing_po')).toMatchObject({
      severity: 'blocking',
      ownerRole: 'billing_clerk',
      lineKey: null,
      slaHours: 24,
    });
    expect(draft.held).toBe(true);
  });

  it('raises missing_rate and holds a zero line with the hours when no rate covers a role', () => {
    const { draft } = rateContract(
      makeRatingInput({
        timeEntries: [makeTimeEntry({ id: 't1', role: 'Architect', hours: '6' }), makeTimeEntry({ id: 't2' })],
      }),
    );
    expect(lineByKey(draft, 'time:missing_rate:Architect')).toMatchObject({
      quantity: '6',
      amountMinor: 0n,
      held: true,
      sources: { timeEntryIds: ['t1'] },
    });
    expect(exceptionOf(draft, 'missing_rate')).toMatchObject({
      severity: 'blocking',
      ownerRole: 'billing_clerk',
      lineKey: 'time:missing_rate:Architect',
      dedupeKey: 'missing_rate:c-1:2026-03:Architect',
      details: { role: 'Architect', entryIds: ['t1'] },
    });
    expect(draft.subtotalMinor).toBe(148_000n); // the Consultant's 8 h still bill
  });

  it('raises rate_mismatch on the line and bills the contract rate when the timesheet quoted another rate', () => {
    const { draft } = rateContract(
      makeRatingInput({
        timeEntries: [
          makeTimeEntry({ id: 't1', hours: '2', rateQuoted: '175.00' }),
          makeTimeEntry({ id: 't2', rateQuoted: '185' }),
        ],
      }),
    );
    expect(lineByKey(draft, 'time:rc-cons').amountMinor).toBe(185_000n); // 10 h × 185.00
    expect(exceptionOf(draft, 'rate_mismatch')).toMatchObject({
      severity: 'warning',
      ownerRole: 'billing_clerk',
      lineKey: 'time:rc-cons',
      details: { entries: [{ id: 't1', rateQuoted: '175.00' }] },
    });
  });

  it('raises cap_exceeded on the held line when fees pass the not-to-exceed cap', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { notToExceedMinor: 100_000n },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '8' })],
      }),
    );
    expect(exceptionOf(draft, 'cap_exceeded')).toMatchObject({
      severity: 'blocking',
      ownerRole: 'account_manager',
      lineKey: 'time:rc-cons:over_cap',
    });
    expect(draft.subtotalMinor).toBeLessThanOrEqual(100_000n);
  });

  it('raises missing_fx_rate and holds a work-currency preview when no invoice-currency rate exists', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { currency: 'EUR', invoiceCurrency: 'USD' },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '1' })],
      }),
    );
    expect(exceptionOf(draft, 'missing_fx_rate')).toMatchObject({
      severity: 'blocking',
      ownerRole: 'controller',
      lineKey: null,
      dedupeKey: 'missing_fx_rate:c-1:2026-03:EUR->USD',
    });
    expect(draft).toMatchObject({ held: true, currency: 'EUR', fx: null, subtotalMinor: 18_500n });
  });

  it('raises missing_tax_setup and holds the draft when the jurisdiction has no tax row', () => {
    const { draft } = rateContract(
      makeRatingInput({ contract: { taxJurisdiction: 'XX' }, timeEntries: [makeTimeEntry({ id: 't1' })] }),
    );
    expect(exceptionOf(draft, 'missing_tax_setup')).toMatchObject({
      severity: 'blocking',
      ownerRole: 'controller',
      lineKey: null,
    });
    expect(draft).toMatchObject({ held: true, taxMinor: 0n });
  });

  it('raises outside_contract_dates and holds the line when work is dated after the contract end', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { endDate: '2026-03-15' },
        timeEntries: [
          makeTimeEntry({ id: 't1', workDate: '2026-03-10' }),
          makeTimeEntry({ id: 't2', workDate: '2026-03-20', hours: '4' }),
        ],
      }),
    );
    expect(lineByKey(draft, 'time:outside_contract:rc-cons')).toMatchObject({
      held: true,
      amountMinor: 74_000n,
      sources: { timeEntryIds: ['t2'] },
    });
    expect(exceptionOf(draft, 'outside_contract_dates')).toMatchObject({
      severity: 'blocking',
      ownerRole: 'account_manager',
      lineKey: 'time:outside_contract:rc-cons',
    });
    expect(draft).toMatchObject({ subtotalMinor: 148_000n, heldMinor: 74_000n, held: false });
  });

  it('keeps dedupe keys identical across re-runs', () => {
    const input = makeRatingInput({
      client: { poRequired: true },
      contract: { poNumber: null },
      timeEntries: [makeTimeEntry({ id: 't1', role: 'X' })],
    });
    expect(rateContract(input).draft.exceptions.map((e) => e.dedupeKey)).toEqual(
      rateContract(input).draft.exceptions.map((e) => e.dedupeKey),
    );
  });
});
