import type { Database } from '../db/client.ts';

/** What route factories need: the database and a clock. */
export interface ApiDeps {
  database: Database;
  now: () => Date;
  log: (msg: string, meta: Record<string, unknown>) => void;
}
