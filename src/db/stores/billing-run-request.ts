import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import {
  runBilling,
  type BillingRunSummary,
  type RunBillingError,
  type RunBillingInput,
} from '../../billing/billing-run/run-billing.ts';
import type { BillingRunPorts } from '../../billing/billing-run/ports.ts';
import type { Result } from '../../shared/result.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Database, DbOrTx } from '../client.ts';
import { billingRuns, contracts, users } from '../schema/index.ts';
import { billingRunStore } from './billing-run-store.ts';

/** A run as another thread is given it: plain data (policy and audit were the caller's: src/tools/billing-runs). */
export interface BillingRunRequest {
  period: string;
  trigger: string;
  preparedBy: string;
  /** Bill only this legal entity's contracts (id); null = all. */
  entityId: string | null;
}

/** Runs billing elsewhere (a server's background thread, off its event loop), with the same result. */
export interface BillingRunner {
  run(
    request: BillingRunRequest,
    onProgress?: RunBillingInput['onProgress'],
  ): Promise<Result<BillingRunSummary, RunBillingError>>;
}

/** A run that failed; runId is its record's, once it had one. */
export class BillingRunFailed extends Error {
  constructor(
    message: string,
    readonly runId: string | null,
  ) {
    super(message);
  }
}

/**
 * The run itself, in this thread: what a runner does with a request. writeConcurrency: how many
 * contracts' drafts are written at once on PostgreSQL (default 4).
 */
export async function runBillingRequest(
  database: Database,
  request: BillingRunRequest,
  clock: Clock,
  onProgress?: RunBillingInput['onProgress'],
  opts: { writeConcurrency?: number } = {},
): Promise<Result<BillingRunSummary, RunBillingError>> {
  let runId: string | null = null;
  const store = scopedToEntity(billingRunStore(database, opts), database, request.entityId);
  const ports: BillingRunPorts = {
    ...store,
    startRun: async (period, trigger) => (runId = await store.startRun(period, trigger)),
  };
  try {
    return await runBilling(ports, clock, {
      period: request.period,
      trigger: request.trigger,
      preparedBy: request.preparedBy,
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (e) {
    throw new BillingRunFailed(e instanceof Error ? e.message : String(e), runId);
  }
}

/** The run's ports limited to one legal entity's contracts (same order as the store's list, which the time-entry cursor walks). */
function scopedToEntity(store: BillingRunPorts, { db }: Database, entityId: string | null): BillingRunPorts {
  if (entityId === null) return store;
  return {
    ...store,
    listContractIds: async (end: string) => {
      const ids = await store.listContractIds(end);
      if (ids.length === 0) return ids;
      const mine = await db
        .select({ id: contracts.id })
        .from(contracts)
        .where(and(eq(contracts.legalEntityId, entityId), inArray(contracts.id, ids)));
      const keep = new Set(mine.map((r) => r.id));
      return ids.filter((id) => keep.has(id));
    },
  };
}

export type BillingRunRow = typeof billingRuns.$inferSelect;

/** Billing runs, newest first, optionally of one period, with the total. */
export async function listBillingRuns(
  db: DbOrTx,
  q: { period?: string | undefined; limit: number; offset: number },
): Promise<{ rows: BillingRunRow[]; total: number }> {
  const where = q.period ? eq(billingRuns.period, q.period) : undefined;
  const [rows, [n]] = await Promise.all([
    db
      .select()
      .from(billingRuns)
      .where(where)
      .orderBy(desc(billingRuns.startedAt), desc(billingRuns.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(billingRuns).where(where),
  ]);
  return { rows, total: Number(n?.n ?? 0) };
}

/** One billing run, or null. */
export async function getBillingRun(db: DbOrTx, id: string): Promise<BillingRunRow | null> {
  const [row] = await db.select().from(billingRuns).where(eq(billingRuns.id, id));
  return row ?? null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user's e-mail (what a run's trigger and an approval record name), else the id itself (a service identity has none). */
export async function userEmailOf(db: DbOrTx, userId: string): Promise<string> {
  // A service identity's id (service:scheduler) is no uuid: asking the uuid column would fail the statement.
  if (!UUID.test(userId)) return userId;
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
  return u?.email ?? userId;
}
