import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { runBilling } from '../../billing/billing-run/run-billing.ts';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import { billingRuns, contracts } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { billingRunStore } from '../../db/stores/billing-run-store.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import { approvalRef } from '../../db/usecases/context.ts';
import { BILLING_OPS_READERS, rolesFor } from '../access.ts';
import { auditEntry } from '../audit-entry.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf, period, uuidParam } from '../schemas.ts';
import { requireFirmWide } from '../scope.ts';
import { answerRefused, gateChange } from '../policy-write.ts';
import { useCaseContext } from '../use-case.ts';

export const startBillingRunSchema = z.object({
  period: period.describe('The month to bill, YYYY-MM'),
  legalEntity: z.string().min(1).max(64).optional().describe('Bill only this legal entity (code); omitted = every entity, which needs firm-wide access'),
});

type RunRow = typeof billingRuns.$inferSelect;
const runView = (r: RunRow) => ({
  id: r.id, period: r.period, status: r.status, trigger: r.trigger, stats: r.stats, error: r.error,
  startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null,
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
          if (!id) return sendError(c, 422, 'UNKNOWN_REFERENCE', `legalEntity: no legal entity with code "${body.legalEntity}"`, { path: 'legalEntity' });
          entityId = id;
        }
        const action = { type: 'billing_run.start' as const, target: { kind: 'legal_entity' as const, id: entityId ?? 'all' }, args: { period: body.period, contractIds: null } };
        // Policy (with approvals, if the matrix asks for any) and the start's audit row commit before
        // any draft is written: each draft is its own transaction, so the trail records the run first.
        const ctx = useCaseContext(c, deps.now());
        try {
          await db.transaction(async (tx) => {
            const gate = await gateChange(tx, ctx, action, { entityId });
            await appendAudit(tx, auditEntry(c, {
              action: 'billing_run.start', targetType: 'legal_entity', targetId: entityId ?? 'all', before: null,
              after: { period: body.period, legalEntity: body.legalEntity ?? null }, decision: toJsonValue(gate.decision), approvalRef: approvalRef(gate.approvals),
            }, ctx.now));
          });
        } catch (e) {
          return answerRefused(c, db, ctx, e);
        }
        const store = billingRunStore(database);
        const ports = entityId === null ? store : {
          ...store,
          // Same order as the store's list (the time-entry cursor walks contracts in that order).
          listContractIds: async (end: string) => {
            const ids = await store.listContractIds(end);
            if (ids.length === 0) return ids;
            const mine = await db.select({ id: contracts.id }).from(contracts).where(and(eq(contracts.legalEntityId, entityId), inArray(contracts.id, ids)));
            const keep = new Set(mine.map((r) => r.id));
            return ids.filter((id) => keep.has(id));
          },
        };
        const auth = c.get('auth');
        const run = await runBilling(ports, deps, {
          period: body.period, trigger: `api:${auth.user.email}${body.legalEntity ? `:${body.legalEntity}` : ''}`,
          // The person the drafts are prepared by (for the agent, the person it acts for): they may not approve them.
          preparedBy: auth.onBehalfOf?.id ?? auth.user.id,
        });
        if (!run.ok) return sendError(c, 400, run.error.code, run.error.message);
        await appendAudit(db, auditEntry(c, {
          action: 'billing_run.finish', targetType: 'billing_run', targetId: run.value.runId, before: null,
          after: { runId: run.value.runId, period: body.period, invoicesWritten: run.value.invoicesWritten, exceptions: run.value.exceptions },
        }, deps.now()));
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
        if (!row) return sendError(c, 404, 'BILLING_RUN_NOT_FOUND', `No billing run ${params.id}`, { id: params.id });
        return c.json(runView(row));
      },
    }),
  ];
}
