import { appendAudit } from '../../db/stores/audit-store.ts';
import type { Action } from '../../policy/actions.ts';
import { ok, type Result } from '../../shared/result.ts';
import type { ToolContext } from '../define-tool.ts';
import { passGate, precheck, type GateError } from './approval-gate.ts';
import { auditEntry, readMatrixInForce } from './context.ts';

/**
 * A firm-wide retention run (chat_events_prune, agent_checkpoints_prune) or delivery run (approval_notices_deliver):
 * gated before anything is written (a matrix that asks approval for it opens the request and writes nothing), then
 * `run` writes in steps that each commit on their own, then one audit row for the run with its result and
 * `settings`: never one per row. With `partial` (what the run did so far), a run that throws part-way still writes
 * its row, with those counts and `interrupted` (the error's class), before the error goes on: its steps are
 * committed, so the trail must show them.
 */
export async function retentionRun<T extends object>(
  ctx: ToolContext,
  action: Action,
  run: () => Promise<T>,
  settings: Record<string, unknown>,
  partial?: () => T,
): Promise<Result<T, GateError>> {
  await readMatrixInForce(ctx.db, ctx);
  const denied = precheck(ctx, action, { entityId: null });
  if (!denied.ok) return denied;
  const gate = await ctx.deps.database.db.transaction((tx) => passGate(tx, ctx, action, { entityId: null }));
  if (!gate.ok) return gate;
  const audit = (after: Record<string, unknown>) =>
    ctx.deps.database.db.transaction((tx) =>
      appendAudit(
        tx,
        auditEntry(ctx, {
          action: action.type,
          targetType: action.target.kind,
          targetId: action.target.id,
          before: null,
          after,
          decision: gate.value.decision,
        }),
      ),
    );
  let out: T;
  try {
    out = await run();
  } catch (e) {
    if (partial) {
      const interrupted = e instanceof Error ? e.name : 'error';
      // The run's own error goes on whatever becomes of its row (a database gone would fail both).
      await audit({ ...partial(), ...settings, interrupted }).catch(() => undefined);
    }
    throw e;
  }
  await audit({ ...out, ...settings });
  return ok(out);
}
