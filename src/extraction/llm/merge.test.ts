import { describe, expect, it } from 'vitest';
import { emptySowTerms, type Retainer, type SowTerms } from '../sow-terms.ts';
import { mergeTerms } from './merge.ts';

const retainer = (patch: Partial<Retainer>): Retainer => ({
  amount: '4000.00',
  period: 'month',
  includedHours: null,
  overageRate: null,
  rolloverHoursMax: null,
  overageApprovalThresholdPercent: null,
  ...patch,
});
const part = (r: Retainer, quotes: Record<string, string>): SowTerms => ({
  ...emptySowTerms(),
  retainer: r,
  evidence: Object.entries(quotes).map(([field, quote]) => ({ field, quote, page: null })),
});

describe('mergeTerms and a retainer stated in two places', () => {
  const fee = part(retainer({ includedHours: 20 }), {
    retainer: 'a monthly retainer of 4,000.00',
    'retainer.includedHours': 'covering 20 hours',
  });

  it('takes a detail the first retainer lacks from a later chunk that states the same retainer', () => {
    const later = part(retainer({ overageRate: '150.00', includedHours: 25 }), {
      retainer: 'the 4,000.00 monthly retainer',
      'retainer.overageRate': 'extra hours at 150.00',
      'retainer.includedHours': '25 hours',
    });
    const m = mergeTerms([fee, later], 'union');
    expect(m.retainer).toEqual(retainer({ includedHours: 20, overageRate: '150.00' }));
    expect(m.evidence.map((e) => [e.field, e.quote])).toEqual([
      ['retainer', 'a monthly retainer of 4,000.00'],
      ['retainer.includedHours', 'covering 20 hours'],
      ['retainer.overageRate', 'extra hours at 150.00'],
    ]);
  });

  it('fills the LLM retainer’s missing details from the built-in result, not from another retainer', () => {
    const builtin = part(retainer({ rolloverHoursMax: 10 }), {
      retainer: '4,000.00',
      'retainer.rolloverHoursMax': '10 hours',
    });
    expect(mergeTerms([fee, builtin], 'fallback').retainer?.rolloverHoursMax).toBe(10);
    const other = part(retainer({ amount: '4500.00', rolloverHoursMax: 10 }), {
      retainer: '4,500.00',
      'retainer.rolloverHoursMax': '10',
    });
    expect(mergeTerms([fee, other], 'fallback').retainer?.rolloverHoursMax).toBeNull();
  });
});
