/**
 * What the nightly prioritization reads, a batch of clients at a time: the clients, their ledger and
 * the dispute scores stored at issue. How it writes its scored rows: worklist-staging-store.ts.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { PromiseOnRecord } from '../../billing/collections/receivable-facts.ts';
import { type DbOrTx, queryRows, type RawSql } from '../client.ts';
import { arrayLiteral } from './worklist-staging-store.ts';
import {
  type ClientCollectionFacts,
  clientFactsWhere,
  type HistoryRow,
  isPaperless,
  type LedgerInvoice,
  majorAmount,
  settledOn,
} from './receivables-store.ts';
import type { ScoreKey } from './dispute-scores-store.ts';

/**
 * The next `limit` clients by id after `after` (from the first when null), with their segment,
 * credit limit, collector and active projects.
 */
export async function clientsAfter(db: DbOrTx, after: string | null, limit: number): Promise<ClientCollectionFacts[]> {
  return clientFactsWhere(db, after === null ? sql`true` : sql`c.id > ${after}::uuid`, limit);
}

/** clientsAfter's facts of the given clients. */
export async function clientsIn(db: DbOrTx, ids: readonly string[]): Promise<ClientCollectionFacts[]> {
  return clientFactsWhere(db, sql`c.id = ANY(${arrayLiteral(ids, true)}::uuid[])`, ids.length);
}

/** The ledger of a range of clients as the run reads it on a date. */
export interface ClientsLedger {
  /** Every issued invoice issued by the date, in ledgerHistory's order (issue date, id) within each client. */
  history: LedgerInvoice[];
  /** What each invoice still owes on the date, where positive and not written off by then (openAmountsAsOf). */
  open: Map<string, bigint>;
  /** Invoices with a dispute open on the date (disputesOpenOn). */
  disputed: Set<string>;
  /** The latest promise to pay on each invoice as recorded by the date (promisesAsOf), with whether it was open then. */
  promises: Map<string, PromiseOnRecord>;
  /** Step keys in the reminder outbox by the date, by invoice (outboxSteps): what dunning has sent. */
  sent: Map<string, Set<string>>;
  /** Dispute probabilities at issue stored under the run's model (invoice_dispute_scores), by invoice. */
  disputeAtIssue: Map<string, number>;
}

type LedgerRow = HistoryRow & {
  open_minor: string | null;
  dispute_open: boolean;
  promised_for: string | null;
  promised_minor: string | null;
  open_at_record_minor: string | null;
  promise_currency: string | null;
  promise_id: string | null;
  promise_open: boolean | null;
  sent_steps: string | null;
  dispute_at_issue: string | null;
};

/** No stored model: a key no score is stored under. */
const NO_KEY: ScoreKey = { version: -1, hash: '' };

/**
 * One statement for the clients with ids from `from` to `to`: what ledgerHistory, openAmountsAsOf,
 * disputesOpenOn, promisesAsOf (with openPromises' open-on-the-date) and outboxSteps read, with the same
 * rules, joined once per invoice (aggregates per invoice instead of a subquery per row).
 */
