import { periodBounds, isPeriod } from '../../shared/dates.ts';
import type { Clock } from '../../shared/clock.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { rateContract } from '../rating/rate-contract.ts';
import { applyResolutions } from './apply-resolutions.ts';
import { applyHoldRules, DEFAULT_HOLD_RULES } from '../invoices/hold-rules.ts';
import type { BillingModelKind, DraftLine, TimeEntry } from '../model.ts';
import type { BillingRunPorts } from './ports.ts';
import { timeSlice } from '../../shared/time-slice.ts';

/**
 * The preparer of drafts from a run no person started: the scheduler service identity
 * (src/policy/service-identities.ts; billing may not import policy, a test keeps the two equal).
 */
export const SYSTEM_PREPARER = 'service:scheduler';
/** Who closes what a run itself settles (an exception the latest run no longer sees): the job worker service identity. */
export const RUN_WORKER = 'service:job-worker';

export interface RunBillingInput {
  period: string;
  trigger?: string;
  /**
   * Who prepares the drafts the run writes: the person who started it (segregation of duties: the
   * preparer may not approve them). Runs nobody started (scheduled, events, the CLI operator) are
   * the scheduler service identity, SYSTEM_PREPARER.
   */
  preparedBy?: string;
  /** Contracts loaded and rated per batch; bounds memory whatever the data size. */
  batchContracts?: number;
  /** Only contracts using one of these models (a retainer period start bills retainers only). */
  onlyModels?: BillingModelKind[] | undefined;
  onProgress?: (p: { contractsDone: number; contractsTotal: number; invoices: number; timeEntries: number }) => void;
}

export interface BillingRunSummary {
  runId: string;
  period: string;
  contracts: number;
  invoicesWritten: number;
  linesWritten: number;
  exceptions: number;
  /** Time entries on the drafts' lines, billed or held (not the unapproved ones the run only warned about). */
  timeEntriesRated: number;
  /** Of those, the ones on lines the drafts bill (not held). */
  timeEntriesBilled: number;
  /** Submitted but not approved entries of the period: not billed, raised as unapproved_time. */
  timeEntriesAwaitingApproval: number;
  skippedLocked: number;
  conflicts: number;
  totalsByCurrency: Record<string, bigint>;
}

export type RunBillingError = { code: 'INVALID_PERIOD'; message: string };

/**
 * Billing for a period: rates every contract (in batches, streaming) and writes one draft per
 * contract, period and currency. Re-running regenerates drafts still in draft and leaves invoices
 * past draft alone; work approved late is caught up by the next period's run.
 */
