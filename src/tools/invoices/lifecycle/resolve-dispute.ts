import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { planReissue, type ReissuePlan } from '../../../billing/invoices/reissue.ts';
import { planResolution } from '../../../billing/payments/dispute.ts';
import { decimalField } from '../../../shared/bounded-fields.ts';
import type { ActionOf } from '../../../policy/actions.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { invoiceDisputes, invoiceLines, invoices } from '../../../db/schema/index.ts';
import { findInvoiceId } from '../../../db/stores/invoice-queries.ts';
import {
  getInvoice,
  getInvoiceLines,
  invoiceSnapshot,
  type InvoiceRow,
} from '../../../db/stores/invoice-lifecycle-store.ts';
import { invoiceBalances, openDisputeOf, setInvoiceStatus, type DisputeRow } from '../../../db/stores/payment-store.ts';
import { initiatorsOf, type UseCaseContext, type UseCaseDatabase } from '../../policy-gate/context.ts';
import type { DbOrTx } from '../../../db/client.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const resolveDisputeSchema = z.object({
  invoiceId: z.uuid().describe('The disputed invoice'),
  resolution: z
    .enum(['upheld', 'rejected', 'reissued'])
    .describe(
      'upheld: the client is right (follow with a credit note); rejected: the invoice stands as billed (no change); ' +
        'reissued: credited by creditNote and replaced by a corrected invoice drafted here (with corrections)',
    ),
  note: z.string().trim().min(1).max(2000).describe('What was decided and why'),
  creditNote: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'reissued: the credit note (number or id) of this invoice, created through invoices_credit and its approval',
    ),
  corrections: z
    .array(
      z.object({
        line: z.string().regex(/^\d+$/, 'an invoice line id').describe('The disputed invoice line id'),
        quantity: decimalField('quantity').optional().describe('The corrected quantity'),
        unitPrice: decimalField('rate').optional().describe('The corrected unit price'),
        remove: z.boolean().optional().describe('true: the corrected invoice leaves the line off'),
      }),
    )
    .max(1000)
    .default([])
    .describe('reissued: the lines to correct; the others are billed again as they were'),
});
export type ResolveDisputeInput = z.input<typeof resolveDisputeSchema>;
type Refusal =
  | { code: 'NO_OPEN_DISPUTE'; message: string }
  | { code: 'CREDIT_NOTE_NOT_FOR_INVOICE'; message: string }
  | { code: 'CORRECTION_INVALID'; message: string };
export type ResolveDisputeError = InvoiceCommandError<Refusal>;

export interface ResolveDisputeResult {
  invoiceId: string;
  number: string | null;
  disputeId: string;
  resolution: 'upheld' | 'rejected' | 'reissued';
  /** reissued: the credit note and the corrected invoice (a draft: submit, approve and post it as any invoice). */
  creditNoteId: string | null;
  reissuedInvoiceId: string | null;
  /** Back to what the balance gives: delivered, posted, partially paid or paid. */
  status: string;
  /** upheld: the correction is a credit note (POST /invoices/{ref}/credit-notes), approved separately. */
  nextStep: 'credit_note' | 'submit_reissued_invoice' | null;
}

/**
 * Ends a dispute (controllers and finance admins; a decision, so never the agent): the dispute is
 * closed as upheld or rejected with a note, and the invoice returns to the status its balance
 * gives. Upheld disputes are corrected by a credit note, which goes through its own approval.
 */
