import { z } from 'zod';
import { listTimeEntries } from '../../db/stores/work-queries.ts';
import { WORK_READERS } from '../../policy/role-groups.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { periodFilter } from '../work/period-filter.ts';

export const timeEntryViewSchema = z
  .object({
    id: z.number().int(),
    externalId: z.string().nullable().describe('The id in the time-tracking system it came from'),
    person: z.string(),
    project: z.string(),
    contract: z.string(),
    role: z.string(),
    date: z.string().describe('Work day YYYY-MM-DD'),
    hours: z.string().describe('Decimal string'),
    billable: z.boolean(),
    description: z.string(),
    rateQuoted: z
      .string()
      .nullable()
      .describe('The rate the source quoted, decimal string; billing uses the contract rate'),
    status: z.enum(['submitted', 'approved', 'rejected']),
    approvedBy: z.string().nullable(),
    approvedAt: z.string().nullable(),
  })
  .describe('A time entry');

type Row = Awaited<ReturnType<typeof listTimeEntries>>['rows'][number];
const timeEntryView = (r: Row): z.output<typeof timeEntryViewSchema> => ({
  id: r.entry.id,
  externalId: r.entry.externalId,
  person: r.personCode,
  project: r.projectCode,
  contract: r.contractCode,
  role: r.entry.role,
  date: r.entry.workDate,
  hours: r.entry.hours,
  billable: r.entry.billable,
  description: r.entry.description,
  rateQuoted: r.entry.rateQuoted,
  status: r.entry.approvalStatus,
  approvedBy: r.entry.approvedBy,
  approvedAt: r.entry.approvedAt?.toISOString() ?? null,
});

export const timeEntriesList = defineTool({
  name: 'time_entries_list',
  description:
    'Lists time entries, newest first: person, project, contract, role, day, hours, billable, approval status. ' +
    'Filter by project or person code, work month, approval status or legal entity.',
  input: paginationSchema.extend(entityFilterSchema.shape).extend({
    project: z.string().max(64).optional().describe('Project code'),
    person: z.string().max(64).optional().describe('Person code'),
    period: periodFilter.optional().describe('Work month YYYY-MM'),
    status: z.enum(['submitted', 'approved', 'rejected']).optional(),
  }),
  output: pageSchema(timeEntryViewSchema).describe('A page of time entries'),
  risk: 'read',
  policyAction: null,
  readers: WORK_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const { rows, total } = await listTimeEntries(ctx.db, { ...q, entityIds: scope.value });
    return ok(pageOf(rows.map(timeEntryView), total, q.limit, q.offset));
  },
});
