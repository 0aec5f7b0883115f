import type { Context } from 'hono';
import { canonicalJson, toJsonValue } from '../billing/audit/canonical-json.ts';
import { appendAudit } from '../db/stores/audit-store.ts';
import { passGate, type GateError, type GatePassed } from '../db/usecases/approval-gate.ts';
import { approvalRef, type UseCaseContext } from '../db/usecases/context.ts';
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
 * Policy for a change a route writes itself, inside the writing transaction after the write, so the
 * check sees exactly what is replaced: passGate (evaluate under the matrix in force, then the stored
 * approvals bound to the action's arguments). Throws ChangeRefused (rolling the write back);
 * answerRefused turns it into the response.
 */
export async function gateChange(tx: DbOrTx, ctx: UseCaseContext, action: Action, facts: PolicyFacts): Promise<GatePassed> {
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
export interface PolicedWrite<R, P> {
  /** The record's audit target type, e.g. 'contract' (audit actions are `<kind>.create` and `<kind>.update`). */
  kind: string;
  read: (tx: DbOrTx) => Promise<R | null>;
  write: (tx: DbOrTx) => Promise<unknown>;
  /** The part of the record policy guards; changing it (compared as canonical JSON) is the action `guard` builds. */
  guarded: (r: R) => P;
  guard: (after: R, was: P, now: P) => Action;
  entityOf: (r: R) => string | null;
  idOf: (r: R) => string;
  /** What the audit row records of the record before and after. */
  view: (r: R) => unknown;
}

/**
 * Writes a master-data record in one transaction: reads what it replaces, writes, and when the
 * guarded part changed, checks policy and approvals (gateChange) before the audit row, which
 * carries the decision and approvals. Answers the record as written (and whether it is new), or
 * the refusal, which rolled the write back. Concurrent writers of one record each compare against
 * what they replace.
 */
export async function writeUnderPolicy<R, P>(
  c: Context<AuthEnv>, db: Db, ctx: UseCaseContext, w: PolicedWrite<R, P>,
): Promise<{ after: R; created: boolean } | { refused: Response }> {
  try {
    return await db.transaction(async (tx) => {
      const current = await w.read(tx);
      await w.write(tx);
      const after = (await w.read(tx))!;
      const [was, now] = current ? [w.guarded(current), w.guarded(after)] : [];
      const action = current && canonicalJson(was) !== canonicalJson(now) ? w.guard(after, was!, now!) : null;
      const gate = action ? await gateChange(tx, ctx, action, { entityId: w.entityOf(after) }) : null;
      await appendAudit(tx, auditEntry(c, {
        action: `${w.kind}.${current ? 'update' : 'create'}`, targetType: w.kind, targetId: w.idOf(after),
        before: current ? w.view(current) : null, after: w.view(after),
        decision: gate ? toJsonValue(gate.decision) : null, approvalRef: gate ? approvalRef(gate.approvals) : null,
      }, ctx.now));
      return { after, created: current === null };
    });
  } catch (e) {
    return { refused: await answerRefused(c, db, ctx, e) };
  }
}
