import { and, eq } from 'drizzle-orm';
import { idempotencyKeys, users } from '../../db/schema/index.ts';
import {
  insertPendingCall,
  pendingCallOf,
  resolvePendingCall,
  waitingCalls,
  type PendingCallRow,
} from '../../db/stores/agent-store.ts';
import { getApprovalRequest } from '../../db/stores/approval-request-store.ts';
import { describeMissing } from '../policy-gate/approval-plan.ts';
import { requestState } from '../policy-gate/approval-request-state.ts';
import { readMatrixInForce, type UseCaseContext } from '../policy-gate/context.ts';
import type { ToolDeps } from '../define-tool.ts';

export type { PendingCallRow };

/** Where an approval request stands, for a paused call: granted (every level covered now), or why not yet or never. */
export type RequestStanding =
  | { state: 'granted' }
  | { state: 'waiting'; needs: string; expired: boolean }
  | { state: 'rejected'; reason: string | null }
  | { state: 'executed' | 'superseded' | 'not_found' };

/** Records the checkpoint of a paused conversation: the call, its arguments and its idempotency key, by approval request. */
export async function savePendingCall(
  deps: ToolDeps,
  p: Omit<Parameters<typeof insertPendingCall>[1], 'createdAt'>,
): Promise<void> {
  await insertPendingCall(deps.database.db, { ...p, createdAt: deps.now() });
}

/** A thread's calls waiting for approval. */
export const waitingCallsOf = (deps: ToolDeps, threadId: string): Promise<PendingCallRow[]> =>
  waitingCalls(deps.database.db, threadId);

/** The call a person's conversation paused on for this request, if any. */
export const pausedCallFor = (deps: ToolDeps, requestId: string, userId: string): Promise<PendingCallRow | null> =>
  pendingCallOf(deps.database.db, requestId, userId);

/** Marks a paused call resolved, once (false when another resume resolved it first). */
export const settlePendingCall = (
  deps: ToolDeps,
  id: string,
  status: 'done' | 'failed' | 'rejected',
  outcome: unknown,
): Promise<boolean> => resolvePendingCall(deps.database.db, id, status, outcome, deps.now());

/** How far the approval request of a paused call has come, read as its approvers' inbox reads it. */
export async function requestStanding(
  deps: ToolDeps,
  ctx: UseCaseContext,
  requestId: string,
): Promise<RequestStanding> {
  const db = deps.database.db;
  const row = await getApprovalRequest(db, requestId);
  if (!row) return { state: 'not_found' };
  if (row.status === 'rejected') return { state: 'rejected', reason: row.decisionReason };
  if (row.status !== 'pending') return { state: row.status };
  await readMatrixInForce(db, ctx);
  const s = await requestState(db, ctx, requestId, false);
  if (!s.ok) return { state: 'not_found' };
  const { missing } = s.value.coverage;
  if (missing.length === 0) return { state: 'granted' };
  return {
    state: 'waiting',
    needs: describeMissing(s.value.steps, missing),
    expired: missing.some((m) => m.problem === 'expired'),
  };
}

/**
 * True when the agent identity's call under this idempotency key completed: a paused call that ran
 * when its request was granted, though the process stopped (or another resume raced it) before the
 * paused call was marked done. Running it again under the key replays that outcome and writes nothing.
 */
export async function ranUnderKey(deps: ToolDeps, agentId: string, key: string): Promise<boolean> {
  const [row] = await deps.database.db
    .select({ status: idempotencyKeys.status })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, agentId), eq(idempotencyKeys.key, key)));
  return row?.status === 'completed';
}

/** The agent identity the copilot acts as: the active stored user of kind agent, else a fixed service-like id. */
export async function copilotIdentityId(deps: ToolDeps): Promise<string> {
  const [row] = await deps.database.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.kind, 'agent'), eq(users.active, true)))
    .orderBy(users.createdAt)
    .limit(1);
  return row?.id ?? 'agent:copilot';
}
