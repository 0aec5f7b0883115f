import { and, eq, inArray, like, ne } from 'drizzle-orm';
import { z } from 'zod';
import {
  CREDIT_LINE_PREFIX,
  planCreditNote,
  type CreditNotePlan,
  type CreditNoteRefusal,
} from '../../../billing/invoices/credit-note.ts';
import { issueDates } from '../../../billing/invoices/numbering.ts';
import type { ActionOf } from '../../../policy/actions.ts';
import { periodBounds } from '../../../shared/dates.ts';
import { money } from '../../../shared/money.ts';
import { ok, type Result } from '../../../shared/result.ts';
import type { DbOrTx } from '../../../db/client.ts';
import { invoiceLines, invoices } from '../../../db/schema/index.ts';
import { inEntityCurrency, type FxRateMissing } from '../../../db/stores/invoice-facts.ts';
import {
  getInvoiceLines,
  invoiceSnapshot,
  takeInvoiceNumber,
  type InvoiceRow,
} from '../../../db/stores/invoice-lifecycle-store.ts';
import { settleCollectionStatus } from '../../../db/stores/payment-store.ts';
import {
  initiatorsOf,
  moneyView,
  type MoneyView,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../../policy-gate/context.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';

export const createCreditNoteSchema = z.object({
  invoiceId: z.uuid().describe('The posted invoice to credit'),
  reason: z.string().trim().min(1).max(2000).describe('Why the invoice is credited; printed on the credit note'),
  lineIds: z
    .array(z.string().regex(/^\d+$/, 'an invoice line id'))
    .min(1)
    .max(1000)
    .optional()
    .describe('Credit only these lines of the invoice (ids as strings); omitted = every billed line not credited yet'),
});
export type CreateCreditNoteInput = z.infer<typeof createCreditNoteSchema>;
type CreditRefusal = CreditNoteRefusal | FxRateMissing;
export type CreateCreditNoteError = InvoiceCommandError<CreditRefusal>;

export interface CreateCreditNoteResult {
  creditNoteId: string;
  number: string;
  status: 'approved';
  creditsInvoiceId: string;
  total: MoneyView;
  lines: number;
}

/**
 * Credits a posted invoice with a credit note: a new document of kind credit_note that references
 * it, with the chosen lines negated (so its lines sum exactly to its negative total), numbered from
 * the same gapless sequence when it is created. Policy always asks a controller (and a finance admin
 * above the threshold): the first call opens the request; the same call, once approved, creates the
 * credit note approved, ready to post. The billed records stay billed by the original invoice.
 */
export async function createCreditNote(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: CreateCreditNoteInput,
): Promise<Result<CreateCreditNoteResult, CreateCreditNoteError>> {
  const lineIds = input.lineIds ? [...new Set(input.lineIds)].sort((a, b) => Number(a) - Number(b)) : null;
  let plan: CreditNotePlan | null = null;
  const done = await runInvoiceCommand<ActionOf<'invoice.credit_note'>, CreditRefusal, CreateCreditNoteResult>(
    database,
    ctx,
    input.invoiceId,
    {
      command: 'credit',
      reason: input.reason,
      async action(db, invoice) {
        const planned = planCreditNote(
          await creditable(db, invoice.id),
          lineIds,
          await creditedLineIds(db, invoice.id),
        );
        if (!planned.ok) return planned;
        plan = planned.value;
        const amount = money(-planned.value.totals.totalMinor, invoice.currency);
        return ok({
          type: 'invoice.credit_note',
          target: { kind: 'invoice', id: invoice.id },
          args: { amount, reason: input.reason, lineIds },
        });
      },
      async facts(db, invoice, action) {
        const amount = await inEntityCurrency(
          db,
          action.args.amount,
          invoice.legalEntityId,
          periodBounds(invoice.period).end,
        );
        return amount.ok
          ? ok({ entityId: invoice.legalEntityId, amount: amount.value, preparerId: invoice.preparedBy })
          : amount;
      },
      async write(tx, invoice, _action, gate) {
        const note = await insertCreditNote(
          tx,
          ctx,
          invoice,
          plan!,
          input.reason,
          gate.approvals.at(-1)?.approverId ?? ctx.actor.userId,
        );
        // A partially paid invoice whose remainder the note covers is paid, as a payment of the remainder would make it.
        const after =
          (await settleCollectionStatus(tx, invoice.id, 'credit note covers the open balance', ctx.now)) ?? invoice;
        const result: CreateCreditNoteResult = {
          creditNoteId: note.id,
          number: note.number!,
          status: 'approved',
          creditsInvoiceId: invoice.id,
          total: moneyView(note.totalMinor, note.currency),
          lines: plan!.lines.length,
        };
        return {
          after,
          extra: result,
          audited: { invoice: invoiceSnapshot(after), creditNote: invoiceSnapshot(note), lines: plan!.lines },
        };
      },
    },
  );
  return done.ok ? ok(done.value.extra) : done;
}

async function creditable(db: DbOrTx, invoiceId: string) {
  return (await getInvoiceLines(db, invoiceId)).map((l) => ({
    id: String(l.id),
    lineKey: l.lineKey,
    amountMinor: l.amountMinor,
    taxMinor: l.taxMinor,
    quantity: l.quantity,
    preciseAmount: l.preciseAmount,
    held: l.held,
  }));
}

/** Lines of the invoice already on a credit note that is not void. */
async function creditedLineIds(db: DbOrTx, invoiceId: string): Promise<Set<string>> {
  const notes = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(
      and(eq(invoices.creditsInvoiceId, invoiceId), eq(invoices.kind, 'credit_note'), ne(invoices.status, 'void')),
    );
  if (notes.length === 0) return new Set();
  const rows = await db
    .select({ key: invoiceLines.lineKey })
    .from(invoiceLines)
    .where(
      and(
        inArray(
          invoiceLines.invoiceId,
          notes.map((n) => n.id),
        ),
        like(invoiceLines.lineKey, `${CREDIT_LINE_PREFIX}%`),
      ),
    );
  return new Set(rows.map((r) => r.key.slice(CREDIT_LINE_PREFIX.length)));
}

async function insertCreditNote(
  tx: DbOrTx,
  ctx: UseCaseContext,
  invoice: InvoiceRow,
  plan: CreditNotePlan,
  reason: string,
  approvedBy: string,
): Promise<InvoiceRow> {
  const number = await takeInvoiceNumber(tx, invoice.legalEntityId);
  const { issueDate } = issueDates(ctx.now, 0);
  const principal = initiatorsOf(ctx.actor).at(-1)!;
  const [note] = await tx
    .insert(invoices)
    .values({
      number,
      kind: 'credit_note',
      status: 'approved',
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
      paymentTermsDays: 0,
      issueDate,
      dueDate: issueDate,
      creditsInvoiceId: invoice.id,
      preparedBy: principal,
      submittedBy: ctx.actor.userId,
      submittedFor: ctx.actor.onBehalfOf?.userId ?? null,
      submittedAt: ctx.now,
      approvedBy,
      approvedAt: ctx.now,
      statusReason: reason,
      statusChangedAt: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  const source = new Map((await getInvoiceLines(tx, invoice.id)).map((l) => [String(l.id), l]));
  await tx.insert(invoiceLines).values(
    plan.lines.map((l, i) => {
      const { id: _id, invoiceId: _inv, parentLineId: _p, ...orig } = source.get(l.sourceId)!;
      return {
        ...orig,
        invoiceId: note!.id,
        lineKey: l.lineKey,
        lineNo: i + 1,
        quantity: l.quantity,
        amountMinor: l.amountMinor,
        taxMinor: l.taxMinor,
        preciseAmount: l.preciseAmount,
        held: false,
      };
    }),
  );
  return note!;
}
