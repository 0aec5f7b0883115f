import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { InvoiceBalanceFacts } from '../../billing/payments/balance.ts';
import type { InvoiceEffect } from '../../billing/payments/record.ts';
import { COLLECTION_STATUSES, collectionStatus } from '../../billing/payments/status.ts';
import type { DbOrTx } from '../client.ts';
import { clients, invoiceDisputes, invoices, legalEntities, paymentAllocations, payments } from '../schema/index.ts';

export type PaymentRow = typeof payments.$inferSelect;
export type AllocationRow = typeof paymentAllocations.$inferSelect;
export type DisputeRow = typeof invoiceDisputes.$inferSelect;

// The outer query's invoice, qualified (drizzle leaves a single table's columns bare, which the subqueries would capture).
const OUTER_INVOICE_ID = sql`"invoices"."id"`;

/**
 * The parts of an invoice's open balance as SQL over the outer query's `invoices` row, so the use
 * cases (under the row lock) and the invoice view read exactly the same notion: credited = credit
 * notes that are not void (stored negative, returned positive), paid = allocations of payments not reversed.
 */
export const creditedMinorSql = (
  invoiceId: SQL = OUTER_INVOICE_ID,
) => sql<string>`(SELECT COALESCE(-SUM(cn.total_minor), 0)::text FROM invoices cn
  WHERE cn.credits_invoice_id = ${invoiceId} AND cn.kind = 'credit_note' AND cn.status <> 'void')`;
export const paidMinorSql = (
  invoiceId: SQL = OUTER_INVOICE_ID,
) => sql<string>`(SELECT COALESCE(SUM(pa.amount_minor), 0)::text FROM payment_allocations pa
  JOIN payments p ON p.id = pa.payment_id WHERE pa.invoice_id = ${invoiceId} AND p.status = 'recorded')`;
/** The open dispute of an invoice as JSON (id, reason, disputed amount, who, when), or null. */
export const openDisputeSql = (
  invoiceId: SQL = OUTER_INVOICE_ID,
) => sql<OpenDisputeJson | null>`(SELECT json_build_object('id', d.id, 'reason', d.reason,
  'disputedAmountMinor', d.disputed_amount_minor::text, 'openedBy', d.opened_by, 'openedAt', d.opened_at)
  FROM invoice_disputes d WHERE d.invoice_id = ${invoiceId} AND d.resolved_at IS NULL)`;

/** An open dispute as the invoice view reads it. */
export interface OpenDisputeJson {
  id: string;
  reason: string;
  disputedAmountMinor: string | null;
  openedBy: string;
  openedAt: string;
}

/**
 * Locks the invoices (FOR UPDATE, in id order so two payments touching the same invoices queue
 * instead of deadlocking) and reads what the payment rules need of each. Credit notes, write-offs
 * and other payments of these invoices lock the same rows, so the balance read here holds until commit.
 */
export async function lockInvoiceBalances(
  tx: DbOrTx,
  ids: readonly string[],
): Promise<Map<string, InvoiceBalanceFacts>> {
  const unique = [...new Set(ids)].sort();
  if (unique.length === 0) return new Map();
  await tx
    .select({ id: invoices.id })
    .from(invoices)
    .where(inArray(invoices.id, unique))
    .orderBy(asc(invoices.id))
    .for('update');
  return invoiceBalances(tx, unique);
}

/** What the payment rules know about each invoice (no lock). */
export async function invoiceBalances(db: DbOrTx, ids: readonly string[]): Promise<Map<string, InvoiceBalanceFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: invoices.id,
      kind: invoices.kind,
      status: invoices.status,
      clientId: invoices.clientId,
      currency: invoices.currency,
      totalMinor: invoices.totalMinor,
      deliveredAt: invoices.deliveredAt,
      legalEntityId: invoices.legalEntityId,
      credited: creditedMinorSql(),
      paid: paidMinorSql(),
      disputeOpen: sql<boolean>`EXISTS (SELECT 1 FROM invoice_disputes d WHERE d.invoice_id = ${OUTER_INVOICE_ID} AND d.resolved_at IS NULL)`,
    })
    .from(invoices)
    .where(inArray(invoices.id, [...ids]));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        kind: r.kind,
        status: r.status,
        clientId: r.clientId,
        currency: r.currency,
        totalMinor: r.totalMinor,
        creditedMinor: BigInt(r.credited),
        paidMinor: BigInt(r.paid),
        delivered: r.deliveredAt !== null,
        disputeOpen: r.disputeOpen,
      },
    ]),
  );
}

