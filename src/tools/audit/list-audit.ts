import { z } from 'zod';
import type { auditLog } from '../../db/schema/audit.ts';
import { listAudit } from '../../db/stores/audit-queries.ts';
import { AUDIT_READERS } from '../../policy/role-groups.ts';
import type { Role } from '../../policy/roles.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { err, ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { actorMayTouch, outOfScopeError } from '../scope.ts';

/**
 * Who reads the trail: auditors and controllers, and the copilot for one of them (who approved
 * this, what changed on that client). Firm-wide, so only with access to every legal entity.
 */
export const AUDIT_TRAIL_READERS: readonly Role[] = [...AUDIT_READERS, 'agent'];

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

export const auditRowSchema = z
  .object({
    seq: z.string().describe('Position in the chain (a decimal string: it can exceed 2^53)'),
    at: z.string().describe('When, ISO 8601 with milliseconds (the precision the hash covers)'),
    actorId: z.string().describe('The user id, agent:<name> or service:<name> that acted'),
    onBehalfOf: z.string().nullable().describe('The person the agent acted for'),
    action: z.string().describe('The policy action, e.g. invoice.approve'),
    targetType: z.string(),
    targetId: z.string(),
    before: z.unknown().describe('The record before (JSON), where the action changed one'),
    after: z.unknown().describe('The record after (JSON)'),
    policyDecision: z.unknown().describe('What policy decided, with its reasons (JSON)'),
    approvalRef: z.string().nullable().describe('The approval request the action ran under'),
    reason: z.string().nullable(),
    correlationId: z.string().describe('The request, agent run or job the row belongs to'),
    prevHash: z.string(),
    hash: z.string().describe('sha256 over the row and prevHash: the chain audit verify checks'),
  })
  .describe('An audit row with its hash link');

const auditView = (r: typeof auditLog.$inferSelect): z.output<typeof auditRowSchema> => ({
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

export const auditList = defineTool({
  name: 'audit_list',
  description:
    'Reads the tamper-evident audit trail, newest first: who did what to which record, under which policy decision and ' +
    'approval, with the record before and after. Filter by target (type and id), actor (a user id: what they did or the ' +
    'copilot did for them; or service:<name>), action (e.g. invoice.approve) or correlation id (one request or run). ' +
    'Firm-wide: only for users with every legal entity.',
  input: auditQuerySchema,
  output: pageSchema(auditRowSchema).describe('A page of audit rows'),
  risk: 'read',
  policyAction: null,
  readers: AUDIT_TRAIL_READERS,
  handler: async (ctx, q) => {
    // The trail spans every entity: a scoped person reads none of it.
    if (!actorMayTouch(ctx.actor, null)) return err(outOfScopeError(null));
    const { rows, total } = await listAudit(ctx.db, {
      targetType: q.targetType,
      targetId: q.targetId,
      actorId: q.actor,
      action: q.action,
      correlationId: q.correlationId,
      beforeSeq: q.beforeSeq === undefined ? undefined : BigInt(q.beforeSeq),
      limit: q.limit,
      offset: q.offset,
    });
    return ok(pageOf(rows.map(auditView), total, q.limit, q.offset));
  },
});
