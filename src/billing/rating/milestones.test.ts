import { describe, expect, it } from 'vitest';
import { rateContract } from './rate-contract.ts';
import { exceptionOf, lineByKey, makeMilestone, makeRatingInput } from './test-factory.ts';

describe('rateContract (milestones)', () => {
  const contract = {
    models: ['milestone' as const],
    fixedFeeMinor: 4_000_000n, // 40,000.00 USD
    milestones: [
      makeMilestone({ id: 'm1', name: 'Discovery', amountMinor: 1_250_000n, acceptedOn: '2026-03-10' }),
      makeMilestone({ id: 'm2', name: 'Design', percent: '25', acceptedOn: '2026-03-28' }),
      makeMilestone({ id: 'm3', name: 'Build', percent: '50', status: 'completed', acceptedOn: null }),
      makeMilestone({ id: 'm4', name: 'Launch', amountMinor: 250_000n, acceptedOn: '2026-04-02' }),
    ],
  };

  it('bills an accepted milestone by amount (12,500.00) and one by percent (25 % of 40,000.00 = 10,000.00)', () => {
    const { draft } = rateContract(makeRatingInput({ contract }));
    expect(lineByKey(draft, 'milestone:m1')).toMatchObject({
      kind: 'milestone',
      quantity: '1',
      amountMinor: 1_250_000n,
      taxMinor: 250_000n,
      servicePeriodStart: '2026-03-10',
      sources: { milestoneId: 'm1', contractTerm: 'milestone', timeEntryIds: [] },
    });
    expect(lineByKey(draft, 'milestone:m2')).toMatchObject({
      amountMinor: 1_000_000n,
      description: 'Milestone: Design (25% of fixed fee)',
    });
    expect(draft.subtotalMinor).toBe(2_250_000n);
  });

  it('skips milestones not accepted yet or accepted after the period end', () => {
    const { draft } = rateContract(makeRatingInput({ contract }));
    expect(draft.lines.map((l) => l.lineKey)).toEqual(['milestone:m1', 'milestone:m2']);
  });

  it('rounds a percent milestone once, half up, when the percent gives sub-cent amounts', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: {
          models: ['milestone'],
          fixedFeeMinor: 100_000n,
          milestones: [makeMilestone({ id: 'm', percent: '33.335' })],
        },
      }),
    );
    expect(lineByKey(draft, 'milestone:m')).toMatchObject({ preciseAmount: '333.35', amountMinor: 33_335n }); // 1000.00 × 33.335 %
  });

  it('holds a percent milestone and raises contract_terms_mismatch when the contract has no fixed fee', () => {
    const { draft } = rateContract(
      makeRatingInput({ contract: { models: ['milestone'], milestones: [makeMilestone({ id: 'm', percent: '10' })] } }),
    );
    expect(lineByKey(draft, 'milestone:m')).toMatchObject({ held: true, amountMinor: 0n });
    expect(exceptionOf(draft, 'contract_terms_mismatch')).toMatchObject({
      lineKey: 'milestone:m',
      severity: 'blocking',
    });
  });
});
