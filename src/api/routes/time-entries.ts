import { z } from 'zod';
import { timeEntryInputSchema } from '../../billing/inputs/contract-bundle.ts';
import { pgError } from '../../db/client.ts';
import { importTimeEntriesInStatement, insertResolvedTimeEntries, reserveTimeEntryIds, resolveTimeEntries } from '../../db/stores/time-entry-store.ts';
import type { RowError } from '../../billing/inputs/parse-time-entries-csv.ts';
import { listTimeEntries } from '../../db/stores/work-queries.ts';
import { rolesFor, WORK_READERS, WORK_WRITERS } from '../access.ts';
import { auditEntry } from '../audit-entry.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf, period } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';
import { approveTime, approveTimeSchema } from './approve-time.ts';

/**
 * A time entry as the API takes it: the import schema without status and approver. Over the API,
 * entries arrive submitted; approval goes through POST /time-entries/approve and policy, so nobody
 * can approve time by importing it as approved.
 */
export const timeEntryApiSchema = timeEntryInputSchema.omit({ status: true, approvedBy: true });
export const timeEntryImportSchema = z.array(timeEntryApiSchema).min(1).max(5000).describe('Time entries, imported all or none');

type Row = Awaited<ReturnType<typeof listTimeEntries>>['rows'][number];
const timeEntryView = (r: Row) => ({
  id: r.entry.id, externalId: r.entry.externalId, person: r.personCode, project: r.projectCode, contract: r.contractCode, role: r.entry.role,
  date: r.entry.workDate, hours: r.entry.hours, billable: r.entry.billable, description: r.entry.description, rateQuoted: r.entry.rateQuoted,
  status: r.entry.approvalStatus, approvedBy: r.entry.approvedBy, approvedAt: r.entry.approvedAt?.toISOString() ?? null,
});

/** Time entries: list, bulk import (all or none, per-item errors), approval through policy. */
export function timeEntryRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get', path: '/time-entries', operationId: 'listTimeEntries', tag: 'Work', summary: 'List time entries', roles: WORK_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape).extend({
        project: z.string().max(64).optional().describe('Project code'), person: z.string().max(64).optional().describe('Person code'),
        period: period.optional().describe('Work month YYYY-MM'), status: z.enum(['submitted', 'approved', 'rejected']).optional(),
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
      method: 'post', path: '/time-entries', operationId: 'importTimeEntries', tag: 'Work', roles: WORK_WRITERS,
      summary: 'Import time entries (all or none)',
      description: 'A JSON array. Invalid items are reported by index (400); unknown people or projects and re-used external ids by index (422); nothing is written unless every item is good.',
      body: timeEntryImportSchema, errors: [422], commits: true,
      responses: { 201: { description: 'Imported', schema: z.object({ inserted: z.number().int(), ids: z.array(z.number().int()) }) } },
      handler: async (c, { body, commit }) => {
        const rows = body.map((entry, index) => ({ line: index, entry: { ...entry, status: 'submitted' as const, approvedBy: null } }));
        // Only days over DAILY_HOURS_MAX: that code, each error naming the person and date; anything else: IMPORT_REJECTED.
        const refused = (errors: RowError[]) => sendError(c, errors.every((e) => e.code === 'DAILY_HOURS_EXCEEDED') ? 'DAILY_HOURS_EXCEEDED' : 'IMPORT_REJECTED',
          `${errors.length} problems; nothing was imported`, {
            errors: errors.map((e) => ({ index: e.line, message: e.message, ...(e.code ? { code: e.code, ...e.details } : {}) })),
          });
        const plan = (ids: number[]) => ({
          audit: auditEntry(c, {
            action: 'time_entries.import', targetType: 'time_entries', targetId: `${ids[0]}..${ids.at(-1)}`, before: null,
            after: { count: ids.length, ids: ids.length <= 100 ? ids : { first: ids[0], last: ids.at(-1) } },
          }),
          response: c.json({ inserted: ids.length, ids }, 201),
        });
        // Another import committed one of these external ids at the same moment: the statement wrote nothing.
        const lostRace = (e: unknown) => pgError(e).constraint === 'time_entries_external_id_unique';
        // Fast path, one statement: it resolves people and projects itself, with ids this process reserved.
        const ids = await reserveTimeEntryIds(db, rows.length);
        const ext = rows.flatMap((r) => (r.entry.externalId ? [r.entry.externalId] : []));
        if (new Set(ext).size === ext.length) {
          const folded = importTimeEntriesInStatement(rows, ids, c.get('auth').authority.entityIds);
          try {
            const res = await commit({ guard: folded.guard, writes: [folded.write], ...plan(ids) });
            if (res) return res;
          } catch (e) {
            if (!lostRace(e)) throw e;
          }
        }
        // The guard did not hold (or a repeated external id): one read says what is wrong (403, 422), or
        // what changed meanwhile resolves now, and one statement commits it with the same ids.
        const resolved = await resolveTimeEntries(db, rows, ids, deps.now());
        for (const e of resolved.projectEntities.values()) if (!mayTouchEntity(c, e)) return outOfScope(c, e);
        if (resolved.errors.length) return refused(resolved.errors);
        try {
          return await commit({ writes: [insertResolvedTimeEntries(resolved.values)], ...plan(ids) });
        } catch (e) {
          if (!lostRace(e)) throw e;
          const again = await resolveTimeEntries(db, rows, ids, deps.now());
          if (!again.errors.length) throw e;
          return refused(again.errors);
        }
      },
    }),
    defineRoute({
      method: 'post', path: '/time-entries/approve', operationId: 'approveTimeEntries', tag: 'Work', roles: rolesFor('time_entries.approve'),
      summary: 'Approve submitted time entries',
      description: 'Policy decides per project: project managers approve, never their own time; the agent never approves.',
      body: approveTimeSchema, errors: [404, 409],
      responses: { 200: { description: 'What changed', schema: z.object({ approved: z.array(z.number()), alreadyApproved: z.array(z.number()), rejected: z.array(z.number()) }) } },
      handler: (c, { body }) => approveTime(c, deps, body.ids),
    }),
  ];
}
