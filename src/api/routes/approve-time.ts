import type { Context } from 'hono';
import { z } from 'zod';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { entriesForApproval, markTimeApproved, userIdsByEmail } from '../../db/stores/time-approval-store.ts';
import { evaluate } from '../../policy/evaluate.ts';
import type { PolicyDecision } from '../../policy/decision.ts';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import type { AuthEnv } from '../auth/context.ts';
import { auditEntry } from '../audit-entry.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { mayTouchEntity, outOfScope } from '../scope.ts';

export const approveTimeSchema = z.object({
  ids: z.array(z.number().int().positive()).min(1).max(1000).describe('Ids of submitted time entries to approve'),
});

type Outcome =
  | { kind: 'done'; approved: number[]; alreadyApproved: number[]; rejected: number[] }
  | { kind: 'policy'; project: string; decision: Exclude<PolicyDecision, { outcome: 'allow' }> };

/**
 * Approves time entries through policy (time_entries.approve per project: project managers only,
 * never one's own time, never the agent). Checked before the transaction for scope, and decided
 * inside it on locked rows, right before the write.
 */
export async function approveTime(c: Context<AuthEnv>, { database, now }: ApiDeps, ids: number[]): Promise<Response> {
  const unique = [...new Set(ids)];
  const found = await entriesForApproval(database.db, unique);
  const missing = unique.filter((id) => !found.some((e) => e.id === id));
  if (missing.length) return sendError(c, 'TIME_ENTRIES_NOT_FOUND', `${missing.length} time entries do not exist`, { ids: missing });
  const foreign = found.find((e) => !mayTouchEntity(c, e.entityId));
  if (foreign) return outOfScope(c, foreign.entityId);
  const auth = c.get('auth');
  const at = now();
  const out = await database.db.transaction(async (tx): Promise<Outcome> => {
    const entries = await entriesForApproval(tx, unique, true);
    const byProject = new Map<string, typeof entries>();
    for (const e of entries) byProject.set(e.projectId, [...(byProject.get(e.projectId) ?? []), e]);
    // Every project is decided before anything is written: one refused project refuses the whole batch
    // (approving the other projects' entries and then answering an error would half-approve it).
    const allowed: { projectId: string; pending: number[]; decision: PolicyDecision }[] = [];
    for (const [projectId, list] of byProject) {
      const pending = list.filter((e) => e.status === 'submitted').map((e) => e.id);
      if (pending.length === 0) continue;
      const workerIds = await userIdsByEmail(tx, list.flatMap((e) => (e.personEmail ? [e.personEmail] : [])));
      const action = { type: 'time_entries.approve' as const, target: { kind: 'project' as const, id: projectId }, args: { timeEntryIds: pending.map(String) } };
      const decision = evaluate(action, auth.actor, { entityId: list[0]!.entityId, workerIds });
      if (decision.outcome !== 'allow') return { kind: 'policy', project: list[0]!.projectCode, decision };
      allowed.push({ projectId, pending, decision });
    }
    const approved: number[] = [];
    for (const { projectId, pending, decision } of allowed) {
      const changed = await markTimeApproved(tx, pending, auth.user.email, at);
      approved.push(...changed);
      await appendAudit(tx, auditEntry(c, {
        action: 'time_entries.approve', targetType: 'project', targetId: projectId,
        before: { status: 'submitted', ids: changed }, after: { status: 'approved', ids: changed }, decision: toJsonValue(decision),
      }, at));
    }
    return {
      kind: 'done', approved: approved.sort((a, b) => a - b),
      alreadyApproved: entries.filter((e) => e.status === 'approved').map((e) => e.id),
      rejected: entries.filter((e) => e.status === 'rejected').map((e) => e.id),
    };
  });
  if (out.kind === 'policy') {
    const d = out.decision;
    if (d.outcome === 'deny') return sendError(c, d.code, d.reason, { project: out.project, matrixVersion: d.matrixVersion });
    return sendError(c, 'APPROVAL_REQUIRED', `Approving time on ${out.project} needs approval first`, { project: out.project, steps: d.steps });
  }
  return c.json({ approved: out.approved, alreadyApproved: out.alreadyApproved, rejected: out.rejected });
}
