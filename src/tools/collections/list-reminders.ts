import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { maskRefusal } from '../../billing/collections/model-refusal.ts';
import { queryRows } from '../../db/client.ts';
import { inEntities } from '../../db/stores/entity-scope.ts';
import { authorityOf } from '../../policy/permissions.ts';
import { codeField, dateField, emailField } from '../../shared/bounded-fields.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { WORKLIST_READERS, WORKLIST_SUPERVISORS } from './roles.ts';

/** `template`, `model` (any model), or one model by name (`model:gpt-4o-mini`), as the outbox records it. */
const draftedByFilter = z
  .string()
  .max(120)
  .regex(/^(template|model|model:[\w.:/@-]+)$/, 'template, model, or model:<name>');

export const remindersListSchema = z
  .object({
    draftedBy: draftedByFilter
      .optional()
      .describe('Who wrote the text: template, model (any model), or model:<name> for one model'),
    modelRefused: z
      .enum(['true', 'false'])
      .optional()
      .describe("true: only reminders sent as the template because a model's draft was refused or not given"),
    status: z.enum(['queued', 'sent', 'failed', 'refused']).optional().describe('Delivery status'),
    client: codeField().optional().describe('One client (code)'),
    from: dateField().optional().describe('Queued by a run of this date or later (YYYY-MM-DD)'),
    to: dateField().optional().describe('Queued by a run of this date or earlier (YYYY-MM-DD)'),
    collector: emailField()
      .optional()
      .describe("One collector's clients (controllers, finance admins, auditors); a collector always sees their own"),
  })
  .extend(paginationSchema.shape)
  .extend(entityFilterSchema.shape);

const reminderViewSchema = z.object({
  id: z.string(),
  invoice: z.string().describe('Invoice number (its id when it has none)'),
  client: z.string(),
  collector: z.string().nullable().describe("E-mail of the client's collector; null when none is assigned"),
  step: z.string().describe('The sequence step key, e.g. friendly@7'),
  channel: z.string().describe('email (the client), task (the collector) or account_manager'),
  language: z.string(),
  asOf: z.string().describe('The date of the dunning run that queued it'),
  status: z.string().describe('queued, sent, failed (retried) or refused (the mail server refused or it bounced)'),
  attempts: z.number().int(),
  sentAt: z.string().nullable(),
  draftedBy: z
    .string()
    .describe("Who wrote the text: 'template', or 'model:<name>' when a model's draft passed the check"),
  modelRefusal: z
    .string()
    .nullable()
    .describe(
      "Why a model's draft was not sent and the template went instead (the check's problems, a timeout, an error); " +
        "the program's words, with any address, link or IBAN the model wrote masked. Null when none was refused.",
    ),
});

/** Reminders in the outbox, newest run first, with who wrote each one and why a model's draft was refused. */
export const remindersList = defineTool({
  name: 'reminders_list',
  description:
    'Lists the reminders the dunning runs queued, newest first: invoice, client, step, channel, delivery status, who wrote the text ' +
    "(draftedBy: template or model:<name>) and why a model's draft was refused (modelRefusal). Filter by draftedBy (template, model, " +
    "model:<name>), modelRefused=true, status, client, dates. A collector sees their clients' reminders; supervisors see all or one collector's. " +
    'The text itself is not listed.',
  input: remindersListSchema,
  output: pageSchema(reminderViewSchema),
  risk: 'read',
  policyAction: null,
  readers: WORKLIST_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    const authority = authorityOf(ctx.actor);
    const supervisor = authority.roles.some((r) => WORKLIST_SUPERVISORS.includes(r));
    // Like the worklist: a collector (or an account manager) sees the clients assigned to them, never by the agent's id.
    const self = authority.initiatorIds.at(-1) ?? ctx.actor.userId;
    const who = supervisor ? (q.collector ? sql`u.email = ${q.collector}` : sql`true`) : sql`cc.collector_id = ${self}`;
    const drafted =
      q.draftedBy === undefined
        ? sql`true`
        : q.draftedBy === 'model'
          ? sql`r.drafted_by LIKE 'model:%'`
          : sql`r.drafted_by = ${q.draftedBy}`;
    const where = sql.join(
      [
        who,
        drafted,
        q.modelRefused === undefined
          ? sql`true`
          : q.modelRefused === 'true'
            ? sql`r.model_refusal IS NOT NULL`
            : sql`r.model_refusal IS NULL`,
        q.status ? sql`r.status = ${q.status}` : sql`true`,
        q.client ? sql`c.code = ${q.client}` : sql`true`,
        q.from ? sql`r.as_of >= ${q.from}::date` : sql`true`,
        q.to ? sql`r.as_of <= ${q.to}::date` : sql`true`,
        inEntities(sql.raw('i.legal_entity_id'), scope.value),
      ],
      sql` AND `,
    );
    const rows = await queryRows<{
      id: string;
      number: string | null;
      invoice_id: string;
      client: string;
      collector: string | null;
      step: string;
      channel: string;
      language: string;
      as_of: string;
      status: string;
      attempts: number;
      sent_at: string | null;
      drafted_by: string;
      model_refusal: string | null;
      total: number;
    }>(
      ctx.db,
      sql`
      SELECT r.id, i.number, r.invoice_id, c.code AS client, u.email AS collector, r.step, r.channel, r.language,
             r.as_of::text, r.status, r.attempts, to_char(r.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS sent_at,
             r.drafted_by, r.model_refusal, (count(*) OVER ())::int AS total
        FROM reminder_outbox r JOIN invoices i ON i.id = r.invoice_id JOIN clients c ON c.id = i.client_id
        LEFT JOIN client_collectors cc ON cc.client_id = c.id LEFT JOIN users u ON u.id = cc.collector_id
       WHERE ${where}
       ORDER BY r.as_of DESC, r.created_at DESC, r.id LIMIT ${q.limit} OFFSET ${q.offset}`,
    );
    return ok(
      pageOf(
        rows.map((r) => ({
          id: r.id,
          invoice: r.number ?? r.invoice_id,
          client: r.client,
          collector: r.collector,
          step: r.step,
          channel: r.channel,
          language: r.language,
          asOf: r.as_of,
          status: r.status,
          attempts: Number(r.attempts),
          sentAt: r.sent_at,
          draftedBy: r.drafted_by,
          // Rows stored before refusals were masked at the source are masked here too.
          modelRefusal: r.model_refusal === null ? null : maskRefusal(r.model_refusal),
        })),
        rows[0]?.total ?? 0,
        q.limit,
        q.offset,
      ),
    );
  },
});
