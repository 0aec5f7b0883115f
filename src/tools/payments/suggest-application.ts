import { z } from 'zod';
import { matchReceipt, suggestApplications } from '../../billing/payments/cash-application.ts';
import { openItemsOf } from '../../db/stores/bank-statement-store.ts';
import { getPaymentDetail } from '../../db/stores/payment-store.ts';
import { format, money, moneyView } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool, type ToolContext } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { PAYMENT_READERS } from './payment-view.ts';

export const suggestApplicationSchema = z.object({
  paymentId: z.uuid().describe('The recorded payment with unapplied cash to suggest invoices for'),
});

const allocationSchema = z.object({
  invoice: z.string().describe('Invoice number'),
  amount: z.string().describe('What to apply to it, a decimal string in the currency'),
  openBefore: z.string().describe('What the invoice owes now'),
  openAfter: z.string().describe('What it would still owe after this'),
  dueDate: z.string().nullable(),
});

export const suggestionsOutputSchema = z
  .object({
    paymentId: z.string(),
    legalEntity: z.string(),
    client: z.object({ code: z.string(), name: z.string() }),
    bankReference: z.string(),
    amount: moneyViewSchema,
    unapplied: moneyViewSchema.describe('What the payment has not applied yet: no suggestion exceeds it'),
    confidence: z
      .enum(['exact', 'probable', 'none'])
      .describe("The best suggestion's: exact (named or only one fit), probable (a person confirms), none"),
    reasons: z.array(z.string()).describe('Why, in words'),
    suggestions: z
      .array(
        z.object({
          rank: z.number().int().describe('1 is the best'),
          confidence: z.enum(['exact', 'probable']),
          reason: z.string(),
          allocations: z.array(allocationSchema),
          total: moneyViewSchema.describe('What the suggestion applies'),
          leftUnapplied: moneyViewSchema.describe('What the payment would still have unapplied after it'),
          apply: z
            .object({
              paymentId: z.string(),
              allocations: z.array(z.object({ invoice: z.string(), amount: z.string() })),
            })
            .describe('The input of payments_apply that makes this suggestion (a person applies it)'),
        }),
      )
      .describe('Ways to apply the unapplied cash, best first; empty when nothing fits'),
    candidates: z
      .array(z.object({ invoice: z.string(), open: z.string(), dueDate: z.string().nullable(), reason: z.string() }))
      .describe("The client's open invoices in the currency worth a look, at most 5, each with why"),
  })
  .describe("Suggestions for a payment's unapplied cash; nothing is applied");
export type SuggestionsOutput = z.output<typeof suggestionsOutputSchema>;

type SuggestError =
  | { code: 'PAYMENT_NOT_FOUND'; message: string; id: string }
  | { code: 'PAYMENT_ALREADY_REVERSED'; message: string; paymentId: string }
  | { code: 'NO_UNAPPLIED_CASH'; message: string; paymentId: string }
  | ScopeError;

/**
 * Cash-application suggestions for one payment's unapplied cash, however it arrived (bank statement,
 * payment-provider webhook, typed in): matchReceipt and suggestApplications (pure) over the open
 * invoices of the payment's client in its currency, read with the payment's reference and note as
 * the remittance and its unapplied remainder as the amount. Writes nothing.
 */
async function suggest(ctx: ToolContext, paymentId: string): Promise<Result<SuggestionsOutput, SuggestError>> {
  const d = await getPaymentDetail(ctx.db, paymentId);
  if (!d) return err({ code: 'PAYMENT_NOT_FOUND', message: `No payment ${paymentId}`, id: paymentId });
  const p = d.payment;
  if (!actorMayTouch(ctx.actor, p.legalEntityId)) return err(outOfScopeError(p.legalEntityId));
  if (p.status === 'reversed')
    return err({
      code: 'PAYMENT_ALREADY_REVERSED',
      message: `payment ${p.id} is reversed; it has no cash to apply`,
      paymentId: p.id,
    });
  const cur = p.currency;
  const unapplied = p.amountMinor - BigInt(d.applied);
  if (unapplied <= 0n)
    return err({
      code: 'NO_UNAPPLIED_CASH',
      message: `payment ${p.id} is fully applied: there is no unapplied cash to suggest invoices for`,
      paymentId: p.id,
    });
  const items = await openItemsOf(ctx.db, p.legalEntityId, [cur], p.clientId);
  const receipt = {
    amountMinor: unapplied,
    currency: cur,
    remittance: [p.bankReference, p.note].filter(Boolean).join(' '),
    clientId: p.clientId,
  };
  const best = matchReceipt(receipt, items, { wider: true });
  const ranked = suggestApplications(receipt, items);
  const dec = (minor: bigint) => format(money(minor, cur));
  const byId = new Map(items.map((i) => [i.invoiceId, i]));
  return ok({
    paymentId: p.id,
    legalEntity: d.entityCode,
    client: { code: d.clientCode, name: d.clientName },
    bankReference: p.bankReference,
    amount: moneyView(p.amountMinor, cur),
    unapplied: moneyView(unapplied, cur),
    confidence: ranked[0]?.confidence ?? 'none',
    reasons: best.reasons,
    suggestions: ranked.map((s, n) => {
      const total = s.allocations.reduce((sum, a) => sum + a.amountMinor, 0n);
      return {
        rank: n + 1,
        confidence: s.confidence,
        reason: s.reason,
        allocations: s.allocations.map((a) => {
          const i = byId.get(a.invoiceId)!;
          return {
            invoice: a.number,
            amount: dec(a.amountMinor),
            openBefore: dec(i.openMinor),
            openAfter: dec(i.openMinor - a.amountMinor),
            dueDate: i.dueDate,
          };
        }),
        total: moneyView(total, cur),
        leftUnapplied: moneyView(unapplied - total, cur),
        apply: {
          paymentId: p.id,
          allocations: s.allocations.map((a) => ({ invoice: a.number, amount: dec(a.amountMinor) })),
        },
      };
    }),
    candidates: best.candidates.map((c) => ({
      invoice: c.item.number,
      open: dec(c.item.openMinor),
      dueDate: c.item.dueDate,
      reason: c.reason,
    })),
  });
}

export const paymentsSuggestApplication = defineTool({
  name: 'payments_suggest_application',
  description:
    "Suggests how to apply a payment's unapplied cash (from a bank statement, the payment provider or typed in): " +
    'which open invoices of its client, in its currency, to give how much, ranked, each with a confidence ' +
    '(exact, probable) and the reason; a short payment and one payment for several invoices included. ' +
    'Applies nothing: a person applies a suggestion with payments_apply (its `apply` field is that input). ' +
    'A payment with nothing unapplied is refused (NO_UNAPPLIED_CASH).',
  input: suggestApplicationSchema,
  output: suggestionsOutputSchema,
  risk: 'read',
  policyAction: null,
  readers: PAYMENT_READERS,
  handler: (ctx, { paymentId }) => suggest(ctx, paymentId),
});
