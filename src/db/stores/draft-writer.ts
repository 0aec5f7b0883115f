import { and, eq, inArray, notInArray, sql, type SQL } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../client.ts';
import { billingExceptions, invoiceLines, invoices, retainerPeriods } from '../schema/index.ts';
import type { BillingException, DraftInvoice } from '../../billing/model.ts';
import type { WriteDraftInput } from '../../billing/billing-run/ports.ts';
import { RUN_WORKER } from '../../billing/billing-run/run-billing.ts';

export type { WriteDraftInput };

export interface WriteDraftResult {
  invoiceId: string | null;
  lines: number;
  exceptions: number;
}

const intArray = (ids: string[]) => sql.raw(`'{${ids.map((i) => String(BigInt(i))).join(',')}}'::bigint[]`);
const uuidArray = (ids: string[]) => sql.raw(`'{${ids.map((i) => i.replace(/[^0-9a-f-]/gi, '')).join(',')}}'::uuid[]`);

/**
 * Writes one rated draft inside the caller's transaction: header, lines, the links from each line to
 * what it bills, exceptions (upserted by dedupe key; ones that no longer occur are closed), retainer
 * state. A concurrent run that got there first makes an insert fail on a unique key, which rolls the
 * whole contract back: that is how "never a second invoice, never billed twice" holds under races.
 */
export async function writeDraft(tx: DbOrTx, input: WriteDraftInput): Promise<WriteDraftResult> {
  const { draft } = input;
  let invoiceId: string | null = input.existingDraftId;
  if (invoiceId) {
    const [locked] = await queryRows<{ status: string }>(
      tx,
      sql`SELECT status FROM invoices WHERE id = ${invoiceId} FOR UPDATE`,
    );
    const status = locked?.status;
    if (status !== 'draft') throw new DraftChangedError(invoiceId);
    await deleteInvoiceLines(tx, invoiceId);
  }
  const header = {
    legalEntityId: draft.legalEntityId,
    clientId: draft.clientId,
    contractId: draft.contractId,
    period: draft.period,
    currency: draft.currency,
    fxFrom: draft.fx?.from ?? null,
    fxRate: draft.fx?.rate ?? null,
    fxRateDate: draft.fx?.rateDate ?? null,
    fxRates: draft.fxRates,
    subtotalMinor: draft.subtotalMinor,
    taxMinor: draft.taxMinor,
    totalMinor: draft.totalMinor,
    heldMinor: draft.heldMinor,
    // A carried line (bill_rest) does not hold the draft; any other held line does.
    held: draft.held || draft.lines.some((l) => l.held && !l.carried),
    nteConsumedMinor: input.nteConsumedMinor,
    poNumber: draft.poNumber,
    paymentTermsDays: draft.paymentTermsDays,
    billingRunId: input.runId,
    preparedBy: input.preparedBy,
    updatedAt: input.now,
  };

  if (draft.lines.length === 0) {
    if (invoiceId) await tx.delete(invoices).where(eq(invoices.id, invoiceId));
    invoiceId = null;
  } else if (invoiceId) {
    await tx.update(invoices).set(header).where(eq(invoices.id, invoiceId));
  } else {
    const [row] = await tx
      .insert(invoices)
      .values({ ...header, kind: 'invoice', status: 'draft' })
      .returning({ id: invoices.id });
    invoiceId = row!.id;
  }

  const lineIds = new Map<string, number>();
  if (invoiceId && draft.lines.length > 0) {
    const inserted = await tx
      .insert(invoiceLines)
      .values(
        draft.lines.map((l, i) => ({
          invoiceId: invoiceId!,
          lineKey: l.lineKey,
          lineNo: i + 1,
          kind: l.kind,
          description: l.description,
          quantity: l.quantity,
          unit: l.unit,
          unitPrice: l.unitPrice,
          amountMinor: l.amountMinor,
          preciseAmount: l.preciseAmount,
          taxCategory: l.taxCategory,
          taxRatePercent: l.taxRatePercent,
          taxMinor: l.taxMinor,
          role: l.role,
          personId: l.personId,
          rateCardEntryId: l.sources.rateCardEntryId,
          milestoneId: l.sources.milestoneId,
          contractTerm: l.sources.contractTerm,
          servicePeriodStart: l.servicePeriodStart,
          servicePeriodEnd: l.servicePeriodEnd,
          held: l.held,
          carried: l.held && l.carried === true,
        })),
      )
      .returning({ id: invoiceLines.id, lineKey: invoiceLines.lineKey });
    for (const r of inserted) lineIds.set(r.lineKey, r.id);
    await linkSources(tx, draft, lineIds);
  }

  await upsertExceptions(tx, input, invoiceId, lineIds);
  if (input.retainer) {
    await tx
      .insert(retainerPeriods)
      .values({
        contractId: draft.contractId,
        period: input.period,
        invoiceId,
        rolloverInHours: input.retainer.rolloverIn,
        rolloverOutHours: input.retainer.rolloverOut,
      })
      .onConflictDoUpdate({
        target: [retainerPeriods.contractId, retainerPeriods.period],
        set: { invoiceId, rolloverInHours: input.retainer.rolloverIn, rolloverOutHours: input.retainer.rolloverOut },
      });
  }
  return { invoiceId, lines: draft.lines.length, exceptions: draft.exceptions.length };
}

