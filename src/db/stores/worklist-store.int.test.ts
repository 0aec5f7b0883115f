import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { type Database, queryRows } from '../client.ts';
import { RankedSpool } from '../../tools/collections/ranked-spool.ts';
import { copyRankedItems, rankStagedRows, type StagedRow, stageRows } from './worklist-staging-store.ts';

/** worklist_items has no foreign keys (migration 0040): the ranking checks its references itself. */
describe(`rankStagedRows on ${backend}`, () => {
  let database: Database;
  let runId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const [run] = await queryRows<{ id: string }>(
      database.db,
      sql`INSERT INTO worklist_runs (as_of, created_by, created_at, summary)
        VALUES ('2026-06-30', 'test', now(), '{}') RETURNING id`,
    );
    runId = run!.id;
  });
  afterAll(async () => database?.close());

  const row = (over: Partial<StagedRow>): StagedRow => ({
    invoice_id: '00000000-0000-4000-8000-000000000001',
    collector_id: null,
    priority: '10.0000',
    action: 'monitor',
    step: null,
    reasons: ['A reason'],
    open_minor: '1000',
    currency: 'USD',
    days_past_due: 0,
    late_probability: '0.5000',
    expected_days_late: '1.00',
    dispute_probability: '0.1000',
    ...over,
  });
  const items = async () =>
    (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM worklist_items`))[0]!.n;

  it('refuses a staged row whose invoice does not exist, and inserts none of the run', async () => {
    const buildId = '00000000-0000-4000-8000-0000000000b1';
    await stageRows(database.db, buildId, [row({})]);
    await expect(rankStagedRows(database.db, buildId, runId, 1, { sortInMemory: false })).rejects.toThrow(
      /0 of 1 staged rows found their run, invoice and collector/,
    );
    expect(await items()).toBe(0);
  });

  it('refuses a run id that names no run', async () => {
    const buildId = '00000000-0000-4000-8000-0000000000b2';
    await stageRows(database.db, buildId, [row({})]);
    const noRun = '00000000-0000-4000-8000-00000000dead';
    await expect(rankStagedRows(database.db, buildId, noRun, 1, { sortInMemory: true })).rejects.toThrow(/0 of 1/);
    expect(await items()).toBe(0);
  });

  it('written once (a server): refuses rows whose invoice does not exist, and the transaction keeps none of them', async () => {
    const spool = new RankedSpool();
    spool.add([row({}), row({ invoice_id: '00000000-0000-4000-8000-000000000002' })]);
    const copied = database.db.transaction(async (tx) => copyRankedItems(tx, runId, 2, spool.copyText(runId)));
    if (backend === 'pglite') {
      // No server connection to copy on: it writes nothing and says so, and the run stages and ranks instead.
      expect(await copied).toBe(false);
    } else await expect(copied).rejects.toThrow(/0 of 2 ranked rows found their invoice and collector/);
    expect(await items()).toBe(0);
  });
});
