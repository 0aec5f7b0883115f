import { and, asc, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { OpenItem } from '../../billing/payments/cash-application.ts';
import type { DbOrTx } from '../client.ts';
import {
  bankStatementLines,
  bankStatements,
  clients,
  invoices,
  legalEntities,
  type BankLineMatch,
} from '../schema/index.ts';
import { creditedMinorSql, paidMinorSql } from './payment-store.ts';

export type BankStatementRow = typeof bankStatements.$inferSelect;
export type BankLineRow = typeof bankStatementLines.$inferSelect;

/** A legal entity by code (id and currency), or null. */
export async function entityByCode(db: DbOrTx, code: string) {
  const [row] = await db
    .select({ id: legalEntities.id, code: legalEntities.code })
    .from(legalEntities)
    .where(eq(legalEntities.code, code));
  return row ?? null;
}

/** The statement imported from exactly this file (by hash) in the entity, or null. */
export async function statementByFile(
  db: DbOrTx,
  legalEntityId: string,
  sha256: string,
): Promise<BankStatementRow | null> {
  const [row] = await db
    .select()
    .from(bankStatements)
    .where(and(eq(bankStatements.legalEntityId, legalEntityId), eq(bankStatements.fileSha256, sha256)));
  return row ?? null;
}

export async function getStatement(
  db: DbOrTx,
  id: string,
): Promise<(BankStatementRow & { entityCode: string }) | null> {
  const [row] = await db
    .select({ s: bankStatements, entityCode: legalEntities.code })
    .from(bankStatements)
    .innerJoin(legalEntities, eq(legalEntities.id, bankStatements.legalEntityId))
    .where(eq(bankStatements.id, id));
  return row ? { ...row.s, entityCode: row.entityCode } : null;
}

/** Inserts a statement; null when the same file was imported meanwhile (the unique index). */
export async function insertStatement(
  tx: DbOrTx,
  values: typeof bankStatements.$inferInsert,
): Promise<BankStatementRow | null> {
  const [row] = await tx.insert(bankStatements).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

/** Inserts lines; one whose bank reference the entity already has (an overlapping file) is skipped. Returns how many were new. */
export async function insertLines(tx: DbOrTx, values: (typeof bankStatementLines.$inferInsert)[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < values.length; i += 500) {
    n += (
      await tx
        .insert(bankStatementLines)
        .values(values.slice(i, i + 500))
        .onConflictDoNothing()
        .returning({ id: bankStatementLines.id })
    ).length;
  }
  return n;
}

/** The lines of a statement in file order, with the client's code; optionally only those in one status. */
export async function linesOf(
  db: DbOrTx,
  statementId: string,
  opts: { status?: BankLineRow['status']; limit?: number; offset?: number } = {},
) {
  const where = and(
    eq(bankStatementLines.statementId, statementId),
    opts.status ? eq(bankStatementLines.status, opts.status) : undefined,
  );
  const q = db
    .select({ line: bankStatementLines, clientCode: clients.code })
    .from(bankStatementLines)
    .leftJoin(clients, eq(clients.id, bankStatementLines.clientId))
    .where(where)
    .orderBy(asc(bankStatementLines.lineNo));
  return opts.limit === undefined ? q : q.limit(opts.limit).offset(opts.offset ?? 0);
}

/** How many lines of a statement are in each status. */
export async function lineCounts(db: DbOrTx, statementId: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ status: bankStatementLines.status, n: sql<number>`count(*)::int` })
    .from(bankStatementLines)
    .where(eq(bankStatementLines.statementId, statementId))
    .groupBy(bankStatementLines.status);
  return new Map(rows.map((r) => [r.status, Number(r.n)]));
}

/** Records what the import did with a line. */
export async function settleLine(
  db: DbOrTx,
  id: string,
  v: { status: BankLineRow['status']; clientId: string | null; paymentId: string | null; match: BankLineMatch },
  now: Date,
): Promise<void> {
  await db
    .update(bankStatementLines)
    .set({ ...v, updatedAt: now })
    .where(eq(bankStatementLines.id, id));
}

/** The statuses of an invoice with something still to pay (a payment may go to it). */
const OPEN_STATUSES = ['posted', 'delivered', 'partially_paid', 'disputed'] as const;

/**
 * The clients of an entity, for telling who paid: those it serves now and those it still has open invoices of (a
 * client moved to another entity pays what this one issued before the move into this one's account).
 */
export async function clientsOfEntity(db: DbOrTx, legalEntityId: string) {
  const owing = db
    .select({ clientId: invoices.clientId })
    .from(invoices)
    .where(
      and(
        eq(invoices.legalEntityId, legalEntityId),
        eq(invoices.kind, 'invoice'),
        inArray(invoices.status, [...OPEN_STATUSES]),
      ),
    );
  return db
    .select({ id: clients.id, code: clients.code, name: clients.name })
    .from(clients)
    .where(or(eq(clients.legalEntityId, legalEntityId), inArray(clients.id, owing)));
}

/** The client an earlier line from this payer account was recorded for (the newest), or null. */
export async function clientOfAccount(db: DbOrTx, legalEntityId: string, account: string): Promise<string | null> {
  const [row] = await db
    .select({ clientId: bankStatementLines.clientId })
    .from(bankStatementLines)
    .where(
      and(
        eq(bankStatementLines.legalEntityId, legalEntityId),
        eq(bankStatementLines.counterpartyAccount, account),
        isNotNull(bankStatementLines.clientId),
      ),
    )
    .orderBy(desc(bankStatementLines.createdAt))
    .limit(1);
  return row?.clientId ?? null;
}

/**
 * Every numbered invoice of the entity with something still open (posted, delivered, partially paid, disputed), with
 * its open balance; only one client's when `clientId` is given (a payment's suggestions).
 */
export async function openItemsOf(
  db: DbOrTx,
  legalEntityId: string,
  currencies: readonly string[],
  clientId?: string,
): Promise<OpenItem[]> {
  if (currencies.length === 0) return [];
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      clientId: invoices.clientId,
      clientCode: clients.code,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
      total: invoices.totalMinor,
      credited: creditedMinorSql(),
      paid: paidMinorSql(),
    })
    .from(invoices)
    .innerJoin(clients, eq(clients.id, invoices.clientId))
    .where(
      and(
        eq(invoices.legalEntityId, legalEntityId),
        clientId === undefined ? undefined : eq(invoices.clientId, clientId),
        eq(invoices.kind, 'invoice'),
        isNotNull(invoices.number),
        inArray(invoices.currency, [...currencies]),
        inArray(invoices.status, [...OPEN_STATUSES]),
      ),
    );
  return rows
    .map((r) => ({
      invoiceId: r.id,
      number: r.number!,
      clientId: r.clientId,
      clientCode: r.clientCode,
      currency: r.currency,
      dueDate: r.dueDate,
      openMinor: r.total - BigInt(r.credited) - BigInt(r.paid),
    }))
    .filter((i) => i.openMinor > 0n);
}
