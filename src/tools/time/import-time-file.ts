import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import { parseTimeEntriesCsv, type RowError } from '../../billing/inputs/parse-time-entries-csv.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  entriesForApproval,
  userEmailById,
  userIdsByEmail,
  type EntryForApproval,
} from '../../db/stores/time-approval-store.ts';
import { insertResolvedTimeEntries, resolveTimeEntries, sequenceIds } from '../../db/stores/time-entry-store.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { authorityOf, inScope } from '../../policy/permissions.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool, type ToolContext } from '../define-tool.ts';
import { passGate, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce, refusal, type ApprovalRequired } from '../policy-gate/context.ts';

/** Rows a file gets wrong, each with its line (1 is the header). */
export interface FileRejected {
  code: 'IMPORT_REJECTED';
  message: string;
  errors: RowError[];
}
export type ImportTimeFileError =
  | FileRejected
  | { code: 'ENTITY_OUT_OF_SCOPE'; message: string; project: string }
  | GateError;

/** Rolls the insert back with the refusal. */
class Refused extends Error {
  constructor(readonly error: ImportTimeFileError) {
    super(error.message);
  }
}

const rejected = (errors: RowError[]): FileRejected => ({
  code: 'IMPORT_REJECTED',
  message: `${errors.length === 1 ? '1 row needs' : `${errors.length} rows need`} fixing first; nothing was imported`,
  errors,
});

/**
 * time_entries_import_file: a timesheet export (CSV, one entry per line, up to hundreds of
 * thousands), all or none, in one statement and one audit row. A row may arrive approved or
 * rejected: that is a decision on the time, taken by the caller under time_entries.approve per
 * project (project managers, never on their own time), recorded in the audit row's decision.
 */
export const timeEntriesImportFile = defineTool({
  name: 'time_entries_import_file',
  description:
    'Imports a CSV of time entries (external_id, person, project, role, date, hours, billable, description, status, approved_by, rate), ' +
    'all or none, naming the line of every row it refuses. Rows marked approved or rejected are decided by the caller, under the same ' +
    'policy as time_entries_approve (approved_by must be the caller or empty).',
  input: z.object({
    content: z
      .string()
      .max(256 * 1024 * 1024)
      .describe('The CSV text, header first'),
    file: z.string().min(1).max(255).describe('The name of the file, for the audit trail'),
  }),
  output: z.object({ inserted: z.number().int(), first: z.number().int(), last: z.number().int() }),
  risk: 'write',
  policyAction: 'time_entries.import',
  handler: async (
    ctx,
    input,
  ): Promise<Result<{ inserted: number; first: number; last: number }, ImportTimeFileError>> => {
    const { rows, errors } = parseTimeEntriesCsv(input.content);
    if (errors.length) return err(rejected(errors));
    const email = (await userEmailById(ctx.db, ctx.actor.userId)) ?? ctx.actor.userId;
    // A status other than submitted is a decision on the time, taken by the caller under time_entries.approve.
    const notYours = rows.filter(
      (r) =>
        r.entry.status !== 'submitted' &&
        r.entry.approvedBy &&
        r.entry.approvedBy.toLowerCase() !== email.toLowerCase(),
    );
    if (notYours.length) {
      return err(
        rejected(
          notYours.map((r) => ({
            line: r.line,
            message: `approved_by "${r.entry.approvedBy}" is not you (${email}): time ${r.entry.status} in a file is decided by the user of BILLING_COPILOT_API_KEY, under the same policy as POST /time-entries/approve; leave approved_by empty or import it as submitted`,
          })),
        ),
      );
    }
    for (const r of rows) if (r.entry.status !== 'submitted') r.entry.approvedBy = email;
    const resolved = await resolveTimeEntries(ctx.db, rows, await sequenceIds(ctx.db, rows.length), ctx.now);
    if (resolved.errors.length) return err(rejected(resolved.errors));
    const authority = authorityOf(ctx.actor);
    const used = new Set(rows.map((r) => r.entry.project));
    const entities = new Set<string | null>();
    for (const [code, entityId] of resolved.projectEntities) {
      if (!used.has(code)) continue;
      if (!inScope(authority.entityIds, entityId))
        return err({
          code: 'ENTITY_OUT_OF_SCOPE',
          message: `project ${code} belongs to a legal entity outside your scope`,
          project: code,
        });
      entities.add(entityId);
    }
    const ids = resolved.values.map((v) => v.id);
    const imports: unknown[] = [];
    for (const entityId of entities) {
      const gate = await passGate(
        ctx.db,
        ctx,
        {
          type: 'time_entries.import',
          target: { kind: 'legal_entity', id: entityId ?? 'firm' },
          args: { entries: ids.length, externalIds: [] },
        },
        { entityId },
      );
      if (!gate.ok) return gate;
      imports.push({
        entityId,
        outcome: gate.value.decision.outcome,
        matrixVersion: gate.value.decision.matrixVersion,
      });
    }
    try {
      const decisions = await ctx.db.transaction(async (sp) => {
        await sp.execute(insertResolvedTimeEntries(resolved.values)(sql`true`));
        const decided = resolved.values.filter((v) => v.approvalStatus !== 'submitted').map((v) => v.id);
        return decideTime(sp, ctx, decided);
      });
      await appendAudit(
        ctx.db,
        auditEntry(ctx, {
          action: 'time_entries.import',
          targetType: 'time_entries',
          targetId: `${ids[0]}..${ids.at(-1)}`,
          before: null,
          after: {
            count: ids.length,
            ids: ids.length <= 100 ? ids : { first: ids[0], last: ids.at(-1) },
            file: input.file,
            decided: {
              approved: resolved.values.filter((v) => v.approvalStatus === 'approved').length,
              rejected: resolved.values.filter((v) => v.approvalStatus === 'rejected').length,
            },
          },
          decision: toJsonValue({
            'time_entries.import': imports,
            ...(decisions.length ? { 'time_entries.approve': decisions } : {}),
          }),
        }),
      );
    } catch (e) {
      if (e instanceof Refused) return err(e.error);
      throw e;
    }
    return ok({ inserted: ids.length, first: ids[0]!, last: ids.at(-1)! });
  },
});

