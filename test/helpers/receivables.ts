import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { clients, contracts, invoices } from '../../src/db/schema/index.ts';
import { addDays } from '../../src/shared/dates.ts';

let seq = 0;

/**
 * A delivered (open) invoice of a client of the two-entity firm, issued on a day with 30 days' terms,
 * inserted directly (its lifecycle has its own tests). Returns its id and number.
 */
export async function openInvoice(
  database: Pick<Database, 'db'>,
  opts: { client: string; contract: string; issueDate: string; totalMinor: bigint },
): Promise<{ id: string; number: string }> {
  const [client] = await database.db.select().from(clients).where(eq(clients.code, opts.client));
  const [contract] = await database.db.select().from(contracts).where(eq(contracts.code, opts.contract));
  seq += 1;
  const number = `RC-${String(seq).padStart(6, '0')}`;
  const [inv] = await database.db
    .insert(invoices)
    .values({
      number,
      status: 'delivered',
      legalEntityId: client!.legalEntityId,
      clientId: client!.id,
      contractId: contract!.id,
      period: `${1900 + Math.floor(seq / 12)}-${String((seq % 12) + 1).padStart(2, '0')}`,
      currency: contract!.invoiceCurrency,
      totalMinor: opts.totalMinor,
      subtotalMinor: opts.totalMinor,
      paymentTermsDays: 30,
      issueDate: opts.issueDate,
      dueDate: addDays(opts.issueDate, 30),
    })
    .returning({ id: invoices.id });
  return { id: inv!.id, number };
}
