import { and, eq, inArray } from 'drizzle-orm';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import { runBilling, type BillingRunSummary, type RunBillingError, type RunBillingInput } from '../../billing/billing-run/run-billing.ts';
import type { BillingRunPorts } from '../../billing/billing-run/ports.ts';
import { isPeriod } from '../../shared/dates.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { Clock } from '../../shared/clock.ts';
import type { Database } from '../client.ts';
import { contracts } from '../schema/index.ts';
import { appendAudit } from '../stores/audit-store.ts';
import { billingRunStore } from '../stores/billing-run-store.ts';
import { passGate, type GateError } from './approval-gate.ts';
import { approvalRef, auditEntry, type UseCaseContext } from './context.ts';

export interface StartBillingRunInput {
  period: string;
  /** Bill only this legal entity (id); null = every entity (firm-wide). */
  entityId: string | null;
  /** What the audit row and the run record show of the entity (its code), else null. */
  entityCode: string | null;
  /** Where the run came from, e.g. `api:ann@firm.example` or `cli:ann@firm.example`. */
  trigger: string;
  onProgress?: RunBillingInput['onProgress'];
}

/** A run as another thread is given it: plain data. */
export interface BillingRunRequest {
  period: string;
  trigger: string;
  preparedBy: string;
  /** Bill only this legal entity's contracts (id); null = all. */
  entityId: string | null;
}

/** Runs billing elsewhere (a server's background thread, off its event loop), with the same result. */
export interface BillingRunner {
  run(request: BillingRunRequest, onProgress?: RunBillingInput['onProgress']): Promise<Result<BillingRunSummary, RunBillingError>>;
}

/** A run that failed; runId is its record's, once it had one. */
export class BillingRunFailed extends Error {
  constructor(message: string, readonly runId: string | null) {
    super(message);
  }
}

/** The run itself, in this thread: what a runner does with a request. */
export async function runBillingRequest(
  database: Database, request: BillingRunRequest, clock: Clock, onProgress?: RunBillingInput['onProgress'],
): Promise<Result<BillingRunSummary, RunBillingError>> {
  let runId: string | null = null;
  const store = scopedToEntity(billingRunStore(database), database, request.entityId);
  const ports: BillingRunPorts = { ...store, startRun: async (period, trigger) => (runId = await store.startRun(period, trigger)) };
  try {
    return await runBilling(ports, clock, { period: request.period, trigger: request.trigger, preparedBy: request.preparedBy, ...(onProgress ? { onProgress } : {}) });
  } catch (e) {
    throw new BillingRunFailed(e instanceof Error ? e.message : String(e), runId);
  }
}

export type StartBillingRunError = GateError | { code: 'INVALID_PERIOD'; message: string };

/**
 * A billing run as any person starts it (API, CLI, the agent for a person): policy first
 * (billing_run.start under the matrix in force, with approvals when it asks for any), then the
 * start's audit row with its decision, committed before any draft is written; then the run; then a
 * `billing_run.finish` row with what it did (also when it failed). The person is the drafts'
 * preparer, so they may not approve them. Refused: nothing is written but the approval request
 * policy opened for these arguments.
 */
export async function startBillingRun(
  database: Database, ctx: UseCaseContext, input: StartBillingRunInput, clock: Clock & { billingRunner?: BillingRunner | null } = { now: () => new Date() },
): Promise<Result<BillingRunSummary, StartBillingRunError>> {
  if (!isPeriod(input.period)) return err({ code: 'INVALID_PERIOD', message: `Period must be YYYY-MM, got "${input.period}"` });
  const { db } = database;
  const target = input.entityId ?? 'all';
  const action = { type: 'billing_run.start' as const, target: { kind: 'legal_entity' as const, id: target }, args: { period: input.period, contractIds: null } };
  // A refusal commits only what passGate wrote (an approval request, audited); a pass commits the start's row.
  const gate = await db.transaction(async (tx) => {
    const passed = await passGate(tx, ctx, action, { entityId: input.entityId });
    if (!passed.ok) return passed;
    await appendAudit(tx, auditEntry(ctx, {
      action: 'billing_run.start', targetType: 'legal_entity', targetId: target, before: null,
      after: { period: input.period, legalEntity: input.entityCode, trigger: input.trigger }, decision: toJsonValue(passed.value.decision), approvalRef: approvalRef(passed.value.approvals),
    }));
    return passed;
  });
  if (!gate.ok) return gate;
  const preparedBy = ctx.actor.onBehalfOf?.userId ?? ctx.actor.userId;
  const finish = (after: Record<string, unknown>, targetId: string) => appendAudit(db, auditEntry({ ...ctx, now: clock.now() }, {
    action: 'billing_run.finish', targetType: 'billing_run', targetId, before: null, after, decision: null,
  }));
  const request: BillingRunRequest = { period: input.period, trigger: input.trigger, preparedBy, entityId: input.entityId };
  try {
    // A server runs it in its background thread (off its event loop); the CLI and tests in this one.
    const run = clock.billingRunner
      ? await clock.billingRunner.run(request, input.onProgress)
      : await runBillingRequest(database, request, clock, input.onProgress);
    if (!run.ok) return run;
    const s = run.value;
    await finish({ runId: s.runId, period: s.period, status: 'completed', invoicesWritten: s.invoicesWritten, exceptions: s.exceptions, conflicts: s.conflicts }, s.runId);
    return ok(s);
  } catch (e) {
    const runId = e instanceof BillingRunFailed ? e.runId : null;
    if (runId) await finish({ runId, period: input.period, status: 'failed', error: e instanceof Error ? e.message : String(e) }, runId);
    throw e;
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
      const mine = await db.select({ id: contracts.id }).from(contracts).where(and(eq(contracts.legalEntityId, entityId), inArray(contracts.id, ids)));
      const keep = new Set(mine.map((r) => r.id));
      return ids.filter((id) => keep.has(id));
    },
  };
}
