import {
  transition,
  type InvalidTransition,
  type InvoiceStatus,
  type LifecycleCommand,
} from '../../../billing/invoices/lifecycle.ts';
import type { Action } from '../../../policy/actions.ts';
import type { PolicyFacts } from '../../../policy/facts.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import type { DbOrTx } from '../../../db/client.ts';
import { appendAudit } from '../../../db/stores/audit-store.ts';
import { getInvoice, invoiceSnapshot, type InvoiceRow } from '../../../db/stores/invoice-lifecycle-store.ts';
import { passGate, precheck, type GateError, type GatePassed } from '../../policy-gate/approval-gate.ts';
import {
  approvalRef,
  auditEntry,
  invoiceNotFound,
  readMatrixInForce,
  type InvoiceNotFound,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../../policy-gate/context.ts';

/** One policy-checked change to one invoice, as a use case describes it. */
export interface InvoiceCommand<A extends Action, E, X> {
  command: LifecycleCommand;
  /** Guards beyond the lifecycle: read-only, run before the transaction and again under the row lock. */
  guard?: (db: DbOrTx, invoice: InvoiceRow) => Promise<Result<void, E>>;
  /** The exact action policy decides and approvals bind to. */
  action: (db: DbOrTx, invoice: InvoiceRow) => Promise<Result<A, E>> | Result<A, E>;
  /** Facts for policy (default: the invoice's legal entity only). */
  facts?: (db: DbOrTx, invoice: InvoiceRow, action: A) => Promise<Result<PolicyFacts, E>>;
  /**
   * The change itself, inside the transaction, after the gate passed; returns the invoice afterwards.
   * `to` is the status the lifecycle gives the command from the locked invoice's status.
   */
  write: (
    tx: DbOrTx,
    invoice: InvoiceRow,
    action: A,
    gate: GatePassed,
    to: InvoiceStatus,
  ) => Promise<{ after: InvoiceRow; extra: X; audited?: unknown }>;
  reason?: string | null;
}

export interface InvoiceCommandDone<X> {
  before: InvoiceRow;
  after: InvoiceRow;
  extra: X;
}

export type InvoiceCommandError<E> = InvoiceNotFound | InvalidTransition | GateError | E;

/**
 * Runs an invoice command the one way every lifecycle use case runs: guards and an outright policy
 * denial first, then one transaction that locks the invoice, runs the guards and policy again with
 * fresh facts (evaluate + checkApprovals against approvals bound to the exact arguments), writes the
 * change and appends its audit row last. A missing approval opens the request and is returned.
 */
export async function runInvoiceCommand<A extends Action, E, X>(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  invoiceId: string,
  cmd: InvoiceCommand<A, E, X>,
): Promise<Result<InvoiceCommandDone<X>, InvoiceCommandError<E>>> {
  const pre = await prepare(database.db, invoiceId, cmd, false);
  if (!pre.ok) return pre;
  await readMatrixInForce(database.db, ctx);
  const denied = precheck(ctx, pre.value.action, pre.value.facts);
  if (!denied.ok) return denied;

  return database.db.transaction(async (tx) => {
    const p = await prepare(tx, invoiceId, cmd, true);
    if (!p.ok) return p;
    const { invoice, action, facts, to } = p.value;
    const gate = await passGate(tx, ctx, action, facts);
    if (!gate.ok) return gate;
    const { after, extra, audited } = await cmd.write(tx, invoice, action, gate.value, to);
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: action.target.kind,
        targetId: action.target.id,
        before: invoiceSnapshot(invoice),
        after: audited ?? invoiceSnapshot(after),
        decision: gate.value.decision,
        approvalRef: approvalRef(gate.value.approvals),
        reason: cmd.reason ?? null,
      }),
    );
    return ok({ before: invoice, after, extra });
  });
}

async function prepare<A extends Action, E, X>(
  db: DbOrTx,
  invoiceId: string,
  cmd: InvoiceCommand<A, E, X>,
  lock: boolean,
): Promise<Result<{ invoice: InvoiceRow; action: A; facts: PolicyFacts; to: InvoiceStatus }, InvoiceCommandError<E>>> {
  const invoice = await getInvoice(db, invoiceId, { lock });
  if (!invoice) return err(invoiceNotFound(invoiceId));
  const t = transition(invoice.status, cmd.command, invoice.kind);
  if (!t.ok) return t;
  if (cmd.guard) {
    const g = await cmd.guard(db, invoice);
    if (!g.ok) return g;
  }
  const action = await cmd.action(db, invoice);
  if (!action.ok) return action;
  const facts = cmd.facts
    ? await cmd.facts(db, invoice, action.value)
    : ok<PolicyFacts>({ entityId: invoice.legalEntityId });
  if (!facts.ok) return facts;
  return ok({ invoice, action: action.value, facts: facts.value, to: t.value });
}
