import { describe, expect, it } from 'vitest';
import { Dec } from '../../shared/decimal.ts';
import { applyCap } from './cap.ts';
import type { ChargeGroup } from './charge.ts';
import { termSources } from './charge.ts';
import { rateContract } from './rate-contract.ts';
import { exceptionOf, lineByKey, makeMilestone, makeRatingInput, makeTimeEntry } from './test-factory.ts';

const timeGroup = (key: string, price: string, pieces: [string, string, string][]): ChargeGroup => ({
  lineKey: key,
  kind: 'time',
  description: key,
  unit: 'hour',
  unitPrice: new Dec(price),
  atomic: false,
  sourceKind: 'time',
  pieces: pieces.map(([id, date, q]) => ({ sourceId: id, date, quantity: new Dec(q) })),
  sources: termSources('rate_card'),
  role: 'R',
  personId: null,
  servicePeriodStart: '2026-03-01',
  servicePeriodEnd: '2026-03-31',
  held: false,
});

describe('applyCap', () => {
  it('bills the hours of one day in the order they were recorded, whatever the lines are called', () => {
    // Two people's hours on the same day; the cap fits one of them. Entry 9 was recorded before
    // entry 10, so it is billed first, whichever line key (a random rate-card id) sorts first.
    for (const [first, second] of [
      ['time:aaaa', 'time:ffff'],
      ['time:ffff', 'time:aaaa'],
    ] as const) {
      const split = applyCap(
        [timeGroup(first, '100', [['10', '2026-03-02', '5']]), timeGroup(second, '100', [['9', '2026-03-02', '5']])],
        50_000n,
        'USD',
        'cap',
      );
      const billed = split.charges.filter((c) => !c.held).flatMap((c) => c.sources.timeEntryIds);
      const held = split.charges.filter((c) => c.held).flatMap((c) => c.sources.timeEntryIds);
      expect(billed).toEqual(['9']);
      expect(held).toEqual(['10']);
    }
  });

  it('bills 4 h then 2.66 h of the next entry within 1,000.00 at 150/h and holds the other 5.34 h', () => {
    const split = applyCap(
      [
        timeGroup('g', '150', [
          ['b', '2026-03-09', '8'],
          ['a', '2026-03-02', '4'],
        ]),
      ],
      100_000n,
      'USD',
      'cap',
    );
    expect(split.charges.map((c) => [c.lineKey, c.quantity.toString(), c.held, c.sources.timeEntryIds])).toEqual([
      ['g', '6.66', false, ['a', 'b']],
      ['g:over_cap', '5.34', true, ['b']],
    ]);
    expect(split.billedMinor).toBe(99_900n); // 6.66 × 150 = 999.00 ≤ 1,000.00
  });

  it('consumes the cap chronologically across groups', () => {
    const split = applyCap(
      [timeGroup('late', '100', [['x', '2026-03-20', '5']]), timeGroup('early', '100', [['y', '2026-03-01', '5']])],
      50_000n,
      'USD',
      'cap',
    );
    expect(split.charges.filter((c) => !c.held).map((c) => c.lineKey)).toEqual(['early']);
    expect(split.overCapKeys).toEqual(['late:over_cap']);
  });

  it('bills everything when there is no cap', () => {
    const split = applyCap([timeGroup('g', '150', [['a', '2026-03-02', '4']])], null, 'USD', 'cap');
    expect(split).toMatchObject({ overCapKeys: [], billedMinor: 60_000n });
  });

  it('holds everything when the cap is already used up', () => {
    const split = applyCap([timeGroup('g', '150', [['a', '2026-03-02', '4']])], -5n, 'USD', 'cap');
    expect(split.charges.map((c) => [c.lineKey, c.held])).toEqual([['g:over_cap', true]]);
  });
});

describe('rateContract (not-to-exceed cap)', () => {
  it('bills 10.81 h (1,999.85) up to a 5,000.00 cap with 3,000.00 billed before and holds 5.19 h (960.15)', () => {
    const out = rateContract(
      makeRatingInput({
        contract: { notToExceedMinor: 500_000n },
        billedToDateMinor: 300_000n,
        timeEntries: [
          makeTimeEntry({ id: 't2', workDate: '2026-03-09', hours: '8' }),
          makeTimeEntry({ id: 't1', workDate: '2026-03-02', hours: '8' }),
        ],
      }),
    );
    expect(lineByKey(out.draft, 'time:rc-cons')).toMatchObject({
      quantity: '10.81',
      amountMinor: 199_985n,
      held: false,
    });
    expect(lineByKey(out.draft, 'time:rc-cons:over_cap')).toMatchObject({
      quantity: '5.19',
      amountMinor: 96_015n,
      held: true,
      sources: { timeEntryIds: ['t2'] },
    });
    expect(out.draft).toMatchObject({ subtotalMinor: 199_985n, heldMinor: 96_015n, held: false });
    expect(out.nteConsumedMinor).toBe(199_985n);
    expect(exceptionOf(out.draft, 'cap_exceeded')).toMatchObject({
      lineKey: 'time:rc-cons:over_cap',
      ownerRole: 'account_manager',
      severity: 'blocking',
    });
  });

  it('lets an earlier milestone consume the cap before later time and splits a milestone by amount', () => {
    const out = rateContract(
      makeRatingInput({
        contract: {
          models: ['milestone', 'time_and_materials'],
          notToExceedMinor: 1_000_000n,
          milestones: [makeMilestone({ id: 'm1', amountMinor: 1_250_000n, acceptedOn: '2026-03-01' })],
        },
        timeEntries: [makeTimeEntry({ id: 't1', workDate: '2026-03-02', hours: '1' })],
      }),
    );
    expect(lineByKey(out.draft, 'milestone:m1')).toMatchObject({ amountMinor: 1_000_000n, held: false });
    expect(lineByKey(out.draft, 'milestone:m1:over_cap')).toMatchObject({ amountMinor: 250_000n, held: true });
    expect(lineByKey(out.draft, 'time:rc-cons:over_cap')).toMatchObject({ amountMinor: 18_500n, held: true });
    expect(out.draft.subtotalMinor).toBe(1_000_000n);
  });
});
