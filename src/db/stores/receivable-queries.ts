import { and, asc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { clients, contracts, invoices, legalEntities } from '../schema/index.ts';
import { creditedMinorSql, openDisputeSql, paidMinorSql } from './payment-store.ts';

export interface OverdueFilter {
  clientCode?: string | undefined;
  /** Due strictly before this day (YYYY-MM-DD): the day the question is asked. */
  asOf: string;
  legalEntityIds?: string[] | null | undefined;
  limit: number;
  offset: number;
}

const RECEIVABLE = ['posted', 'delivered', 'partially_paid'] as const;

/**
 * Invoices past their due date that still owe something (total less credit notes and payments),
 * oldest due first: what a collector chases. Disputed invoices are not listed (collectors do not chase them).
 */
export async function listOverdueInvoices(db: DbOrTx, f: OverdueFilter) {
  const open = sql<string>`(${invoices.totalMinor} - ${creditedMinorSql()}::bigint - ${paidMinorSql()}::bigint)`;
  const where: SQL[] = [
    eq(invoices.kind, 'invoice'),
    inArray(invoices.status, [...RECEIVABLE]),
    lt(invoices.dueDate, f.asOf),
    sql`${open} > 0`,
  ];
  if (f.clientCode) where.push(eq(clients.code, f.clientCode));
  if (f.legalEntityIds)
    where.push(f.legalEntityIds.length ? inArray(invoices.legalEntityId, f.legalEntityIds) : sql`false`);
  const rows = await db
    .select({
      invoice: invoices,
      clientCode: clients.code,
      clientName: clients.name,
      contractCode: contracts.code,
      entityCode: legalEntities.code,
      openMinor: sql<string>`${open}::text`,
      dispute: openDisputeSql(),
    })
    .from(invoices)
    .innerJoin(clients, eq(clients.id, invoices.clientId))
    .innerJoin(contracts, eq(contracts.id, invoices.contractId))
    .innerJoin(legalEntities, eq(legalEntities.id, invoices.legalEntityId))
    .where(and(...where))
    .orderBy(asc(invoices.dueDate), asc(invoices.id));
  const chased = rows.filter((r) => r.dispute === null);
  return { rows: chased.slice(f.offset, f.offset + f.limit), total: chased.length };
}
