import { describe, expect, it } from 'vitest';
import { dec } from '../../shared/decimal.ts';
import { rateContract } from './rate-contract.ts';
import { findRate } from './time-and-materials.ts';
import { roundHours } from './time-entries.ts';
import { lineByKey, makeRate, makeRatingInput, makeTimeEntry } from './test-factory.ts';

describe('roundHours', () => {
  it('rounds each entry up to the next quarter hour when the increment is 15 minutes up', () => {
    expect(roundHours('1.1', { incrementMinutes: 15, direction: 'up' }).toString()).toBe('1.25'); // 66 → 75 min
    expect(roundHours('7.6', { incrementMinutes: 15, direction: 'up' }).toString()).toBe('7.75'); // 456 → 465 min
    expect(roundHours('8', { incrementMinutes: 15, direction: 'up' }).toString()).toBe('8');
  });
  it('rounds to the nearest increment half up and down when asked', () => {
    expect(roundHours('1.125', { incrementMinutes: 15, direction: 'nearest' }).toString()).toBe('1.25'); // 67.5 min, half → up
    expect(roundHours('1.2', { incrementMinutes: 15, direction: 'down' }).toString()).toBe('1');
    expect(roundHours('0.2', { incrementMinutes: 6, direction: 'nearest' }).toString()).toBe('0.2');
  });
  it('leaves hours as entered when the increment is 0', () => {
    expect(roundHours('1.1234', { incrementMinutes: 0, direction: 'up' }).toString()).toBe('1.1234');
  });
});

describe('findRate', () => {
  const card = [
    makeRate({ id: 'r-old', rate: '185.00', effectiveTo: '2026-03-15' }),
    makeRate({ id: 'r-new', rate: '200.00', effectiveFrom: '2026-03-16' }),
    makeRate({ id: 'r-ann', personId: 'p-ann', rate: '210.00' }),
  ];
  it('returns the role rate whose dates contain the work date', () => {
    expect(findRate(card, 'Consultant', 'p-bob', '2026-03-15')?.id).toBe('r-old');
    expect(findRate(card, 'Consultant', 'p-bob', '2026-03-16')?.id).toBe('r-new');
  });
  it('returns the person override over the role rate when one covers the date', () => {
    expect(findRate(card, 'Consultant', 'p-ann', '2026-03-20')?.id).toBe('r-ann');
  });
  it('returns null when no entry covers the role and date', () => {
    expect(findRate(card, 'Architect', 'p-bob', '2026-03-20')).toBeNull();
    expect(findRate(card, 'Consultant', 'p-bob', '2025-12-31')).toBeNull();
  });
});

