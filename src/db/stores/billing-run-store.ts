import { eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { billingRuns } from '../schema/index.ts';
import type { BillingRunPorts, WriteDraftOutcome } from '../../billing/billing-run/ports.ts';
import { listBillableContractIds, loadContractBatch, loadReferenceData } from './billing-inputs.ts';
import { DraftChangedError, writeDraft } from './draft-writer.ts';

/** PostgreSQL error codes that mean "another run got there first". */
const RACE_CODES = new Set(['23505', '40001', '40P01']);

function pgCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
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
        const code = pgCode(e);
        if (code && RACE_CODES.has(code)) return { kind: 'conflict', reason: `concurrent billing (${code})` };
        throw e;
      }
    },
  };
}
