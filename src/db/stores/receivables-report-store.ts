import { sql } from 'drizzle-orm';
import { inEntities } from './entity-scope.ts';
import type { PromiseFact, ReceivableFacts } from '../../billing/receivables/receivables.ts';
import { addDays } from '../../shared/dates.ts';
import { queryRows, type DbOrTx } from '../client.ts';
import { openAmountsAsOf } from './receivables-store.ts';

/**
 * Every posted invoice that matters to receivables on `asOf` for a period starting `periodStart`:
 * open on the as-of date, open the day before the period, or issued in the period; with its open
 * amounts then and the days it is expected to be paid late: the newest prioritization run's
 * late-payment model score on or before the date, else the client's average days late over its paid
 * invoices, else 0 (on its due date). `entityIds` null = every entity.
 */
export async function receivableFacts(
  db: DbOrTx,
  asOf: string,
  periodStart: string,
  entityIds: readonly string[] | null,
): Promise<ReceivableFacts[]> {
  const [openNow, openBefore] = [await openAmountsAsOf(db, asOf), await openAmountsAsOf(db, addDays(periodStart, -1))];
  const entityFilter = inEntities(sql.raw('i.legal_entity_id'), entityIds);
  const rows = await queryRows<{
    id: string;
    number: string | null;
    client_id: string;
    client: string;
    segment: string;
    entity: string;
    currency: string;
    total: string;
    issue: string;
    due: string;
    disputed: boolean;
    late_fee: boolean;
    credit_limit: string | null;
    credit_currency: string | null;
  }>(
    db,
    sql`
    SELECT i.id, i.number, i.client_id, c.code AS client, c.segment, le.code AS entity, i.currency, i.total_minor::text AS total,
           i.issue_date::text AS issue, i.due_date::text AS due,
           c.credit_limit_minor::text AS credit_limit, c.credit_limit_currency AS credit_currency,
           EXISTS (SELECT 1 FROM invoice_disputes d WHERE d.invoice_id = i.id AND d.opened_at < (${asOf}::date + 1)) AS disputed,
           EXISTS (SELECT 1 FROM invoice_lines l WHERE l.invoice_id = i.id AND l.kind = 'late_fee') AS late_fee
      FROM invoices i JOIN clients c ON c.id = i.client_id JOIN legal_entities le ON le.id = i.legal_entity_id
     WHERE i.kind = 'invoice' AND i.issue_date IS NOT NULL AND i.due_date IS NOT NULL AND i.issue_date <= ${asOf}::date
       AND i.status NOT IN ('draft', 'pending_approval', 'approved', 'void') AND ${entityFilter}`,
  );
  const relevant = rows.filter((r) => openNow.has(r.id) || openBefore.has(r.id) || r.issue >= periodStart);
  const scored = new Map(
    (
      await queryRows<{ invoice_id: string; days: string; late: string }>(
        db,
        sql`
    SELECT wi.invoice_id, wi.expected_days_late::text AS days, wi.late_probability::text AS late FROM worklist_items wi
     WHERE wi.run_id = (SELECT r.id FROM worklist_runs r WHERE r.as_of <= ${asOf}::date ORDER BY r.as_of DESC LIMIT 1)`,
      )
    ).map((r) => [r.invoice_id, { days: Number(r.days), late: Number(r.late) }]),
  );
  const history = new Map(
    (
      await queryRows<{ client_id: string; days: string }>(
        db,
        sql`
    SELECT s.client_id, AVG(GREATEST(0, s.settled - s.due_date))::text AS days FROM (
      SELECT i.client_id, i.due_date, MAX(p.received_on) AS settled FROM invoices i
        JOIN payment_allocations pa ON pa.invoice_id = i.id JOIN payments p ON p.id = pa.payment_id AND p.status = 'recorded'
       WHERE i.status = 'paid' AND i.due_date IS NOT NULL AND p.received_on <= ${asOf}::date GROUP BY i.id, i.client_id, i.due_date) s
     GROUP BY s.client_id`,
      )
    ).map((r) => [r.client_id, Number(r.days)]),
  );
  return relevant.map((r) => {
    const model = scored.get(r.id);
    const past = history.get(r.client_id);
    return {
      invoiceId: r.id,
      number: r.number ?? r.id,
      clientCode: r.client,
      entityCode: r.entity,
      segment: r.segment,
      currency: r.currency,
      totalMinor: BigInt(r.total),
      issueDate: r.issue,
      dueDate: r.due,
      openMinor: openNow.get(r.id) ?? 0n,
      openAtStartMinor: openBefore.get(r.id) ?? 0n,
      expectedDaysLate: model?.days ?? past ?? 0,
      ...(model ? { lateProbability: model.late } : {}),
      lateBasis: model !== undefined ? 'risk_model' : past !== undefined ? 'client_history' : 'due_date',
      disputed: r.disputed === true || (r.disputed as unknown) === 't',
      lateFee: r.late_fee === true || (r.late_fee as unknown) === 't',
      creditLimitMinor: r.credit_limit === null ? null : BigInt(r.credit_limit),
      creditLimitCurrency: r.credit_currency?.trim() || null,
    };
  });
}

/**
 * Promises to pay on invoices of the entities given whose promised date falls in [from, to), as known
 * on `asOf` (recorded by then; superseded ones left out), with their state on that day.
 */
export async function promisesAround(
  db: DbOrTx,
  asOf: string,
  from: string,
  to: string,
  entityIds: readonly string[] | null,
): Promise<PromiseFact[]> {
  const rows = await queryRows<{ currency: string; amount: string; promised_for: string; state: PromiseFact['state'] }>(
    db,
    sql`
    SELECT p.currency, p.amount_minor::text AS amount, p.promised_for::text,
           CASE WHEN p.status = 'kept' AND p.closed_on <= ${asOf}::date THEN 'kept'
                WHEN p.promised_for >= ${asOf}::date AND NOT (p.status = 'broken' AND p.closed_on <= ${asOf}::date) THEN 'open'
                ELSE 'missed' END AS state
      FROM promises_to_pay p JOIN invoices i ON i.id = p.invoice_id
     WHERE p.status <> 'superseded' AND p.recorded_at < (${asOf}::date + 1)
       AND p.promised_for >= ${from}::date AND p.promised_for < ${to}::date
       AND ${inEntities(sql.raw('i.legal_entity_id'), entityIds)}`,
  );
  return rows.map((r) => ({
    currency: r.currency.trim(),
    amountMinor: BigInt(r.amount),
    promisedFor: r.promised_for,
    state: r.state,
  }));
}
