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
    // Undo 0028_carried_held_lines and forget it, as a database one release behind would be.
    await database.db.execute(sql`ALTER TABLE invoices DROP COLUMN supplements_invoice_id`);
    await database.db.execute(sql`ALTER TABLE invoice_lines DROP COLUMN carried, DROP COLUMN carried_from_line_id`);
    await database.db.execute(sql`ALTER TABLE exceptions DROP COLUMN hold_scope`);
    await database.db.execute(sql`CREATE UNIQUE INDEX IF NOT EXISTS invoices_one_per_contract_period_uq ON invoices (contract_id, period, currency)
      WHERE kind = 'invoice' AND status <> 'void'`);
    // And 0032_dispute_details_dunning_policy, newer still: both are forgotten and applied again.
    await database.db.execute(sql`ALTER TABLE invoice_disputes DROP COLUMN reason_code, DROP COLUMN due_on`);
    const before = await applied();
    await database.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = ${before.at(-2)!.id}`);
    await database.db.execute(sql`DELETE FROM drizzle.__drizzle_migrations WHERE id = ${before.at(-1)!.id}`);
    await migrateDatabase(database);
    const after = await applied();
    expect(after.map((r) => r.created_at)).toEqual(before.map((r) => r.created_at));
    const columns = await queryRows<{ column_name: string }>(
      database.db,
      sql`
      SELECT table_name || '.' || column_name AS column_name FROM information_schema.columns
      WHERE column_name IN ('supplements_invoice_id', 'carried', 'carried_from_line_id', 'hold_scope', 'reason_code', 'due_on') ORDER BY 1`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'exceptions.hold_scope',
      'invoice_disputes.due_on',
      'invoice_disputes.reason_code',
      'invoice_lines.carried',
      'invoice_lines.carried_from_line_id',
      'invoices.supplements_invoice_id',
    ]);
  });
});
