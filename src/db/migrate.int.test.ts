import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { migrateDatabase, queryRows, type Database } from './client.ts';
import { createTestDatabase } from '../../test/helpers/db.ts';

describe('migrations', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('create the vector extension and every table of the model', async () => {
    const ext = await queryRows(database.db, sql`SELECT extname FROM pg_extension WHERE extname = 'vector'`);
    expect(ext).toHaveLength(1);
    const tables = await queryRows<{ tablename: string }>(
      database.db,
      sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    const names = tables.map((r) => r.tablename);
    for (const t of [
      'legal_entities',
      'clients',
      'contracts',
      'rate_card_entries',
      'projects',
      'people',
      'time_entries',
      'expenses',
      'milestones',
      'usage_records',
      'exchange_rates',
      'tax_rates',
      'invoices',
      'invoice_lines',
      'exceptions',
      'billing_events',
      'billing_runs',
      'documents',
      'document_chunks',
      'audit_log',
      'approvals',
    ]) {
      expect(names).toContain(t);
    }
  });

  const applied = () =>
    queryRows<{ id: number; created_at: string }>(
      database.db,
      sql`SELECT id, created_at::text FROM drizzle.__drizzle_migrations ORDER BY id`,
    );

  it('leaves a database alone when its newest migration is recorded', async () => {
    const before = await applied();
    await migrateDatabase(database);
    expect(await applied()).toEqual(before);
  });

  it('applies the newest migration when the database does not have it', async () => {
    // Undo 0055_chat_message_language (the newest) and forget it, as a database one release behind would be. A
    // branch adding a newer migration changes this to undo that one.
    const columns = async () =>
      (
        await queryRows<{ column_name: string }>(
          database.db,
          sql`SELECT column_name FROM information_schema.columns
              WHERE table_name = 'chat_messages' AND column_name = 'language'`,
        )
      ).map((r) => r.column_name);
    await database.db.execute(sql`ALTER TABLE chat_messages DROP COLUMN language`);
    expect(await columns()).toEqual([]);
    const before = await applied();
    await database.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = ${before.at(-1)!.id}`);
    await migrateDatabase(database);
    const after = await applied();
    expect(after.map((r) => r.created_at)).toEqual(before.map((r) => r.created_at));
    expect(await columns()).toEqual(['language']);
  });
});
