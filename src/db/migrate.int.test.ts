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
    // Undo 0050_notice_chat_delivery (the newest) and forget it, as a database one release behind would be.
    // A branch adding a newer migration changes this to undo that one.
    await database.db.execute(sql`DROP INDEX approval_notices_chat_due_idx`);
    await database.db.execute(sql`ALTER TABLE approval_notices DROP CONSTRAINT approval_notices_chat_state_ck`);
    for (const column of [
      'chat_state',
      'chat_attempts',
      'chat_attempted_at',
      'chat_next_attempt_at',
      'chat_delivered_at',
      'chat_provider',
      'chat_last_error',
    ])
      await database.db.execute(sql.raw(`ALTER TABLE approval_notices DROP COLUMN ${column}`));
    const columns = async () =>
      (
        await queryRows<{ column_name: string }>(
          database.db,
          sql`SELECT column_name FROM information_schema.columns
              WHERE table_name = 'approval_notices' AND column_name IN ('chat_state', 'chat_attempts')
              ORDER BY 1`,
        )
      ).map((c) => c.column_name);
    expect(await columns()).toEqual([]);
    // A notice of the release before: it stays out of chat delivery (nobody is told in chat of an old decision).
    const [old] = await queryRows<{ id: string }>(
      database.db,
      sql`INSERT INTO approval_notices (user_id, event, text, action_type, target_type, target_id, invoice_revision,
            created_at)
          VALUES ('u-1', 'granted', 'approved', 'invoice.approve', 'invoice', 'inv-1', 1, now()) RETURNING id`,
    );
    const before = await applied();
    await database.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = ${before.at(-1)!.id}`);
    await migrateDatabase(database);
    const after = await applied();
    expect(after.map((r) => r.created_at)).toEqual(before.map((r) => r.created_at));
    expect(await columns()).toEqual(['chat_attempts', 'chat_state']);
    expect(
      await queryRows(database.db, sql`SELECT chat_state, chat_attempts FROM approval_notices WHERE id = ${old!.id}`),
    ).toEqual([{ chat_state: null, chat_attempts: 0 }]);
    await expect(
      database.db.execute(sql`UPDATE approval_notices SET chat_state = 'lost' WHERE id = ${old!.id}`),
    ).rejects.toThrow();
  });
});
