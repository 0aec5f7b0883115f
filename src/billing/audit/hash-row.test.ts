import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from './audit-row.ts';
import { chainRow, hashRow, type HashedFields } from './hash-row.ts';
import { entry } from './test-support.ts';

describe('hashRow', () => {
  const base = chainRow(entry(), 1n, GENESIS_HASH);

  it.each<[string, Partial<HashedFields>]>([
    ['seq', { seq: 2n }],
    ['at (one millisecond)', { at: new Date('2026-03-10T12:00:00.124Z') }],
    ['actorId', { actorId: 'fa' }],
    ['onBehalfOf', { onBehalfOf: 'ann' }],
    ['action', { action: 'invoice.void' }],
    ['targetType', { targetType: 'contract' }],
    ['targetId', { targetId: 'inv-2' }],
    ['before', { before: { status: 'pending_approval', totalMinor: '1200001' } }],
    ['after', { after: null }],
    ['decision', { decision: { outcome: 'allow', matrixVersion: 2 } }],
    ['approvalRef', { approvalRef: 'ap-1' }],
    ['reason (null to empty)', { reason: '' }],
    ['correlationId', { correlationId: 'req-2' }],
  ])('changes when %s changes', (_field, change) => {
    expect(hashRow(GENESIS_HASH, { ...base, ...change })).not.toBe(base.hash);
  });

  it('changes when the predecessor hash changes', () => {
    expect(hashRow('1'.repeat(64), base)).not.toBe(base.hash);
  });

  it('is the hash chainRow stores', () => {
    expect(hashRow(base.prevHash, base)).toBe(base.hash);
  });
});

describe('chainRow', () => {
  it('stores bigints in JSON columns as strings, as jsonb gives them back', () => {
    expect(chainRow(entry(), 1n, GENESIS_HASH).before).toEqual({ status: 'pending_approval', totalMinor: '1200000' });
  });

  it('hashes the same whether before holds a bigint or its string', () => {
    const asString = chainRow(
      entry({ before: { status: 'pending_approval', totalMinor: '1200000' } }),
      1n,
      GENESIS_HASH,
    );
    expect(asString.hash).toBe(chainRow(entry(), 1n, GENESIS_HASH).hash);
  });

  it('throws on an invalid date', () => {
    expect(() => chainRow(entry({ at: new Date('nope') }), 1n, GENESIS_HASH)).toThrow(/invalid date/);
  });
});
