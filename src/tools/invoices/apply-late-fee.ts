import { and, eq, like, ne } from 'drizzle-orm';
import { z } from 'zod';
import { DEFAULT_POLICY, DUNNING_STEPS, type PolicyStep } from '../../billing/collections/dunning.ts';
import { daysBetween, lateFee, LATE_FEE_PERIOD_DAYS } from '../../billing/collections/late-fee.ts';
import type { DbOrTx } from '../../db/client.ts';
import { clients, contracts, invoiceLines, invoices } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { activePauses, dunningPolicyTable } from '../../db/stores/dunning-store.ts';
import { getInvoice, invoiceSnapshot, type InvoiceRow } from '../../db/stores/invoice-lifecycle-store.ts';
import { invoiceBalances } from '../../db/stores/payment-store.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { addDays } from '../../shared/dates.ts';
import { dateField } from '../../shared/bounded-fields.ts';
import { format, money, moneyView, parse, type MoneyView } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import {
  approvalRef,
  auditEntry,
  initiatorsOf,
  invoiceNotFound,
  readMatrixInForce,
  type InvoiceNotFound,
  type UseCaseContext,
} from '../policy-gate/context.ts';
import { moneyViewSchema } from '../schemas.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

/** The line key of a late fee: one per overdue invoice and step ('contract' when no dunning step names the rule). */
const feeKey = (invoiceId: string, step: string) => `late_fee:${invoiceId}:${step}`;

export const applyLateFeeSchema = z.object({
  invoiceId: z.uuid().describe('The overdue posted invoice the fee is charged on'),
  step: z
    .enum(DUNNING_STEPS)
    .optional()
    .describe(
      "The dunning step whose late-fee rule applies (the final notice of the client's sequence): the fee runs to the step's day " +
        '(due date + its days). Omitted: the contract terms, to asOf',
    ),
  asOf: dateField()
    .optional()
    .describe('Without a step: the day the fee runs to (default today); an approval binds to the fee it gives'),
});
export type ApplyLateFeeInput = z.infer<typeof applyLateFeeSchema>;

export type ApplyLateFeeRefusal =
  | { code: 'INVOICE_NOT_OVERDUE'; message: string }
  | { code: 'INVOICE_DISPUTED'; message: string }
  | { code: 'DUNNING_PAUSED'; message: string }
  | { code: 'CONTRACT_HAS_NO_LATE_FEE'; message: string }
  | { code: 'LATE_FEE_STEP_INVALID'; message: string }
  | { code: 'LATE_FEE_ALREADY_BILLED'; message: string; feeInvoiceId: string };
export type ApplyLateFeeError = ApplyLateFeeRefusal | GateError | InvoiceNotFound | InvoiceGuardError;

export interface ApplyLateFeeResult {
  feeInvoiceId: string;
  /** The fee invoice's status when created (draft): it goes through submit, approval and posting. */
  status: string;
  overdueInvoiceId: string;
  overdueNumber: string;
  step: string;
  asOf: string;
  daysOverdue: number;
  percentMonthly: string;
  open: MoneyView;
  fee: MoneyView;
  /** True when an earlier call billed this fee: it is returned, never billed twice. */
  replayed: boolean;
}

interface Plan {
  step: string;
  asOf: string;
  daysOverdue: number;
  percentMonthly: string;
  openMinor: bigint;
  feeMinor: bigint;
  preciseMinor: string;
}

/**
 * Charges the late fee of an overdue posted invoice on a one-line draft invoice of its own (same
 * client, contract and currency, supplementing the overdue one; docs/collections.md says why not a
 * line on the next invoice). Under invoice.apply_late_fee, which the matrix sends to an account
 * manager: the first call opens the request; the same call once approved writes the draft. One fee
 * per invoice and step: a second call returns the first fee (replayed).
 */
