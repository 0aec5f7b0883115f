import type { BillingRunner } from '../db/stores/billing-run-request.ts';
import type { Database } from '../db/client.ts';

/** What route factories need: the database and a clock. */
export interface ApiDeps {
  database: Database;
  now: () => Date;
  log: (msg: string, meta: Record<string, unknown>) => void;
  /** Where billing runs started here run: a server's background thread, off its event loop; absent = in this thread. */
  billingRunner?: BillingRunner | null;
}
