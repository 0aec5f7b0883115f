import { describe, expect, it } from 'vitest';
import { rateContract } from './rate-contract.ts';
import { exceptionOf, lineByKey, makeRatingInput, makeRetainer, makeTimeEntry } from './test-factory.ts';
import type { RatingInputOverrides } from './test-factory.ts';

// 8,000.00 a month in advance, 40 h included, overage 150.00/h in arrears, up to 10 h rollover, 25 % tolerance (10 h).
const retainerMonth = (hours: string[], extra: RatingInputOverrides = {}) =>
  rateContract(
    makeRatingInput({
      contract: { models: ['retainer'], retainer: makeRetainer(), rateCard: [] },
      timeEntries: hours.map((h, i) =>
        makeTimeEntry({ id: `t${i}`, hours: h, workDate: `2026-03-${String(i + 2).padStart(2, '0')}` }),
      ),
      ...extra,
    }),
  );

describe('rateContract (retainer)', () => {
  it('bills the fee in advance and 2 h overage (300.00) in arrears when 47 h use 5 rollover + 40 included hours', () => {
    const out = retainerMonth(['8', '8', '8', '8', '8', '7'], { retainerRolloverHours: '5' });
    expect(lineByKey(out.draft, 'retainer_fee:2026-03')).toMatchObject({
      kind: 'retainer_fee',
      amountMinor: 800_000n,
      servicePeriodStart: '2026-03-01',
      servicePeriodEnd: '2026-03-31',
      sources: { contractTerm: 'retainer.fee' },
    });
    const overage = lineByKey(out.draft, 'retainer_overage:2026-03');
    expect(overage).toMatchObject({
      quantity: '2',
      unitPrice: '150',
      amountMinor: 30_000n,
      held: false,
      sources: { contractTerm: 'retainer.overage_rate' },
    });
    expect(overage.description).toContain('in arrears');
    expect(overage.sources.timeEntryIds).toHaveLength(6);
    expect(out.draft.subtotalMinor).toBe(830_000n);
    expect(out.retainerRolloverHoursNext).toBe('0');
  });

  it('rolls over unused included hours up to the 10 h maximum when 32 h are worked', () => {
    const out = retainerMonth(['8', '8', '8', '8'], { retainerRolloverHours: '5' });
    // 5 rollover + 27 included used; 13 included unused → 10 carried (rollover received expires).
    expect(out.retainerRolloverHoursNext).toBe('10');
    expect(lineByKey(out.draft, 'retainer_overage:2026-03')).toMatchObject({ quantity: '0', amountMinor: 0n });
    expect(out.draft.subtotalMinor).toBe(800_000n);
  });

  it('does not bill retainer time at rate card prices even when the contract also lists T&M', () => {
    const out = rateContract(
      makeRatingInput({
        contract: { models: ['retainer', 'time_and_materials'], retainer: makeRetainer() },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '10' })],
      }),
    );
    expect(out.draft.lines.map((l) => l.kind)).toEqual(['retainer_fee', 'retainer_overage']);
  });

  it('skips the fee when it was already billed for the period', () => {
    const out = retainerMonth(['4'], { retainerFeeAlreadyBilled: true });
    expect(out.draft.lines.map((l) => l.kind)).toEqual(['retainer_overage']);
    expect(out.draft.subtotalMinor).toBe(0n);
  });

  it('holds the overage line and raises retainer_overage when 20 h overage exceed the 10 h tolerance', () => {
    const out = retainerMonth(['10', '10', '10', '10', '10', '10']); // 60 h, no rollover → 20 h × 150 = 3,000.00 held
    expect(lineByKey(out.draft, 'retainer_overage:2026-03')).toMatchObject({
      quantity: '20',
      amountMinor: 300_000n,
      held: true,
    });
    expect(out.draft).toMatchObject({ subtotalMinor: 800_000n, heldMinor: 300_000n, held: false });
    expect(exceptionOf(out.draft, 'retainer_overage')).toMatchObject({
      severity: 'blocking',
      ownerRole: 'account_manager',
      slaHours: 24,
      lineKey: 'retainer_overage:2026-03',
      dedupeKey: 'retainer_overage:c-1:2026-03',
      details: { overageHours: '20', toleranceHours: '10' },
    });
  });
});
