import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { besidePool, queryRows, type Database } from './client.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';

describe(`besidePool on ${backend}`, () => {
  let database: Database;
  beforeAll(async () => void (database = await createTestDatabase({ poolSize: 2 })));
  afterAll(async () => database?.close());
  const pid = async () =>
    Number((await besidePool<{ pid: number }>(database.db, sql`SELECT pg_backend_pid() AS pid`))[0]!.pid);

  it('answers while every pooled connection is busy (PostgreSQL: on a connection of its own)', async () => {
    if (backend === 'pglite') {
      // One in-process connection: the statement runs as any other does.
      expect(await besidePool(database.db, sql`SELECT 2 AS two`)).toEqual([{ two: 2 }]);
      return;
    }
    let slowDone = false;
    const slow = Promise.all([1, 2].map(() => queryRows(database.db, sql`SELECT pg_sleep(1.5)`))).then(
      () => (slowDone = true),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(await besidePool(database.db, sql`SELECT 2 AS two`)).toEqual([{ two: 2 }]);
    expect(slowDone).toBe(false);
    await slow;
  });

  it('opens a new connection after its own was lost (PostgreSQL), so the next statement still answers', async () => {
    if (backend === 'pglite') {
      expect(await pid()).toBe(await pid());
      return;
    }
    const first = await pid();
    await queryRows(database.db, sql`SELECT pg_terminate_backend(${first}::int)`);
    await new Promise((r) => setTimeout(r, 100));
    // The statement that meets the dropped connection fails; the one after runs on a fresh connection.
    await besidePool(database.db, sql`SELECT 1`).catch(() => undefined);
    const second = await pid();
    expect(second).not.toBe(first);
  });
});
