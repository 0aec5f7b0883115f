import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { clients, documents } from '../schema/index.ts';

/** The id of a client's newest document (by client code), processed ones first; null when it has none. */
export async function newestClientDocumentId(db: DbOrTx, clientCode: string): Promise<string | null> {
  const [row] = await db
    .select({ id: documents.id })
    .from(documents)
    .innerJoin(clients, eq(clients.id, documents.clientId))
    .where(eq(clients.code, clientCode))
    .orderBy(desc(eq(documents.status, 'done')), desc(documents.createdAt), desc(documents.id))
    .limit(1);
  return row?.id ?? null;
}
