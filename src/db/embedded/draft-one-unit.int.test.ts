import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../client.ts';
import { addTime, bill, loadFirm } from '../../../test/helpers/firm.ts';

/**
 * On the embedded server a transaction of separate statements holds the one engine while its
 * client prepares the next statement; a billing run's thread is niced and, descheduled between a
 * draft's statements, held every request for 625 ms with 64 ms of work. A draft is one script: one
 * unit for the engine, never a transaction spread over several.
 */
// The embedded server is its own folder, so this runs the same beside either database under test.
describe('embedded server: a billing run writes each draft as one unit', () => {
  let folder: string;
  let database: Database;
  const units: string[] = [];

  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'bc-draft-unit-'));
    database = await openDatabase({
      dataDir: path.join(folder, 'data'),
      serve: true,
      slowStatementMs: 0, // every unit is reported, with its first statement
      holder: { role: 'server', command: 'test' },
    });
    await migrateDatabase(database);
    await loadFirm(database);
    database.onSlowStatement!((_ms, statement) => {
      if (!statement.endsWith('(upkeep)')) units.push(statement);
    });
  }, 120_000);

  afterAll(async () => {
    await database?.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes a new draft and regenerates it without a transaction spanning units', async () => {
    await addTime(database, { person: 'ANA', project: 'C1-P', date: '2026-10-05', hours: '7.50' });
    await addTime(database, { person: 'SAM', project: 'C1-P', date: '2026-10-06', hours: '6.00' });
    units.length = 0;
    const first = await bill(database, '2026-10');
    const second = await bill(database, '2026-10');
    expect(first.invoicesWritten).toBe(1);
    expect(second.invoicesWritten).toBe(1);
    await new Promise((r) => setTimeout(r, 100)); // reports cross from the engine's thread
    const transactions = units.filter((u) => u.startsWith('transaction of'));
    expect(transactions.filter((u) => /invoice/i.test(u))).toEqual([]);
    // Each draft's script (the new one, then the regenerated one) is one unit that starts with the lock on its client.
    expect(units.filter((u) => /^select "id" from "clients" .*for share/.test(u))).toHaveLength(2);
  });
});
