import { z } from 'zod';
import { weekGridSchema } from '../../billing/inputs/week-grid.ts';
import { listTimeEntries } from '../../db/stores/work-queries.ts';
import { approveTimeSchema, timeEntriesApprove } from '../../tools/time/approve-time-entries.ts';
import { timeEntriesImport, timeEntryListSchema } from '../../tools/time/import-time-entries.ts';
import { rolesFor, WORK_READERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf, period } from '../schemas.ts';
import { entityFilterSchema, listScope } from '../scope.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';

/** POST /time-entries takes a list of entries (as before) or a timesheet week. */
const importBodySchema = z.union([timeEntryListSchema, weekGridSchema]);

type Row = Awaited<ReturnType<typeof listTimeEntries>>['rows'][number];
const timeEntryView = (r: Row) => ({
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

/** Time entries: list, and adapters over the catalogue's time entries (src/tools/time): import (all or none) and approval. */
export function timeEntryRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/time-entries',
      operationId: 'listTimeEntries',
      tag: 'Work',
      summary: 'List time entries',
      roles: WORK_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape).extend({
        project: z.string().max(64).optional().describe('Project code'),
        person: z.string().max(64).optional().describe('Person code'),
        period: period.optional().describe('Work month YYYY-MM'),
        status: z.enum(['submitted', 'approved', 'rejected']).optional(),
      }),
      responses: { 200: { description: 'A page of time entries', schema: pageOf(objectSchema('A time entry')) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listTimeEntries(db, { ...query, entityIds: scope.value });
        return c.json(page(rows.map(timeEntryView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/time-entries',
      operationId: 'importTimeEntries',
      tag: 'Work',
      roles: rolesFor('time_entries.import'),
      summary: 'Import time entries or a timesheet week (all or none)',
      description:
        'A JSON array of entries, or a week: {"weekOf": "<Monday>", "rows": [{"person", "project", "task", "hours": [Mon..Sun]}]}. ' +
        'A bad cell is 400 naming rows[i].hours[d] and its date; unknown people or projects, re-used external ids and days over 24 h ' +
        "for a person are 422 naming each entry (and a week's row and day); nothing is written unless every item is good.",
      body: importBodySchema,
      errors: [422],
      idempotency: 'tool',
      responses: { 201: { description: 'Imported', schema: timeEntriesImport.output } },
      handler: async (c, { body }) => {
        const input = Array.isArray(body) ? { entries: body } : { week: body };
        return sendToolResult(c, await callToolFor(c, deps, timeEntriesImport, input), 201);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/time-entries/approve',
      operationId: 'approveTimeEntries',
      tag: 'Work',
      roles: rolesFor('time_entries.approve'),
      summary: 'Approve submitted time entries',
      description:
        'Policy decides per project: project managers approve, never their own time; the agent never approves.',
      body: approveTimeSchema,
      errors: [404, 409],
      idempotency: 'tool',
      responses: { 200: { description: 'What changed', schema: timeEntriesApprove.output } },
      handler: async (c, { body }) => sendToolResult(c, await callToolFor(c, deps, timeEntriesApprove, body)),
    }),
  ];
}
