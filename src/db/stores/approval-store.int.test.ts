import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../../policy/actions.ts';
import { approvalMatrixV1 } from '../../policy/approval-matrix.ts';
import { approvalExpiresAt, checkApprovals } from '../../policy/approvals.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { hashArguments } from '../../policy/hash-arguments.ts';
import { money } from '../../shared/money.ts';
import type { Database } from '../client.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { listApprovals, recordApproval, type RecordApprovalInput } from './approval-store.ts';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const approveInvoice: Action = {
  type: 'invoice.approve',
  target: { kind: 'invoice', id: 'inv-1' },
  args: { revision: 2, total: money(6_000_000n, 'USD') },
};
const facts = {
  entityId: 'le-us',
  invoiceTotal: money(6_000_000n, 'USD'),
  marginPercent: '40',
  openExceptionCount: 0,
  projectOnHold: false,
  discountBeyondContract: false,
  preparerId: 'clerk',
  releasedHolds: [],
  disputeRisk: null,
};

const grant = (over: Partial<RecordApprovalInput> = {}): RecordApprovalInput => ({
  actionType: 'invoice.approve',
  targetType: 'invoice',
  targetId: 'inv-1',
  argsHash: hashArguments(approveInvoice),
  level: 1,
  role: 'controller',
  approverId: 'ctl',
  matrixVersion: 1,
  grantedAt: NOW,
  expiresAt: approvalExpiresAt(NOW, approvalMatrixV1),
  ...over,
});

describe('recordApproval', () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database.close());

  it('returns the first grant unchanged when the same person grants the same level again', async () => {
    const first = await recordApproval(database.db, grant());
    const again = await recordApproval(database.db, grant({ grantedAt: new Date(NOW.getTime() + 60_000) }));
    expect(again).toEqual(first);
    expect(await listApprovals(database.db, { actionType: 'invoice.approve', targetId: 'inv-1' })).toHaveLength(1);
  });

  it('refuses a second level by the same person over the same arguments', async () => {
    await recordApproval(database.db, grant());
    expect(await recordApproval(database.db, grant({ level: 2, role: 'finance_admin' }))).toEqual({
      ok: false,
      error: { code: 'SOD_ONE_LEVEL_PER_APPROVER', approvedLevel: 1 },
    });
  });

  it('lets exactly one of two racing grants by one person through', async () => {
    const results = await Promise.all([
      recordApproval(database.db, grant()),
      recordApproval(database.db, grant({ level: 2, role: 'finance_admin' })),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await listApprovals(database.db, { actionType: 'invoice.approve', targetId: 'inv-1' })).toHaveLength(1);
  });

  it('accepts the same person again once the arguments changed', async () => {
    await recordApproval(database.db, grant());
    expect(
      (await recordApproval(database.db, grant({ argsHash: 'f'.repeat(64), level: 2, role: 'finance_admin' }))).ok,
    ).toBe(true);
  });

  it('gives back approvals that satisfy the decision for the exact action, and not once its arguments change', async () => {
    const decision = evaluate(
      approveInvoice,
      { userId: 'pm', roles: ['project_manager'], entityIds: null, onBehalfOf: null },
      facts,
    );
    expect(decision.outcome === 'require_approval' && decision.steps.map((s) => s.role)).toEqual([
      'controller',
      'finance_admin',
    ]);
    await recordApproval(database.db, grant());
    await recordApproval(database.db, grant({ level: 2, role: 'finance_admin', approverId: 'fa' }));

    const stored = await listApprovals(database.db, { actionType: 'invoice.approve', targetId: 'inv-1' });
    expect(checkApprovals(decision, stored, approveInvoice, NOW)).toMatchObject({
      ok: true,
      value: { approvals: [{ approverId: 'ctl' }, { approverId: 'fa' }] },
    });
    const edited: Action = { ...approveInvoice, args: { revision: 3, total: money(6_000_000n, 'USD') } };
    expect(checkApprovals(decision, stored, edited, NOW)).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_ARGS_CHANGED' },
    });
  });
});
