import { z } from 'zod';
import { timeEntryInputSchema, type TimeEntryInput } from '../../billing/inputs/contract-bundle.ts';
import type { ParsedRow, RowError } from '../../billing/inputs/parse-time-entries-csv.ts';
import { weekEntries, weekGridSchema, type WeekCell } from '../../billing/inputs/week-grid.ts';
import { sql } from 'drizzle-orm';
import { pgError } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { lastMatrixInForce } from '../../db/stores/approval-matrix-store.ts';
import {
  forgetProjectEntities,
  importTimeEntriesInStatement,
  insertResolvedTimeEntries,
  projectEntities,
  reserveTimeEntryIds,
  resolveTimeEntries,
  sequenceIds,
} from '../../db/stores/time-entry-store.ts';
import type { Approval } from '../../policy/approvals.ts';
import type { PolicyDecision } from '../../policy/decision.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { passGate, type GateError } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry, type UseCaseContext } from '../policy-gate/context.ts';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

/**
 * A time entry as the API and the agent give it: the import schema without status and approver.
 * Entries arrive submitted; approval is time_entries_approve, under policy, so nobody approves time
 * by importing it as approved.
 */
export const timeEntryApiSchema = timeEntryInputSchema.omit({ status: true, approvedBy: true });
export const timeEntryListSchema = z
  .array(timeEntryApiSchema)
  .min(1)
  .max(5000)
  .describe('Time entries, imported all or none');

export const importTimeEntriesSchema = z
  .object({
    entries: timeEntryListSchema.optional(),
    week: weekGridSchema
      .optional()
      .describe('A timesheet week: one row per person, project and task with seven daily hours'),
  })
  .refine((i) => (i.entries === undefined) !== (i.week === undefined), 'give either entries or week, not both');
type ImportTimeEntriesInput = z.output<typeof importTimeEntriesSchema>;

/** One problem of an import: the entry's index, and for a week the row and day of its cell. */
export interface ImportProblem {
  index: number;
  message: string;
  code?: string;
  row?: number;
  day?: string;
  date?: string;
  [detail: string]: unknown;
}
export interface ImportRejected {
  code: 'IMPORT_REJECTED' | 'DAILY_HOURS_EXCEEDED';
  message: string;
  errors: ImportProblem[];
}
export type ImportTimeEntriesError = ImportRejected | ScopeError | GateError;

const problemsOf = (errors: RowError[], cells: WeekCell[] | null): ImportProblem[] =>
  errors.map((e) => {
    const cell = cells?.[e.line];
    const at = cell ? { row: cell.row, day: cell.day, date: cell.date } : {};
    const where = cell ? `row ${cell.row + 1}, ${cell.day} ${cell.date}: ` : '';
    return { index: e.line, message: `${where}${e.message}`, ...at, ...(e.code ? { code: e.code, ...e.details } : {}) };
  });

