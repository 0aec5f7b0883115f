/** Builders shared by the audit tests. */
import type { AuditEntry } from './audit-row.ts';

/** An audit entry for an invoice approval, with overrides. */
export const entry = (over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date('2026-03-10T12:00:00.123Z'),
  actorId: 'ctl',
  onBehalfOf: null,
  action: 'invoice.approve',
  targetType: 'invoice',
  targetId: 'inv-1',
  before: { status: 'pending_approval', totalMinor: 1_200_000n },
  after: { status: 'approved', number: 'US-2026-0001' },
  decision: { outcome: 'allow', matrixVersion: 1 },
  approvalRef: null,
  reason: null,
  correlationId: 'req-1',
  ...over,
});
