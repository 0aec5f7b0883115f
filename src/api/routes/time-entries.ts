import { timeEntriesList } from '../../tools/time/list-time-entries.ts';
import { z } from 'zod';
import { weekGridSchema } from '../../billing/inputs/week-grid.ts';
import { approveTimeSchema, timeEntriesApprove } from '../../tools/time/approve-time-entries.ts';
import { timeEntriesImport, timeEntryListSchema } from '../../tools/time/import-time-entries.ts';
import { rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { callToolFor, sendToolResult, toolRoute } from '../tool-route.ts';

/** POST /time-entries takes a list of entries (as before) or a timesheet week. */
const importBodySchema = z.union([timeEntryListSchema, weekGridSchema]);

/** Time entries: list, and adapters over the catalogue's time entries (src/tools/time): import (all or none) and approval. */
export function timeEntryRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, timeEntriesList, {
      method: 'get',
      path: '/time-entries',
      operationId: 'listTimeEntries',
      tag: 'Work',
      summary: 'List time entries',
      responseDescription: 'A page of time entries',
    }),
    defineRoute({
      method: 'post',
      path: '/time-entries',
      operationId: 'importTimeEntries',
      tool: timeEntriesImport,
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
      tool: timeEntriesApprove,
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
