/**
 * Invoices and exceptions as the API answers them and the CLI prints them: one shape for both, built
 * from the rows the invoice queries return (so it lives beside them, below api and cli).
 */
import { openBalance } from '../../billing/payments/balance.ts';
import { moneyView } from '../../shared/money.ts';
import { draftReference } from '../stores/invoice-queries.ts';
import type { getInvoiceDetail, listExceptions, listInvoices } from '../stores/invoice-queries.ts';

type InvoiceRow = Awaited<ReturnType<typeof listInvoices>>['rows'][number];
type Detail = NonNullable<Awaited<ReturnType<typeof getInvoiceDetail>>>;
type ExceptionRow = Awaited<ReturnType<typeof listExceptions>>['rows'][number];

/** An invoice in lists. */
export function invoiceSummaryView(r: InvoiceRow) {
  const i = r.invoice;
  return {
    id: i.id,
    reference: i.number ?? draftReference(i.id),
    number: i.number,
    kind: i.kind,
    status: i.status,
    held: i.held,
    legalEntity: r.entityCode,
    client: { code: r.clientCode, name: r.clientName },
    contract: r.contractCode,
    period: i.period,
    subtotal: moneyView(i.subtotalMinor, i.currency),
    tax: moneyView(i.taxMinor, i.currency),
    total: moneyView(i.totalMinor, i.currency),
    heldAmount: moneyView(i.heldMinor, i.currency),
    dueDate: i.dueDate,
  };
}

/** One invoice with lines, sources and exceptions: enough to explain every line. */
export function invoiceDetailView(d: Detail) {
  const i = d.invoice;
  const sources = new Map<string, { kind: string; count: number; ids: string[]; externalIds?: (string | null)[] }[]>();
  for (const s of d.sources) {
    const list = sources.get(s.line_id) ?? [];
    // Time entries also by the timesheet system's own ids (null for an entry imported without one).
    list.push({
      kind: s.kind,
      count: Number(s.n),
      ids: s.ids,
      ...(s.external_ids ? { externalIds: s.external_ids } : {}),
    });
    sources.set(s.line_id, list);
  }
  const lineNoById = new Map(d.lines.map((l) => [l.id, l.lineNo]));
  return {
    id: i.id,
    reference: i.number ?? draftReference(i.id),
    number: i.number,
    kind: i.kind,
    status: i.status,
    held: i.held,
    period: i.period,
    /** A supplementary invoice: the invoice of the same contract and period whose carried held lines it bills. */
    supplementsInvoiceId: i.supplementsInvoiceId,
    /** On a supplementary invoice, the invoice it supplements (the original), by reference and status; else null. */
    supplementsInvoice: d.supplemented
      ? {
          id: d.supplemented.id,
          reference: d.supplemented.number ?? draftReference(d.supplemented.id),
          status: d.supplemented.status,
        }
      : null,
    /** The supplementary invoices billing held lines carried off this one, oldest first (void ones too). */
    supplementaryInvoices: d.supplements.map((s) => ({
      id: s.id,
      reference: s.number ?? draftReference(s.id),
      status: s.status,
      total: moneyView(BigInt(s.total_minor), s.currency),
    })),
    legalEntity: {
      code: d.entity.code,
      name: d.entity.name,
      taxRegistration: d.entity.taxRegistration,
      address: d.entity.address,
    },
    client: {
      code: d.client.code,
      name: d.client.name,
      country: d.client.country,
      taxId: d.client.taxId,
      contacts: d.client.billingContacts,
    },
    contract: { code: d.contractCode, name: d.contractName },
    currency: i.currency,
    // Every rate anything on the invoice was converted at (the period rate, each foreign expense's); [] when none.
    fx: i.fxRates,
    poNumber: i.poNumber,
    paymentTermsDays: i.paymentTermsDays,
    issueDate: i.issueDate,
    dueDate: i.dueDate,
    subtotal: moneyView(i.subtotalMinor, i.currency),
    tax: moneyView(i.taxMinor, i.currency),
    total: moneyView(i.totalMinor, i.currency),
    heldAmount: moneyView(i.heldMinor, i.currency),
    ...collectionView(d),
    lines: d.lines.map((l) => ({
      lineNo: l.lineNo,
      kind: l.kind,
      description: l.description,
      quantity: l.quantity.replace(/\.?0+$/, ''),
      unit: l.unit,
      unitPrice: l.unitPrice.replace(/(\.\d*?[1-9])0+$|\.0+$/, '$1'),
      amount: moneyView(l.amountMinor, i.currency),
      tax: {
        category: l.taxCategory,
        ratePercent: l.taxRatePercent.replace(/(\.\d*?[1-9])0+$|\.0+$/, '$1'),
        amount: moneyView(l.taxMinor, i.currency),
      },
      held: l.held,
      /** Held without holding the draft: billed once released, on a supplementary invoice if this one has moved on. */
      carried: l.carried,
      carriedFromLineId: l.carriedFromLineId,
      role: l.role,
      contractTerm: l.contractTerm,
      rateCardEntryId: l.rateCardEntryId,
      milestoneId: l.milestoneId,
      servicePeriod: { start: l.servicePeriodStart, end: l.servicePeriodEnd },
      sources: sources.get(String(l.id)) ?? [],
      /** Prices part of the same records as this earlier line (a cap split, a usage tier). */
      sameRecordsAsLine: l.parentLineId ? (lineNoById.get(l.parentLineId) ?? null) : null,
    })),
    exceptions: d.exceptions.map((e) => ({
      id: e.id,
      type: e.type,
      severity: e.severity,
      status: e.status,
      message: e.message,
      invoiceLineId: e.invoiceLineId,
      holds: e.holdScope,
    })),
  };
}

