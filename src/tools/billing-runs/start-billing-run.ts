import { z } from 'zod';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import type { BillingRunSummary } from '../../billing/billing-run/run-billing.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  BillingRunFailed,
  getBillingRun,
  runBillingRequest,
  userEmailOf,
  type BillingRunRequest,
} from '../../db/stores/billing-run-request.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import { passGate, type GateError } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry } from '../policy-gate/context.ts';
import { periodField } from '../../shared/bounded-fields.ts';
import { isPeriod } from '../../shared/dates.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool, type ToolContext } from '../define-tool.ts';
import { billingRunView, billingRunViewSchema } from './billing-run-view.ts';

export const startBillingRunSchema = z.object({
  period: periodField().describe('The month to bill, YYYY-MM, inside the date window'),
  legalEntity: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Bill only this legal entity (code); omitted = every entity, which needs firm-wide access'),
});
export type StartBillingRunInput = z.infer<typeof startBillingRunSchema>;

export type StartBillingRunError =
  | GateError
  | { code: 'INVALID_PERIOD'; message: string }
  | { code: 'UNKNOWN_REFERENCE'; message: string; path: string };

/** What the run did, as JSON: counts, and the drafts' totals per currency in minor units (decimal strings). */
export const billingRunSummarySchema = z.object({
  runId: z.string(),
  period: z.string(),
  contracts: z.number().int(),
  invoicesWritten: z.number().int(),
  linesWritten: z.number().int(),
  exceptions: z.number().int(),
  timeEntriesRated: z.number().int(),
  timeEntriesBilled: z.number().int(),
  timeEntriesAwaitingApproval: z.number().int(),
  skippedLocked: z.number().int(),
  conflicts: z.number().int(),
  totalsByCurrency: z
    .record(z.string(), z.string().regex(/^-?\d+$/))
    .describe('Draft totals per currency, in minor units, e.g. { "USD": "1250000" }'),
});
export type BillingRunSummaryView = z.output<typeof billingRunSummarySchema>;

const summaryView = (s: BillingRunSummary): BillingRunSummaryView => ({
  ...s,
  totalsByCurrency: Object.fromEntries(
    Object.entries(s.totalsByCurrency).map(([cur, minor]) => [cur, minor.toString()]),
  ),
});

export interface StartBillingRunResult {
  run: z.output<typeof billingRunViewSchema>;
  summary: BillingRunSummaryView;
}

/**
 * A billing run as any caller starts it (API, CLI, the agent for a person, the scheduler): policy
 * first (billing_run.start under the matrix in force, with approvals when it asks for any), then the
 * start's audit row with its decision, committed before any draft is written; then the run (in the
 * server's background thread when there is one); then a `billing_run.finish` row with what it did
 * (also when it failed). The caller is the drafts' preparer (the person the agent acts for), so
 * they may not approve them. Refused: nothing is written but the approval request policy opened.
 */
export async function startBillingRun(
  ctx: ToolContext,
  input: StartBillingRunInput,
): Promise<Result<StartBillingRunResult, StartBillingRunError>> {
  if (!isPeriod(input.period))
    return err({ code: 'INVALID_PERIOD', message: `Period must be YYYY-MM, got "${input.period}"` });
  const { database, now, billingRunner } = ctx.deps;
  const { db } = database;
  let entityId: string | null = null;
  if (input.legalEntity) {
    const id = (await legalEntityCodes(db)).idByCode.get(input.legalEntity);
    if (!id)
      return err({
        code: 'UNKNOWN_REFERENCE',
        message: `legalEntity: no legal entity with code "${input.legalEntity}"`,
        path: 'legalEntity',
      });
    entityId = id;
  }
  const entityCode = input.legalEntity ?? null;
  const trigger = `${ctx.via ?? 'tool'}:${await userEmailOf(db, ctx.actor.userId)}${entityCode ? `:${entityCode}` : ''}`;
  const target = entityId ?? 'all';
  const action = {
    type: 'billing_run.start' as const,
    target: { kind: 'legal_entity' as const, id: target },
    args: { period: input.period, contractIds: null },
  };
  // A refusal commits only what passGate wrote (an approval request, audited); a pass commits the start's row.
  const gate = await db.transaction(async (tx) => {
    const passed = await passGate(tx, ctx, action, { entityId });
    if (!passed.ok) return passed;
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: 'billing_run.start',
        targetType: 'legal_entity',
        targetId: target,
        before: null,
        after: { period: input.period, legalEntity: entityCode, trigger },
        decision: toJsonValue(passed.value.decision),
        approvalRef: approvalRef(passed.value.approvals),
      }),
    );
    return passed;
  });
  if (!gate.ok) return gate;
  const preparedBy = ctx.actor.onBehalfOf?.userId ?? ctx.actor.userId;
  const finish = (after: Record<string, unknown>, targetId: string) =>
    appendAudit(
      db,
      auditEntry(
        { ...ctx, now: now() },
        {
          action: 'billing_run.finish',
          targetType: 'billing_run',
          targetId,
          before: null,
          after,
          decision: null,
        },
      ),
    );
  const request: BillingRunRequest = { period: input.period, trigger, preparedBy, entityId };
  try {
    // A server runs it in its background thread (off its event loop); the CLI and tests in this one.
    const run = billingRunner
      ? await billingRunner.run(request, ctx.onProgress)
      : await runBillingRequest(database, request, { now }, ctx.onProgress);
    if (!run.ok) return run;
    const s = run.value;
    await finish(
      {
        runId: s.runId,
        period: s.period,
        status: 'completed',
        invoicesWritten: s.invoicesWritten,
        exceptions: s.exceptions,
        conflicts: s.conflicts,
      },
      s.runId,
    );
    return ok({ run: billingRunView((await getBillingRun(db, s.runId))!), summary: summaryView(s) });
  } catch (e) {
    const runId = e instanceof BillingRunFailed ? e.runId : null;
    if (runId)
      await finish(
        { runId, period: input.period, status: 'failed', error: e instanceof Error ? e.message : String(e) },
        runId,
      );
    throw e;
  }
}

export const billingRunsStart = defineTool({
  name: 'billing_runs_start',
  description:
    'Runs billing for a month: drafts one invoice per contract, period and currency from approved time, expenses, usage, ' +
    'milestones and retainers; re-running regenerates drafts still in draft and leaves invoices past draft alone. The caller ' +
    'prepares the drafts, so may not approve them. Optionally one legal entity (its code); all entities need firm-wide access.',
  input: startBillingRunSchema,
  output: z
    .object({ run: billingRunViewSchema, summary: billingRunSummarySchema })
    .describe('The finished run and what it did'),
  risk: 'write',
  policyAction: 'billing_run.start',
  // Each draft commits on its own (in a background thread on a server): the run cannot be one transaction.
  transaction: 'own',
  alsoAudits: ['billing_run.finish'],
  handler: startBillingRun,
});
