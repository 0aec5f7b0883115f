import { eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { billingRuns } from '../schema/index.ts';
import type { BillingRunPorts, WriteDraftOutcome } from '../../billing/billing-run/ports.ts';
import { listBillableContractIds, loadContractBatch, loadReferenceData } from './billing-inputs.ts';
import { DraftChangedError, writeDraft } from './draft-writer.ts';

/** Unique keys whose violation means "another run billed this first"; any other violation is a bug. */
const RACE_CONSTRAINTS = new Set([
  'invoices_one_per_contract_period_uq', 'invoice_line_time_entries_pkey', 'invoice_line_expenses_pkey',
  'invoice_line_usage_pkey', 'invoice_line_milestones_pkey', 'retainer_periods_contract_id_period_pk',
]);

/** The PostgreSQL error under drizzle's wrapper: its SQLSTATE and constraint name. */
function pgError(e: unknown): { code?: string; constraint?: string } {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const { code, constraint } = cur as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string') return { code, ...(typeof constraint === 'string' ? { constraint } : {}) };
    cur = (cur as { cause?: unknown }).cause;
  }
  return {};
}

function isRace(e: unknown): string | null {
  const { code, constraint } = pgError(e);
  if (code === '40001' || code === '40P01') return code;
  if (code === '23505' && constraint && RACE_CONSTRAINTS.has(constraint)) return constraint;
  return null;
}

/** The billing run's storage, on PGlite or PostgreSQL. Each contract's draft is one transaction. */
export function billingRunStore(database: Database): BillingRunPorts {
  const { db } = database;
  return {
    async startRun(period, trigger) {
      const [row] = await db.insert(billingRuns).values({ period, trigger }).returning({ id: billingRuns.id });
      return row!.id;
    },
    async finishRun(runId, status, stats, error) {
      await db.update(billingRuns).set({ status, stats, error: error ?? null, finishedAt: new Date() }).where(eq(billingRuns.id, runId));
    },
    listContractIds: (periodEnd) => listBillableContractIds(db, periodEnd),
    loadReference: () => loadReferenceData(db),
    loadBatch: (ids, period, start, end) => loadContractBatch(db, ids, period, start, end),
    async writeDraft(input): Promise<WriteDraftOutcome> {
      try {
        const r = await db.transaction((tx) => writeDraft(tx, input));
        return { kind: 'written', ...r };
      } catch (e) {
        if (e instanceof DraftChangedError) return { kind: 'conflict', reason: e.message };
        const race = isRace(e);
        if (race) return { kind: 'conflict', reason: `another run billed this contract first (${race})` };
        throw e;
      }
    },
  };
}
