import type { Context } from 'hono';
import { passGate, precheck, type GateError, type GatePassed } from '../db/usecases/approval-gate.ts';
import { readMatrixInForce, type UseCaseContext } from '../db/usecases/context.ts';
import type { Action } from '../policy/actions.ts';
import type { PolicyFacts } from '../policy/facts.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { sendUseCaseError } from './error-map.ts';

/** Thrown inside a write's transaction to roll it back when policy refuses the change or needs approvals it lacks. */
export class ChangeRefused extends Error {
  constructor(readonly refusal: GateError, readonly action: Action, readonly facts: PolicyFacts) {
    super(refusal.message);
  }
}

/**
 * Policy for a change a route writes itself (master data), inside the writing transaction after the
 * write, so the check sees exactly what is replaced: evaluate, then the stored approvals bound to
 * the action's arguments. Throws ChangeRefused (rolling the write back); answerRefused turns it
 * into the response.
 */
export async function gateChange(tx: DbOrTx, ctx: UseCaseContext, action: Action, facts: PolicyFacts): Promise<GatePassed> {
  await readMatrixInForce(tx, ctx);
  const denied = precheck(ctx, action, facts);
  if (!denied.ok) throw new ChangeRefused(denied.error, action, facts);
  const passed = await passGate(tx, ctx, action, facts);
  if (!passed.ok) throw new ChangeRefused(passed.error, action, facts);
  return passed.value;
}

/**
 * The answer for a change gateChange refused. A missing approval's request was rolled back with
 * the write, so it is opened again on its own (passGate finds or opens it, and audits a new one).
 */
export async function answerRefused(c: Context, db: Db, ctx: UseCaseContext, e: unknown): Promise<Response> {
  if (!(e instanceof ChangeRefused)) throw e;
  const r = e.refusal;
  if (r.code !== 'APPROVAL_REQUIRED' && r.code !== 'ARGS_CHANGED') return sendUseCaseError(c, r);
  const opened = await db.transaction((tx) => passGate(tx, ctx, e.action, e.facts));
  return sendUseCaseError(c, opened.ok ? r : opened.error);
}
