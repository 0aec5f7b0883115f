import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';
import { guardException, type ExceptionGuardError } from './exception-guard.ts';
import { transition, type InvalidTransition } from '../../billing/invoices/lifecycle.ts';
import {
  RESOLUTION_CODES,
  resolutionEffect,
  type ResolutionEffect,
  type ResolutionNotApplicable,
} from '../../billing/invoices/resolution-codes.ts';
import type { ActionOf } from '../../policy/actions.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { periodBounds } from '../../shared/dates.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../../db/client.ts';
import { billingExceptions, invoices } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  exceptionEntityId,
  exceptionSnapshot,
  getException,
  otherBlockersOfLine,
  releaseLine,
  writeOffLine,
  type ExceptionRow,
} from '../../db/stores/exception-store.ts';
import { inEntityCurrency, type FxRateMissing } from '../../db/stores/invoice-facts.ts';
import { heldLineAmount } from '../../db/stores/released-holds.ts';
import { carriedLine, carryHeldLine } from '../../db/stores/carry-held-line.ts';
import {
  getInvoice,
  invoiceSnapshot,
  recomputeInvoiceTotals,
  type InvoiceLineRow,
  type InvoiceRow,
} from '../../db/stores/invoice-lifecycle-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import type { ExceptionLookupError } from './assign-exception.ts';
import {
  approvalRef,
  auditEntry,
  moneyView,
  readMatrixInForce,
  type MoneyView,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../policy-gate/context.ts';

export const resolveExceptionSchema = z.object({
  exceptionId: z.uuid().describe('The billing exception to close'),
  resolutionCode: z
    .enum(RESOLUTION_CODES)
    .describe(
      'approved_as_is / not_an_issue: bill as rated (releases the hold); write_off: the held line stays at zero; ' +
        'corrected_data / rate_added / po_received: the data was fixed, the hold stays until billing is re-run',
    ),
  note: z.string().trim().min(1).max(2000).describe('What was decided or done, for the audit trail'),
});
export type ResolveExceptionInput = z.infer<typeof resolveExceptionSchema>;
/** The held line cannot be billed later: its invoice was voided or written off, or the line was carried already. */
export interface HeldLineNotCarriable {
  code: 'HELD_LINE_NOT_CARRIABLE';
  message: string;
  invoiceId: string;
  invoiceStatus: string;
}
export type ResolveExceptionError =
  | ExceptionLookupError
  | ResolutionNotApplicable
  | InvalidTransition
  | GateError
  | FxRateMissing
  | HeldLineNotCarriable;

// A carried line can go onto a supplementary invoice while its original is any of these (not void, not written off).
const CARRIES_FROM = new Set([
  'pending_approval',
  'approved',
  'posted',
  'delivered',
  'partially_paid',
  'paid',
  'disputed',
]);

export interface ResolveExceptionResult {
  exceptionId: string;
  status: 'resolved';
  resolutionCode: ResolveExceptionInput['resolutionCode'];
  effect: ResolutionEffect;
  /** The draft afterwards when the resolution changed it (the supplementary draft when the line was carried). */
  invoice: { invoiceId: string; revision: number; held: boolean; total: MoneyView; heldAmount: MoneyView } | null;
  /** A released carried line whose invoice had left draft: the supplementary invoice that now bills it. */
  carriedTo: { invoiceId: string; supplementsInvoiceId: string } | null;
}

/**
 * Closes an exception with a resolution code. An approving code on an exception that holds a line
 * releases the line (unless another blocking exception still holds it) and one that holds the whole
 * draft lifts that hold; write_off keeps the line at zero. The draft's totals are recomputed from
 * its lines and it gets a new revision. Changing a draft is possible only while it is a draft.
 * Releasing a held line (a cap, retainer or expense-cap overrun) is a commercial decision: the
 * matrix's heldRelease rule weighs the amount (in the entity currency) and the exception's owner,
 * and the approval is bound to the amount released, so a re-rated line needs a new one.
 * A carried line (a bill_rest hold: the rest of the draft could go out without it) whose invoice has
 * left draft is billed on a supplementary invoice of the same contract and period once released;
 * written off, it stays held on its invoice and nothing bills it.
 */
export async function resolveException(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ResolveExceptionInput,
): Promise<Result<ResolveExceptionResult, ResolveExceptionError>> {
  const first = await getException(database.db, input.exceptionId);
  const invoiceOf = (db: DbOrTx, e: ExceptionRow | null, lock: boolean) =>
    e?.invoiceId ? getInvoice(db, e.invoiceId, { lock }) : Promise.resolve(null);
  const pre = await guards(database.db, input, first, await invoiceOf(database.db, first, false));
  if (!pre.ok) return pre;
  await readMatrixInForce(database.db, ctx);
  const denied = precheck(ctx, pre.value.action, pre.value.facts);
  if (!denied.ok) return denied;

  return database.db.transaction(async (tx) => {
    // The invoice first, as every invoice use case and the billing run lock it, then the exception.
    const locked = await invoiceOf(tx, first, true);
    const current = await getException(tx, input.exceptionId, { lock: true });
    // A re-run that found the draft empty deleted it (the exception's invoice became null).
    const invoice = current?.invoiceId ? locked : null;
    if (current?.invoiceId && current.invoiceId !== locked?.id)
      throw new Error(`exception ${current.id} moved to another invoice`);
    const g = await guards(tx, input, current, invoice);
    if (!g.ok) return g;
    const { exception, action, facts, effect, editsDraft, carry } = g.value;
    const gate = await passGate(tx, ctx, action, facts);
    if (!gate.ok) return gate;
    const [closed] = await tx
      .update(billingExceptions)
      .set({
        status: 'resolved',
        resolutionCode: input.resolutionCode,
        resolutionNote: input.note,
        resolvedBy: ctx.actor.userId,
        resolvedAt: ctx.now,
        updatedAt: ctx.now,
      })
      .where(eq(billingExceptions.id, exception.id))
      .returning();
    let after: InvoiceRow | null = null;
    if (carry && invoice && effect === 'release' && (await otherBlockersOfLine(tx, exception)) === 0) {
      after = await carryHeldLine(tx, invoice, carry, ctx.actor.userId, ctx.now);
    } else if (editsDraft && invoice) {
      if (exception.invoiceLineId !== null && effect === 'write_off')
        await writeOffLine(tx, invoice, exception.invoiceLineId);
      if (
        exception.invoiceLineId !== null &&
        effect === 'release' &&
        (await otherBlockersOfLine(tx, exception)) === 0
      ) {
        await releaseLine(tx, invoice, exception.invoiceLineId);
      }
      await recomputeInvoiceTotals(tx, invoice.id, ctx.now);
      const [row] = await tx
        .update(invoices)
        .set({ revision: sql`${invoices.revision} + 1` })
        .where(eq(invoices.id, invoice.id))
        .returning();
      after = row ?? null;
    }
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'exception',
        targetId: exception.id,
        before: {
          exception: exceptionSnapshot(exception),
          invoice: (editsDraft || carry) && invoice ? invoiceSnapshot(invoice) : null,
        },
        after: {
          exception: exceptionSnapshot(closed!),
          invoice: after ? invoiceSnapshot(after) : null,
          effect,
          released: action.args.releases,
        },
        decision: gate.value.decision,
        approvalRef: approvalRef(gate.value.approvals),
        reason: input.note,
      }),
    );
    return ok({
      exceptionId: exception.id,
      status: 'resolved' as const,
      resolutionCode: input.resolutionCode,
      effect,
      invoice: after
        ? {
            invoiceId: after.id,
            revision: after.revision,
            held: after.held,
            total: moneyView(after.totalMinor, after.currency),
            heldAmount: moneyView(after.heldMinor, after.currency),
          }
        : null,
      carriedTo: after?.supplementsInvoiceId
        ? { invoiceId: after.id, supplementsInvoiceId: after.supplementsInvoiceId }
        : null,
    });
  });
}

