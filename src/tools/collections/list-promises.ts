import { sql } from 'drizzle-orm';
import { inEntities } from '../../db/stores/entity-scope.ts';
import { z } from 'zod';
import { queryRows } from '../../db/client.ts';
import { WORKLIST_READERS } from './roles.ts';
import { authorityOf } from '../../policy/permissions.ts';
import { moneyView } from '../../shared/money.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema, pageOf, pageSchema } from '../schemas.ts';

/** Promises to pay, newest first: open ones by default, with who promised, who recorded and how they ended. */
export const promisesList = defineTool({
  name: 'promises_list',
  description:
    'Lists promises to pay: invoice, client, amount, the promised date, who at the client promised, who recorded it, and its status ' +
    '(open, kept, broken, superseded). Open ones by default; status=all for every one. Collectors, account managers and supervisors.',
  input: z.object({
    status: z.enum(['open', 'kept', 'broken', 'superseded', 'all']).default('open').describe('Which promises'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  }),
  output: pageSchema(
    z.object({
      id: z.string(),
      invoice: z.string(),
      client: z.string(),
      amount: moneyViewSchema,
      promisedFor: z.string(),
      promisedBy: z.string(),
      recordedBy: z.string().describe('E-mail of the person who recorded it (or their id)'),
      recordedOn: z.string(),
      status: z.string(),
      closedOn: z.string().nullable(),
    }),
  ),
  risk: 'read',
  policyAction: null,
  readers: WORKLIST_READERS,
  handler: async (ctx, q) => {
    const scope = authorityOf(ctx.actor).entityIds;
    const entity = inEntities(sql.raw('i.legal_entity_id'), scope);
    const rows = await queryRows<{
      id: string;
      number: string | null;
      invoice_id: string;
      client: string;
      amount: string;
      currency: string;
      promised_for: string;
      promised_by: string;
      recorder: string;
      recorded_on: string;
      status: string;
      closed_on: string | null;
      total: number;
    }>(
      ctx.db,
      sql`
      SELECT p.id, i.number, p.invoice_id, c.code AS client, p.amount_minor::text AS amount, p.currency, p.promised_for::text,
             p.promised_by, COALESCE(u.email, p.recorded_by) AS recorder, (p.recorded_at AT TIME ZONE 'UTC')::date::text AS recorded_on,
             p.status, p.closed_on::text, (count(*) OVER ())::int AS total
        FROM promises_to_pay p JOIN invoices i ON i.id = p.invoice_id JOIN clients c ON c.id = i.client_id
        LEFT JOIN users u ON u.id::text = p.recorded_by
       WHERE ${q.status === 'all' ? sql`true` : sql`p.status = ${q.status}`} AND ${entity}
       ORDER BY p.recorded_at DESC, p.id LIMIT ${q.limit} OFFSET ${q.offset}`,
    );
    return ok(
      pageOf(
        rows.map((r) => ({
          id: r.id,
          invoice: r.number ?? r.invoice_id,
          client: r.client,
          amount: moneyView(BigInt(r.amount), r.currency),
          promisedFor: r.promised_for,
          promisedBy: r.promised_by,
          recordedBy: r.recorder,
          recordedOn: r.recorded_on,
          status: r.status,
          closedOn: r.closed_on,
        })),
        rows[0]?.total ?? 0,
        q.limit,
        q.offset,
      ),
    );
  },
});
