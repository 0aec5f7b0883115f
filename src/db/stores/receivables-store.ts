import { desc, eq, type SQL, sql } from 'drizzle-orm';
import type { RiskInvoice } from '../../billing/risk/features.ts';
import type { RiskModel } from '../../billing/risk/model.ts';
import { minorUnits } from '../../shared/currency.ts';
import { type DbOrTx, queryRows } from '../client.ts';
import { riskModels } from '../schema/index.ts';

/** A posted invoice as the risk models see it, with what collections needs beside. */
export interface LedgerInvoice extends RiskInvoice {
  number: string | null;
  legalEntityId: string;
  currency: string;
  totalMinor: bigint;
}

/** A row of the ledger as its statements select it (see ledgerHistory). */
export interface HistoryRow {
  id: string;
  number: string | null;
  legal_entity_id: string;
  client_id: string;
  country: string;
  delivery_channel: string;
  total_minor: string;
  currency: string;
  issue_date: string;
  due_date: string;
  status: string;
  dispute_opened: string | null;
  last_paid: string | null;
  status_changed: string | null;
}

/** A slice of the clients by id (inclusive bounds), for reading the ledger a batch of clients at a time. */
export interface ClientRange {
  from: string;
  to: string;
}

const clientFilter = (column: SQL, clients: string | ClientRange | undefined): SQL =>
  clients === undefined
    ? sql``
    : typeof clients === 'string'
      ? sql`AND ${column} = ${clients}`
      : sql`AND ${column} BETWEEN ${clients.from}::uuid AND ${clients.to}::uuid`;

/**
 * Every issued invoice (not credit notes, drafts or voids) with the dates its outcomes became known:
 * settled on the last payment applied to it when paid (else when its status changed), or when
 * written off; disputed on the first dispute's opening. One statement, read outside any transaction;
 * of one client, or of a range of clients.
 */
export async function ledgerHistory(db: DbOrTx, clients?: string | ClientRange): Promise<LedgerInvoice[]> {
  const rows = await queryRows<HistoryRow>(
    db,
    sql`
    SELECT i.id, i.number, i.legal_entity_id, i.client_id, c.country, c.delivery_channel::text, i.total_minor::text, i.currency,
      i.issue_date::text, i.due_date::text, i.status::text,
      (SELECT min(d.opened_at)::date::text FROM invoice_disputes d WHERE d.invoice_id = i.id) AS dispute_opened,
      (SELECT max(p.received_on)::text FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id AND p.status = 'recorded'
        WHERE pa.invoice_id = i.id) AS last_paid,
      i.status_changed_at::date::text AS status_changed
    FROM invoices i JOIN clients c ON c.id = i.client_id
    WHERE i.kind = 'invoice' AND i.issue_date IS NOT NULL AND i.due_date IS NOT NULL
      AND i.status NOT IN ('draft', 'pending_approval', 'approved', 'void')
      ${clientFilter(sql`i.client_id`, clients)}
    ORDER BY i.issue_date, i.id`,
  );
  return rows.map(ledgerInvoiceOf);
}

/** A ledger row as the risk models read it: settled on the last payment when paid (else on its status change), or when written off. */
export function ledgerInvoiceOf(r: HistoryRow): LedgerInvoice {
  return {
    id: r.id,
    number: r.number,
    legalEntityId: r.legal_entity_id,
    clientId: r.client_id,
    group: r.country,
    paperless: isPaperless(r.delivery_channel),
    amount: majorAmount(r.total_minor, r.currency),
    currency: r.currency,
    totalMinor: BigInt(r.total_minor),
    issueDate: r.issue_date,
    dueDate: r.due_date,
    settledDate: settledOn(r.status, r.last_paid, r.status_changed),
    disputeKnownOn: r.dispute_opened,
  };
}

/** Paper means the post; e-mail, portal and Peppol are electronic. */
export const isPaperless = (deliveryChannel: string): boolean => deliveryChannel !== 'post';

/** An amount in minor units (decimal text) as a float of major units, for the risk features only. */
export const majorAmount = (totalMinor: string, currency: string): number =>
  Number(totalMinor) / 10 ** minorUnits(currency);

/** When a ledger invoice settled: on its last payment when paid (else on its status change), or when written off. */
export const settledOn = (status: string, lastPaid: string | null, statusChanged: string | null): string | null =>
  status === 'paid' ? (lastPaid ?? statusChanged) : status === 'written_off' ? statusChanged : null;

