import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../../src/db/client.ts';
import { backend } from './db.ts';

/**
 * For tests that interleave two transactions: on PostgreSQL, looks at pg_stat_activity until a session of this
 * database waits on a lock (true) or `settled()` says the second call already ended (false). On PGlite it answers
 * false at once: transactions run one at a time there, and a statement beside an open transaction would wait for it.
 */
export async function sawLockWait(db: DbOrTx, settled: () => boolean): Promise<boolean> {
  if (backend !== 'postgres') return false;
  while (!settled()) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (row!.n > 0) return true;
    await sleep(10);
  }
  return false;
}
