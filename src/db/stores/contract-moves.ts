import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { clients, contracts, invoices, legalEntities } from '../schema/index.ts';

/**
 * Puts a client's contracts in the client's legal entity (where a move has just put it) and answers the codes of
 * those it moved, sorted. Invoices already issued keep the entity that issued them (invoices.legal_entity_id); what
 * is billed under these contracts afterwards is issued by the client's entity.
 */
export async function moveContractsWithClient(tx: DbOrTx, clientId: string): Promise<string[]> {
  const [client] = await tx.select({ entityId: clients.legalEntityId }).from(clients).where(eq(clients.id, clientId));
  if (!client) return [];
  const moved = await tx
    .update(contracts)
    .set({ legalEntityId: client.entityId })
    .where(and(eq(contracts.clientId, clientId), ne(contracts.legalEntityId, client.entityId)))
    .returning({ code: contracts.code });
  return moved.map((c) => c.code).sort();
}

/**
 * Locks the clients with these codes (those that exist) until the caller's transaction ends, in code order so two
 * writers locking several queue instead of deadlocking. FOR NO KEY UPDATE, the lock a move's own UPDATE of the client
 * takes: a move and a contract written for the client queue on it, so under READ COMMITTED a contract created while a
 * move commits is written after it, in the new entity (or before it, and the move takes it along). It does not block
 * the foreign-key checks of rows that merely reference the client (FOR KEY SHARE), such as an invoice's insert; the
 * billing run's draft writer takes its own lock on the row (FOR SHARE, draft-writer.ts) so it queues with a move.
 */
export async function lockClients(tx: DbOrTx, codes: readonly string[]): Promise<void> {
  if (codes.length === 0) return;
  await tx
    .select({ id: clients.id })
    .from(clients)
    .where(inArray(clients.code, [...new Set(codes)]))
    .orderBy(asc(clients.code))
    .for('no key update');
}

/** An invoice of the client that was prepared but not issued when it moved, and followed it to the new entity. */
export interface InvoiceMoved {
  id: string;
  status: 'draft' | 'pending_approval';
  /** The revision after the move: one more than before, so approvals granted for the old entity no longer count. */
  revision: number;
}

/** A moved invoice with what its approvers are shown of it (the move's approval names each). */
export interface InvoiceMovedFacts extends InvoiceMoved {
  totalMinor: bigint;
  currency: string;
  dueDate: string | null;
  paymentTermsDays: number;
}

/** An invoice of the client not yet posted that stayed with the entity the client left. */
export interface InvoiceKept {
  id: string;
  number: string | null;
  status: string;
}

/**
 * Puts the client's invoices that are prepared but not numbered (draft, pending approval) in the client's legal entity,
 * where a move has just put it, in the caller's transaction, and answers them (by id). Each starts a new revision:
 * levels already granted were bound to the old revision and were decided by approvers of the old entity, so a
 * pending invoice is approved again, level by level, by approvers with the new entity in scope, and numbered by it.
 * An approved invoice already carries the old entity's number and issue date (numbering happens at approval): it
 * stays, as issued invoices do. So do the supplements of an invoice that is not moving: a late fee (a one-line invoice
 * supplementing the posted invoice it charges, billed under that invoice's entity) or the released held lines of one.
 */
export async function moveUnissuedInvoicesWithClient(
  tx: DbOrTx,
  clientId: string,
  now: Date,
): Promise<InvoiceMovedFacts[]> {
  const [client] = await tx.select({ entityId: clients.legalEntityId }).from(clients).where(eq(clients.id, clientId));
  if (!client) return [];
  const moved = await tx
    .update(invoices)
    .set({ legalEntityId: client.entityId, revision: sql`${invoices.revision} + 1`, updatedAt: now })
    .where(
      and(
        eq(invoices.clientId, clientId),
        inArray(invoices.status, ['draft', 'pending_approval']),
        ne(invoices.legalEntityId, client.entityId),
        sql`(${invoices.supplementsInvoiceId} IS NULL OR EXISTS (SELECT 1 FROM invoices p
              WHERE p.id = ${invoices.supplementsInvoiceId} AND p.status IN ('draft', 'pending_approval')))`,
      ),
    )
    .returning({
      id: invoices.id,
      status: invoices.status,
      revision: invoices.revision,
      totalMinor: invoices.totalMinor,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
      paymentTermsDays: invoices.paymentTermsDays,
    });
  return moved
    .map((m) => ({ ...m, status: m.status as InvoiceMoved['status'] }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * After the move: the client's invoices not yet posted that stayed with the entity it left (approved ones that entity
 * numbered, and the follow-ons of invoices it issued). The move's audit row names them, so a controller can void one
 * and bill its period again in the new entity.
 */
export async function invoicesKeptByMove(tx: DbOrTx, clientId: string, fromEntityId: string): Promise<InvoiceKept[]> {
  return tx
    .select({ id: invoices.id, number: invoices.number, status: invoices.status })
    .from(invoices)
    .where(
      and(
        eq(invoices.clientId, clientId),
        inArray(invoices.status, ['draft', 'pending_approval', 'approved']),
        eq(invoices.legalEntityId, fromEntityId),
      ),
    )
    .orderBy(asc(invoices.number), asc(invoices.id));
}

/** The code of each contract's legal entity and client, by contract code (those that exist). */
export async function contractEntityCodes(
  db: DbOrTx,
  codes: readonly string[],
): Promise<Map<string, { entityCode: string; client: string }>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: contracts.code, entityCode: legalEntities.code, client: clients.code })
    .from(contracts)
    .innerJoin(legalEntities, eq(legalEntities.id, contracts.legalEntityId))
    .innerJoin(clients, eq(clients.id, contracts.clientId))
    .where(inArray(contracts.code, [...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, { entityCode: r.entityCode, client: r.client }]));
}