/**
 * Policy for time a file brings approved (or rejected): time_entries.approve per project for the
 * caller, as time_entries_approve decides it. Throws Refused (rolling the insert back) when any
 * project is not theirs to decide; answers the decisions to audit.
 */
async function decideTime(
  tx: DbOrTx,
  ctx: ToolContext,
  ids: number[],
): Promise<{ project: string; entries: number; decision: unknown }[]> {
  if (ids.length === 0) return [];
  const matrix = await readMatrixInForce(tx, ctx);
  const byProject = new Map<string, EntryForApproval[]>();
  // In slices: one bind parameter per id, and a statement takes at most 65,535.
  for (let i = 0; i < ids.length; i += 10_000) {
    for (const e of await entriesForApproval(tx, ids.slice(i, i + 10_000))) {
      let list = byProject.get(e.projectId);
      if (!list) byProject.set(e.projectId, (list = []));
      list.push(e);
    }
  }
  const out: { project: string; entries: number; decision: unknown }[] = [];
  for (const [projectId, list] of byProject) {
    const workerIds = await userIdsByEmail(tx, [
      ...new Set(list.flatMap((e) => (e.personEmail ? [e.personEmail] : []))),
    ]);
    const action = {
      type: 'time_entries.approve' as const,
      target: { kind: 'project' as const, id: projectId },
      args: { timeEntryIds: list.map((e) => String(e.id)) },
    };
    const decision = evaluate(action, ctx.actor, { entityId: list[0]!.entityId, workerIds }, matrix);
    const project = list[0]!.projectCode;
    if (decision.outcome === 'deny') {
      const r = refusal(decision);
      throw new Refused({ ...r, message: `the file decides time on ${project}, and ${decision.reason}` });
    }
    if (decision.outcome === 'require_approval') {
      const asked: ApprovalRequired = {
        code: 'APPROVAL_REQUIRED',
        message: `deciding time on ${project} needs approval first; import it as submitted`,
        steps: decision.steps,
        missing: [],
        requestId: null,
      };
      throw new Refused(asked);
    }
    out.push({
      project,
      entries: list.length,
      decision: { outcome: decision.outcome, matrixVersion: decision.matrixVersion },
    });
  }
  return out;
}
