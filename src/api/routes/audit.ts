import { z } from 'zod';
import { listAudit } from '../../db/stores/audit-queries.ts';
import type { auditLog } from '../../db/schema/audit.ts';
import { AUDIT_READERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { requireFirmWide } from '../scope.ts';

export const auditQuerySchema = paginationSchema.extend({
  targetType: z.string().max(64).optional().describe('e.g. invoice, project, client'),
  targetId: z.string().max(200).optional(),
  actor: z
    .string()
    .regex(
      /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|service:[a-z-]{1,40})$/i,
      'a user id (UUID) or a service identity (service:scheduler, ...)',
    )
    .optional()
    .describe(
      'User id: rows the user took, or the agent took for them; or a service identity, e.g. service:job-worker',
    ),
  action: z.string().max(64).optional().describe('e.g. invoice.approve'),
  correlationId: z.string().max(200).optional().describe('Every row one request or agent run wrote'),
  beforeSeq: z
    .string()
    .regex(/^\d{1,18}$/)
    .optional()
    .describe('Only rows up to this seq, for a stable view while paging'),
});

const auditView = (r: typeof auditLog.$inferSelect) => ({
  seq: r.seq.toString(),
  at: r.at.toISOString(),
  actorId: r.actorId,
  onBehalfOf: r.onBehalfOf,
  action: r.action,
  targetType: r.targetType,
  targetId: r.targetId,
  before: r.before,
  after: r.after,
  policyDecision: r.policyDecision,
  approvalRef: r.approvalRef,
  reason: r.reason,
  correlationId: r.correlationId,
  prevHash: r.prevHash,
  hash: r.hash,
});

/** The audit trail, read-only: auditors and controllers, with access to every entity (the trail is firm-wide). */
export function auditRoutes({ database }: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/audit',
      operationId: 'listAudit',
      tag: 'Audit',
      summary: 'Read the audit trail, newest first',
      roles: AUDIT_READERS,
      query: auditQuerySchema,
      responses: {
        200: { description: 'A page of audit rows', schema: pageOf(objectSchema('An audit row with its hash link')) },
      },
      handler: async (c, { query: q }) => {
        const denied = requireFirmWide(c);
        if (denied) return denied;
        const { rows, total } = await listAudit(database.db, {
          ...q,
          actorId: q.actor,
          beforeSeq: q.beforeSeq === undefined ? undefined : BigInt(q.beforeSeq),
        });
        return c.json(page(rows.map(auditView), total, q.limit, q.offset));
      },
    }),
  ];
}