export async function runBilling(
  ports: BillingRunPorts,
  clock: Clock,
  input: RunBillingInput,
): Promise<Result<BillingRunSummary, RunBillingError>> {
  if (!isPeriod(input.period))
    return err({ code: 'INVALID_PERIOD', message: `Period must be YYYY-MM, got "${input.period}"` });
  const { start, end } = periodBounds(input.period);
  const runId = await ports.startRun(input.period, input.trigger ?? 'cli');
  const summary: BillingRunSummary = {
    runId,
    period: input.period,
    contracts: 0,
    invoicesWritten: 0,
    linesWritten: 0,
    exceptions: 0,
    timeEntriesRated: 0,
    timeEntriesBilled: 0,
    timeEntriesAwaitingApproval: 0,
    skippedLocked: 0,
    conflicts: 0,
    totalsByCurrency: {},
  };
  try {
    const reference = await ports.loadReference();
    const ids = await ports.listContractIds(end);
    summary.contracts = ids.length;
    const size = input.batchContracts ?? 50;
    const load = (from: number) => {
      const p = ports.loadBatch(ids.slice(from, from + size), input.period, start, end);
      p.catch(() => undefined); // awaited below; this only stops an early failure counting as unhandled
      return p;
    };
    // The next batch loads while this one is rated and written.
    let pending = ids.length > 0 ? load(0) : null;
    // Rating is synchronous: between contracts the run lets the server's other requests through.
    const slice = timeSlice();
    for (let i = 0; i < ids.length; i += size) {
      const batch = await pending!;
      pending = i + size < ids.length ? load(i + size) : null;
      const work: (() => Promise<void>)[] = [];
      for (const [contractId, { terms, client }] of batch.contracts) {
        if (input.onlyModels && !terms.models.some((m) => input.onlyModels!.includes(m))) continue;
        const existing = batch.existing.get(contractId);
        if (existing && existing.status !== 'draft') {
          summary.skippedLocked += 1; // already past draft: late work goes to the next period
          continue;
        }
        await slice.pause();
        const timeEntries = batch.timeEntries.get(contractId) ?? [];
        const rolloverIn = batch.retainerRollover.get(contractId) ?? '0';
        const out = rateContract({
          period: input.period,
          contract: terms,
          client,
          timeEntries,
          expenses: batch.expenses.get(contractId) ?? [],
          usage: batch.usage.get(contractId) ?? [],
          billedToDateMinor: batch.billedToDate.get(contractId) ?? 0n,
          retainerRolloverHours: rolloverIn,
          retainerFeeAlreadyBilled: false,
          exchangeRates: reference.exchangeRates,
          taxRates: reference.taxRates,
        });
        const resolved = applyResolutions(
          out.draft,
          batch.resolutions.get(contractId) ?? new Map(),
          batch.releasedAmounts?.get(contractId),
        );
        const { releasedFeesMinor } = resolved;
        const draft = applyHoldRules(resolved.draft, reference.holdRules ?? DEFAULT_HOLD_RULES);
        const counted = countTime(draft.lines, timeEntries);
        if (out.draft.lines.length === 0 && out.draft.exceptions.length === 0 && !existing) continue;
        work.push(async () => {
          const written = await ports.writeDraft({
            runId,
            period: input.period,
            draft,
            existingDraftId: existing?.id ?? null,
            // Released fees count against the cap too (invoice currency; equal to the work currency unless converted).
            nteConsumedMinor: out.nteConsumedMinor + (draft.fx ? 0n : releasedFeesMinor),
            retainer: terms.retainer ? { rolloverIn, rolloverOut: out.retainerRolloverHoursNext } : null,
            preparedBy: input.preparedBy ?? SYSTEM_PREPARER,
            now: clock.now(),
            reopenExceptions: resolved.reopen,
          });
          if (written.kind === 'conflict') {
            summary.conflicts += 1;
            return;
          }
          if (written.invoiceId) {
            summary.invoicesWritten += 1;
            summary.totalsByCurrency[draft.currency] =
              (summary.totalsByCurrency[draft.currency] ?? 0n) + draft.totalMinor;
          }
          summary.timeEntriesRated += counted.rated;
          summary.timeEntriesBilled += counted.billed;
          summary.timeEntriesAwaitingApproval += counted.awaiting;
          summary.linesWritten += written.lines;
          summary.exceptions += written.exceptions;
        });
      }
      await runLimited(work, ports.writeConcurrency ?? 1);
      await ports.progress?.(runId, toJson(summary));
      input.onProgress?.({
        contractsDone: Math.min(i + size, ids.length),
        contractsTotal: ids.length,
        invoices: summary.invoicesWritten,
        timeEntries: summary.timeEntriesRated,
      });
    }
    await ports.finishRun(runId, 'completed', toJson(summary));
    return ok(summary);
  } catch (e) {
    await ports.finishRun(runId, 'failed', toJson(summary), e instanceof Error ? e.message : String(e));
    throw e;
  }
}

/** Time entries a draft rated (on any line), billed (on unheld lines), and left waiting for approval in the period. */
function countTime(
  lines: readonly DraftLine[],
  entries: readonly TimeEntry[],
): { rated: number; billed: number; awaiting: number } {
  const rated = new Set<string>();
  const billed = new Set<string>();
  for (const l of lines) {
    for (const id of l.sources.timeEntryIds) {
      rated.add(id);
      if (!l.held) billed.add(id);
    }
  }
  return {
    rated: rated.size,
    billed: billed.size,
    awaiting: entries.filter((e) => e.approval === 'submitted' && e.billable).length,
  };
}

/** Runs tasks with at most `limit` in flight; the first failure rejects after the others settle. */
async function runLimited(tasks: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

function toJson(s: BillingRunSummary): Record<string, unknown> {
  return JSON.parse(JSON.stringify(s, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))) as Record<
    string,
    unknown
  >;
}
