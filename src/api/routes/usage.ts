import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { usageReportSchema } from '../../billing/inputs/work-inputs.ts';
import { contracts, usageRecords } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { listUsage } from '../../db/stores/work-queries.ts';
import { USAGE_WRITERS, WORK_READERS } from '../access.ts';
import { auditEntry } from '../audit-entry.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf, period } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';

type Row = Awaited<ReturnType<typeof listUsage>>['rows'][number];
const usageView = (r: Row) => ({ id: r.usage.id, eventKey: r.usage.eventKey, contract: r.contractCode, occurredOn: r.usage.occurredOn, quantity: r.usage.quantity });

/** Usage: list and report metered readings (a reading's event key is taken once). */
export function usageRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get', path: '/usage', operationId: 'listUsage', tag: 'Work', summary: 'List usage records', roles: WORK_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape).extend({ contract: z.string().max(64).optional().describe('Contract code'), period: period.optional() }),
      responses: { 200: { description: 'A page of usage records', schema: pageOf(objectSchema('A usage record')) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listUsage(db, { ...query, entityIds: scope.value });
        return c.json(page(rows.map(usageView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'post', path: '/usage', operationId: 'reportUsage', tag: 'Work', summary: 'Report usage for usage-priced contracts', roles: USAGE_WRITERS,
      description: 'All records or none. A record whose event key was reported before is counted as a duplicate and not stored again.',
      body: usageReportSchema, errors: [422],
      responses: { 201: { description: 'Stored', schema: z.object({ inserted: z.number().int(), duplicates: z.number().int() }) } },
      handler: async (c, { body }) => {
        const codes = [...new Set(body.records.map((r) => r.contract))];
        const found = await db.select({ id: contracts.id, code: contracts.code, entityId: contracts.legalEntityId, models: contracts.models }).from(contracts).where(inArray(contracts.code, codes));
        const byCode = new Map(found.map((k) => [k.code, k]));
        const errors = body.records.flatMap((r, index) => {
          const k = byCode.get(r.contract);
          if (!k) return [{ index, message: `contract: no contract with code "${r.contract}"` }];
          return k.models.includes('usage') ? [] : [{ index, message: `contract ${r.contract} is not usage-priced` }];
        });
        if (errors.length) return sendError(c, 'IMPORT_REJECTED', `${errors.length} problems; nothing was stored`, { errors });
        for (const k of found) if (!mayTouchEntity(c, k.entityId)) return outOfScope(c, k.entityId);
        const inserted = await db.transaction(async (tx) => {
          const rows = await tx.insert(usageRecords)
            .values(body.records.map((r) => ({ eventKey: r.eventKey, contractId: byCode.get(r.contract)!.id, occurredOn: r.occurredOn, quantity: r.quantity })))
            .onConflictDoNothing().returning({ id: usageRecords.id });
          if (rows.length) {
            await appendAudit(tx, auditEntry(c, { action: 'usage.report', targetType: 'contract', targetId: codes.join(','), before: null, after: { records: rows.length, ids: rows.map((r) => r.id).slice(0, 100) } }));
          }
          return rows.length;
        });
        return c.json({ inserted, duplicates: body.records.length - inserted }, 201);
      },
    }),
  ];
}