/** Invoice ids by reference (number or id) within a legal entity; references that name nothing are absent. */
export async function invoiceIdsByReference(
  db: DbOrTx,
  legalEntityId: string,
  refs: readonly string[],
): Promise<Map<string, string>> {
  if (refs.length === 0) return new Map();
  const uuids = refs.filter((r) => UUID.test(r)).map((r) => r.toLowerCase());
  const rows = await db
    .select({ id: invoices.id, number: invoices.number })
    .from(invoices)
    .where(
      and(
        eq(invoices.legalEntityId, legalEntityId),
        uuids.length
          ? sql`(${invoices.number} IN ${refs} OR ${invoices.id} IN ${uuids})`
          : inArray(invoices.number, [...refs]),
      ),
    );
  const out = new Map<string, string>();
  for (const ref of refs) {
    const hit = rows.find((r) => r.number === ref || r.id === ref.toLowerCase());
    if (hit) out.set(ref, hit.id);
  }
  return out;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A client by code, with its legal entity. */
export async function clientByCode(db: DbOrTx, code: string) {
  const [row] = await db
    .select({ id: clients.id, code: clients.code, legalEntityId: clients.legalEntityId })
    .from(clients)
    .where(eq(clients.code, code));
  return row ?? null;
}

/** The payment recorded under a bank reference in a legal entity, if any. */
export async function paymentByReference(
  db: DbOrTx,
  legalEntityId: string,
  bankReference: string,
): Promise<PaymentRow | null> {
  const [row] = await db
    .select()
    .from(payments)
    .where(and(eq(payments.legalEntityId, legalEntityId), eq(payments.bankReference, bankReference)));
  return row ?? null;
}

/** A payment by id; with `lock`, FOR UPDATE until the caller's transaction ends. */
export async function getPayment(db: DbOrTx, id: string, opts: { lock?: boolean } = {}): Promise<PaymentRow | null> {
  const q = db.select().from(payments).where(eq(payments.id, id));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ?? null;
}

/** A payment's allocations in the order they were made. */
export async function allocationsOf(db: DbOrTx, paymentId: string): Promise<AllocationRow[]> {
  return db
    .select()
    .from(paymentAllocations)
    .where(eq(paymentAllocations.paymentId, paymentId))
    .orderBy(asc(paymentAllocations.id));
}

/**
 * Inserts a payment unless its bank reference is already used in the entity (ON CONFLICT DO
 * NOTHING: a racing insert of the same reference waits for the first and then inserts nothing).
 * Null when the reference was taken.
 */
export async function insertPayment(tx: DbOrTx, values: typeof payments.$inferInsert): Promise<PaymentRow | null> {
  const [row] = await tx
    .insert(payments)
    .values(values)
    .onConflictDoNothing({ target: [payments.legalEntityId, payments.bankReference] })
    .returning();
  return row ?? null;
}

/** Inserts a payment's allocations. */
export async function insertAllocations(
  tx: DbOrTx,
  paymentId: string,
  allocations: readonly { invoiceId: string; amountMinor: bigint }[],
  now: Date,
): Promise<AllocationRow[]> {
  if (allocations.length === 0) return [];
  return tx
    .insert(paymentAllocations)
    .values(
      allocations.map((a) => ({
        paymentId,
        invoiceId: a.invoiceId,
        amountMinor: a.amountMinor,
        recordedMinor: a.amountMinor,
        createdAt: now,
      })),
    )
    .returning();
}

/**
 * Applies more of a recorded payment: a new allocation for an invoice it has not paid yet, else
 * the amount added to the existing one (one allocation per payment and invoice). recorded_minor
 * stays what the recording allocated, so a retry of the recording still matches.
 */
export async function addAllocations(
  tx: DbOrTx,
  paymentId: string,
  allocations: readonly { invoiceId: string; amountMinor: bigint }[],
  now: Date,
): Promise<void> {
  if (allocations.length === 0) return;
  await tx
    .insert(paymentAllocations)
    .values(
      allocations.map((a) => ({
        paymentId,
        invoiceId: a.invoiceId,
        amountMinor: a.amountMinor,
        recordedMinor: 0n,
        createdAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [paymentAllocations.paymentId, paymentAllocations.invoiceId],
      set: { amountMinor: sql`${paymentAllocations.amountMinor} + excluded.amount_minor` },
    });
}

/** Marks a payment reversed. */
export async function markPaymentReversed(
  tx: DbOrTx,
  id: string,
  by: string,
  reason: string,
  now: Date,
): Promise<PaymentRow> {
  const [row] = await tx
    .update(payments)
    .set({ status: 'reversed', reversedAt: now, reversedBy: by, reversalReason: reason })
    .where(eq(payments.id, id))
    .returning();
  if (!row) throw new Error(`payment ${id} vanished while reversing it`);
  return row;
}

/** Writes the status of each invoice a payment's effect (record, apply, reverse) moved, with why. */
export async function setEffectStatuses(
  tx: DbOrTx,
  effects: readonly InvoiceEffect[],
  reason: string,
  now: Date,
): Promise<void> {
  for (const e of effects) {
    if (e.statusAfter !== e.statusBefore) await setInvoiceStatus(tx, e.invoiceId, e.statusAfter, reason, now);
  }
}

/** Sets an invoice's status after a payment, reversal or dispute, with why. */
export async function setInvoiceStatus(
  tx: DbOrTx,
  id: string,
  status: InvoiceBalanceFacts['status'],
  reason: string,
  now: Date,
) {
  const [row] = await tx
    .update(invoices)
    .set({ status, statusReason: reason, statusChangedAt: now, updatedAt: now })
    .where(eq(invoices.id, id))
    .returning();
  if (!row) throw new Error(`invoice ${id} vanished while changing its status`);
  return row;
}

/**
 * Sets a posted invoice's status to the one its balance gives (collectionStatus), after something
 * other than a payment moved the balance: a credit note added, or one voided. Statuses outside
 * collection (written off) stay. With `lock`, the invoice is locked first (as payments lock it).
 * The row afterwards when it changed, else null.
 */
export async function settleCollectionStatus(
  tx: DbOrTx,
  id: string,
  reason: string,
  now: Date,
  opts: { lock?: boolean } = {},
) {
  const facts = (await (opts.lock ? lockInvoiceBalances : invoiceBalances)(tx, [id])).get(id);
  if (!facts || facts.kind !== 'invoice' || !(COLLECTION_STATUSES as readonly string[]).includes(facts.status))
    return null;
  const next = collectionStatus(facts);
  return next === facts.status ? null : setInvoiceStatus(tx, id, next, reason, now);
}

/** The open dispute of an invoice, if any. */
export async function openDisputeOf(db: DbOrTx, invoiceId: string): Promise<DisputeRow | null> {
  const [row] = await db
    .select()
    .from(invoiceDisputes)
    .where(and(eq(invoiceDisputes.invoiceId, invoiceId), sql`${invoiceDisputes.resolvedAt} IS NULL`));
  return row ?? null;
}

export interface PaymentFilter {
  clientCode?: string | undefined;
  status?: 'recorded' | 'reversed' | undefined;
  /** Only payments with cash not applied to any invoice. */
  unapplied?: boolean | undefined;
  receivedFrom?: string | undefined;
  receivedTo?: string | undefined;
  invoiceId?: string | undefined;
  legalEntityIds?: string[] | null | undefined;
  limit: number;
  offset: number;
}

const appliedSql = sql<string>`(SELECT COALESCE(SUM(pa.amount_minor), 0)::text FROM payment_allocations pa WHERE pa.payment_id = "payments"."id")`;

/** Payments with client and entity codes and the amount applied, newest received first, paginated. */
export async function listPayments(db: DbOrTx, f: PaymentFilter) {
  const where: SQL[] = [];
  if (f.clientCode) where.push(eq(clients.code, f.clientCode));
  if (f.status) where.push(eq(payments.status, f.status));
  if (f.unapplied) where.push(sql`${payments.status} = 'recorded' AND ${appliedSql}::bigint < ${payments.amountMinor}`);
  if (f.receivedFrom) where.push(sql`${payments.receivedOn} >= ${f.receivedFrom}`);
  if (f.receivedTo) where.push(sql`${payments.receivedOn} <= ${f.receivedTo}`);
  if (f.invoiceId)
    where.push(
      sql`EXISTS (SELECT 1 FROM payment_allocations pa WHERE pa.payment_id = "payments"."id" AND pa.invoice_id = ${f.invoiceId})`,
    );
  if (f.legalEntityIds)
    where.push(f.legalEntityIds.length ? inArray(payments.legalEntityId, f.legalEntityIds) : sql`false`);
  const cond = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select({
        payment: payments,
        clientCode: clients.code,
        clientName: clients.name,
        entityCode: legalEntities.code,
        applied: appliedSql,
      })
      .from(payments)
      .innerJoin(clients, eq(clients.id, payments.clientId))
      .innerJoin(legalEntities, eq(legalEntities.id, payments.legalEntityId))
      .where(cond)
      .orderBy(desc(payments.receivedOn), desc(payments.createdAt), asc(payments.id))
      .limit(f.limit)
      .offset(f.offset),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(payments)
      .innerJoin(clients, eq(clients.id, payments.clientId))
      .where(cond),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** One payment with client, entity and its allocations (with invoice numbers). */
export async function getPaymentDetail(db: DbOrTx, id: string) {
  const [head] = await db
    .select({
      payment: payments,
      clientCode: clients.code,
      clientName: clients.name,
      entityCode: legalEntities.code,
      applied: appliedSql,
    })
    .from(payments)
    .innerJoin(clients, eq(clients.id, payments.clientId))
    .innerJoin(legalEntities, eq(legalEntities.id, payments.legalEntityId))
    .where(eq(payments.id, id));
  if (!head) return null;
  const allocations = await db
    .select({ allocation: paymentAllocations, invoiceNumber: invoices.number, invoiceStatus: invoices.status })
    .from(paymentAllocations)
    .innerJoin(invoices, eq(invoices.id, paymentAllocations.invoiceId))
    .where(eq(paymentAllocations.paymentId, id))
    .orderBy(asc(paymentAllocations.id));
  return { ...head, allocations };
}