export async function applyLateFee(
  db: DbOrTx,
  ctx: UseCaseContext,
  input: ApplyLateFeeInput,
): Promise<Result<ApplyLateFeeResult, ApplyLateFeeError>> {
  const today = ctx.now.toISOString().slice(0, 10);
  const first = await getInvoice(db, input.invoiceId);
  if (!first) return err(invoiceNotFound(input.invoiceId));
  await readMatrixInForce(db, ctx);
  const replay = await existingFee(db, first, input.step ?? 'contract');
  if (replay) {
    // A replay shows the fee to those who may ask for it, no one else.
    if (replay.ok) {
      const r = replay.value;
      const asked: ActionOf<'invoice.apply_late_fee'> = {
        type: 'invoice.apply_late_fee',
        target: { kind: 'invoice', id: first.id },
        args: { amount: parse(r.fee.amount, r.fee.currency), daysOverdue: r.daysOverdue },
      };
      const refused = precheck(ctx, asked, factsOf(first));
      if (!refused.ok) return refused;
    }
    return replay;
  }
  const pre = await plan(db, first, input, today);
  if (!pre.ok) return pre;
  const denied = precheck(ctx, actionOf(first, pre.value), factsOf(first));
  if (!denied.ok) return denied;

  return db.transaction(async (tx) => {
    const invoice = await getInvoice(tx, input.invoiceId, { lock: true });
    if (!invoice) return err(invoiceNotFound(input.invoiceId));
    const again = await existingFee(tx, invoice, input.step ?? 'contract');
    if (again) return again;
    const p = await plan(tx, invoice, input, today);
    if (!p.ok) return p;
    const action = actionOf(invoice, p.value);
    const gate = await passGate(tx, ctx, action, factsOf(invoice));
    if (!gate.ok) return gate;
    const fee = await insertFeeInvoice(tx, ctx, invoice, p.value);
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'invoice',
        targetId: invoice.id,
        before: invoiceSnapshot(invoice),
        after: { feeInvoice: invoiceSnapshot(fee), ...planView(p.value, invoice.currency) },
        decision: gate.value.decision,
        approvalRef: approvalRef(gate.value.approvals),
        reason: `late fee on ${invoice.number}`,
      }),
    );
    return ok(result(invoice, fee, p.value, false));
  });
}

const actionOf = (invoice: InvoiceRow, p: Plan): ActionOf<'invoice.apply_late_fee'> => ({
  type: 'invoice.apply_late_fee',
  target: { kind: 'invoice', id: invoice.id },
  args: { amount: money(p.feeMinor, invoice.currency), daysOverdue: p.daysOverdue },
});
const factsOf = (invoice: InvoiceRow) => ({ entityId: invoice.legalEntityId, preparerId: invoice.preparedBy });

const planView = (p: Plan, currency: string) => ({
  step: p.step,
  asOf: p.asOf,
  daysOverdue: p.daysOverdue,
  percentMonthly: p.percentMonthly,
  open: moneyView(p.openMinor, currency),
  fee: moneyView(p.feeMinor, currency),
  preciseFeeMinor: p.preciseMinor,
});

function result(invoice: InvoiceRow, fee: InvoiceRow, p: Plan, replayed: boolean): ApplyLateFeeResult {
  const { preciseFeeMinor: _precise, ...view } = planView(p, invoice.currency);
  return {
    feeInvoiceId: fee.id,
    status: fee.status,
    overdueInvoiceId: invoice.id,
    overdueNumber: invoice.number ?? invoice.id,
    ...view,
    replayed,
  };
}

/** The fee already billed on the invoice (a fee invoice not void): the same step replays it, another is refused. */
async function existingFee(
  db: DbOrTx,
  invoice: InvoiceRow,
  step: string,
): Promise<Result<ApplyLateFeeResult, ApplyLateFeeRefusal> | null> {
  const [row] = await db
    .select({
      fee: invoices,
      key: invoiceLines.lineKey,
      precise: invoiceLines.preciseAmount,
      text: invoiceLines.description,
    })
    .from(invoiceLines)
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(and(like(invoiceLines.lineKey, `late_fee:${invoice.id}:%`), ne(invoices.status, 'void')))
    .limit(1);
  if (!row) return null;
  if (row.key !== feeKey(invoice.id, step))
    return err({
      code: 'LATE_FEE_ALREADY_BILLED',
      message: `a late fee on ${invoice.number} is billed already (${row.key.split(':')[2]}) on invoice ${row.fee.number ?? row.fee.id}: void it first to bill another`,
      feeInvoiceId: row.fee.id,
    });
  // How the fee was billed, as the line says it (insertFeeInvoice writes the text).
  const m = /: ([\d.]+)% a month on [A-Z]{3} ([\d.]+) open, (\d+) days overdue to (\d{4}-\d{2}-\d{2})/.exec(row.text);
  const p: Plan = {
    step,
    asOf: m?.[4] ?? '',
    daysOverdue: Number(m?.[3] ?? 0),
    percentMonthly: m?.[1] ?? '',
    openMinor: m ? parse(m[2]!, invoice.currency).amountMinor : 0n,
    feeMinor: row.fee.totalMinor,
    preciseMinor: row.precise,
  };
  return ok(result(invoice, row.fee, p, true));
}