async function guards(
  db: DbOrTx,
  input: ResolveExceptionInput,
  exception: ExceptionRow | null,
  invoice: InvoiceRow | null,
): Promise<
  Result<
    {
      exception: ExceptionRow;
      action: ActionOf<'exception.resolve'>;
      facts: PolicyFacts;
      effect: ResolutionEffect;
      editsDraft: boolean;
      /** The carried line to bill on a supplementary invoice (released after its invoice left draft). */
      carry: InvoiceLineRow | null;
    },
    ResolveExceptionError
  >
> {
  if (!exception)
    return err({
      code: 'EXCEPTION_NOT_FOUND',
      message: `no exception ${input.exceptionId}`,
      exceptionId: input.exceptionId,
    });
  if (exception.status === 'resolved') {
    return err({
      code: 'EXCEPTION_ALREADY_RESOLVED',
      message: `the exception was resolved (${exception.resolutionCode ?? 'no code'})`,
      exceptionId: exception.id,
      resolutionCode: exception.resolutionCode,
    });
  }
  const holdsLine = exception.invoiceLineId !== null;
  const effect = resolutionEffect(exception.type, input.resolutionCode, holdsLine);
  if (!effect.ok) return effect;
  const holds = holdsLine || (exception.severity === 'blocking' && exception.invoiceLineId === null);
  // A carried line off a draft that moved on: released, it goes to a supplementary invoice; written off, it stays held.
  const carried =
    invoice && invoice.status !== 'draft' && exception.invoiceLineId !== null && effect.value !== 'none'
      ? await carriedLine(db, invoice.id, exception.invoiceLineId)
      : null;
  if (carried && (!CARRIES_FROM.has(invoice!.status) || carried.carriedToInvoiceId !== null)) {
    return err({
      code: 'HELD_LINE_NOT_CARRIABLE',
      invoiceId: invoice!.id,
      invoiceStatus: invoice!.status,
      message: carried.carriedToInvoiceId
        ? `the held line was billed on invoice ${carried.carriedToInvoiceId} already`
        : `the held line's invoice is ${invoice!.status}; re-run billing for the period to bill its records again`,
    });
  }
  const carry = carried && effect.value === 'release' ? carried.line : null;
  const editsDraft = !carried && effect.value !== 'none' && invoice !== null && holds;
  if (editsDraft) {
    const t = transition(invoice.status, 'edit', invoice.kind);
    if (!t.ok) return t;
  }
  const entityId = await exceptionEntityId(db, exception);
  // Releasing a held line lets held money onto the invoice: a commercial decision the matrix weighs.
  const releases =
    (editsDraft || carry) && effect.value === 'release' && exception.invoiceLineId !== null
      ? await heldLineAmount(db, invoice!.id, exception.invoiceLineId, invoice!.currency)
      : null;
  let heldRelease: PolicyFacts['heldRelease'] = null;
  if (releases) {
    const inEntity = await inEntityCurrency(db, releases, invoice!.legalEntityId, periodBounds(invoice!.period).end);
    if (!inEntity.ok) return inEntity;
    heldRelease = { amount: inEntity.value, exceptionType: exception.type, ownerRole: exception.ownerRole };
  }
  return ok({
    exception,
    effect: effect.value,
    editsDraft,
    carry,
    facts: { entityId, heldRelease },
    action: {
      type: 'exception.resolve',
      target: { kind: 'exception', id: exception.id },
      args: { resolutionCode: input.resolutionCode, note: input.note, releases },
    },
  });
}

