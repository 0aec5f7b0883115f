import { z } from 'zod';
import { openBalance } from '../../../billing/payments/balance.ts';
import { planDispute, type DisputeRefusal } from '../../../billing/payments/dispute.ts';
import type { ActionOf } from '../../../policy/actions.ts';
import { amountField } from '../../../shared/bounded-fields.ts';
import { minorUnits } from '../../../shared/currency.ts';
import { money, parse } from '../../../shared/money.ts';
import { err, ok, type Result } from '../../../shared/result.ts';
import { DISPUTE_REASON_CODES, disputeDueOn, type DisputeReasonCode } from '../../../billing/payments/dispute-sla.ts';
import { invoiceDisputes } from '../../../db/schema/index.ts';
import {
  activePersonId,
  collectorOfClient,
  disputeOwnerByEmail,
  unresolvedEvidence,
} from '../../../db/stores/dispute-store.ts';
import { invoiceSnapshot } from '../../../db/stores/invoice-lifecycle-store.ts';
import { invoiceBalances, setInvoiceStatus } from '../../../db/stores/payment-store.ts';
import { initiatorsOf, type MoneyView, type UseCaseContext, type UseCaseDatabase } from '../../policy-gate/context.ts';
import { runInvoiceCommand, type InvoiceCommandError } from './invoice-command.ts';
import { moneyView } from '../../../shared/money.ts';

/** A typed evidence link: a time entry id, a contract code with the term, or a document id. */
export const disputeEvidenceSchema = z.object({
  kind: z.enum(['time_entry', 'contract_term', 'document']).describe('What the link points at'),
  ref: z.string().trim().min(1).max(100).describe('Time entry id, contract code, or document id'),
  term: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('For a contract term: which term, e.g. "rates" or "scope"'),
  note: z.string().trim().max(500).optional().describe('What it shows'),
});

/** The SLA of a dispute without a reason code: the days of hours and rate disputes (docs/collections.md). */
export const UNCODED_SLA_CODE: DisputeReasonCode = 'hours';

export const disputeInvoiceSchema = z.object({
  invoiceId: z.uuid().describe('The posted invoice the client disputes'),
  reason: z.string().trim().min(1).max(2000).describe('The client\'s objection, e.g. "hours on 12 Oct not agreed"'),
  disputedAmount: amountField()
    .optional()
    .describe("The part disputed, in the invoice's currency; omitted = the invoice as a whole"),
  reasonCode: z
    .enum(DISPUTE_REASON_CODES)
    .optional()
    .describe(
      'Why, as a code: rate, hours, scope, missing_po, duplicate, tax, quality. Sets the SLA (docs/collections.md)',
    ),
  owner: z
    .string()
    .trim()
    .max(320)
    .optional()
    .describe("E-mail of the person who works the dispute; omitted = the client's collector, else whoever opens it"),
  evidence: z
    .array(disputeEvidenceSchema)
    .max(50)
    .optional()
    .describe('Links to what the dispute is about: time entries, contract terms, documents (each must exist)'),
});
export type DisputeInvoiceInput = z.infer<typeof disputeInvoiceSchema>;
type Refusal =
  | DisputeRefusal
  | { code: 'DISPUTED_AMOUNT_INVALID'; message: string }
  | { code: 'DISPUTE_OWNER_INVALID'; message: string }
  | { code: 'DISPUTE_EVIDENCE_NOT_FOUND'; message: string; problems: string[] };
export type DisputeInvoiceError = InvoiceCommandError<Refusal>;

export interface DisputeInvoiceResult {
  invoiceId: string;
  number: string | null;
  status: 'disputed';
  disputeId: string;
  disputedAmount: MoneyView | null;
  openBalance: MoneyView;
  reasonCode: DisputeReasonCode | null;
  ownerId: string | null;
  /** The SLA: the day it is due to be resolved. */
  dueOn: string;
}

/**
 * Marks an invoice disputed by its client (collectors and account managers; never the agent):
 * posted, delivered or partially paid with something owed -> disputed, with the reason and,
 * optionally, the amount in dispute. Collectors leave a disputed invoice alone until a controller
 * resolves the dispute; payments still apply to it meanwhile.
 */
