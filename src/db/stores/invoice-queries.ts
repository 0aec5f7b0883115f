import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../client.ts';
import { billingExceptions, clients, contracts, invoiceLines, invoices, legalEntities } from '../schema/index.ts';
import { creditedMinorSql, openDisputeSql, paidMinorSql } from './payment-store.ts';
import { prepared } from './prepared.ts';
import { parseStoredDisputeRisk, submittedDisputeRiskSql } from './submitted-dispute-risk.ts';
import { jsonRows } from '../json-rows.ts';

export interface InvoiceFilter {
  period?: string | undefined;
  status?: string | undefined;
  clientCode?: string | undefined;
  /** Only invoices of these legal entities; null or undefined = all. */
  legalEntityIds?: string[] | null | undefined;
  limit: number;
  offset: number;
}

/** A draft has no number until it is approved; people refer to it by this reference instead. */
export const draftReference = (id: string): string => `DRAFT-${id.slice(0, 8).toUpperCase()}`;

/** Invoices with client and contract, newest period first, paginated. */
export async function listInvoices(db: DbOrTx, f: InvoiceFilter) {
  const where: SQL[] = [];
  if (f.period) where.push(eq(invoices.period, f.period));
  if (f.status) where.push(sql`${invoices.status} = ${f.status}`);
  if (f.clientCode) where.push(eq(clients.code, f.clientCode));
  if (f.legalEntityIds)
    where.push(f.legalEntityIds.length ? inArray(invoices.legalEntityId, f.legalEntityIds) : sql`false`);
  const cond = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select({
        invoice: invoices,
        clientCode: clients.code,
        clientName: clients.name,
        contractCode: contracts.code,
        entityCode: legalEntities.code,
      })
      .from(invoices)
      .innerJoin(clients, eq(clients.id, invoices.clientId))
      .innerJoin(contracts, eq(contracts.id, invoices.contractId))
      .innerJoin(legalEntities, eq(legalEntities.id, invoices.legalEntityId))
      .where(cond)
      .orderBy(desc(invoices.period), asc(clients.code), asc(invoices.currency), asc(invoices.id))
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(invoices)
      .innerJoin(clients, eq(clients.id, invoices.clientId))
      .where(cond),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** Finds an invoice by number, id, or DRAFT- reference. */
export async function findInvoiceId(db: DbOrTx, ref: string): Promise<string | null> {
  const trimmed = ref.trim();
  const draft = /^DRAFT-([0-9A-F]{8})$/i.exec(trimmed);
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed);
  const rows = await queryRows<{ id: string }>(
    db,
    draft
      ? sql`SELECT id FROM invoices WHERE id::text LIKE ${`${draft[1]!.toLowerCase()}%`} LIMIT 2`
      : uuid
        ? sql`SELECT id FROM invoices WHERE id = ${trimmed}::uuid`
        : sql`SELECT id FROM invoices WHERE number = ${trimmed} LIMIT 2`,
  );
  return rows.length === 1 ? rows[0]!.id : null;
}

/**
 * Each line's sources (time entries with the timesheet's own external ids, expenses, every usage record
 * the line priced, milestones): kind, count and up to 50 ids, as JSON.
 */
const lineSourcesJson = sql<
  { line_id: string; kind: string; n: number; ids: string[]; external_ids: (string | null)[] | null }[]
>`(SELECT COALESCE(json_agg(s), '[]'::json) FROM (
    SELECT l.line_id::text, 'time_entry' AS kind, count(*)::int AS n, (array_agg(l.time_entry_id::text ORDER BY l.time_entry_id))[1:50] AS ids,
        (array_agg(te.external_id ORDER BY l.time_entry_id))[1:50] AS external_ids
      FROM invoice_line_time_entries l JOIN time_entries te ON te.id = l.time_entry_id
      WHERE l.line_id IN (SELECT id FROM invoice_lines WHERE invoice_id = "invoices"."id") GROUP BY l.line_id
    UNION ALL SELECT line_id::text, 'expense', count(*)::int, array_agg(expense_id::text), NULL FROM invoice_line_expenses
      WHERE line_id IN (SELECT id FROM invoice_lines WHERE invoice_id = "invoices"."id") GROUP BY line_id
    UNION ALL SELECT line_id::text, 'usage_record', count(*)::int, (array_agg(usage_record_id::text ORDER BY usage_record_id))[1:50], NULL FROM invoice_line_usage_shares
      WHERE line_id IN (SELECT id FROM invoice_lines WHERE invoice_id = "invoices"."id") GROUP BY line_id
    UNION ALL SELECT line_id::text, 'milestone', count(*)::int, array_agg(milestone_id::text), NULL FROM invoice_line_milestones
      WHERE line_id IN (SELECT id FROM invoice_lines WHERE invoice_id = "invoices"."id") GROUP BY line_id) s)`;

