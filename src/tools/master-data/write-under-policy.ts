import { z } from 'zod';
import { canonicalJson, toJsonValue } from '../../billing/audit/canonical-json.ts';
import { contractBundleSchema, type ContractBundle } from '../../billing/inputs/contract-bundle.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { passGate, type GateError, type GatePassed } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry } from '../policy-gate/context.ts';
import { entityFacts } from '../policy-gate/entity-facts.ts';
import type { Action } from '../../policy/actions.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { TEXT_MAX } from '../../shared/bounds.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { ToolContext } from '../define-tool.ts';

/** The input of a read by code (a client, project, person or contract). */
export const byCodeSchema = z.object({ code: z.string().min(1).max(TEXT_MAX.code).describe('The code, e.g. ACME') });

/** A contract bundle holding only these parts (what the bundle import writes). */
export const bundleOf = (part: Partial<ContractBundle>): ContractBundle => ({
  ...contractBundleSchema.parse({}),
  ...part,
});

/** A code the input names that does not exist; `path` is the field. */
export interface UnknownReference {
  code: 'UNKNOWN_REFERENCE';
  message: string;
  path: string;
}

export const unknownReference = (path: string, what: string, code: string): UnknownReference => ({
  code: 'UNKNOWN_REFERENCE',
  message: `${path}: no ${what} with code "${code}"`,
  path,
});

/** Thrown inside the write's savepoint to roll it back when policy refuses the change or needs approvals it lacks. */
class ChangeRefused extends Error {
  constructor(
    readonly refusal: GateError,
    readonly action: Action,
    readonly facts: PolicyFacts,
  ) {
    super(refusal.message);
  }
}

/** A master-data write whose change may be a policy action (a contract's terms, a person's cost rate). */
export interface PolicedWrite<R, P> {
  /** The record's audit target type, e.g. 'contract' (audit actions are `<kind>.create` and `<kind>.update`). */
  kind: string;
  read: (db: DbOrTx) => Promise<R | null>;
  write: (db: DbOrTx) => Promise<unknown>;
  /** The part of the record policy guards; changing it (compared as canonical JSON) is the action `guard` builds. */
  guarded: (r: R) => P;
  guard: (after: R, was: P, now: P) => Action;
  entityOf: (r: R) => string | null;
  idOf: (r: R) => string;
  /** What the audit row records of the record before and after. */
  view: (r: R) => unknown;
}

/**
 * Writes a master-data record inside the call's transaction: reads what it replaces, writes, and
 * when the guarded part changed, checks policy and approvals (passGate, under the matrix in force,
 * against the stored approvals bound to the change) before the audit row, which carries the
 * decision and approvals. The write runs in a savepoint: a refusal rolls it back, and a missing
 * approval's request, rolled back with it, is opened again on its own (passGate finds or opens it,
 * and audits a new one). Answers the record as written (and whether it is new), or the refusal.
 */
export async function writeUnderPolicy<R, P>(
  ctx: ToolContext,
  w: PolicedWrite<R, P>,
): Promise<Result<{ after: R; created: boolean }, GateError>> {
  try {
    return ok(
      await ctx.db.transaction(async (sp) => {
        const current = await w.read(sp);
        await w.write(sp);
        const after = (await w.read(sp))!;
        const [was, now] = current ? [w.guarded(current), w.guarded(after)] : [];
        const action = current && canonicalJson(was) !== canonicalJson(now) ? w.guard(after, was!, now!) : null;
        const gate: GatePassed | null = action
          ? await gated(sp, ctx, action, await entityFacts(sp, action, w.entityOf(after)))
          : null;
        await appendAudit(
          sp,
          auditEntry(ctx, {
            action: `${w.kind}.${current ? 'update' : 'create'}`,
            targetType: w.kind,
            targetId: w.idOf(after),
            before: current ? w.view(current) : null,
            after: w.view(after),
            decision: gate ? toJsonValue(gate.decision) : null,
            approvalRef: gate ? approvalRef(gate.approvals) : null,
          }),
        );
        return { after, created: current === null };
      }),
    );
  } catch (e) {
    if (!(e instanceof ChangeRefused)) throw e;
    const r = e.refusal;
    if (r.code !== 'APPROVAL_REQUIRED' && r.code !== 'ARGS_CHANGED') return err(r);
    const opened = await passGate(ctx.db, ctx, e.action, e.facts);
    return err(opened.ok ? r : opened.error);
  }
}

async function gated(db: DbOrTx, ctx: ToolContext, action: Action, facts: PolicyFacts): Promise<GatePassed> {
  const passed = await passGate(db, ctx, action, facts);
  if (!passed.ok) throw new ChangeRefused(passed.error, action, facts);
  return passed.value;
}
