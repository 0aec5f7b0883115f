import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../client.ts';
import { type HistoryRow, type LedgerInvoice, ledgerInvoiceOf } from './receivables-store.ts';

/**
 * ledgerHistory of one client, for the pre-send check on the submit path: the same rows, read with
 * the client's disputes and payment allocations aggregated once each (joined to the client's
 * invoices) instead of two correlated look-ups per invoice: about 8x faster at 300 invoices on PGlite
 * (bench/presend-check).
 */
export async function clientLedgerHistory(db: DbOrTx, clientId: string): Promise<LedgerInvoice[]> {
  const rows = await queryRows<HistoryRow>(
    db,
    sql`
    WITH inv AS (
      SELECT i.id, i.number, i.legal_entity_id, i.client_id, i.total_minor, i.currency, i.issue_date, i.due_date,
             i.status, i.status_changed_at
        FROM invoices i
       WHERE i.client_id = ${clientId} AND i.kind = 'invoice' AND i.issue_date IS NOT NULL AND i.due_date IS NOT NULL
         AND i.status NOT IN ('draft', 'pending_approval', 'approved', 'void')
    ), disputed AS (
      SELECT d.invoice_id, min(d.opened_at)::date::text AS opened
        FROM invoice_disputes d JOIN inv ON inv.id = d.invoice_id GROUP BY d.invoice_id
    ), paid AS (
      SELECT pa.invoice_id, max(p.received_on)::text AS last_paid
        FROM payment_allocations pa JOIN inv ON inv.id = pa.invoice_id
        JOIN payments p ON p.id = pa.payment_id AND p.status = 'recorded'
       GROUP BY pa.invoice_id
    )
    SELECT inv.id, inv.number, inv.legal_entity_id, inv.client_id, c.country, c.delivery_channel::text,
      inv.total_minor::text, inv.currency, inv.issue_date::text, inv.due_date::text, inv.status::text,
      disputed.opened AS dispute_opened, paid.last_paid, inv.status_changed_at::date::text AS status_changed
    FROM inv JOIN clients c ON c.id = inv.client_id
      LEFT JOIN disputed ON disputed.invoice_id = inv.id
      LEFT JOIN paid ON paid.invoice_id = inv.id
    ORDER BY inv.issue_date, inv.id`,
  );
  return rows.map(ledgerInvoiceOf);
}
