import { and, asc, eq, gte, inArray, lte, ne, sql } from 'drizzle-orm';
import { addDays } from '../../shared/dates.ts';
import type { DbOrTx } from '../client.ts';
import {
  auditLog,
  contracts,
  invoiceLineMilestones,
  invoiceLines,
  invoiceLineTimeEntries,
  invoices,
  milestones,
  rateCardEntries,
  timeEntries,
} from '../schema/index.ts';

/** Writes of commercial terms to a contract (rates, scalar terms, milestones); every function takes the database or a transaction first. */

export type ContractRow = typeof contracts.$inferSelect;
export type RateRow = typeof rateCardEntries.$inferSelect;
export type MilestoneRow = typeof milestones.$inferSelect;

/** A contract with its rate card and milestones. */
export interface ContractState {
  contract: ContractRow;
  rates: RateRow[];
  milestones: MilestoneRow[];
}

/** The contract with its rate card and milestones; with `lock`, the contract row FOR UPDATE (writers of its terms queue on it). */
export async function getContractState(
  db: DbOrTx,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ContractState | null> {
  const q = db.select().from(contracts).where(eq(contracts.id, id));
  const [contract] = opts.lock ? await q.for('update') : await q;
  if (!contract) return null;
  const [rates, ms] = await Promise.all([
    db
      .select()
      .from(rateCardEntries)
      .where(eq(rateCardEntries.contractId, id))
      .orderBy(asc(rateCardEntries.role), asc(rateCardEntries.effectiveFrom), asc(rateCardEntries.id)),
    db
      .select()
      .from(milestones)
      .where(eq(milestones.contractId, id))
      .orderBy(asc(milestones.createdAt), asc(milestones.id)),
  ]);
  return { contract, rates, milestones: ms };
}

/** Invoices and credit notes of the contract that are not void: once there is one, its currency is fixed. */
export async function liveInvoiceIds(db: DbOrTx, contractId: string): Promise<string[]> {
  const rows = await db
    .select({ id: invoices.id })
    .from(invoices)
    .where(and(eq(invoices.contractId, contractId), ne(invoices.status, 'void')));
  return rows.map((r) => r.id);
}

/** Invoices (with status) that bill time of a role on the contract between two dates (to null = open). */
export async function invoicesBillingTime(
  db: DbOrTx,
  q: { contractId: string; role: string; from: string; to: string | null },
): Promise<Array<{ id: string; status: string }>> {
  return db
    .selectDistinct({ id: invoices.id, status: invoices.status })
    .from(timeEntries)
    .innerJoin(invoiceLineTimeEntries, eq(invoiceLineTimeEntries.timeEntryId, timeEntries.id))
    .innerJoin(invoiceLines, eq(invoiceLines.id, invoiceLineTimeEntries.lineId))
    .innerJoin(invoices, eq(invoices.id, invoiceLines.invoiceId))
    .where(
      and(
        eq(timeEntries.contractId, q.contractId),
        eq(timeEntries.role, q.role),
        gte(timeEntries.workDate, q.from),
        q.to === null ? undefined : lte(timeEntries.workDate, q.to),
        ne(invoices.status, 'void'),
      ),
    );
}

/** True when an invoice line bills the milestone. */
export async function milestoneBilled(db: DbOrTx, milestoneId: string): Promise<boolean> {
  return (
    (
      await db
        .select({ id: invoiceLineMilestones.milestoneId })
        .from(invoiceLineMilestones)
        .where(eq(invoiceLineMilestones.milestoneId, milestoneId))
        .limit(1)
    ).length > 0
  );
}

/**
 * Sets a role's rate (in a unit: an hour, a day, a month) from a date on: the role rate covering the
 * day before keeps its rate and ends that day, the new rate runs until the next later rate of the role
 * starts (else open-ended), and a role rate starting that very day takes the new rate and unit. A role
 * has one rate at a time whatever its unit (a day rate from a date replaces the hourly one). Rates
 * already billed are for the caller to guard (invoicesBillingTime); person overrides are left alone.
 */
export async function setRoleRateFrom(
  tx: DbOrTx,
  state: ContractState,
  role: string,
  rate: string,
  from: string,
  unit: RateRow['unit'] = 'hour',
): Promise<void> {
  const own = state.rates.filter((r) => r.personId === null && r.role === role);
  const same = own.find((r) => r.effectiveFrom === from);
  if (same) {
    await tx.update(rateCardEntries).set({ rate, unit }).where(eq(rateCardEntries.id, same.id));
    return;
  }
  const next = own
    .map((r) => r.effectiveFrom)
    .filter((d) => d > from)
    .sort()[0];
  const covering = own
    .filter((r) => r.effectiveFrom < from && (r.effectiveTo === null || r.effectiveTo >= from))
    .map((r) => r.id);
  if (covering.length)
    await tx
      .update(rateCardEntries)
      .set({ effectiveTo: addDays(from, -1) })
      .where(inArray(rateCardEntries.id, covering));
  await tx.insert(rateCardEntries).values({
    contractId: state.contract.id,
    role,
    personId: null,
    rate,
    unit,
    effectiveFrom: from,
    effectiveTo: next ? addDays(next, -1) : null,
  });
}

/** The commercial columns applying terms may change. */
export type ContractTermColumns = Partial<
  Pick<
    ContractRow,
    | 'currency'
    | 'invoiceCurrency'
    | 'paymentTermsDays'
    | 'poNumber'
    | 'notToExceedMinor'
    | 'startDate'
    | 'endDate'
    | 'invoiceFrequency'
    | 'lateFeePercentMonthly'
  >
>;

/** Sets the given commercial columns of the contract (nothing when none is given). */
export async function updateContractTerms(tx: DbOrTx, contractId: string, set: ContractTermColumns): Promise<void> {
  if (Object.keys(set).length) await tx.update(contracts).set(set).where(eq(contracts.id, contractId));
}

/** Changes parts of a milestone, or adds it (pending) when the contract has none of that name. */
export async function writeMilestone(
  tx: DbOrTx,
  contractId: string,
  existing: MilestoneRow | undefined,
  name: string,
  set: Partial<Pick<MilestoneRow, 'amountMinor' | 'percent' | 'dueDate'>>,
): Promise<void> {
  if (existing) await tx.update(milestones).set(set).where(eq(milestones.id, existing.id));
  else await tx.insert(milestones).values({ contractId, name, ...set });
}

/** The contract's terms as plain JSON for the audit trail: columns, role and person rates, milestones. */
export function contractSnapshot(s: ContractState) {
  const c = s.contract;
  return {
    id: c.id,
    code: c.code,
    currency: c.currency,
    invoiceCurrency: c.invoiceCurrency,
    paymentTermsDays: c.paymentTermsDays,
    poNumber: c.poNumber,
    notToExceedMinor: c.notToExceedMinor,
    startDate: c.startDate,
    endDate: c.endDate,
    invoiceFrequency: c.invoiceFrequency,
    lateFeePercentMonthly: c.lateFeePercentMonthly,
    rateCard: s.rates.map((r) => ({
      id: r.id,
      role: r.role,
      personId: r.personId,
      rate: r.rate,
      unit: r.unit,
      effectiveFrom: r.effectiveFrom,
      effectiveTo: r.effectiveTo,
    })),
    milestones: s.milestones.map((m) => ({
      id: m.id,
      name: m.name,
      amountMinor: m.amountMinor,
      percent: m.percent,
      dueDate: m.dueDate,
      status: m.status,
    })),
  };
}

/** True when terms of this document were applied to the contract before (an audit row says so). */
export async function termsAppliedBefore(db: DbOrTx, contractId: string, documentId: string): Promise<boolean> {
  const rows = await db
    .select({ seq: auditLog.seq })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.action, 'contract.apply_extracted_terms'),
        eq(auditLog.targetType, 'contract'),
        eq(auditLog.targetId, contractId),
        sql`${auditLog.after} ->> 'documentId' = ${documentId}`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
