import type { Context } from 'hono';
import { toJsonValue } from '../billing/audit/canonical-json.ts';
import { appendAudit } from '../db/stores/audit-store.ts';
import { passGate, precheck, type GateError, type GatePassed } from '../db/usecases/approval-gate.ts';
import { approvalRef, readMatrixInForce, type UseCaseContext } from '../db/usecases/context.ts';
import type { Action } from '../policy/actions.ts';
import type { PolicyFacts } from '../policy/facts.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { auditEntry } from './audit-entry.ts';
import type { AuthEnv } from './auth/context.ts';
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

/** A master-data write whose change may be a policy action (a contract's terms, a person's cost rate). */
export interface PolicedWrite<R> {
  /** The record's audit target type, e.g. 'contract' (audit actions are `<kind>.create` and `<kind>.update`). */
  kind: string;
  read: (tx: DbOrTx) => Promise<R | null>;
  write: (tx: DbOrTx) => Promise<unknown>;
  /** The policy action the change from current to after is, or null when it needs none. */
  change: (current: R, after: R) => Action | null;
  entityOf: (r: R) => string | null;
  idOf: (r: R) => string;
  /** What the audit row records of the record before and after. */
  view: (r: R) => unknown;
}

/**
 * Writes a master-data record in one transaction: reads what it replaces, writes, and when the
 * change is a policy action, checks policy and approvals (gateChange) before the audit row, which
 * carries the decision and approvals. A refusal rolls the write back and is the answer; null when
 * written. Concurrent writers of one record each compare against what they replace.
 */
export async function writeUnderPolicy<R>(c: Context<AuthEnv>, db: Db, ctx: UseCaseContext, w: PolicedWrite<R>): Promise<Response | null> {
  try {
    await db.transaction(async (tx) => {
      const current = await w.read(tx);
      await w.write(tx);
      const after = (await w.read(tx))!;
      const action = current ? w.change(current, after) : null;
      const gate = action ? await gateChange(tx, ctx, action, { entityId: w.entityOf(after) }) : null;
      await appendAudit(tx, auditEntry(c, {
        action: `${w.kind}.${current ? 'update' : 'create'}`, targetType: w.kind, targetId: w.idOf(after),
        before: current ? w.view(current) : null, after: w.view(after),
        decision: gate ? toJsonValue(gate.decision) : null, approvalRef: gate ? approvalRef(gate.approvals) : null,
      }, ctx.now));
    });
    return null;
  } catch (e) {
    return answerRefused(c, db, ctx, e);
  }
}