/** The fee to bill, or why none: an open, undisputed, unpaused invoice past due, with a late-fee rule. */
async function plan(
  db: DbOrTx,
  invoice: InvoiceRow,
  input: ApplyLateFeeInput,
  today: string,
): Promise<Result<Plan, ApplyLateFeeRefusal>> {
  const name = invoice.number ?? invoice.id;
  const balance = (await invoiceBalances(db, [invoice.id])).get(invoice.id)!;
  if (invoice.status === 'disputed' || balance.disputeOpen)
    return err({ code: 'INVOICE_DISPUTED', message: `${name} is disputed: resolve the dispute before a late fee` });
  if (
    invoice.kind !== 'invoice' ||
    !['posted', 'delivered', 'partially_paid'].includes(invoice.status) ||
    !invoice.dueDate
  )
    return err({
      code: 'INVOICE_NOT_OVERDUE',
      message: `${name} is ${invoice.kind === 'invoice' ? invoice.status : 'a credit note'}: a late fee is charged on a posted invoice still owed`,
    });
  const openMinor = balance.totalMinor - balance.creditedMinor - balance.paidMinor;
  if (openMinor <= 0n) return err({ code: 'INVOICE_NOT_OVERDUE', message: `${name} owes nothing` });
  const pauses = await activePauses(db, today);
  const paused = pauses.invoices.get(invoice.id) ?? pauses.clients.get(invoice.clientId);
  if (paused !== undefined)
    return err({ code: 'DUNNING_PAUSED', message: `dunning of ${name} is paused (${paused}): resume it first` });
  const [c] = await db
    .select({ code: clients.code, segment: clients.segment, percent: contracts.lateFeePercentMonthly })
    .from(contracts)
    .innerJoin(clients, eq(clients.id, invoice.clientId))
    .where(eq(contracts.id, invoice.contractId));
  const contractPercent = c?.percent && Number(c.percent) > 0 ? c.percent : null;
  let percent: string | null;
  let asOf: string;
  if (input.step) {
    const table = await dunningPolicyTable(db);
    const steps: readonly PolicyStep[] =
      table.get(`client:${c!.code}`) ?? table.get(`segment:${c!.segment}`) ?? DEFAULT_POLICY;
    const s = steps.find((x) => x.step === input.step);
    if (!s?.lateFee)
      return err({
        code: 'LATE_FEE_STEP_INVALID',
        message: `the dunning sequence of ${c!.code} has no late fee on a ${input.step} step`,
      });
    percent = s.lateFee.kind === 'contract' ? contractPercent : s.lateFee.percent;
    if (percent === null)
      return err({
        code: 'CONTRACT_HAS_NO_LATE_FEE',
        message: `the ${input.step} step charges the contract's late fee, and the contract of ${name} has none`,
      });
    asOf = addDays(invoice.dueDate, s.days);
    if (asOf > today)
      return err({
        code: 'INVOICE_NOT_OVERDUE',
        message: `the ${input.step} step of ${name} is due on ${asOf}, not yet`,
      });
  } else {
    percent = contractPercent;
    if (percent === null)
      return err({ code: 'CONTRACT_HAS_NO_LATE_FEE', message: `the contract of ${name} has no late fee` });
    asOf = input.asOf ?? today;
    if (asOf > today)
      return err({ code: 'INVOICE_NOT_OVERDUE', message: `${asOf} is after today: a fee runs to a past day` });
  }
  const daysOverdue = daysBetween(invoice.dueDate, asOf);
  if (daysOverdue <= 0)
    return err({
      code: 'INVOICE_NOT_OVERDUE',
      message: `${name} is due on ${invoice.dueDate}: not overdue on ${asOf}`,
    });
  const fee = lateFee(openMinor, percent, daysOverdue);
  if (fee.feeMinor <= 0n)
    return err({ code: 'INVOICE_NOT_OVERDUE', message: `the late fee on ${name} rounds to nothing` });
  return ok({
    step: input.step ?? 'contract',
    asOf,
    daysOverdue,
    percentMonthly: String(Number(percent)),
    openMinor,
    feeMinor: fee.feeMinor,
    preciseMinor: fee.preciseMinor,
  });
}

