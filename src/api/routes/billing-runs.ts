import { desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { billingRuns } from '../../db/schema/index.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import { startBillingRun } from '../../db/usecases/start-billing-run.ts';
import { BILLING_OPS_READERS, rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError, sendUseCaseError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { billingPeriod, objectSchema, pageOf, period, uuidParam } from '../schemas.ts';
import { requireFirmWide } from '../scope.ts';
import { useCaseContext } from '../use-case.ts';

export const startBillingRunSchema = z.object({
  period: billingPeriod.describe('The month to bill, YYYY-MM, inside the date window'),
  legalEntity: z.string().min(1).max(64).optional().describe('Bill only this legal entity (code); omitted = every entity, which needs firm-wide access'),
});

type RunRow = typeof billingRuns.$inferSelect;
const runView = (r: RunRow) => ({
  id: r.id, period: r.period, status: r.status, trigger: r.trigger, stats: r.stats, error: r.error,
  startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null, heartbeatAt: r.heartbeatAt.toISOString(),
});
const runDoc = objectSchema('A billing run');

/** Billing runs: start one for a period (through policy: billing_run.start), list and get them. Runs are firm-wide records. */
export function billingRunRoutes(deps: ApiDeps): ApiRoute[] {
  const { database } = deps;
  const { db } = database;
  return [
    defineRoute({
      method: 'post', path: '/billing-runs', operationId: 'startBillingRun', tag: 'Billing', roles: rolesFor('billing_run.start'),
      summary: 'Run billing for a period', description: 'Drafts one invoice per contract, period and currency; re-running regenerates drafts still in draft.',
      body: startBillingRunSchema, errors: [422],
      responses: { 201: { description: 'The finished run', schema: runDoc } },
      handler: async (c, { body }) => {
        let entityId: string | null = null;
        if (body.legalEntity) {
          const id = (await legalEntityCodes(db)).idByCode.get(body.legalEntity);
          if (!id) return sendError(c, 'UNKNOWN_REFERENCE', `legalEntity: no legal entity with code "${body.legalEntity}"`, { path: 'legalEntity' });
          entityId = id;
        }
        const auth = c.get('auth');
        // Policy, the start's audit row, the run and its billing_run.finish row: the same use case as the CLI's.
        const run = await startBillingRun(database, useCaseContext(c, deps.now()), {
          period: body.period, entityId, entityCode: body.legalEntity ?? null,
          trigger: `api:${auth.user.email}${body.legalEntity ? `:${body.legalEntity}` : ''}`,
        }, deps);
        if (!run.ok) return sendUseCaseError(c, run.error);
        const [row] = await db.select().from(billingRuns).where(eq(billingRuns.id, run.value.runId));
        return c.json(runView(row!), 201);
      },
    }),
    defineRoute({
      method: 'get', path: '/billing-runs', operationId: 'listBillingRuns', tag: 'Billing', summary: 'List billing runs, newest first', roles: BILLING_OPS_READERS,
      query: paginationSchema.extend({ period: period.optional() }),
      responses: { 200: { description: 'A page of runs', schema: pageOf(runDoc) } },
      handler: async (c, { query }) => {
        const denied = requireFirmWide(c);
        if (denied) return denied;
        const where = query.period ? eq(billingRuns.period, query.period) : undefined;
        const [rows, [n]] = await Promise.all([
          db.select().from(billingRuns).where(where).orderBy(desc(billingRuns.startedAt), desc(billingRuns.id)).limit(query.limit).offset(query.offset),
          db.select({ n: sql<number>`count(*)::int` }).from(billingRuns).where(where),
        ]);
        return c.json(page(rows.map(runView), Number(n?.n ?? 0), query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'get', path: '/billing-runs/:id', operationId: 'getBillingRun', tag: 'Billing', summary: 'Get a billing run', roles: BILLING_OPS_READERS,
      params: uuidParam, errors: [404], responses: { 200: { description: 'The run', schema: runDoc } },
      handler: async (c, { params }) => {
        const denied = requireFirmWide(c);
        if (denied) return denied;
        const [row] = await db.select().from(billingRuns).where(eq(billingRuns.id, params.id));
        if (!row) return sendError(c, 'BILLING_RUN_NOT_FOUND', `No billing run ${params.id}`, { id: params.id });
        return c.json(runView(row));
      },
    }),
  ];
}