/**
 * Links every billed record to the first line that lists it. A record can be priced by several lines
 * (the part under a cap and the held part over it; usage spread over tiers); the later lines point
 * to that first line through parent_line_id, so each record has exactly one link row.
 */
async function linkSources(tx: DbOrTx, draft: DraftInvoice, lineIds: Map<string, number>): Promise<void> {
  const kinds = ['timeEntryIds', 'expenseIds', 'usageRecordIds'] as const;
  const owner = {
    timeEntryIds: new Map<string, string>(),
    expenseIds: new Map<string, string>(),
    usageRecordIds: new Map<string, string>(),
    milestone: new Map<string, string>(),
  };
  const parents: { lineId: string; parentId: string }[] = [];
  for (const l of draft.lines) {
    const lineId = String(lineIds.get(l.lineKey));
    let parent: string | undefined;
    let fresh = 0;
    for (const k of kinds) {
      for (const id of l.sources[k]) {
        const first = owner[k].get(id);
        if (first === undefined) {
          owner[k].set(id, lineId);
          fresh += 1;
        } else parent ??= first;
      }
    }
    const m = l.sources.milestoneId;
    if (m) {
      const first = owner.milestone.get(m);
      if (first === undefined) {
        owner.milestone.set(m, lineId);
        fresh += 1;
      } else parent ??= first;
    }
    if (parent !== undefined && fresh === 0) parents.push({ lineId, parentId: parent });
  }
  const insert = async (table: string, column: string, map: Map<string, string>, arr: (ids: string[]) => SQL) => {
    if (map.size === 0) return;
    const ids = [...map.keys()];
    await tx.execute(
      sql`INSERT INTO ${sql.raw(table)} (${sql.raw(column)}, line_id) SELECT * FROM unnest(${arr(ids)}, ${intArray(ids.map((i) => map.get(i)!))})`,
    );
  };
  await insert('invoice_line_time_entries', 'time_entry_id', owner.timeEntryIds, intArray);
  await insert('invoice_line_expenses', 'expense_id', owner.expenseIds, intArray);
  await insert('invoice_line_usage', 'usage_record_id', owner.usageRecordIds, intArray);
  await insert('invoice_line_milestones', 'milestone_id', owner.milestone, uuidArray);
  // Every line a usage record feeds (a record across a tier boundary feeds two), for people reading the invoice.
  const shares = draft.lines.flatMap((l) =>
    l.sources.usageRecordIds.map((id) => [String(lineIds.get(l.lineKey)), id] as const),
  );
  if (shares.length) {
    await tx.execute(sql`INSERT INTO invoice_line_usage_shares (line_id, usage_record_id)
      SELECT * FROM unnest(${intArray(shares.map((s) => s[0]))}, ${intArray(shares.map((s) => s[1]))}) ON CONFLICT DO NOTHING`);
  }
  for (const p of parents)
    await tx
      .update(invoiceLines)
      .set({ parentLineId: Number(p.parentId) })
      .where(eq(invoiceLines.id, Number(p.lineId)));
}

