import { z } from 'zod';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  entriesForApproval,
  markTimeApproved,
  userEmailById,
  userIdsByEmail,
} from '../../db/stores/time-approval-store.ts';
import { auditEntry } from '../policy-gate/context.ts';
import type { PolicyDecision } from '../../policy/decision.ts';
import { evaluate } from '../../policy/evaluate.ts';
import type { ErrorCode } from '../../shared/error-codes.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

export const approveTimeSchema = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(1000).describe('Ids of submitted time entries to approve'),
});

export interface ApproveTimeResult {
  approved: number[];
  alreadyApproved: number[];
  rejected: number[];
}
export type ApproveTimeError =
  | { code: 'TIME_ENTRIES_NOT_FOUND'; message: string; ids: number[] }
  | ScopeError
  /** Policy refused (never one's own time, never the agent): the policy code itself, with the project. */
  | { code: ErrorCode; message: string; project: string; matrixVersion: number }
  | { code: 'APPROVAL_REQUIRED'; message: string; project: string; steps: unknown };

/**
 * Approves time entries through policy (time_entries.approve per project: project managers only,
 * never one's own time, never the agent). Scope is checked on a first read; every project is then
 * decided on the locked rows before anything is written, so one refused project refuses the batch
 * (approving the others and answering an error would half-approve it).
 */
export const timeEntriesApprove = defineTool({
  name: 'time_entries_approve',
  description:
    'Approves submitted time entries so billing takes them. Policy decides per project: project managers approve, never their own time; ' +
    'the agent never approves. Entries already approved or rejected are reported, not changed; one refused project refuses the whole batch.',
  input: approveTimeSchema,
  output: z
    .object({ approved: z.array(z.number()), alreadyApproved: z.array(z.number()), rejected: z.array(z.number()) })
    .describe('What changed'),
  risk: 'decision',
  policyAction: 'time_entries.approve',
  handler: async (ctx, { ids }): Promise<Result<ApproveTimeResult, ApproveTimeError>> => {
    const unique = [...new Set(ids)];
    const found = await entriesForApproval(ctx.db, unique);
    const missing = unique.filter((id) => !found.some((e) => e.id === id));
    if (missing.length)
      return err({
        code: 'TIME_ENTRIES_NOT_FOUND',
        message: `${missing.length} time entries do not exist`,
        ids: missing,
      });
    const foreign = found.find((e) => !actorMayTouch(ctx.actor, e.entityId));
    if (foreign) return err(outOfScopeError(foreign.entityId));
    const entries = await entriesForApproval(ctx.db, unique, true);
    const byProject = new Map<string, typeof entries>();
    for (const e of entries) byProject.set(e.projectId, [...(byProject.get(e.projectId) ?? []), e]);
    const allowed: { projectId: string; pending: number[]; decision: PolicyDecision }[] = [];
    for (const [projectId, list] of byProject) {
      const pending = list.filter((e) => e.status === 'submitted').map((e) => e.id);
      if (pending.length === 0) continue;
      const workerIds = await userIdsByEmail(
        ctx.db,
        list.flatMap((e) => (e.personEmail ? [e.personEmail] : [])),
      );
      const action = {
        type: 'time_entries.approve' as const,
        target: { kind: 'project' as const, id: projectId },
        args: { timeEntryIds: pending.map(String) },
      };
      const d = evaluate(action, ctx.actor, { entityId: list[0]!.entityId, workerIds });
      const project = list[0]!.projectCode;
      if (d.outcome === 'deny')
        return err({ code: d.code, message: d.reason, project, matrixVersion: d.matrixVersion });
      if (d.outcome !== 'allow')
        return err({
          code: 'APPROVAL_REQUIRED',
          message: `Approving time on ${project} needs approval first`,
          project,
          steps: d.steps,
        });
      allowed.push({ projectId, pending, decision: d });
    }
    const approvedBy = (await userEmailById(ctx.db, ctx.actor.userId)) ?? ctx.actor.userId;
    const approved: number[] = [];
    for (const { projectId, pending, decision } of allowed) {
      const changed = await markTimeApproved(ctx.db, pending, approvedBy, ctx.now);
      approved.push(...changed);
      await appendAudit(
        ctx.db,
        auditEntry(ctx, {
          action: 'time_entries.approve',
          targetType: 'project',
          targetId: projectId,
          before: { status: 'submitted', ids: changed },
          after: { status: 'approved', ids: changed },
          decision: toJsonValue(decision),
        }),
      );
    }
    return ok({
      approved: approved.sort((a, b) => a - b),
      alreadyApproved: entries.filter((e) => e.status === 'approved').map((e) => e.id),
      rejected: entries.filter((e) => e.status === 'rejected').map((e) => e.id),
    });
  },
});
