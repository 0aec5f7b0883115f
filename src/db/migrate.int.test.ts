import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from './client.ts';
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
    const tables = await queryRows<{ tablename: string }>(database.db, sql`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const names = tables.map((r) => r.tablename);
    for (const t of ['legal_entities', 'clients', 'contracts', 'rate_card_entries', 'projects', 'people', 'time_entries', 'expenses', 'milestones', 'usage_records', 'exchange_rates', 'tax_rates', 'invoices', 'invoice_lines', 'exceptions', 'billing_events', 'billing_runs', 'documents', 'document_chunks', 'audit_log', 'approvals']) {
      expect(names).toContain(t);
    }
  });
});
