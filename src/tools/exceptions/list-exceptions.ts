import { z } from 'zod';
import { listExceptions } from '../../db/stores/invoice-queries.ts';
import { exceptionView } from '../../db/views/invoice-views.ts';
import { exceptionListQuerySchema } from '../../db/views/list-queries.ts';
import { EVERYONE } from '../../policy/role-groups.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';

export const exceptionViewSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    severity: z.string(),
    status: z.string(),
    ownerRole: z.string(),
    assignedTo: z.string().nullable(),
    message: z.string(),
    client: z.string().nullable(),
    contract: z.string().nullable(),
    period: z.string().nullable(),
    invoiceId: z.string().nullable(),
    invoiceLineId: z.number().nullable(),
    holds: z
      .enum(['draft', 'line'])
      .nullable()
      .describe(
        'What a blocking exception holds: the whole draft, or its line only (the rest is billed; the line is billed once released)',
      ),
    slaDueAt: z.string(),
    pastSla: z.boolean().describe('Unresolved past its SLA'),
    details: z.unknown(),
    resolutionCode: z.string().nullable(),
  })
  .describe('An exception with SLA');

export const exceptionsList = defineTool({
  name: 'exceptions_list',
  description:
    'Lists billing exceptions (missing rates, POs, caps exceeded, unapproved time...), open and most urgent first, with their ids, ' +
    'owner role, assignee and SLA. Filter by status, type, period, client, severity, owner role, assignee ("me" for yourself) or legal entity.',
  input: exceptionListQuerySchema.extend(entityFilterSchema.shape),
  output: pageSchema(exceptionViewSchema),
  risk: 'read',
  policyAction: null,
  readers: EVERYONE,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    // "me" is the person: the one the agent acts for, else the caller.
    const assignedTo = q.assignedTo === 'me' ? (ctx.actor.onBehalfOf?.userId ?? ctx.actor.userId) : q.assignedTo;
    const { rows, total } = await listExceptions(ctx.db, {
      ...q,
      clientCode: q.client,
      ownerRole: q.owner,
      assignedTo,
      legalEntityIds: scope.value,
    });
    return ok(
      pageOf(
        rows.map((r) => exceptionView(r, ctx.now)),
        total,
        q.limit,
        q.offset,
      ),
    );
  },
});
