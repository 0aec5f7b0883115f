import { z } from 'zod';
import { listJobFailures, type JobFailureRow } from '../../db/stores/job-failure-store.ts';
import { BILLING_OPS_READERS } from '../../policy/role-groups.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { err, ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { actorMayTouch, outOfScopeError } from '../scope.ts';

export const jobFailureQuerySchema = paginationSchema.extend({
  objectType: z.string().max(64).optional().describe('e.g. document, invoice'),
  objectId: z.string().max(200).optional().describe("The object's id"),
  queue: z.string().max(64).optional().describe('e.g. document.process'),
  final: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only failures after which nothing retries (the job failed for good)'),
});

export const jobFailureSchema = z
  .object({
    id: z.string(),
    queue: z.string().describe('The job queue, e.g. document.process, collections.nightly'),
    jobId: z.string(),
    attempt: z.number().int().describe('Which try failed (1 = the first)'),
    willRetry: z.boolean().describe('Whether another try follows'),
    retryAt: z.string().nullable().describe('Not before when the next try runs'),
    object: z.object({ type: z.string(), id: z.string() }).describe('The business object the job concerns'),
    actedAs: z.string().describe('The service identity the job acted as'),
    error: z.string().describe('What went wrong, secrets masked'),
    failedAt: z.string(),
  })
  .describe('A failed try of a job, with its object');

const failureView = (r: JobFailureRow): z.output<typeof jobFailureSchema> => ({
  id: r.id.toString(),
  queue: r.queue,
  jobId: r.jobId,
  attempt: r.attempt,
  willRetry: r.willRetry,
  retryAt: r.retryAt?.toISOString() ?? null,
  object: { type: r.objectType, id: r.objectId },
  actedAs: r.actedAs,
  error: r.error,
  failedAt: r.failedAt.toISOString(),
});

export const jobFailuresList = defineTool({
  name: 'job_failures_list',
  description:
    'Failed tries of background jobs (document processing, the nightly collections job, deliveries), newest first: the ' +
    'queue, the try, whether another follows and when, the business object it concerns, the service identity it acted ' +
    'as and the error. Filter by object (type and id), queue, or final (failed for good). Firm-wide: only for users ' +
    'with every legal entity.',
  input: jobFailureQuerySchema,
  output: pageSchema(jobFailureSchema).describe('A page of job failures'),
  risk: 'read',
  policyAction: null,
  readers: BILLING_OPS_READERS,
  handler: async (ctx, q) => {
    if (!actorMayTouch(ctx.actor, null)) return err(outOfScopeError(null));
    const { rows, total } = await listJobFailures(ctx.db, {
      objectType: q.objectType,
      objectId: q.objectId,
      queue: q.queue,
      final: q.final === undefined ? undefined : q.final === 'true',
      limit: q.limit,
      offset: q.offset,
    });
    return ok(pageOf(rows.map(failureView), total, q.limit, q.offset));
  },
});
