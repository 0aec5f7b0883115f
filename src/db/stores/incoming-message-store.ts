import { and, asc, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../client.ts';
import { billingExceptions, clients, contracts, incomingMessages, invoices } from '../schema/index.ts';

export type IncomingMessageRow = typeof incomingMessages.$inferSelect;
export type NewIncomingMessage = typeof incomingMessages.$inferInsert;

/** The recorded message with this text hash, if any. */
export async function findIncomingMessage(db: DbOrTx, textSha256: string): Promise<IncomingMessageRow | null> {
  const [row] = await db.select().from(incomingMessages).where(eq(incomingMessages.textSha256, textSha256));
  return row ?? null;
}

/** Inserts the message unless its text hash is recorded already (a twin committed first): its id, or null. */
export async function insertIncomingMessage(tx: DbOrTx, row: NewIncomingMessage): Promise<string | null> {
  const [r] = await tx
    .insert(incomingMessages)
    .values(row)
    .onConflictDoNothing({ target: incomingMessages.textSha256 })
    .returning({ id: incomingMessages.id });
  return r?.id ?? null;
}

/** Points the message at the exception it opened or was attached to. */
export async function linkIncomingMessage(tx: DbOrTx, id: string, exceptionId: string): Promise<void> {
  await tx.update(incomingMessages).set({ exceptionId }).where(eq(incomingMessages.id, id));
}

/** A record a message names: an invoice (by number), a contract (by its PO number) or a client (by code). */
export interface NamedRecord {
  kind: 'invoice' | 'purchase_order' | 'client';
  /** The word of the message that named it. */
  token: string;
  invoiceId: string | null;
  invoiceNumber: string | null;
  contractId: string | null;
  clientId: string;
  clientCode: string | null;
  legalEntityId: string;
}

/** Only records of these legal entities (null = every one). */
const within = (column: AnyPgColumn, entityIds: readonly string[] | null): SQL | undefined =>
  entityIds === null ? undefined : entityIds.length ? inArray(column, [...entityIds]) : sql`false`;

/**
 * The invoices, contracts (by PO number) and clients whose number or code is one of the tokens, in
 * the legal entities given: exact matches only, so the same text always names the same records.
 */
export async function findNamedRecords(
  db: DbOrTx,
  tokens: readonly string[],
  entityIds: readonly string[] | null,
): Promise<NamedRecord[]> {
  if (tokens.length === 0) return [];
  const words = [...tokens];
  const inv = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      contractId: invoices.contractId,
      clientId: invoices.clientId,
      legalEntityId: invoices.legalEntityId,
    })
    .from(invoices)
    .where(and(inArray(invoices.number, words), within(invoices.legalEntityId, entityIds)))
    .orderBy(asc(invoices.id));
  const po = await db
    .select({
      id: contracts.id,
      po: contracts.poNumber,
      clientId: contracts.clientId,
      legalEntityId: contracts.legalEntityId,
    })
    .from(contracts)
    .where(and(inArray(contracts.poNumber, words), within(contracts.legalEntityId, entityIds)))
    .orderBy(asc(contracts.id));
  const cl = await db
    .select({ id: clients.id, code: clients.code, legalEntityId: clients.legalEntityId })
    .from(clients)
    .where(and(inArray(clients.code, words), within(clients.legalEntityId, entityIds)))
    .orderBy(asc(clients.id));
  return [
    ...inv.map((r) => ({
      kind: 'invoice' as const,
      token: r.number!,
      invoiceId: r.id,
      invoiceNumber: r.number,
      contractId: r.contractId,
      clientId: r.clientId,
      clientCode: null,
      legalEntityId: r.legalEntityId,
    })),
    ...po.map((r) => ({
      kind: 'purchase_order' as const,
      token: r.po!,
      invoiceId: null,
      invoiceNumber: null,
      contractId: r.id,
      clientId: r.clientId,
      clientCode: null,
      legalEntityId: r.legalEntityId,
    })),
    ...cl.map((r) => ({
      kind: 'client' as const,
      token: r.code,
      invoiceId: null,
      invoiceNumber: null,
      contractId: null,
      clientId: r.id,
      clientCode: r.code,
      legalEntityId: r.legalEntityId,
    })),
  ];
}

/**
 * The oldest unresolved exception of this type on the record a message names: on its invoice when it
 * names one, else on its contract (a PO), else on any of its client's. Null when there is none.
 */
export async function findOpenExceptionFor(
  db: DbOrTx,
  type: (typeof billingExceptions.$inferSelect)['type'],
  record: NamedRecord,
): Promise<typeof billingExceptions.$inferSelect | null> {
  const on = record.invoiceId
    ? eq(billingExceptions.invoiceId, record.invoiceId)
    : record.contractId
      ? eq(billingExceptions.contractId, record.contractId)
      : eq(billingExceptions.clientId, record.clientId);
  const [row] = await db
    .select()
    .from(billingExceptions)
    .where(and(eq(billingExceptions.type, type), ne(billingExceptions.status, 'resolved'), on))
    .orderBy(asc(billingExceptions.createdAt), asc(billingExceptions.id))
    .limit(1);
  return row ?? null;
}