export async function ledgerOfClients(
  db: DbOrTx,
  asOf: string,
  range: { from: string; to: string },
  key: ScoreKey | null = null,
): Promise<ClientsLedger> {
  const k = key ?? NO_KEY;
  const rows = await queryRows<LedgerRow>(
    db,
    sql`
    WITH inv AS MATERIALIZED (
      SELECT i.id, i.number, i.legal_entity_id, i.client_id, c.country, c.delivery_channel::text AS delivery_channel,
        i.total_minor, i.currency, i.issue_date, i.due_date, i.status, i.status_changed_at
      FROM invoices i JOIN clients c ON c.id = i.client_id
      WHERE i.client_id BETWEEN ${range.from}::uuid AND ${range.to}::uuid
        AND i.kind = 'invoice' AND i.issue_date IS NOT NULL AND i.due_date IS NOT NULL AND i.issue_date <= ${asOf}::date
        AND i.status NOT IN ('draft', 'pending_approval', 'approved', 'void')),
    disp AS (
      SELECT d.invoice_id, min(d.opened_at)::date AS opened,
        bool_or(d.opened_at::date <= ${asOf}::date AND (d.resolved_at IS NULL OR d.resolved_at::date > ${asOf}::date)) AS open_on
      FROM invoice_disputes d JOIN inv ON inv.id = d.invoice_id GROUP BY d.invoice_id),
    paid AS (
      SELECT pa.invoice_id, max(p.received_on) FILTER (WHERE p.status = 'recorded') AS last_paid,
        sum(pa.amount_minor) FILTER (WHERE p.received_on <= ${asOf}::date
          AND (p.status = 'recorded' OR p.reversed_at::date > ${asOf}::date)) AS paid
      FROM payment_allocations pa JOIN inv ON inv.id = pa.invoice_id JOIN payments p ON p.id = pa.payment_id
      GROUP BY pa.invoice_id),
    credited AS (
      SELECT cn.credits_invoice_id AS invoice_id, sum(cn.total_minor) AS credited
      FROM invoices cn JOIN inv ON inv.id = cn.credits_invoice_id
      WHERE cn.kind = 'credit_note' AND cn.status <> 'void' AND cn.issue_date <= ${asOf}::date
      GROUP BY cn.credits_invoice_id),
    prom AS (
      SELECT DISTINCT ON (t.invoice_id) t.invoice_id, t.promised_for, t.amount_minor, t.open_at_record_minor, t.currency,
        t.id, (t.status = 'open' OR t.closed_on > ${asOf}::date) AS open_on
      FROM promises_to_pay t JOIN inv ON inv.id = t.invoice_id
      WHERE (t.recorded_at AT TIME ZONE 'UTC')::date <= ${asOf}::date AND NOT (t.status = 'superseded' AND t.closed_on <= ${asOf}::date)
      ORDER BY t.invoice_id, t.recorded_at DESC, t.id),
    sent AS (
      SELECT o.invoice_id, string_agg(o.step, ',') AS steps
      FROM reminder_outbox o JOIN inv ON inv.id = o.invoice_id WHERE o.as_of <= ${asOf}::date GROUP BY o.invoice_id)
    SELECT inv.id, inv.number, inv.legal_entity_id, inv.client_id, inv.country, inv.delivery_channel, inv.total_minor::text,
      inv.currency, inv.issue_date::text, inv.due_date::text, inv.status::text, disp.opened::text AS dispute_opened,
      paid.last_paid::text, inv.status_changed_at::date::text AS status_changed,
      CASE WHEN NOT (inv.status = 'written_off' AND inv.status_changed_at::date <= ${asOf}::date)
        THEN (inv.total_minor - COALESCE(paid.paid, 0) + COALESCE(credited.credited, 0))::text END AS open_minor,
      COALESCE(disp.open_on, false) AS dispute_open,
      prom.promised_for::text, prom.amount_minor::text AS promised_minor, prom.open_at_record_minor::text,
      prom.currency AS promise_currency, prom.id AS promise_id, prom.open_on AS promise_open, sent.steps AS sent_steps,
      s.probability::text AS dispute_at_issue
    FROM inv
      LEFT JOIN disp ON disp.invoice_id = inv.id
      LEFT JOIN paid ON paid.invoice_id = inv.id
      LEFT JOIN credited ON credited.invoice_id = inv.id
      LEFT JOIN prom ON prom.invoice_id = inv.id
      LEFT JOIN sent ON sent.invoice_id = inv.id
      LEFT JOIN invoice_dispute_scores s ON s.invoice_id = inv.id AND s.model_version = ${k.version}::int AND s.model_hash = ${k.hash}
    ORDER BY inv.client_id, inv.issue_date, inv.id`,
  );
  return toClientsLedger(rows.map((r) => LEDGER_COLUMNS.map((c) => r[c])));
}

/** The ledger statements' columns in the order both select them: toClientsLedger reads a row by position. */
const LEDGER_COLUMNS = [
  'id',
  'number',
  'legal_entity_id',
  'client_id',
  'country',
  'delivery_channel',
  'total_minor',
  'currency',
  'issue_date',
  'due_date',
  'status',
  'dispute_opened',
  'last_paid',
  'status_changed',
  'open_minor',
  'dispute_open',
  'promised_for',
  'promised_minor',
  'open_at_record_minor',
  'promise_currency',
  'promise_id',
  'promise_open',
  'sent_steps',
  'dispute_at_issue',
] as const satisfies readonly (keyof LedgerRow)[];
/**
 * Throws unless a positional read's columns are LEDGER_COLUMNS in that order (the cursor's select list
 * and toClientsLedger's positions kept apart would otherwise mix fields silently).
 */
function checkLedgerColumns(columns: readonly string[]): void {
  if (columns.length === LEDGER_COLUMNS.length && columns.every((c, n) => c === LEDGER_COLUMNS[n])) return;
  throw new Error(
    `prioritize ledger: the cursor's columns are ${columns.join(', ')}; the rows are read as ${LEDGER_COLUMNS.join(', ')}`,
  );
}

/** Where the client id is in a row of LEDGER_COLUMNS. */
const CLIENT_ID = 3;

/**
 * The chunk's ledger from its rows as arrays in LEDGER_COLUMNS' order (the cursor reads them so: pg
 * built an object of 24 properties per row, a good part of reading a row), each invoice as
 * ledgerInvoiceOf makes it (the same fields, rules and order).
 */