const RECEIVABLE: readonly string[] = ['posted', 'delivered', 'partially_paid', 'paid', 'disputed', 'written_off'];

/**
 * What is owed on a posted invoice (total less credit notes, payments and write-offs), its open
 * dispute, and whether collectors may chase it: not while it is disputed, and only when something is open.
 */
function collectionView(d: Detail) {
  const i = d.invoice;
  if (i.kind !== 'invoice' || !RECEIVABLE.includes(i.status))
    return { balance: null, dispute: null, collectible: false };
  const f = {
    totalMinor: i.totalMinor,
    creditedMinor: BigInt(d.creditedMinor),
    paidMinor: BigInt(d.paidMinor),
    status: i.status,
  };
  const open = openBalance(f);
  const dispute = d.openDispute;
  return {
    balance: {
      credited: moneyView(f.creditedMinor, i.currency),
      paid: moneyView(f.paidMinor, i.currency),
      open: moneyView(open, i.currency),
    },
    dispute: dispute
      ? {
          id: dispute.id,
          reason: dispute.reason,
          openedBy: dispute.openedBy,
          openedAt: new Date(dispute.openedAt).toISOString(),
          disputedAmount:
            dispute.disputedAmountMinor === null ? null : moneyView(BigInt(dispute.disputedAmountMinor), i.currency),
        }
      : null,
    collectible: !dispute && open > 0n && ['posted', 'delivered', 'partially_paid'].includes(i.status),
  };
}

/** An exception in lists. */
export function exceptionView(r: ExceptionRow, now: Date = new Date()) {
  const e = r.exception;
  return {
    id: e.id,
    type: e.type,
    severity: e.severity,
    status: e.status,
    ownerRole: e.ownerRole,
    assignedTo: e.assignedTo,
    message: e.message,
    client: r.clientCode,
    contract: r.contractCode,
    period: e.period,
    invoiceId: e.invoiceId,
    invoiceLineId: e.invoiceLineId,
    /** What a blocking exception holds: the whole draft, or its line only (the rest is billed, the line later). */
    holds: e.holdScope,
    slaDueAt: e.slaDueAt.toISOString(),
    pastSla: e.status !== 'resolved' && e.slaDueAt.getTime() < now.getTime(),
    details: e.details,
    resolutionCode: e.resolutionCode,
  };
}