export async function resolveDispute(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ResolveDisputeInput,
): Promise<Result<ResolveDisputeResult, ResolveDisputeError>> {
  // The open dispute as action() read it last: facts() runs right after it on the same handle (under the row lock in the transaction).
  let dispute: DisputeRow | null = null;
  let note: InvoiceRow | null = null;
  let plan: ReissuePlan | null = null;
  let reissuedId: string | null = null;
  const corrections = resolveDisputeSchema.shape.corrections.parse(input.corrections);
  const done = await runInvoiceCommand<ActionOf<'invoice.resolve_dispute'>, Refusal, string>(
    database,
    ctx,
    input.invoiceId,
    {
      command: 'resolve_dispute',
      reason: input.note,
      async action(db, invoice) {
        dispute = await openDisputeOf(db, invoice.id);
        if (!dispute) return err({ code: 'NO_OPEN_DISPUTE', message: 'the invoice has no open dispute' });
        if (input.resolution === 'reissued') {
          note = await creditNoteOf(db, invoice.id, input.creditNote);
          if (!note)
            return err({
              code: 'CREDIT_NOTE_NOT_FOR_INVOICE',
              message: `re-issuing needs a credit note of this invoice (invoices_credit): ${input.creditNote ?? 'none named'} is not one`,
            });
          const lines = (await getInvoiceLines(db, invoice.id)).map((l) => ({ ...l, id: String(l.id) }));
          const planned = planReissue(lines, corrections, invoice.currency);
          if (!planned.ok) return planned;
          plan = planned.value;
        }
        return ok({
          type: 'invoice.resolve_dispute',
          target: { kind: 'invoice', id: invoice.id },
          args: {
            disputeId: dispute.id,
            resolution: input.resolution,
            note: input.note,
            ...(input.resolution === 'reissued'
              ? {
                  creditNoteId: note!.id,
                  corrections: corrections.map(
                    (c) => `${c.line}:${c.remove ? 'remove' : `${c.quantity ?? ''}x${c.unitPrice ?? ''}`}`,
                  ),
                }
              : {}),
          },
        });
      },
      async facts(_db, invoice) {
        const openers = dispute ? [dispute.openedBy, ...(dispute.openedFor ? [dispute.openedFor] : [])] : [];
        return ok({ entityId: invoice.legalEntityId, disputeOpenedBy: openers });
      },
      async write(tx, invoice, action) {
        const facts = (await invoiceBalances(tx, [invoice.id])).get(invoice.id)!;
        const status = planResolution(facts);
        // runInvoiceCommand checked the transition under the lock; a refusal here is a bug.
        if (!status.ok) throw new Error(status.error.message);
        if (input.resolution === 'reissued') reissuedId = await insertReissue(tx, ctx, invoice, plan!);
        const [closed] = await tx
          .update(invoiceDisputes)
          .set({
            // Re-issued is upheld with its credit note and corrected invoice named.
            resolution: input.resolution === 'reissued' ? 'upheld' : input.resolution,
            creditNoteId: note?.id ?? null,
            reissuedInvoiceId: reissuedId,
            resolutionNote: input.note,
            resolvedBy: ctx.actor.userId,
            resolvedAt: ctx.now,
          })
          .where(eq(invoiceDisputes.id, action.args.disputeId))
          .returning();
        const after = await setInvoiceStatus(
          tx,
          invoice.id,
          status.value,
          `dispute ${input.resolution}: ${input.note}`,
          ctx.now,
        );
        return {
          after,
          extra: closed!.id,
          audited: {
            ...invoiceSnapshot(after),
            dispute: {
              id: closed!.id,
              resolution: input.resolution,
              note: input.note,
              creditNoteId: note?.id ?? null,
              reissuedInvoiceId: reissuedId,
              correctedTotalMinor: plan?.totals.totalMinor ?? null,
            },
          },
        };
      },
    },
  );
  if (!done.ok) return done;
  const inv = done.value.after;
  // Set inside the command's callbacks: TypeScript cannot see it.
  const credited = note as InvoiceRow | null;
  return ok({
    invoiceId: inv.id,
    number: inv.number,
    disputeId: done.value.extra,
    resolution: input.resolution,
    creditNoteId: credited?.id ?? null,
    reissuedInvoiceId: reissuedId,
    status: inv.status,
    nextStep:
      input.resolution === 'upheld'
        ? 'credit_note'
        : input.resolution === 'reissued'
          ? 'submit_reissued_invoice'
          : null,
  });
}

/** The credit note (number or id) when it credits this invoice and is not void. */
async function creditNoteOf(db: DbOrTx, invoiceId: string, ref: string | undefined): Promise<InvoiceRow | null> {
  if (!ref) return null;
  const id = await findInvoiceId(db, ref);
  const note = id ? await getInvoice(db, id) : null;
  return note && note.kind === 'credit_note' && note.creditsInvoiceId === invoiceId && note.status !== 'void'
    ? note
    : null;
}

/**
 * The corrected invoice, as a draft beside the disputed one (supplementing it, so the one-invoice-per-period
 * rule leaves it be), prepared by the decider's principal: it goes through submit, approval and posting like
 * any invoice. Its lines copy the disputed lines with the corrections; the billed records stay with the original.
 */
async function insertReissue(tx: DbOrTx, ctx: UseCaseContext, invoice: InvoiceRow, plan: ReissuePlan): Promise<string> {
  const [draft] = await tx
    .insert(invoices)
    .values({
      kind: 'invoice',
      status: 'draft',
      legalEntityId: invoice.legalEntityId,
      clientId: invoice.clientId,
      contractId: invoice.contractId,
      period: invoice.period,
      currency: invoice.currency,
      fxFrom: invoice.fxFrom,
      fxRate: invoice.fxRate,
      fxRateDate: invoice.fxRateDate,
      fxRates: invoice.fxRates,
      ...plan.totals,
      poNumber: invoice.poNumber,
      paymentTermsDays: invoice.paymentTermsDays,
      supplementsInvoiceId: invoice.id,
      preparedBy: initiatorsOf(ctx.actor).at(-1)!,
      statusReason: `re-issue of ${invoice.number ?? invoice.id} after a dispute`,
      statusChangedAt: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning({ id: invoices.id });
  const source = new Map((await getInvoiceLines(tx, invoice.id)).map((l) => [String(l.id), l]));
  await tx.insert(invoiceLines).values(
    plan.lines.map((l, i) => {
      const { id: _id, invoiceId: _inv, parentLineId: _p, carriedFromLineId: _c, ...orig } = source.get(l.sourceId)!;
      return {
        ...orig,
        invoiceId: draft!.id,
        lineKey: l.lineKey,
        lineNo: i + 1,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        amountMinor: l.amountMinor,
        taxMinor: l.taxMinor,
        preciseAmount: l.preciseAmount,
        held: false,
        carried: false,
      };
    }),
  );
  return draft!.id;
}