/** The one-line draft fee invoice, supplementing the overdue one (so the one-invoice-per-period rule leaves it be). */
async function insertFeeInvoice(tx: DbOrTx, ctx: UseCaseContext, invoice: InvoiceRow, p: Plan): Promise<InvoiceRow> {
  const open = `${invoice.currency} ${format(money(p.openMinor, invoice.currency))}`;
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
      subtotalMinor: p.feeMinor,
      taxMinor: 0n,
      totalMinor: p.feeMinor,
      poNumber: invoice.poNumber,
      paymentTermsDays: invoice.paymentTermsDays,
      supplementsInvoiceId: invoice.id,
      preparedBy: initiatorsOf(ctx.actor).at(-1)!,
      statusReason: `late fee on ${invoice.number}`,
      statusChangedAt: ctx.now,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  const major = money(p.feeMinor, invoice.currency);
  await tx.insert(invoiceLines).values({
    invoiceId: draft!.id,
    lineKey: feeKey(invoice.id, p.step),
    lineNo: 1,
    // Its own kind (migration 0035): not a fee for service, so caps, fee discounts and reports leave it apart.
    kind: 'late_fee',
    description:
      `Late fee on invoice ${invoice.number} (due ${invoice.dueDate}): ${p.percentMonthly}% a month on ${open} open, ` +
      `${p.daysOverdue} days overdue to ${p.asOf} (${p.daysOverdue}/${LATE_FEE_PERIOD_DAYS} of a month)`,
    quantity: '1',
    unit: 'fee',
    unitPrice: format(major),
    amountMinor: p.feeMinor,
    preciseAmount: p.preciseMinor,
    taxCategory: 'exempt',
    taxRatePercent: '0',
    taxMinor: 0n,
    contractTerm: 'late_fee',
    servicePeriodStart: addDays(invoice.dueDate!, 1),
    servicePeriodEnd: p.asOf,
  });
  return draft!;
}

export const invoicesApplyLateFee = defineTool({
  name: 'invoices_apply_late_fee',
  description:
    "Charges the late fee of an overdue posted invoice on a one-line draft invoice of its own (same client, contract and currency): the contract's " +
    "percent a month, or the dunning step's rule, pro rata by day over 30-day months on the open balance, rounded once. Needs an account manager's " +
    'approval: the first call opens the request (APPROVAL_REQUIRED); the same call once approved writes the draft. One fee per invoice and step: ' +
    'a second call returns the first. Refused when the invoice is not overdue, disputed, paused, or the contract has no late fee.',
  input: applyLateFeeSchema,
  output: z
    .object({
      feeInvoiceId: z.string(),
      status: z.string(),
      overdueInvoiceId: z.string(),
      overdueNumber: z.string(),
      step: z.string(),
      asOf: z.string(),
      daysOverdue: z.number().int(),
      percentMonthly: z.string(),
      open: moneyViewSchema,
      fee: moneyViewSchema,
      replayed: z.boolean(),
    })
    .describe('The fee invoice (a draft) and how the fee was computed'),
  risk: 'write',
  policyAction: 'invoice.apply_late_fee',
  handler: async (ctx, input): Promise<Result<ApplyLateFeeResult, ApplyLateFeeError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? applyLateFee(ctx.db, ctx, input) : guard;
  },
});