export const timeEntriesImport = defineTool({
  name: 'time_entries_import',
  description:
    'Records time as submitted entries, all or none: a list of entries (one per person, project and day), or a timesheet week ' +
    '(one row per person, project and task with seven daily hours from Monday). Unknown people or projects, re-used external ids and days ' +
    "over 24 hours for a person are refused naming the entry (and the row and day of a week's cell). Approval is a separate step.",
  input: importTimeEntriesSchema,
  output: z
    .object({ inserted: z.number().int(), ids: z.array(z.number().int()) })
    .describe("The new entries' ids, in input order"),
  risk: 'write',
  policyAction: 'time_entries.import',
  oneStatement: async (ctx, input) => {
    const list = entriesOf(input, input.week ? weekEntries(input.week) : null);
    const ext = list.flatMap((e) => (e.externalId ? [e.externalId] : []));
    if (list.length === 0 || new Set(ext).size !== ext.length) return null;
    const inForce = ctx.matrix ? { matrix: ctx.matrix, stillInForce: sql`true` } : lastMatrixInForce();
    if (!inForce) return null;
    // The one legal entity of the entries' projects, as this process last read it (checked again in the statement).
    const codes = [...new Set(list.map((e) => e.project))];
    const entityOf = await projectEntities(ctx.db, codes);
    const entities = new Set(codes.map((c) => entityOf.get(c)));
    const [entityId] = entities;
    if (entities.size !== 1 || !entityId || !actorMayTouch(ctx.actor, entityId)) return null;
    const decision = evaluate(importAction(entityId, list), ctx.actor, { entityId }, inForce.matrix);
    if (decision.outcome !== 'allow') return null;
    const ids = await reserveTimeEntryIds(ctx.db, list.length);
    const folded = importTimeEntriesInStatement(
      list.map((entry, line) => ({ line, entry })),
      ids,
      [entityId],
    );
    return {
      guard: { with: folded.guard.with, holds: sql`${folded.guard.holds} AND ${inForce.stillInForce}` },
      writes: [folded.write],
      audit: importAudit(ctx, ids, input, decision, []),
      value: { inserted: ids.length, ids },
      onRefused: () => forgetProjectEntities(ctx.db, codes),
    };
  },
  handler: async (ctx, input): Promise<Result<{ inserted: number; ids: number[] }, ImportTimeEntriesError>> => {
    const week = input.week ? weekEntries(input.week) : null;
    const list = entriesOf(input, week);
    if (list.length === 0)
      return err({ code: 'IMPORT_REJECTED', message: 'the week has no hours; nothing was imported', errors: [] });
    const rows: ParsedRow[] = list.map((entry, line) => ({ line, entry }));
    const ids = await sequenceIds(ctx.db, rows.length);
    const resolved = await resolveTimeEntries(ctx.db, rows, ids, ctx.now);
    const entities = [...new Set(resolved.projectEntities.values())];
    const foreign = entities.find((e) => !actorMayTouch(ctx.actor, e));
    if (foreign !== undefined) return err(outOfScopeError(foreign));
    if (resolved.errors.length) {
      const daily = resolved.errors.every((e) => e.code === 'DAILY_HOURS_EXCEEDED');
      return err({
        code: daily ? 'DAILY_HOURS_EXCEEDED' : 'IMPORT_REJECTED',
        message: `${resolved.errors.length} problems; nothing was imported`,
        errors: problemsOf(resolved.errors, week?.cells ?? null),
      });
    }
    const entityId = entities[0] ?? null;
    const gate = await passGate(ctx.db, ctx, importAction(entityId, list), { entityId });
    if (!gate.ok) return gate;
    try {
      // In a savepoint: a unique violation rolls back the insert alone, and the call can still answer (and store) a refusal.
      await ctx.db.transaction(async (sp) => {
        await sp.execute(insertResolvedTimeEntries(resolved.values)(sql`true`));
      });
    } catch (e) {
      if (pgError(e).code !== '23505') throw e;
      // A concurrent import took one of these external ids after the check above and committed first: say which, as the check would.
      const again = await resolveTimeEntries(ctx.db, rows, ids, ctx.now);
      if (!again.errors.length) throw e;
      return err({
        code: 'IMPORT_REJECTED',
        message: `${again.errors.length} problems; nothing was imported`,
        errors: problemsOf(again.errors, week?.cells ?? null),
      });
    }
    const written = resolved.values.map((v) => v.id);
    await appendAudit(ctx.db, importAudit(ctx, written, input, gate.value.decision, gate.value.approvals));
    return ok({ inserted: written.length, ids: written });
  },
});

/** The entries an import records: a week's cells, or the list as submitted entries. */
function entriesOf(input: ImportTimeEntriesInput, week: ReturnType<typeof weekEntries> | null): TimeEntryInput[] {
  return week
    ? week.entries
    : (input.entries ?? []).map((e) => ({ ...e, status: 'submitted' as const, approvedBy: null }));
}

/** The policy action of an import into one legal entity (null: none known, firm-wide). */
const importAction = (entityId: string | null, list: readonly TimeEntryInput[]) => ({
  type: 'time_entries.import' as const,
  target: { kind: 'legal_entity' as const, id: entityId ?? 'firm' },
  args: { entries: list.length, externalIds: list.flatMap((e) => (e.externalId ? [e.externalId] : [])) },
});

/** The one audit row of an import that wrote `written` (the handler's and the one-statement path's alike). */
const importAudit = (
  ctx: UseCaseContext,
  written: readonly number[],
  input: ImportTimeEntriesInput,
  decision: PolicyDecision,
  approvals: readonly Approval[],
) =>
  auditEntry(ctx, {
    action: 'time_entries.import',
    targetType: 'time_entries',
    targetId: `${written[0]}..${written.at(-1)}`,
    before: null,
    after: {
      count: written.length,
      ids: written.length <= 100 ? [...written] : { first: written[0], last: written.at(-1) },
      ...(input.week ? { weekOf: input.week.weekOf } : {}),
    },
    decision: toJsonValue(decision),
    approvalRef: approvalRef(approvals),
  });