describe('rateContract (time and materials)', () => {
  it('bills 37.25 h × 185.00 USD = 6891.25 with 20 % VAT 1378.25 when five approved entries are rated', () => {
    const hours = ['8', '8', '7.5', '7.75', '6'];
    const out = rateContract(
      makeRatingInput({
        timeEntries: hours.map((h, i) => makeTimeEntry({ id: `t${i}`, hours: h, workDate: `2026-03-0${i + 2}` })),
      }),
    );
    const line = lineByKey(out.draft, 'time:rc-cons');
    expect(line).toMatchObject({
      quantity: '37.25',
      unitPrice: '185',
      amountMinor: 689125n,
      taxMinor: 137825n,
      personId: null,
      role: 'Consultant',
    });
    expect(line.sources).toMatchObject({
      timeEntryIds: ['t0', 't1', 't2', 't3', 't4'],
      rateCardEntryId: 'rc-cons',
      contractTerm: 'rate_card',
    });
    expect(out.draft).toMatchObject({
      subtotalMinor: 689125n,
      taxMinor: 137825n,
      totalMinor: 826950n,
      heldMinor: 0n,
      held: false,
      exceptions: [],
    });
  });

  it('splits lines at a mid-period rate change, gives a person override its own line and rounds each entry to 15 min first', () => {
    const out = rateContract(
      makeRatingInput({
        contract: {
          timeRounding: { incrementMinutes: 15, direction: 'up' },
          rateCard: [
            makeRate({ id: 'rc-1', rate: '185.00', effectiveTo: '2026-03-15' }),
            makeRate({ id: 'rc-2', rate: '200.00', effectiveFrom: '2026-03-16' }),
            makeRate({ id: 'rc-ann', personId: 'p-ann', rate: '210.00' }),
          ],
        },
        timeEntries: [
          makeTimeEntry({ id: 't1', workDate: '2026-03-03', hours: '8' }), //        8.00 h
          makeTimeEntry({ id: 't2', workDate: '2026-03-10', hours: '7.6' }), //      7.75 h
          makeTimeEntry({ id: 't3', workDate: '2026-03-12', hours: '1.1', personId: 'p-cara' }), // 1.25 h
          makeTimeEntry({ id: 't4', workDate: '2026-03-20', hours: '4.2' }), //      4.25 h at the new rate
          makeTimeEntry({ id: 't5', workDate: '2026-03-05', hours: '3', personId: 'p-ann' }), // 3.00 h override
        ],
      }),
    );
    // 17.00 h × 185 = 3145.00; 4.25 h × 200 = 850.00; 3.00 h × 210 = 630.00 → 4625.00, VAT 629.00 + 170.00 + 126.00
    expect(lineByKey(out.draft, 'time:rc-1')).toMatchObject({
      quantity: '17',
      amountMinor: 314500n,
      servicePeriodStart: '2026-03-03',
      servicePeriodEnd: '2026-03-12',
    });
    expect(lineByKey(out.draft, 'time:rc-2')).toMatchObject({ quantity: '4.25', amountMinor: 85000n, personId: null });
    expect(lineByKey(out.draft, 'time:rc-ann')).toMatchObject({
      quantity: '3',
      amountMinor: 63000n,
      personId: 'p-ann',
    });
    expect(lineByKey(out.draft, 'time:rc-1').sources.timeEntryIds).toEqual(['t1', 't2', 't3']);
    expect(out.draft).toMatchObject({ subtotalMinor: 462500n, taxMinor: 92500n, totalMinor: 555000n });
  });

  it('names the person on a person-rate line and keeps their id on the line when the rate card carries the name', () => {
    const out = rateContract(
      makeRatingInput({
        contract: {
          rateCard: [
            makeRate(),
            makeRate({ id: 'rc-ann', personId: 'p-ann', personName: 'Ann Archer', rate: '210.00' }),
          ],
        },
        timeEntries: [makeTimeEntry({ id: 't1', personId: 'p-ann', hours: '3' })],
      }),
    );
    const line = lineByKey(out.draft, 'time:rc-ann');
    expect(line.description).toBe('Time: Consultant (Ann Archer, person rate), rate from 2026-01-01');
    expect(line.personId).toBe('p-ann');
  });

  it('never shows the person id in a description when the name was not loaded', () => {
    const out = rateContract(
      makeRatingInput({
        contract: { rateCard: [makeRate({ id: 'rc-ann', personId: 'p-ann', rate: '210.00' })] },
        timeEntries: [
          makeTimeEntry({ id: 't1', personId: 'p-ann', hours: '3' }),
          makeTimeEntry({ id: 't2', personId: 'p-ann', hours: '1', workDate: '2025-12-01' }),
        ],
      }),
    );
    expect(out.draft.lines.map((l) => l.description).join('\n')).not.toContain('p-ann');
    expect(lineByKey(out.draft, 'time:rc-ann').description).toBe(
      'Time: Consultant (person rate), rate from 2026-01-01',
    );
  });

  it('bills late-approved entries from an earlier month and ignores rejected, non-billable and future entries', () => {
    const out = rateContract(
      makeRatingInput({
        timeEntries: [
          makeTimeEntry({ id: 'late', workDate: '2026-02-26', hours: '2' }),
          makeTimeEntry({ id: 'rej', hours: '5', approval: 'rejected' }),
          makeTimeEntry({ id: 'nb', hours: '5', billable: false }),
          makeTimeEntry({ id: 'apr', workDate: '2026-04-01', hours: '5' }),
        ],
      }),
    );
    expect(out.draft.lines.map((l) => [l.lineKey, l.quantity, l.amountMinor])).toEqual([['time:rc-cons', '2', 37000n]]);
    expect(out.draft.exceptions).toEqual([]);
  });

  it('keeps a 20-minute increment exact by rounding the line amount once', () => {
    const out = rateContract(
      makeRatingInput({
        contract: { timeRounding: { incrementMinutes: 20, direction: 'up' } },
        timeEntries: [makeTimeEntry({ id: 't1', hours: '0.25' }), makeTimeEntry({ id: 't2', hours: '0.3' })], // 20 min each
      }),
    );
    // 2 × 1/3 h = 0.666… h × 185 = 123.333… → 123.33
    const line = lineByKey(out.draft, 'time:rc-cons');
    expect(line.amountMinor).toBe(12333n);
    expect(dec(line.quantity).toDecimalPlaces(6).toString()).toBe('0.666667');
  });
});
