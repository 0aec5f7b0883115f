import { and, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { invoices, legalEntities } from '../schema/index.ts';

/** An invoice of a client named by a payment, with the legal entity that issued it. */
export interface IssuedInvoice {
  /** The reference as the payment named it (number or id). */
  ref: string;
  invoiceId: string;
  legalEntityId: string;
  legalEntity: string;
}

/**
 * The client's invoices the references name (number or id), in whichever legal entity issued them: a client moved
 * to another entity still owes what the old one issued. A reference may name none (absent) or, when two entities
 * happen to number alike, several.
 */
export async function clientInvoicesByReference(
  db: DbOrTx,
  clientId: string,
  refs: readonly string[],
): Promise<IssuedInvoice[]> {
  if (refs.length === 0) return [];
  const uuids = refs.filter((r) => UUID.test(r)).map((r) => r.toLowerCase());
  const rows = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      legalEntityId: invoices.legalEntityId,
      legalEntity: legalEntities.code,
    })
    .from(invoices)
    .innerJoin(legalEntities, eq(legalEntities.id, invoices.legalEntityId))
    .where(
      and(
        eq(invoices.clientId, clientId),
        uuids.length
          ? or(inArray(invoices.number, [...refs]), inArray(invoices.id, uuids))
          : inArray(invoices.number, [...refs]),
      ),
    );
  return refs.flatMap((ref) =>
    rows
      .filter((r) => r.number === ref || r.id === ref.toLowerCase())
      .map((r) => ({ ref, invoiceId: r.id, legalEntityId: r.legalEntityId, legalEntity: r.legalEntity })),
  );
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A legal entity's id and code, by code or by id; null when there is none. */
export async function legalEntityRef(
  db: DbOrTx,
  by: { code: string } | { id: string },
): Promise<{ id: string; code: string } | null> {
  const [row] = await db
    .select({ id: legalEntities.id, code: legalEntities.code })
    .from(legalEntities)
    .where('code' in by ? eq(legalEntities.code, by.code) : eq(legalEntities.id, by.id));
  return row ?? null;
}
