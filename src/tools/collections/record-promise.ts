import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { findInvoiceId } from '../../db/stores/invoice-queries.ts';
import { invoices, promisesToPay } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { openAmountsAsOf } from '../../db/stores/receivables-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce } from '../policy-gate/context.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { minorUnits } from '../../shared/currency.ts';
import { amountField, dateField } from '../../shared/bounded-fields.ts';
import { money, moneyView, parse } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';

type RecordPromiseError =
  | GateError
  | { code: 'INVOICE_NOT_FOUND'; message: string }
  | { code: 'INVOICE_NOT_OPEN'; message: string }
  | { code: 'AMOUNT_TOO_PRECISE'; message: string }
  | { code: 'PROMISE_EXCEEDS_OPEN'; message: string };

export const recordPromiseSchema = z.object({
  invoice: z.string().trim().min(1).max(100).describe('Invoice number or id'),
  amount: amountField().describe("What the client promised, in the invoice's currency; at most what is open"),
  promisedFor: dateField().describe('The day the client promised to pay by'),
  promisedBy: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('Who at the client promised, e.g. "J. Meyer, AP lead, by phone"'),
});

/**
 * Records a client's promise to pay an invoice (a person records it; never the agent or a service).
 * Reminders pause while it is live; the dunning run marks it kept when the invoice owes at most what
 * it owed less the promise, or broken after its date, which moves the sequence on. A newer promise
 * supersedes an open one.
 */
export const collectionsRecordPromise = defineTool({
  name: 'collections_record_promise',
  description:
    'Records a promise to pay an open invoice: amount (at most what is open), the date, who at the client promised. Reminders pause ' +
    'until the date; a broken promise moves the reminder sequence on and escalates. Collectors, account managers, controllers, finance admins.',
  input: recordPromiseSchema,
  output: z.object({
    promiseId: z.string(),
    invoice: z.string(),
    amount: moneyViewSchema,
    promisedFor: z.string(),
    superseded: z.number().int(),
  }),
  risk: 'write',
  policyAction: 'collections.record_promise',
  handler: async (
    ctx,
    input,
  ): Promise<
    Result<
      {
        promiseId: string;
        invoice: string;
        amount: { amount: string; currency: string };
        promisedFor: string;
        superseded: number;
      },
      RecordPromiseError
    >
  > => {
    const id = await findInvoiceId(ctx.db, input.invoice);
    const [inv] = id ? await ctx.db.select().from(invoices).where(eq(invoices.id, id)) : [];
    if (!inv) return err({ code: 'INVOICE_NOT_FOUND', message: `no invoice ${input.invoice}` });
    const cur = inv.currency;
    const tooPrecise = (input.amount.split('.')[1]?.length ?? 0) > minorUnits(cur);
    const amountMinor = tooPrecise ? 0n : parse(input.amount, cur).amountMinor;
    const action: ActionOf<'collections.record_promise'> = {
      type: 'collections.record_promise',
      target: { kind: 'invoice', id: inv.id },
      args: { amount: money(amountMinor, cur), promisedFor: input.promisedFor, promisedBy: input.promisedBy },
    };
    await readMatrixInForce(ctx.db, ctx);
    const denied = precheck(ctx, action, { entityId: inv.legalEntityId });
    if (!denied.ok) return denied;
    if (tooPrecise)
      return err({ code: 'AMOUNT_TOO_PRECISE', message: `${input.amount} has more decimals than ${cur} has` });
    const today = ctx.now.toISOString().slice(0, 10);
    const openMinor = (await openAmountsAsOf(ctx.db, today)).get(inv.id) ?? 0n;
    if (openMinor <= 0n)
      return err({ code: 'INVOICE_NOT_OPEN', message: `invoice ${input.invoice} owes nothing on ${today}` });
    if (amountMinor <= 0n || amountMinor > openMinor) {
      return err({
        code: 'PROMISE_EXCEEDS_OPEN',
        message: `a promise is more than 0 and at most the open ${moneyView(openMinor, cur).amount} ${cur}`,
      });
    }
    const gate = await passGate(ctx.db, ctx, action, { entityId: inv.legalEntityId });
    if (!gate.ok) return gate;
    const superseded = await ctx.db
      .update(promisesToPay)
      .set({ status: 'superseded', closedOn: today })
      .where(and(eq(promisesToPay.invoiceId, inv.id), eq(promisesToPay.status, 'open')))
      .returning({ id: promisesToPay.id });
    const [p] = await ctx.db
      .insert(promisesToPay)
      .values({
        invoiceId: inv.id,
        amountMinor,
        currency: cur,
        openAtRecordMinor: openMinor,
        promisedFor: input.promisedFor,
        promisedBy: input.promisedBy,
        recordedBy: ctx.actor.userId,
        recordedAt: ctx.now,
      })
      .returning({ id: promisesToPay.id });
    await appendAudit(
      ctx.db,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'invoice',
        targetId: inv.id,
        before: { openPromises: superseded.map((s) => s.id) },
        after: {
          promiseId: p!.id,
          amountMinor: amountMinor.toString(),
          currency: cur,
          promisedFor: input.promisedFor,
          promisedBy: input.promisedBy,
        },
        decision: gate.value.decision,
      }),
    );
    return ok({
      promiseId: p!.id,
      invoice: inv.number ?? inv.id,
      amount: moneyView(amountMinor, cur),
      promisedFor: input.promisedFor,
      superseded: superseded.length,
    });
  },
});