/**
 * The documents an invoice is related to by carried held lines: its supplementary invoices (oldest
 * first, void ones too, marked so) and, on a supplement, the invoice it supplements; as JSON.
 */
const supplementsJson = sql<
  { id: string; number: string | null; status: string; total_minor: string; currency: string }[]
>`(
  SELECT COALESCE(json_agg(json_build_object('id', s.id, 'number', s.number, 'status', s.status,
    'total_minor', s.total_minor::text, 'currency', s.currency) ORDER BY s.created_at, s.id), '[]'::json)
  FROM invoices s WHERE s.supplements_invoice_id = "invoices"."id")`;
const supplementedJson = sql<{ id: string; number: string | null; status: string } | null>`(
  SELECT json_build_object('id', o.id, 'number', o.number, 'status', o.status)
  FROM invoices o WHERE o.id = "invoices"."supplements_invoice_id")`;

/**
 * The detail as one prepared statement, built once per handle: the invoice with client, contract,
 * entity, balance parts and open dispute, its lines, sources and exceptions as JSON beside it, and the
 * pre-send dispute check stored at its latest submission.
 * One round trip and one plan instead of four: on a busy server each statement costs both processes
 * a socket write and a wake-up, which outweighed the reads themselves.
 * It reads the columns its readers use (the invoice view, the scope check, explain-line), not whole rows:
 * each column read is also built into text by PostgreSQL and parsed by the driver on every request.
 */
const detailParts = () => ({
  lines: jsonRows(
    invoiceLines,
    (l) => sql`${l.invoiceId} = "invoices"."id"`,
    (l) => sql`${l.lineNo}`,
    [
      'id',
      'lineNo',
      'kind',
      'description',
      'quantity',
      'unit',
      'unitPrice',
      'amountMinor',
      'taxCategory',
      'taxRatePercent',
      'taxMinor',
      'role',
      'rateCardEntryId',
      'milestoneId',
      'contractTerm',
      'servicePeriodStart',
      'servicePeriodEnd',
      'held',
      'parentLineId',
      'carried',
      'carriedFromLineId',
    ],
  ),
  exceptions: jsonRows(
    billingExceptions,
    (e) => sql`${e.invoiceId} = "invoices"."id"`,
    (e) => sql`${e.createdAt}, ${e.id}`,
    ['id', 'type', 'severity', 'status', 'message', 'invoiceLineId', 'holdScope'],
  ),
});

const detailSelect = (db: DbOrTx, parts: ReturnType<typeof detailParts>) =>
  db
    .select({
      invoice: {
        id: invoices.id,
        number: invoices.number,
        kind: invoices.kind,
        status: invoices.status,
        legalEntityId: invoices.legalEntityId,
        period: invoices.period,
        currency: invoices.currency,
        fxRates: invoices.fxRates,
        subtotalMinor: invoices.subtotalMinor,
        taxMinor: invoices.taxMinor,
        totalMinor: invoices.totalMinor,
        heldMinor: invoices.heldMinor,
        held: invoices.held,
        poNumber: invoices.poNumber,
        paymentTermsDays: invoices.paymentTermsDays,
        issueDate: invoices.issueDate,
        dueDate: invoices.dueDate,
        supplementsInvoiceId: invoices.supplementsInvoiceId,
      },
      client: {
        code: clients.code,
        name: clients.name,
        country: clients.country,
        taxId: clients.taxId,
        billingContacts: clients.billingContacts,
      },
      contractCode: contracts.code,
      contractName: contracts.name,
      entity: {
        code: legalEntities.code,
        name: legalEntities.name,
        taxRegistration: legalEntities.taxRegistration,
        address: legalEntities.address,
      },
      // The open balance's parts and the open dispute (payment-store defines them once).
      creditedMinor: creditedMinorSql(),
      paidMinor: paidMinorSql(),
      openDispute: openDisputeSql(),
      lines: parts.lines.query,
      sources: lineSourcesJson,
      supplements: supplementsJson,
      supplemented: supplementedJson,
      exceptions: parts.exceptions.query,
      // The pre-send check stored at the latest submission (its audit row), in the same round trip.
      submittedDisputeRisk: submittedDisputeRiskSql,
    })
    .from(invoices)
    .innerJoin(clients, eq(clients.id, invoices.clientId))
    .innerJoin(contracts, eq(contracts.id, invoices.contractId))
    .innerJoin(legalEntities, eq(legalEntities.id, invoices.legalEntityId))
    .where(eq(invoices.id, sql.placeholder('id')));

