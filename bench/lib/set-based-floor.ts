/**
 * The floor of a set-based night, for bench/prioritize `--floor`: what any prioritization that stores
 * one worklist row per open receivable costs the server at least, with no scoring at all. One
 * statement reads the ledger as the night does (open amount after payments and credit notes, the
 * client's collector), ranks every open invoice with a window function by a priority computed in SQL
 * (numeric, open amount times a fixed weight by days past due: a stand-in, not the real score) and
 * inserts the rows into worklist_items with constant reasons, under a worklist run of its own; the
 * transaction is rolled back, so nothing stays. A real set-based night would add its scoring and
 * reasons to this; if the floor alone is over 10x the aggregate scan, no set-based night meets it.
 */
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../src/db/client.ts';

/** Rows the floor statement inserted (in a transaction rolled back after). */
export async function setBasedFloor(database: Database, asOf: string): Promise<number> {
  let rows = 0;
  await database.db
    .transaction(async (tx) => {
      const [run] = await queryRows<{ id: string }>(
        tx,
        sql`INSERT INTO worklist_runs (as_of, created_by, created_at, summary)
          VALUES ('1900-01-01', 'bench:floor', now(), '{}') RETURNING id`,
      );
      const [n] = await queryRows<{ n: number }>(
        tx,
        sql`WITH open AS (
            SELECT i.id, i.client_id, i.currency, ${asOf}::date - i.due_date AS days_past_due,
              i.total_minor - COALESCE(paid.paid, 0) + COALESCE(credited.credited, 0) AS open_minor
            FROM invoices i
              LEFT JOIN (SELECT pa.invoice_id, sum(pa.amount_minor) AS paid FROM payment_allocations pa
                JOIN payments p ON p.id = pa.payment_id WHERE p.received_on <= ${asOf}::date GROUP BY pa.invoice_id) paid
                ON paid.invoice_id = i.id
              LEFT JOIN (SELECT cn.credits_invoice_id, sum(cn.total_minor) AS credited FROM invoices cn
                WHERE cn.kind = 'credit_note' AND cn.status <> 'void' GROUP BY cn.credits_invoice_id) credited
                ON credited.credits_invoice_id = i.id
            WHERE i.kind = 'invoice' AND i.issue_date <= ${asOf}::date
              AND i.status NOT IN ('draft', 'pending_approval', 'approved', 'void', 'paid', 'written_off')),
          scored AS (
            SELECT o.*, round(o.open_minor * CASE WHEN o.days_past_due > 30 THEN 0.9 WHEN o.days_past_due > 0 THEN 0.6
              ELSE 0.3 END / 100, 4) AS priority
            FROM open o WHERE o.open_minor > 0),
          ins AS (
            INSERT INTO worklist_items (run_id, invoice_id, collector_id, rank, priority, action, step, reasons, open_minor,
              currency, days_past_due, late_probability, expected_days_late, dispute_probability)
            SELECT ${run!.id}::uuid, s.id, cc.collector_id,
              row_number() OVER (ORDER BY s.priority DESC, s.days_past_due DESC, s.id), s.priority,
              CASE WHEN s.days_past_due > 30 THEN 'call' WHEN s.days_past_due > 0 THEN 'reminder' ELSE 'monitor' END, NULL,
              jsonb_build_array('Already ' || s.days_past_due || ' days past due'), s.open_minor, s.currency,
              s.days_past_due, 0.5, 0, 0.1
            FROM scored s LEFT JOIN client_collectors cc ON cc.client_id = s.client_id
            RETURNING 1)
          SELECT count(*)::int AS n FROM ins`,
      );
      rows = n!.n;
      throw ROLLBACK;
    })
    .catch((e: unknown) => {
      if (e !== ROLLBACK) throw e;
    });
  return rows;
}

const ROLLBACK = new Error('bench:floor rolls back');