const RATING_TYPES: BillingException['type'][] = [
  'unapproved_time',
  'unapproved_expense',
  'missing_po',
  'missing_rate',
  'rate_mismatch',
  'cap_exceeded',
  'retainer_overage',
  'missing_fx_rate',
  'missing_tax_setup',
  'outside_contract_dates',
];

async function upsertExceptions(
  tx: DbOrTx,
  input: WriteDraftInput,
  invoiceId: string | null,
  lineIds: Map<string, number>,
): Promise<void> {
  const { draft, now } = input;
  const keys = draft.exceptions.map((e) => e.dedupeKey);
  if (draft.exceptions.length > 0) {
    await tx
      .insert(billingExceptions)
      .values(
        draft.exceptions.map((e) => ({
          dedupeKey: e.dedupeKey,
          type: e.type,
          severity: e.severity,
          ownerRole: e.ownerRole,
          message: e.message,
          details: e.details,
          contractId: draft.contractId,
          clientId: draft.clientId,
          invoiceId,
          invoiceLineId: e.lineKey ? (lineIds.get(e.lineKey) ?? null) : null,
          holdScope: e.severity === 'blocking' ? (e.holds ?? 'draft') : null,
          period: input.period,
          billingRunId: input.runId,
          slaHours: e.slaHours,
          slaDueAt: new Date(now.getTime() + e.slaHours * 3_600_000),
        })),
      )
      .onConflictDoUpdate({
        target: billingExceptions.dedupeKey,
        // A resolved exception stays resolved; an open one follows the latest run's facts.
        set: {
          message: sql`excluded.message`,
          details: sql`excluded.details`,
          severity: sql`excluded.severity`,
          invoiceId: sql`excluded.invoice_id`,
          invoiceLineId: sql`excluded.invoice_line_id`,
          holdScope: sql`excluded.hold_scope`,
          billingRunId: sql`excluded.billing_run_id`,
          updatedAt: now,
        },
      });
  }
  // Problems the latest run no longer sees (a PO was added, time got approved) close themselves.
  await tx
    .update(billingExceptions)
    .set({
      status: 'resolved',
      resolutionCode: 'cleared_on_rerun',
      resolvedBy: RUN_WORKER,
      resolvedAt: now,
      updatedAt: now,
    })
    .where(
      and(
        eq(billingExceptions.contractId, draft.contractId),
        eq(billingExceptions.period, input.period),
        inArray(billingExceptions.type, RATING_TYPES),
        sql`${billingExceptions.status} <> 'resolved'`,
        keys.length ? notInArray(billingExceptions.dedupeKey, keys) : sql`true`,
      ),
    );
}

/**
 * Deletes an invoice's lines and the links from its lines to the records they billed, which become
 * billable again. One statement: as six, a re-drafted invoice's transaction made six round trips
 * here, and on the embedded database every other connection waits through each of them.
 */
export async function deleteInvoiceLines(tx: DbOrTx, invoiceId: string): Promise<void> {
  await tx.execute(sql`
    WITH lines AS (DELETE FROM invoice_lines WHERE invoice_id = ${invoiceId} RETURNING id),
      time_links AS (DELETE FROM invoice_line_time_entries WHERE line_id IN (SELECT id FROM lines)),
      expense_links AS (DELETE FROM invoice_line_expenses WHERE line_id IN (SELECT id FROM lines)),
      usage_links AS (DELETE FROM invoice_line_usage WHERE line_id IN (SELECT id FROM lines)),
      usage_shares AS (DELETE FROM invoice_line_usage_shares WHERE line_id IN (SELECT id FROM lines))
    DELETE FROM invoice_line_milestones WHERE line_id IN (SELECT id FROM lines)`);
}

/** The draft being regenerated left draft status while this run was rating it. */
export class DraftChangedError extends Error {
  constructor(readonly invoiceId: string) {
    super(`Invoice ${invoiceId} left draft status during the run`);
  }
}