const detailQuery = (db: DbOrTx) =>
  prepared(db, 'bc_invoice_detail', () => {
    const parts = detailParts();
    const query = detailSelect(db, parts).prepare('bc_invoice_detail');
    return { query, lines: parts.lines.decode, exceptions: parts.exceptions.decode };
  });

/** The detail's statement and its parameters but the invoice's id (the last), for bench/invoice-detail's EXPLAIN. */
export const invoiceDetailSqlText = (db: DbOrTx): { sql: string; params: unknown[] } =>
  detailSelect(db, detailParts()).toSQL();

/** One invoice with its lines, what each line bills, and its exceptions, in one statement. */
export async function getInvoiceDetail(db: DbOrTx, id: string) {
  const q = detailQuery(db);
  const [head] = await q.query.execute({ id });
  if (!head) return null;
  const json = <T>(v: T): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  return {
    ...head,
    lines: q.lines(head.lines),
    sources: json(head.sources),
    supplements: json(head.supplements),
    supplemented: json(head.supplemented),
    exceptions: q.exceptions(head.exceptions),
    submittedDisputeRisk: parseStoredDisputeRisk(head.submittedDisputeRisk),
  };
}

export interface ExceptionFilter {
  status?: string | undefined;
  type?: string | undefined;
  period?: string | undefined;
  /** The client's code. */
  clientCode?: string | undefined;
  severity?: string | undefined;
  /** The role that owns it. */
  ownerRole?: string | undefined;
  /** The user it is assigned to. */
  assignedTo?: string | undefined;
  /** Only exceptions of these legal entities (by contract, else client); null or undefined = all. */
  legalEntityIds?: string[] | null | undefined;
  limit: number;
  offset: number;
}

/** The legal entity an exception belongs to: its contract's, else its client's (null = firm-wide). */
export const exceptionEntityId = sql<string | null>`COALESCE(${contracts.legalEntityId}, ${clients.legalEntityId})`;

/** Exceptions, open and most urgent first. */
export async function listExceptions(db: DbOrTx, f: ExceptionFilter) {
  const where: SQL[] = [];
  if (f.status) where.push(sql`${billingExceptions.status} = ${f.status}`);
  if (f.type) where.push(sql`${billingExceptions.type} = ${f.type}`);
  if (f.period) where.push(eq(billingExceptions.period, f.period));
  if (f.clientCode) where.push(eq(clients.code, f.clientCode));
  if (f.severity) where.push(sql`${billingExceptions.severity} = ${f.severity}`);
  if (f.ownerRole) where.push(eq(billingExceptions.ownerRole, f.ownerRole));
  if (f.assignedTo) where.push(eq(billingExceptions.assignedTo, f.assignedTo));
  if (f.legalEntityIds)
    where.push(f.legalEntityIds.length ? sql`${exceptionEntityId} IN ${f.legalEntityIds}` : sql`false`);
  const cond = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select({
        exception: billingExceptions,
        contractCode: contracts.code,
        clientCode: clients.code,
        entityId: exceptionEntityId,
      })
      .from(billingExceptions)
      .leftJoin(contracts, eq(contracts.id, billingExceptions.contractId))
      .leftJoin(clients, eq(clients.id, billingExceptions.clientId))
      .where(cond)
      .orderBy(
        sql`CASE ${billingExceptions.status} WHEN 'resolved' THEN 1 ELSE 0 END`,
        sql`CASE ${billingExceptions.severity} WHEN 'blocking' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`,
        asc(billingExceptions.slaDueAt),
        asc(billingExceptions.id),
      )
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(billingExceptions)
      .leftJoin(contracts, eq(contracts.id, billingExceptions.contractId))
      .leftJoin(clients, eq(clients.id, billingExceptions.clientId))
      .where(cond),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}
