import { describe, expect, it } from 'vitest';
import {
  recommendReviewer,
  scenarioOf,
  similarity,
  type Approver,
  type InvoiceFacts,
} from './reviewer-recommendation.ts';

const people = new Map<string, Approver>([
  ['u-carla', { id: 'u-carla', name: 'Carla Controller', roles: ['controller'] }],
  ['u-fred', { id: 'u-fred', name: 'Fred Finance', roles: ['finance_admin'] }],
  ['u-pat', { id: 'u-pat', name: 'Pat Preparer', roles: ['billing_clerk', 'controller'] }],
]);

let n = 0;
const inv = (o: Partial<InvoiceFacts> & { totalMinor: bigint }): InvoiceFacts => ({
  id: `i-${++n}`,
  reference: `INV-${String(n).padStart(3, '0')}`,
  clientId: 'c-acme',
  clientCode: 'ACME',
  currency: 'USD',
  features: ['time', 'expense'],
  approvedAt: `2026-0${(n % 9) + 1}-15T10:00:00.000Z`,
  approvers: ['u-carla'],
  ...o,
});

// Eight routine T&M invoices of ACME around USD 10,000 (median 10,050.00), approved by Carla;
// two retainer-with-overage invoices of another client, approved by Fred.
const history: InvoiceFacts[] = [
  ...[980_000n, 1_000_000n, 1_010_000n, 1_020_000n, 990_000n, 1_030_000n, 1_005_000n, 1_040_000n].map((t) =>
    inv({ totalMinor: t }),
  ),
  inv({
    totalMinor: 2_000_000n,
    clientId: 'c-bj',
    clientCode: 'BLUEJAY',
    features: ['retainer_fee', 'retainer_overage'],
    approvers: ['u-fred'],
  }),
  inv({
    totalMinor: 2_100_000n,
    clientId: 'c-bj',
    clientCode: 'BLUEJAY',
    features: ['retainer_fee', 'retainer_overage', 'nte'],
    approvers: ['u-fred', 'u-carla'],
  }),
];

describe('recommendReviewer', () => {
  it('answers routine with no reviewer when the scenario is common and the total near the median', () => {
    const r = recommendReviewer(inv({ totalMinor: 1_015_000n, approvers: [] }), history, people, new Set());
    expect(r.unusual).toBe(false);
    expect(r.reviewer).toBeNull();
    expect(r.summary).toMatch(/routine/);
    expect(r.basis.clientMedian).toBe('USD 10075.00');
  });

  it('names who approved most of the similar invoices when the total is far beyond the client median', () => {
    const r = recommendReviewer(inv({ totalMinor: 9_000_000n, approvers: [] }), history, people, new Set());
    expect(r.unusual).toBe(true);
    expect(r.reasons[0]).toContain('8.9× the median');
    expect(r.reviewer?.name).toBe('Carla Controller');
    expect(r.reviewer?.approvedSimilar).toBe(5);
    expect(r.summary).toContain('Suggested reviewer: Carla Controller (controller)');
  });

  it('names the approver of the rarely billed scenario for a retainer with overage', () => {
    const target = inv({
      totalMinor: 1_000_000n,
      features: ['retainer_fee', 'retainer_overage', 'usage'],
      approvers: [],
    });
    const r = recommendReviewer(target, history, people, new Set());
    expect(r.unusual).toBe(true);
    expect(r.reasons.join()).toContain('approved no invoice');
    expect(r.basis.scenario).toBe('retainer_fee + retainer_overage + usage');
    expect(r.reviewer?.name).toBe('Fred Finance');
    expect(r.reviewer?.similarInvoices).toHaveLength(2);
  });

  it('never proposes the preparer or submitter, even when they approved the similar invoices', () => {
    const target = inv({ totalMinor: 9_000_000n, approvers: [] });
    const r = recommendReviewer(target, history, people, new Set(['u-carla']));
    expect(r.unusual).toBe(true);
    expect(r.reviewer?.userId).not.toBe('u-carla');
  });

  it('flags a total far below the median too', () => {
    const r = recommendReviewer(inv({ totalMinor: 100_000n, approvers: [] }), history, people, new Set());
    expect(r.unusual).toBe(true);
    expect(r.basis.ratioToMedian).toBeLessThan(1 / 3);
  });

  it('says nobody eligible approved a similar invoice when only the preparer did', () => {
    const lone = [inv({ totalMinor: 500n, features: ['milestone'], approvers: ['u-pat'] })];
    const r = recommendReviewer(inv({ totalMinor: 500n, features: ['milestone'] }), lone, people, new Set(['u-pat']));
    expect(r.unusual).toBe(true);
    expect(r.reviewer).toBeNull();
    expect(r.summary).toContain('No one other than its preparer');
  });
});

describe('similarity', () => {
  it('is 0 for nothing shared and higher for the same client', () => {
    const a = inv({ totalMinor: 1n, features: ['time'] });
    expect(similarity(a, inv({ totalMinor: 1n, features: ['milestone'] }))).toBe(0);
    expect(similarity(a, inv({ totalMinor: 1n, features: ['time'] }))).toBeGreaterThan(
      similarity(a, inv({ totalMinor: 1n, features: ['time'], clientId: 'other' })),
    );
  });

  it('names a scenario the same whatever the order', () => {
    expect(scenarioOf(['time', 'expense', 'time'])).toBe(scenarioOf(['expense', 'time']));
  });
});
