import { and, asc, eq, getTableColumns, inArray, lte, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../client.ts';
import {
  clients,
  contracts,
  exchangeRates,
  expenses,
  invoiceLineExpenses,
  invoiceLineMilestones,
  invoiceLineUsage,
  milestones,
  people,
  rateCardEntries,
  retainerPeriods,
  taxRates,
  usageRecords,
} from '../schema/index.ts';
import type { ExchangeRate, TaxRate, TimeEntry } from '../../billing/model.ts';
import type { ContractBatch } from '../../billing/billing-run/ports.ts';
import type { HoldRules } from '../../billing/invoices/hold-rules.ts';
import { currentMatrix } from './approval-matrix-store.ts';
import {
  toClientTerms,
  toContractTerms,
  toExchangeRate,
  toExpense,
  toTaxRate,
  toTimeEntry,
  toUsageRecord,
  type TimeEntryScanRow,
} from './rows.ts';

/**
 * Reference data every contract's rating needs, loaded once per run: small tables, and the hold
 * rules (heldLines) of the approval matrix in force.
 */
export async function loadReferenceData(
  db: DbOrTx,
): Promise<{ exchangeRates: ExchangeRate[]; taxRates: TaxRate[]; holdRules: HoldRules }> {
  const [x, t, m] = await Promise.all([db.select().from(exchangeRates), db.select().from(taxRates), currentMatrix(db)]);
  return { exchangeRates: x.map(toExchangeRate), taxRates: t.map(toTaxRate), holdRules: m.matrix.heldLines };
}

/** Ids of contracts that can bill in a period (started by its end, not draft), in id order. */
export async function listBillableContractIds(db: DbOrTx, periodEnd: string): Promise<string[]> {
  const rows = await db
    .select({ id: contracts.id })
    .from(contracts)
    .where(and(lte(contracts.startDate, periodEnd), sql`${contracts.status} <> 'draft'`))
    .orderBy(asc(contracts.id));
  return rows.map((r) => r.id);
}

/** SQL fragment: the source is billed on an invoice other than this period's regenerable draft. */
const billedElsewhere = (linkTable: string, column: string, alias: string, period: string) =>
  sql.raw(
    `EXISTS (SELECT 1 FROM ${linkTable} l JOIN invoice_lines il ON il.id = l.line_id JOIN invoices i ON i.id = il.invoice_id
   WHERE l.${column} = ${alias}.id AND NOT (i.status = 'draft' AND i.period = '${period}' AND i.supplements_invoice_id IS NULL))`,
  );

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The unbilled time entries of some contracts for a period: approved ones up to its end, and
 * submitted ones of the period (not billed; they raise unapproved_time).
 */
export function timeEntryRows(
  db: DbOrTx,
  ids: readonly string[],
  period: string,
  periodStart: string,
  periodEnd: string,
): Promise<TimeEntryScanRow[]> {
  // The period and the ids go into the statement as text (billedElsewhere, the uuid[] literal).
  if (!/^\d{4}-\d{2}$/.test(period)) throw new Error(`bad period ${period}`);
  if (!ids.every((id) => UUID.test(id))) throw new Error('bad contract id');
  const idList = sql.raw(`'{${ids.join(',')}}'::uuid[]`);
  return queryRows<TimeEntryScanRow>(
    db,
    sql`SELECT te.id::text AS id, te.contract_id, te.person_id, te.project_id, te.role, te.work_date::text AS work_date,
      te.hours::text AS hours, te.billable, te.approval_status, te.rate_quoted::text AS rate_quoted, te.description
    FROM time_entries te
    WHERE te.contract_id = ANY(${idList}) AND te.billable AND te.work_date <= ${periodEnd}
      AND (te.approval_status = 'approved' OR (te.approval_status = 'submitted' AND te.work_date >= ${periodStart}))
      AND NOT ${billedElsewhere('invoice_line_time_entries', 'time_entry_id', 'te', period)}`,
  );
}

/**
 * Loads everything the core rates for these contracts: approved or submitted billable time up to the
 * period end that no other invoice holds (late approvals from earlier months are caught up), expenses
 * (approved, and submitted ones of the period), usage, unbilled milestones, retainer rollover and cap consumption.
 */
export async function loadContractBatch(
  db: DbOrTx,
  ids: string[],
  period: string,
  periodStart: string,
  periodEnd: string,
  /** Supplies the time entries instead of querying them (a cursor over the whole period on PostgreSQL). */
  /** Grouped by contract (the cursor), or as rows (grouped here). */
  timeEntriesFrom?: (ids: string[]) => Promise<Map<string, TimeEntry[]> | TimeEntryScanRow[]>,
): Promise<ContractBatch> {
  if (!/^\d{4}-\d{2}$/.test(period)) throw new Error(`bad period ${period}`);
  const idList = sql.raw(`'{${ids.join(',')}}'::uuid[]`);
  const [cRows, rcRows, msRows, teRows, exRows, usRows, rpRows, btdRows, invRows, resRows] = await Promise.all([
    db
      .select()
      .from(contracts)
      .innerJoin(clients, eq(clients.id, contracts.clientId))
      .where(inArray(contracts.id, ids)),
    // The override's person name goes into the line description (the line links the person by id).
    db
      .select({ ...getTableColumns(rateCardEntries), personName: people.name })
      .from(rateCardEntries)
      .leftJoin(people, eq(people.id, rateCardEntries.personId))
      .where(inArray(rateCardEntries.contractId, ids)),
    db
      .select()
      .from(milestones)
      .where(
        and(
          inArray(milestones.contractId, ids),
          sql`NOT EXISTS (SELECT 1 FROM ${invoiceLineMilestones} l JOIN invoice_lines il ON il.id = l.line_id JOIN invoices i ON i.id = il.invoice_id
        WHERE l.milestone_id = ${milestones.id} AND NOT (i.status = 'draft' AND i.period = ${period} AND i.supplements_invoice_id IS NULL))`,
        ),
      ),
    timeEntriesFrom ? timeEntriesFrom(ids) : timeEntryRows(db, ids, period, periodStart, periodEnd),
    db
      .select()
      .from(expenses)
      .where(
        and(
          // Submitted ones of the period too: they are not billed, but raise unapproved_expense.
          inArray(expenses.contractId, ids),
          lte(expenses.incurredOn, periodEnd),
          sql`(${expenses.approvalStatus} = 'approved' OR (${expenses.approvalStatus} = 'submitted' AND ${expenses.incurredOn} >= ${periodStart}))`,
          sql`NOT EXISTS (SELECT 1 FROM ${invoiceLineExpenses} l JOIN invoice_lines il ON il.id = l.line_id JOIN invoices i ON i.id = il.invoice_id
        WHERE l.expense_id = ${expenses.id} AND NOT (i.status = 'draft' AND i.period = ${period} AND i.supplements_invoice_id IS NULL))`,
        ),
      ),
    db
      .select()
      .from(usageRecords)
      .where(
        and(
          inArray(usageRecords.contractId, ids),
          lte(usageRecords.occurredOn, periodEnd),
          sql`NOT EXISTS (SELECT 1 FROM ${invoiceLineUsage} l JOIN invoice_lines il ON il.id = l.line_id JOIN invoices i ON i.id = il.invoice_id
        WHERE l.usage_record_id = ${usageRecords.id} AND NOT (i.status = 'draft' AND i.period = ${period} AND i.supplements_invoice_id IS NULL))`,
        ),
      ),
    db
      .select()
      .from(retainerPeriods)
      .where(and(inArray(retainerPeriods.contractId, ids), sql`${retainerPeriods.period} < ${period}`))
      .orderBy(asc(retainerPeriods.period)),
    queryRows<{ contract_id: string; consumed: string }>(
      db,
      sql`SELECT i.contract_id, COALESCE(SUM(i.nte_consumed_minor), 0)::text AS consumed FROM invoices i
      WHERE i.contract_id = ANY(${idList}) AND i.kind = 'invoice' AND i.status NOT IN ('void')
        AND NOT (i.status = 'draft' AND i.period = ${period} AND i.supplements_invoice_id IS NULL) GROUP BY i.contract_id`,
    ),
    // The standard invoice; a draft one that already has a supplementary invoice (it was sent back to
    // draft after a held line was carried off it) is left as it is: re-rating it could bill again what
    // the supplement bills.
    queryRows<{ id: string; contract_id: string; status: string }>(
      db,
      sql`SELECT i.id, i.contract_id,
        CASE WHEN i.status = 'draft' AND EXISTS (SELECT 1 FROM invoices s WHERE s.supplements_invoice_id = i.id AND s.status <> 'void')
          THEN 'draft_with_supplement' ELSE i.status::text END AS status
      FROM invoices i WHERE i.contract_id = ANY(${idList}) AND i.period = ${period}
      AND i.kind = 'invoice' AND i.status <> 'void' AND i.supplements_invoice_id IS NULL`,
    ),
    // With what a releasing resolution let through (its latest exception.resolve audit row's `released`): a release
    // binds that amount (applyResolutions).
    queryRows<{ contract_id: string; dedupe_key: string; resolution_code: string; released_minor: string | null }>(
      db,
      sql`SELECT e.contract_id, e.dedupe_key, e.resolution_code,
        (SELECT a.after -> 'released' ->> 'amountMinor' FROM audit_log a
          WHERE a.target_type = 'exception' AND a.target_id = e.id::text AND a.action = 'exception.resolve'
          ORDER BY a.seq DESC LIMIT 1) AS released_minor
      FROM exceptions e
      WHERE e.contract_id = ANY(${idList}) AND e.period = ${period} AND e.status = 'resolved' AND e.resolution_code IS NOT NULL`,
    ),
  ]);

  const batch: ContractBatch = {
    contracts: new Map(),
    timeEntries: new Map(),
    expenses: new Map(),
    usage: new Map(),
    retainerRollover: new Map(),
    billedToDate: new Map(),
    existing: new Map(),
    resolutions: new Map(),
    releasedAmounts: new Map(),
  };
  const group = <T>(map: Map<string, T[]>, key: string, v: T) => {
    const list = map.get(key);
    if (list) list.push(v);
    else map.set(key, [v]);
  };
  const rc = new Map<string, (typeof rcRows)[number][]>();
  for (const r of rcRows) group(rc, r.contractId, r);
  const ms = new Map<string, (typeof msRows)[number][]>();
  for (const m of msRows) group(ms, m.contractId, m);
  for (const row of cRows) {
    batch.contracts.set(row.contracts.id, {
      terms: toContractTerms(row.contracts, rc.get(row.contracts.id) ?? [], ms.get(row.contracts.id) ?? []),
      client: toClientTerms(row.clients),
    });
  }
  if (teRows instanceof Map) batch.timeEntries = teRows;
  else for (const r of teRows) group(batch.timeEntries, r.contract_id, toTimeEntry(r));
  for (const e of exRows) group(batch.expenses, e.contractId, toExpense(e));
  for (const u of usRows) group(batch.usage, u.contractId, toUsageRecord(u));
  for (const r of rpRows) batch.retainerRollover.set(r.contractId, r.rolloverOutHours); // ascending: last wins
  for (const r of btdRows) batch.billedToDate.set(r.contract_id, BigInt(r.consumed));
  for (const r of invRows) batch.existing.set(r.contract_id, { id: r.id, status: r.status });
  for (const r of resRows) {
    const m = batch.resolutions.get(r.contract_id) ?? new Map<string, string>();
    m.set(r.dedupe_key, r.resolution_code);
    batch.resolutions.set(r.contract_id, m);
    if (r.released_minor !== null && /^-?\d+$/.test(r.released_minor)) {
      const a = batch.releasedAmounts!.get(r.contract_id) ?? new Map<string, bigint>();
      a.set(r.dedupe_key, BigInt(r.released_minor));
      batch.releasedAmounts!.set(r.contract_id, a);
    }
  }
  return batch;
}