/** What an invoice still owes on a date: its total less payments received and credit notes issued by then (optionally of a range of clients). */
export async function openAmountsAsOf(db: DbOrTx, asOf: string, clients?: ClientRange): Promise<Map<string, bigint>> {
  const rows = await queryRows<{ id: string; open: string }>(
    db,
    sql`
    SELECT i.id, (i.total_minor
      - COALESCE((SELECT SUM(pa.amount_minor) FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id
          WHERE pa.invoice_id = i.id AND p.received_on <= ${asOf}::date AND (p.status = 'recorded' OR p.reversed_at::date > ${asOf}::date)), 0)
      + COALESCE((SELECT SUM(cn.total_minor) FROM invoices cn WHERE cn.credits_invoice_id = i.id AND cn.kind = 'credit_note'
          AND cn.status <> 'void' AND cn.issue_date <= ${asOf}::date), 0))::text AS open
    FROM invoices i
    WHERE i.kind = 'invoice' AND i.issue_date <= ${asOf}::date
      AND i.status NOT IN ('draft', 'pending_approval', 'approved', 'void')
      AND NOT (i.status = 'written_off' AND i.status_changed_at::date <= ${asOf}::date)
      ${clientFilter(sql`i.client_id`, clients)}`,
  );
  return new Map(rows.filter((r) => BigInt(r.open) > 0n).map((r) => [r.id, BigInt(r.open)]));
}

/** Disputes open on a date (opened by then and not resolved by then), by invoice. */
export async function disputesOpenOn(db: DbOrTx, asOf: string): Promise<Set<string>> {
  const rows = await queryRows<{ invoice_id: string }>(
    db,
    sql`
    SELECT DISTINCT invoice_id FROM invoice_disputes
    WHERE opened_at::date <= ${asOf}::date AND (resolved_at IS NULL OR resolved_at::date > ${asOf}::date)`,
  );
  return new Set(rows.map((r) => r.invoice_id));
}

export interface ClientCollectionFacts {
  clientId: string;
  code: string;
  segment: string;
  creditLimitMinor: bigint | null;
  creditLimitCurrency: string | null;
  collectorId: string | null;
  activeProjects: number;
}

/** Per client: segment, credit limit, assigned collector and active projects. */
export async function clientCollectionFacts(db: DbOrTx): Promise<Map<string, ClientCollectionFacts>> {
  return new Map((await clientFactsWhere(db, sql`true`, null)).map((f) => [f.clientId, f]));
}

/** clientCollectionFacts of the clients `where` picks, by id, at most `limit` of them (all when null). */
export async function clientFactsWhere(db: DbOrTx, where: SQL, limit: number | null): Promise<ClientCollectionFacts[]> {
  const rows = await queryRows<{
    id: string;
    code: string;
    segment: string;
    credit_limit_minor: string | null;
    credit_limit_currency: string | null;
    collector_id: string | null;
    active: string;
  }>(
    db,
    sql`
    SELECT c.id, c.code, c.segment, c.credit_limit_minor::text, c.credit_limit_currency, cc.collector_id,
      (SELECT count(*) FROM projects p JOIN contracts k ON k.id = p.contract_id WHERE k.client_id = c.id AND p.status = 'active')::text AS active
    FROM clients c LEFT JOIN client_collectors cc ON cc.client_id = c.id
    WHERE ${where}
    ORDER BY c.id${limit === null ? sql`` : sql` LIMIT ${limit}`}`,
  );
  return rows.map((r) => ({
    clientId: r.id,
    code: r.code,
    segment: r.segment,
    collectorId: r.collector_id,
    activeProjects: Number(r.active),
    creditLimitMinor: r.credit_limit_minor === null ? null : BigInt(r.credit_limit_minor),
    creditLimitCurrency: r.credit_limit_currency,
  }));
}

/** The newest stored risk model, or null before the first `models train`. */
export async function latestRiskModel(db: DbOrTx): Promise<{ version: number; model: RiskModel } | null> {
  const [row] = await db.select().from(riskModels).orderBy(desc(riskModels.version)).limit(1);
  return row ? { version: row.version, model: row.model as unknown as RiskModel } : null;
}

/** A stored model version. */
export async function riskModelVersion(db: DbOrTx, version: number) {
  const [row] = await db.select().from(riskModels).where(eq(riskModels.version, version));
  return row ?? null;
}