function toClientsLedger(rows: readonly (readonly unknown[])[]): ClientsLedger {
  const out: ClientsLedger = {
    history: [],
    open: new Map(),
    disputed: new Set(),
    promises: new Map(),
    sent: new Map(),
    disputeAtIssue: new Map(),
  };
  for (const r of rows) {
    const id = r[0] as string,
      totalMinor = r[6] as string,
      currency = r[7] as string;
    out.history.push({
      id,
      number: r[1] as string | null,
      legalEntityId: r[2] as string,
      clientId: r[3] as string,
      group: r[4] as string,
      paperless: isPaperless(r[5] as string),
      amount: majorAmount(totalMinor, currency),
      currency,
      totalMinor: BigInt(totalMinor),
      issueDate: r[8] as string,
      dueDate: r[9] as string,
      settledDate: settledOn(r[10] as string, r[12] as string | null, r[13] as string | null),
      disputeKnownOn: r[11] as string | null,
    });
    const openMinor = r[14] as string | null;
    if (openMinor !== null) {
      const owed = BigInt(openMinor);
      if (owed > 0n) out.open.set(id, owed);
    }
    if (r[15] === true || r[15] === 't') out.disputed.add(id);
    const promisedFor = r[16] as string | null;
    if (promisedFor !== null) {
      out.promises.set(id, {
        id: r[20] as string,
        open: r[21] === true || r[21] === 't',
        promisedFor,
        amountMinor: BigInt(r[17] as string),
        openAtRecordMinor: BigInt(r[18] as string),
        currency: r[19] as string,
      });
    }
    const sentSteps = r[22] as string | null;
    if (sentSteps !== null) out.sent.set(id, new Set(sentSteps.split(',')));
    const atIssue = r[23] as string | null;
    if (atIssue !== null) out.disputeAtIssue.set(id, Number(atIssue));
  }
  return out;
}

/**
 * The dispute scores at issue stored under `key` of the given invoices, each looked up by the primary
 * key (disputeScoresQuery). The cursor reads them so, a chunk at a time, rather than in its join: a
 * cursor's plan is fixed when it is declared, and on the first night under a model (an empty table as
 * far as the planner knows) the join cost 74 s of server CPU at 100,000 invoices against about 6 s this
 * way (most likely a plan that scans the table the run is filling once per ledger row; the plan was not
 * captured).
 */
export async function disputeScoresOf(db: DbOrTx, key: ScoreKey, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<{ invoice_id: string; probability: string }>(db, disputeScoresQuery(key, ids));
  return new Map(rows.map((r) => [r.invoice_id, Number(r.probability)]));
}

/**
 * disputeScoresOf's statement: one probe of the primary key (invoice_id, model_version) per id, a
 * LATERAL ... LIMIT 1 the planner cannot turn into a scan. As `invoice_id = ANY($ids)` (or a join with
 * unnest) the planner scanned the whole table for every chunk (a parallel sequential scan, or a hash of
 * it): at 400,000 scores about as cheap as 20,000 probes, but the scan grows with the table, so over a
 * run the reads grew with the square of the ledger. The ids are probed sorted, so neighbouring probes meet
 * pages just read (about a fifth less CPU than in chunk order); the server sorts them (16-byte uuids,
 * a few milliseconds a chunk), where sorting their texts in JS cost the run more. Exported for the test
 * that reads its plan.
 */
export function disputeScoresQuery(key: ScoreKey, ids: readonly string[]): SQL {
  return sql`SELECT s.invoice_id, s.probability::text
    FROM (SELECT id FROM unnest(${arrayLiteral(ids, true)}::uuid[]) AS v(id) ORDER BY id) AS u(id)
      CROSS JOIN LATERAL (
        SELECT s.invoice_id, s.probability FROM invoice_dispute_scores s
        WHERE s.invoice_id = u.id AND s.model_version = ${key.version}::int AND s.model_hash = ${key.hash}
        LIMIT 1) s`;
}

/**
 * The whole ledger as of `asOf` through a cursor in client order, `fetchRows` rows a fetch, in
 * chunks of whole clients (what ledgerOfClients gives for a range). One read-only snapshot
 * (REPEATABLE READ) on a connection of its own: the aggregates over disputes, payments, credit notes
 * and promises are hashed once, and the invoices table is read once, where a range of random client
 * ids reads a good part of its pages for every range. It takes no lock anything but DDL waits on.
 * Its chunks carry no dispute scores: disputeScoresOf reads them.
 */
