import type { DbOrTx } from '../../db/client.ts';
import { clientInvoicesByReference, legalEntityRef, type IssuedInvoice } from '../../db/stores/payment-entity-store.ts';
import type { Actor } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { actorMayTouch } from '../scope.ts';

export type UnknownEntityError = { code: 'UNKNOWN_LEGAL_ENTITY'; message: string; legalEntity: string };
export type MixedEntitiesError = {
  code: 'PAYMENT_MIXES_ENTITIES';
  message: string;
  /** The entity receiving the payment (named, or the client's when the invoices were issued by several). */
  legalEntity: string;
  /** The allocated invoices another entity issued, each with its issuer. */
  invoices: { invoice: string; legalEntity: string }[];
};

/** The legal entity that received a payment: the bank account the cash is in, the receivable it settles. */
export interface ReceivingEntity {
  id: string;
  code: string;
  /** Named by the caller, the one entity that issued every allocated invoice of the client, or the client's own. */
  basis: 'named' | 'invoices' | 'client';
  /** The client's invoices the allocations name, whichever entity issued them. */
  issued: IssuedInvoice[];
}

/**
 * Which legal entity received a payment. Named, it is that one. Else the entity that issued the client's allocated
 * invoices when they are all one entity's (cash for an invoice issued before the client moved to another entity
 * arrives in the old entity's account: the invoice printed it), else the client's current entity (no allocations,
 * or invoices of several entities, which mixedEntities then refuses). Only invoices of entities in the actor's scope
 * count towards the inference: an invoice of an entity they cannot see must not turn into a 403 naming that entity
 * (it stays UNKNOWN_INVOICE, as when the entity is named).
 */
export async function receivingEntityOf(
  db: DbOrTx,
  actor: Actor,
  client: { id: string; legalEntityId: string },
  named: string | undefined,
  refs: readonly string[],
): Promise<Result<ReceivingEntity, UnknownEntityError>> {
  const issued = await clientInvoicesByReference(db, client.id, refs);
  if (named !== undefined) {
    const e = await legalEntityRef(db, { code: named });
    if (!e)
      return err({ code: 'UNKNOWN_LEGAL_ENTITY', message: `no legal entity with code "${named}"`, legalEntity: named });
    return ok({ ...e, basis: 'named', issued });
  }
  const issuers = [...new Set(issued.filter((i) => actorMayTouch(actor, i.legalEntityId)).map((i) => i.legalEntityId))];
  const one = issuers.length === 1 ? issuers[0]! : null;
  const e = await legalEntityRef(db, { id: one ?? client.legalEntityId });
  if (!e) throw new Error(`receivingEntityOf: no legal entity ${one ?? client.legalEntityId}`);
  return ok({ ...e, basis: one ? 'invoices' : 'client', issued });
}

/**
 * A payment never mixes legal entities: each has its own bank account and its own receivables, so an allocation to
 * an invoice of the client that another entity issued (and the receiving entity did not: `inReceiving`) is refused,
 * naming it and its issuer. Invoices of entities outside the actor's scope are left out here: they stay unknown.
 */
export function refuseMixedEntities(
  actor: Actor,
  receiving: ReceivingEntity,
  inReceiving: (ref: string) => boolean,
): Result<null, MixedEntitiesError> {
  const foreign = receiving.issued.filter(
    (i) => i.legalEntityId !== receiving.id && !inReceiving(i.ref) && actorMayTouch(actor, i.legalEntityId),
  );
  if (foreign.length === 0) return ok(null);
  const invoices = foreign.map((i) => ({ invoice: i.ref, legalEntity: i.legalEntity }));
  const named = invoices.map((i) => `${i.invoice} (issued by ${i.legalEntity})`).join(', ');
  const who =
    receiving.basis === 'named'
      ? `it is received by ${receiving.code}`
      : `its invoices were issued by several legal entities and the client's is ${receiving.code}`;
  return err({
    code: 'PAYMENT_MIXES_ENTITIES',
    message:
      `a payment is received by one legal entity and pays only invoices that entity issued: ${who}, not ${named}; ` +
      'record one payment per entity, naming the entity whose account received the cash (legalEntity)',
    legalEntity: receiving.code,
    invoices,
  });
}
