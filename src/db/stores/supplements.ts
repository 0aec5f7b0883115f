import { and, asc, eq, ne } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { invoices } from '../schema/index.ts';
import { draftReference } from './invoice-queries.ts';

/** A supplementary invoice as another document names it. */
export interface SupplementRef {
  id: string;
  reference: string;
  status: string;
}

/**
 * The supplementary invoices of an invoice that are not void, oldest first: the documents billing
 * lines carried off it. While one stands, the invoice cannot be voided (void-invoice.ts says why).
 */
export async function liveSupplements(db: DbOrTx, invoiceId: string): Promise<SupplementRef[]> {
  const rows = await db
    .select({ id: invoices.id, number: invoices.number, status: invoices.status })
    .from(invoices)
    .where(and(eq(invoices.supplementsInvoiceId, invoiceId), ne(invoices.status, 'void')))
    .orderBy(asc(invoices.createdAt), asc(invoices.id));
  return rows.map((r) => ({ id: r.id, reference: r.number ?? draftReference(r.id), status: r.status }));
}