export async function disputeInvoice(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: DisputeInvoiceInput,
): Promise<Result<DisputeInvoiceResult, DisputeInvoiceError>> {
  let disputeId = '';
  let open = 0n;
  let ownerId: string | null = null;
  let dueOn = '';
  const done = await runInvoiceCommand<ActionOf<'invoice.dispute'>, Refusal, MoneyView | null>(
    database,
    ctx,
    input.invoiceId,
    {
      command: 'dispute',
      reason: input.reason,
      async action(db, invoice) {
        const amount = disputedMinor(input.disputedAmount, invoice.currency);
        if (amount === 'invalid')
          return err({ code: 'DISPUTED_AMOUNT_INVALID', message: `more decimals than ${invoice.currency} has` });
        const facts = (await invoiceBalances(db, [invoice.id])).get(invoice.id)!;
        const planned = planDispute(facts, amount);
        if (!planned.ok) return err(planned.error);
        open = openBalance(facts);
        if (input.owner !== undefined) {
          const owner = await disputeOwnerByEmail(db, input.owner);
          if (!owner)
            return err({
              code: 'DISPUTE_OWNER_INVALID',
              message: `${input.owner} is not an active collector, account manager, billing clerk, controller or finance admin`,
            });
          ownerId = owner.id;
        } else {
          ownerId =
            (await collectorOfClient(db, invoice.clientId)) ??
            (await activePersonId(db, initiatorsOf(ctx.actor).at(-1)));
        }
        const problems = await unresolvedEvidence(db, invoice, input.evidence ?? []);
        if (problems.length) return err({ code: 'DISPUTE_EVIDENCE_NOT_FOUND', message: problems.join('; '), problems });
        dueOn = disputeDueOn(ctx.now.toISOString().slice(0, 10), input.reasonCode ?? UNCODED_SLA_CODE);
        return ok({
          type: 'invoice.dispute',
          target: { kind: 'invoice', id: invoice.id },
          args: {
            reason: input.reason,
            disputedAmount: amount === null ? null : money(amount, invoice.currency),
            reasonCode: input.reasonCode ?? null,
            ownerId,
          },
        });
      },
      async write(tx, invoice, action) {
        const [row] = await tx
          .insert(invoiceDisputes)
          .values({
            invoiceId: invoice.id,
            reason: input.reason,
            disputedAmountMinor: action.args.disputedAmount?.amountMinor ?? null,
            openedBy: ctx.actor.userId,
            openedFor: ctx.actor.onBehalfOf?.userId ?? null,
            openedAt: ctx.now,
            reasonCode: input.reasonCode ?? null,
            ownerId,
            dueOn,
            evidence: input.evidence ?? [],
          })
          .returning();
        disputeId = row!.id;
        const after = await setInvoiceStatus(tx, invoice.id, 'disputed', input.reason, ctx.now);
        const shown = action.args.disputedAmount
          ? moneyView(action.args.disputedAmount.amountMinor, invoice.currency)
          : null;
        return {
          after,
          extra: shown,
          audited: {
            ...invoiceSnapshot(after),
            dispute: {
              id: row!.id,
              reason: input.reason,
              disputedAmountMinor: row!.disputedAmountMinor,
              reasonCode: row!.reasonCode,
              ownerId,
              dueOn,
              evidence: row!.evidence,
            },
          },
        };
      },
    },
  );
  if (!done.ok) return done;
  const inv = done.value.after;
  return ok({
    invoiceId: inv.id,
    number: inv.number,
    status: 'disputed',
    disputeId,
    disputedAmount: done.value.extra,
    openBalance: moneyView(open, inv.currency),
    reasonCode: input.reasonCode ?? null,
    ownerId,
    dueOn,
  });
}

function disputedMinor(amount: string | undefined, currency: string): bigint | null | 'invalid' {
  if (amount === undefined) return null;
  if ((amount.split('.')[1]?.length ?? 0) > minorUnits(currency)) return 'invalid';
  return parse(amount, currency).amountMinor;
}
