import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../../db/client.ts';
import * as documentSchema from '../../../db/schema/documents.ts';

/**
 * Test support: creates the documents tables when the committed migrations do not have them yet
 * (the migration is generated once src/db/schema/index.ts exports documents.ts). A no-op after that.
 */
export async function ensureDocumentTables(database: Database): Promise<void> {
  const [row] = await queryRows<{ t: string | null }>(
    database.db,
    sql`SELECT to_regclass('public.documents')::text AS t`,
  );
  if (row?.t) return;
  const had = Object.hasOwn(Array.prototype, 'random');
  // drizzle-kit/api adds an enumerable Array.prototype.random, which pdf.js refuses to run with; load it late and undo that.
  const { generateDrizzleJson, generateMigration } = await import('drizzle-kit/api');
  try {
    const empty = generateDrizzleJson({}, undefined, undefined, 'snake_case');
    const current = generateDrizzleJson({ ...documentSchema }, empty.id, undefined, 'snake_case');
    for (const statement of await generateMigration(empty, current)) await database.db.execute(sql.raw(statement));
  } finally {
    if (!had) delete (Array.prototype as unknown as Record<string, unknown>).random;
  }
}
