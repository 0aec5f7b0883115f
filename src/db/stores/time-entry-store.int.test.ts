import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../client.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { reserveTimeEntryIds } from './time-entry-store.ts';

describe(`reserveTimeEntryIds on ${backend}`, () => {
  let database: Database;
  beforeAll(async () => void (database = await createTestDatabase()));
  afterAll(async () => database?.close());
  const sequenceValue = async () =>
    // The last id handed out (0 before the first).
    Number(
      (
        await queryRows<{ v: string }>(
          database.db,
          sql`SELECT (CASE WHEN is_called THEN last_value ELSE last_value - 1 END)::text AS v FROM time_entries_id_seq`,
        )
      )[0]!.v,
    );
  const ascending = (ids: number[]) => ids.every((id, i) => i === 0 || id > ids[i - 1]!);

  it('hands out ascending ids no other call gets, taking a block from the sequence at a time', async () => {
    const before = await sequenceValue();
    const first = await reserveTimeEntryIds(database.db, 3);
    const taken = await sequenceValue();
    const second = await reserveTimeEntryIds(database.db, 2);
    expect(ascending([...first, ...second])).toBe(true);
    expect(first[0]).toBeGreaterThan(before);
    // One block covered both calls: the sequence moved once, by the block.
    expect(await sequenceValue()).toBe(taken);
    expect(taken - before).toBeGreaterThan(5);
  });

  it('gives calls made at once disjoint ids, across block boundaries', async () => {
    const calls = await Promise.all(
      Array.from({ length: 30 }, (_, i) => reserveTimeEntryIds(database.db, 1 + (i % 7) * 60)),
    );
    const all = calls.flat();
    expect(new Set(all).size).toBe(all.length);
    for (const ids of calls) expect(ascending(ids)).toBe(true);
    expect(all.length).toBeGreaterThan(1000);
  });

  it('takes an import larger than half a block straight from the sequence', async () => {
    const before = await sequenceValue();
    const ids = await reserveTimeEntryIds(database.db, 700);
    expect(ids).toHaveLength(700);
    expect(ascending(ids)).toBe(true);
    expect(await sequenceValue()).toBe(before + 700);
  });
});

describe(`openConnections on ${backend}`, () => {
  it('opens every connection of the pool before the first request needs one (PostgreSQL), and leaves the database answering', async () => {
    const database = await createTestDatabase({ poolSize: 6 });
    try {
      await database.openConnections();
      if (backend === 'postgres') {
        const [row] = await queryRows<{ n: number }>(
          database.db,
          sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`,
        );
        expect(row!.n).toBe(6);
      } else {
        // PGlite is one in-process connection: nothing to open, and it still answers.
        expect(await queryRows(database.db, sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
      }
    } finally {
      await database.close();
    }
  });
});