export async function* ledgerInClientOrder(
  conn: RawSql,
  asOf: string,
  fetchRows: number,
): AsyncGenerator<ClientsLedger> {
  await conn.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  let committed = false;
  try {
    await conn.query(
      // The columns in LEDGER_COLUMNS' order: the rows are read by position.
      `DECLARE prioritize_ledger NO SCROLL CURSOR FOR
      SELECT i.id, i.number, i.legal_entity_id, i.client_id, c.country, c.delivery_channel::text AS delivery_channel,
        i.total_minor::text, i.currency, i.issue_date::text, i.due_date::text, i.status::text, disp.opened::text AS dispute_opened,
        paid.last_paid::text, i.status_changed_at::date::text AS status_changed,
        CASE WHEN NOT (i.status = 'written_off' AND i.status_changed_at::date <= $1::date)
          THEN (i.total_minor - COALESCE(paid.paid, 0) + COALESCE(credited.credited, 0))::text END AS open_minor,
        COALESCE(disp.open_on, false) AS dispute_open,
        prom.promised_for::text, prom.amount_minor::text AS promised_minor, prom.open_at_record_minor::text,
        prom.currency AS promise_currency, prom.id AS promise_id, prom.open_on AS promise_open, sent.steps AS sent_steps,
        NULL AS dispute_at_issue
      FROM invoices i JOIN clients c ON c.id = i.client_id
        LEFT JOIN (
          SELECT d.invoice_id, min(d.opened_at)::date AS opened,
            bool_or(d.opened_at::date <= $1::date AND (d.resolved_at IS NULL OR d.resolved_at::date > $1::date)) AS open_on
          FROM invoice_disputes d GROUP BY d.invoice_id) disp ON disp.invoice_id = i.id
        LEFT JOIN (
          SELECT pa.invoice_id, max(p.received_on) FILTER (WHERE p.status = 'recorded') AS last_paid,
            sum(pa.amount_minor) FILTER (WHERE p.received_on <= $1::date
              AND (p.status = 'recorded' OR p.reversed_at::date > $1::date)) AS paid
          FROM payment_allocations pa JOIN payments p ON p.id = pa.payment_id GROUP BY pa.invoice_id) paid ON paid.invoice_id = i.id
        LEFT JOIN (
          SELECT cn.credits_invoice_id AS invoice_id, sum(cn.total_minor) AS credited FROM invoices cn
          WHERE cn.kind = 'credit_note' AND cn.status <> 'void' AND cn.issue_date <= $1::date
          GROUP BY cn.credits_invoice_id) credited ON credited.invoice_id = i.id
        LEFT JOIN (
          SELECT DISTINCT ON (t.invoice_id) t.invoice_id, t.promised_for, t.amount_minor, t.open_at_record_minor, t.currency,
            t.id, (t.status = 'open' OR t.closed_on > $1::date) AS open_on
          FROM promises_to_pay t
          WHERE (t.recorded_at AT TIME ZONE 'UTC')::date <= $1::date AND NOT (t.status = 'superseded' AND t.closed_on <= $1::date)
          ORDER BY t.invoice_id, t.recorded_at DESC, t.id) prom ON prom.invoice_id = i.id
        LEFT JOIN (
          SELECT o.invoice_id, string_agg(o.step, ',') AS steps FROM reminder_outbox o WHERE o.as_of <= $1::date
          GROUP BY o.invoice_id) sent ON sent.invoice_id = i.id
      WHERE i.kind = 'invoice' AND i.issue_date IS NOT NULL AND i.due_date IS NOT NULL AND i.issue_date <= $1::date
        AND i.status NOT IN ('draft', 'pending_approval', 'approved', 'void')
      ORDER BY i.client_id, i.issue_date, i.id`,
      [asOf],
    );
    const fetch = `FETCH ${Math.max(1, Math.floor(fetchRows))} FROM prioritize_ledger`;
    // Rows as arrays in LEDGER_COLUMNS' order where the connection gives them so (a server's always does);
    // the first fetch's column names are checked against that order, so a row is never read by wrong positions.
    let checked = false;
    const fetched = async (): Promise<unknown[][]> => {
      if (!conn.queryArrays)
        return (await conn.query<LedgerRow>(fetch)).rows.map((r) => LEDGER_COLUMNS.map((c) => r[c]));
      const { rows, columns } = await conn.queryArrays(fetch);
      if (!checked) {
        checkLedgerColumns(columns);
        checked = true;
      }
      return rows;
    };
    let carried: unknown[][] = [];
    for (;;) {
      const rows = await fetched();
      if (rows.length === 0) break;
      // The last client of a fetch may go on in the next one: its rows wait for it.
      const all = carried.length ? carried.concat(rows) : rows;
      const last = (all.at(-1) as unknown[])[CLIENT_ID];
      let cut = all.length;
      while (cut > 0 && (all[cut - 1] as unknown[])[CLIENT_ID] === last) cut--;
      carried = all.slice(cut);
      if (cut > 0) yield toClientsLedger(all.slice(0, cut));
    }
    if (carried.length) yield toClientsLedger(carried);
    await conn.query('COMMIT');
    committed = true;
  } finally {
    // Also when the caller stops early (a failed write): the snapshot ends with the run.
    if (!committed) await conn.query('ROLLBACK').catch(() => undefined);
  }
}