export const exceptionsResolve = defineTool({
  name: 'exceptions_resolve',
  description:
    'Closes a billing exception with a resolution code and a note. approved_as_is and not_an_issue release what it held; ' +
    'write_off keeps the held line at zero; corrected_data, rate_added and po_received keep the hold until billing is re-run. ' +
    'A carried held line released after its invoice left draft is billed on a supplementary invoice for the same contract and period. ' +
    'Releasing held money may need approval. A decision: a person with the owning role, never the agent.',
  input: resolveExceptionSchema,
  output: z
    .object({
      exceptionId: z.string(),
      status: z.literal('resolved'),
      resolutionCode: z.enum(RESOLUTION_CODES),
      effect: z.enum(['release', 'write_off', 'none']),
      invoice: z
        .object({
          invoiceId: z.string(),
          revision: z.number().int(),
          held: z.boolean(),
          total: moneyViewSchema,
          heldAmount: moneyViewSchema,
        })
        .nullable()
        .describe(
          'The draft afterwards when the resolution changed it (the supplementary draft when a carried line was released)',
        ),
      carriedTo: z
        .object({ invoiceId: z.string(), supplementsInvoiceId: z.string() })
        .nullable()
        .describe('The supplementary invoice that bills a released carried line whose invoice had left draft'),
    })
    .describe('What the resolution changed'),
  risk: 'decision',
  policyAction: 'exception.resolve',
  handler: async (ctx, input): Promise<Result<ResolveExceptionResult, ResolveExceptionError | ExceptionGuardError>> => {
    const guard = await guardException(ctx.db, ctx.actor, input.exceptionId);
    return guard.ok ? resolveException(ctx, ctx, input) : guard;
  },
});
