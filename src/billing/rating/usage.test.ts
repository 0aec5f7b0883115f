import { describe, expect, it } from 'vitest';
import { dec } from '../../shared/decimal.ts';
import { rateContract } from './rate-contract.ts';
import { lineByKey, makeRatingInput, makeUsage, makeUsageTerms } from './test-factory.ts';
import { graduate } from './usage.ts';

describe('graduate', () => {
  it('splits 6200 units into 1000 / 4000 / 1200 over three graduated tiers', () => {
    expect(graduate(dec(6200), makeUsageTerms().tiers).map((t) => t.units.toString())).toEqual([
      '1000',
      '4000',
      '1200',
    ]);
  });
  it('leaves upper tiers empty when usage stays in the first', () => {
    expect(graduate(dec(999), makeUsageTerms().tiers).map((t) => t.units.toString())).toEqual(['999', '0', '0']);
  });
});

describe('rateContract (usage)', () => {
  const usage = [
    makeUsage('u1', '2500', '2026-03-05'),
    makeUsage('u2', '2500', '2026-03-15'),
    makeUsage('u3', '1200', '2026-03-25'),
  ];

  it('prices each unit by its tier: 1000 × 0.10 + 4000 × 0.08 + 1200 × 0.05 = 480.00', () => {
    const { draft } = rateContract(
      makeRatingInput({ contract: { models: ['usage'], usage: makeUsageTerms() }, usage }),
    );
    expect(draft.lines.map((l) => [l.lineKey, l.quantity, l.amountMinor, l.sources.contractTerm])).toEqual([
      ['usage:tier[0]', '1000', 10_000n, 'usage.tier[0]'],
      ['usage:tier[1]', '4000', 32_000n, 'usage.tier[1]'],
      ['usage:tier[2]', '1200', 6_000n, 'usage.tier[2]'],
    ]);
    expect(lineByKey(draft, 'usage:tier[1]').sources.usageRecordIds).toEqual(['u1', 'u2']); // u1 straddles 1000
    expect(draft.subtotalMinor).toBe(48_000n);
  });

  it('adds a 20.00 shortfall line when 480.00 of usage is below a 500.00 minimum commitment', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { models: ['usage'], usage: makeUsageTerms({ minimumCommitmentMinor: 50_000n }) },
        usage,
      }),
    );
    expect(lineByKey(draft, 'usage_minimum_shortfall:2026-03')).toMatchObject({
      kind: 'usage_minimum_shortfall',
      amountMinor: 2_000n,
      sources: { contractTerm: 'usage.minimum_commitment' },
    });
    expect(draft.subtotalMinor).toBe(50_000n);
  });

  it('bills the whole minimum as shortfall when there is no usage', () => {
    const { draft } = rateContract(
      makeRatingInput({ contract: { models: ['usage'], usage: makeUsageTerms({ minimumCommitmentMinor: 50_000n }) } }),
    );
    expect(draft.lines.map((l) => [l.kind, l.amountMinor])).toEqual([['usage_minimum_shortfall', 50_000n]]);
  });

  it('adds no shortfall when usage meets the minimum', () => {
    const { draft } = rateContract(
      makeRatingInput({
        contract: { models: ['usage'], usage: makeUsageTerms({ minimumCommitmentMinor: 48_000n }) },
        usage,
      }),
    );
    expect(draft.lines.some((l) => l.kind === 'usage_minimum_shortfall')).toBe(false);
  });
});
