import { describe, expect, it } from 'vitest';
import type { ProposedContractChange } from '../../src/extraction/changes/proposed-change.ts';
import { canonicalChangeField, scoreChanges } from './score-changes.ts';

const change = (field: string, key: string | null, from: string | null, to: string): ProposedContractChange => ({
  status: 'proposed',
  field,
  key,
  from,
  to,
  effectiveDate: '2028-03-01',
  quote: 'q',
  page: 1,
});

describe('scoreChanges field aliases', () => {
  it('reads the truth alias minimumCommitment as minimumCommitment.amount', () => {
    const truth = [{ field: 'minimumCommitment', from: '25000.00', to: '30000.00', effectiveDate: '2028-03-01' }];
    expect(scoreChanges([change('minimumCommitment.amount', null, '25000.00', '30000.00')], truth)).toEqual({
      tp: 1,
      fp: 0,
      fn: 0,
    });
  });

  it('reads the truth alias milestones as milestones.amount, key included', () => {
    const truth = [
      { field: 'milestones', key: 'Data migration', from: null, to: '18400.00', effectiveDate: '2028-03-01' },
    ];
    expect(scoreChanges([change('milestones.amount', 'Data migration', null, '18400.00')], truth).tp).toBe(1);
  });

  it('does not make different fields the same', () => {
    const truth = [{ field: 'milestones', key: 'Go-live', from: '1.00', to: '2.00', effectiveDate: '2028-03-01' }];
    expect(scoreChanges([change('milestones.dueDate', 'Go-live', '1.00', '2.00')], truth)).toEqual({
      tp: 0,
      fp: 1,
      fn: 1,
    });
    expect(canonicalChangeField('retainer.amount')).toBe('retainer.amount');
  });
});
