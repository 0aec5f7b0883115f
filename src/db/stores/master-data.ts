import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type DbOrTx } from '../client.ts';
import {
  clients,
  contracts,
  exchangeRates,
  legalEntities,
  milestones,
  people,
  projects,
  rateCardEntries,
  taxRates,
} from '../schema/index.ts';
import type { ContractBundle, ContractInput } from '../../billing/inputs/contract-bundle.ts';
import { normalizeTiers } from '../../billing/inputs/usage-tiers.ts';
import { Dec } from '../../shared/decimal.ts';
import { parse } from '../../shared/money.ts';
import { InputError } from '../../shared/errors.ts';
import { storedBankAccount } from '../../billing/collections/bank-account.ts';

export interface BundleCounts {
  legalEntities: number;
  taxRates: number;
  exchangeRates: number;
  clients: number;
  people: number;
  contracts: number;
  projects: number;
}

async function idsByCode(
  tx: DbOrTx,
  table: typeof legalEntities | typeof clients | typeof people,
  codes: string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await tx
    .select({ id: table.id, code: table.code })
    .from(table)
    .where(inArray(table.code, [...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, r.id]));
}

function need(map: Map<string, string>, code: string, what: string, path: string): string {
  const id = map.get(code);
  if (!id) throw new InputError('UNKNOWN_REFERENCE', `${path}: no ${what} with code "${code}"`, { path, code });
  return id;
}

/** The bank account's columns: IBAN and BIC compact and upper case, as the check compares them; null clears them. */
function bankColumns(b: ContractBundle['legalEntities'][number]['bankAccount']) {
  const a = storedBankAccount(b ?? null);
  return a ?? { bankName: null, iban: null, bic: null, accountNumber: null, routingCode: null };
}

/**
 * Locks what a bundle writes that exists already, before anything of it is read: every client it names (its own
 * list and its contracts' clients) and every person, each table in code order, FOR NO KEY UPDATE (as lockClients).
 * So the "before" the bundle's policy checks read is the one it overwrites: a contract or cost rate changed under
 * approval while the bundle runs is either committed before these reads or waits for the bundle, never reverted
 * unseen; and two bundles naming the same clients queue instead of deadlocking on bundle order.
 */
export async function lockBundleRows(tx: DbOrTx, bundle: ContractBundle): Promise<void> {
  const clientCodes = [...new Set([...bundle.clients.map((c) => c.code), ...bundle.contracts.map((c) => c.client)])];
  if (clientCodes.length)
    await tx
      .select({ id: clients.id })
      .from(clients)
      .where(inArray(clients.code, clientCodes))
      .orderBy(asc(clients.code))
      .for('no key update');
  const personCodes = [...new Set(bundle.people.map((p) => p.code))];
  if (personCodes.length)
    await tx
      .select({ id: people.id })
      .from(people)
      .where(inArray(people.code, personCodes))
      .orderBy(asc(people.code))
      .for('no key update');
}

/**
 * Upserts a master-data bundle by code inside the caller's transaction. Rate cards are replaced;
 * milestones are upserted by name so their acceptance history survives a re-import.
 */
export async function upsertBundle(tx: DbOrTx, bundle: ContractBundle): Promise<BundleCounts> {
  for (const le of bundle.legalEntities) {
    const values = {
      code: le.code,
      name: le.name,
      country: le.country,
      functionalCurrency: le.functionalCurrency,
      taxRegistration: le.taxRegistration ?? null,
      address: le.address ?? null,
      invoicePrefix: le.invoicePrefix,
      // Omitted: the account on file stays; null removes it.
      ...(le.bankAccount === undefined ? {} : bankColumns(le.bankAccount)),
    };
    await tx
      .insert(legalEntities)
      .values(values)
      .onConflictDoUpdate({ target: legalEntities.code, set: { ...values, code: undefined } });
  }
  for (const t of bundle.taxRates ?? []) {
    const values = {
      jurisdiction: t.jurisdiction,
      category: t.category,
      ratePercent: t.ratePercent,
      validFrom: t.validFrom,
      validTo: t.validTo ?? null,
      note: t.note ?? null,
    };
    await tx
      .insert(taxRates)
      .values(values)
      .onConflictDoUpdate({
        target: [taxRates.jurisdiction, taxRates.category, taxRates.validFrom],
        set: { ratePercent: values.ratePercent, validTo: values.validTo, note: values.note },
      });
  }
  for (const x of bundle.exchangeRates ?? []) {
    await tx
      .insert(exchangeRates)
      .values(x)
      .onConflictDoUpdate({
        target: [exchangeRates.base, exchangeRates.quote, exchangeRates.rateDate],
        set: { rate: x.rate, source: x.source },
      });
  }
  const leIds = await idsByCode(tx, legalEntities, [
    ...bundle.clients.map((c) => c.legalEntity),
    ...bundle.people.flatMap((p) => (p.legalEntity ? [p.legalEntity] : [])),
  ]);
  for (const [i, c] of bundle.clients.entries()) {
    const values = {
      code: c.code,
      legalEntityId: need(leIds, c.legalEntity, 'legal entity', `clients[${i}].legalEntity`),
      name: c.name,
      country: c.country,
      taxId: c.taxId ?? null,
      billingContacts: c.billingContacts,
      deliveryChannel: c.deliveryChannel,
      poRequired: c.poRequired,
      paymentTermsDays: c.paymentTermsDays,
      creditLimitMinor: c.creditLimit ? parse(c.creditLimit.amount, c.creditLimit.currency).amountMinor : null,
      creditLimitCurrency: c.creditLimit?.currency ?? null,
      accountManager: c.accountManager ?? null,
      language: c.language,
    };
    await tx
      .insert(clients)
      .values(values)
      .onConflictDoUpdate({ target: clients.code, set: { ...values, code: undefined } });
  }
  for (const [i, p] of bundle.people.entries()) {
    const values = {
      code: p.code,
      name: p.name,
      email: p.email ?? null,
      role: p.role,
      legalEntityId: p.legalEntity ? need(leIds, p.legalEntity, 'legal entity', `people[${i}].legalEntity`) : null,
      costRate: p.costRate ?? null,
      costCurrency: p.costCurrency ?? null,
    };
    await tx
      .insert(people)
      .values(values)
      .onConflictDoUpdate({ target: people.code, set: { ...values, code: undefined } });
  }
  const clientRows = bundle.contracts.length
    ? await tx
        .select({
          id: clients.id,
          code: clients.code,
          legalEntityId: clients.legalEntityId,
          paymentTermsDays: clients.paymentTermsDays,
        })
        .from(clients)
        .where(inArray(clients.code, [...new Set(bundle.contracts.map((c) => c.client))]))
        // Locked (as lockClients does) so a concurrent move of a client waits, or is waited for: each contract is
        // written in the entity its client has once the move commits, never left behind in the old one.
        .orderBy(asc(clients.code))
        .for('no key update')
    : [];
  const clientByCode = new Map(clientRows.map((c) => [c.code, c]));
  const personIds = await idsByCode(
    tx,
    people,
    bundle.contracts.flatMap((c) => c.rateCard.flatMap((r) => (r.person ? [r.person] : []))),
  );
  let projectCount = 0;
  for (const [i, c] of bundle.contracts.entries()) {
    const client = clientByCode.get(c.client);
    if (!client)
      throw new InputError('UNKNOWN_REFERENCE', `contracts[${i}].client: no client with code "${c.client}"`, {
        path: `contracts[${i}].client`,
      });
    projectCount += await upsertContract(tx, c, i, client, personIds);
  }
  return {
    legalEntities: bundle.legalEntities.length,
    taxRates: bundle.taxRates?.length ?? 0,
    exchangeRates: bundle.exchangeRates?.length ?? 0,
    clients: bundle.clients.length,
    people: bundle.people.length,
    contracts: bundle.contracts.length,
    projects: projectCount,
  };
}

async function upsertContract(
  tx: DbOrTx,
  c: ContractInput,
  i: number,
  client: { id: string; legalEntityId: string; paymentTermsDays: number },
  personIds: Map<string, string>,
): Promise<number> {
  const money = (amount: string | null | undefined) => (amount == null ? null : parse(amount, c.currency).amountMinor);
  const values = {
    code: c.code,
    clientId: client.id,
    legalEntityId: client.legalEntityId,
    name: c.name,
    status: c.status,
    models: c.models,
    currency: c.currency,
    invoiceCurrency: c.invoiceCurrency ?? c.currency,
    startDate: c.startDate,
    endDate: c.endDate ?? null,
    timeRoundingMinutes: c.timeRounding.incrementMinutes,
    timeRoundingDirection: c.timeRounding.direction,
    hoursPerDay: c.hoursPerDay,
    longDays: c.longDays,
    recurringFees: c.recurringFees.map((f) => ({
      description: f.description,
      amountMinor: String(money(f.amount)),
      frequency: f.frequency,
      startDate: f.startDate,
      lastPeriod: f.lastPeriod ?? null,
      timing: f.timing,
      prorateFirstPeriod: f.prorateFirstPeriod,
    })),
    notToExceedMinor: money(c.notToExceed),
    fixedFeeMinor: money(c.fixedFee),
    retainer: c.retainer
      ? {
          feeMinor: String(money(c.retainer.fee)),
          period: 'month' as const,
          includedHours: c.retainer.includedHours,
          overageRate: c.retainer.overageRate,
          rolloverMaxHours: c.retainer.rolloverMaxHours,
          overageTolerancePercent: c.retainer.overageTolerancePercent,
        }
      : null,
    usageTerms: c.usage
      ? {
          unit: c.usage.unit,
          tiers: normalizeTiers(c.usage.tiers).tiers,
          minimumCommitmentMinor: c.usage.minimumCommitment == null ? null : String(money(c.usage.minimumCommitment)),
        }
      : null,
    expenseTerms: {
      billable: c.expenses.billable,
      markupPercent: c.expenses.markupPercent,
      capMinor: c.expenses.cap == null ? null : String(money(c.expenses.cap)),
      capPercentOfFees: c.expenses.capPercentOfFees ?? null,
    },
    discounts: c.discounts.map((d) => ({ ...d, value: d.kind === 'amount' ? String(money(d.value)) : d.value })),
    taxTreatment: c.taxTreatment,
    taxJurisdiction: c.taxJurisdiction,
    poNumber: c.poNumber ?? null,
    paymentTermsDays: c.paymentTermsDays ?? client.paymentTermsDays,
    lateFeePercentMonthly: c.lateFeePercentMonthly ?? null,
    invoiceFrequency: c.invoiceFrequency,
  };
  const [row] = await tx
    .insert(contracts)
    .values(values)
    .onConflictDoUpdate({ target: contracts.code, set: { ...values, code: undefined } })
    .returning({ id: contracts.id });
  const contractId = row!.id;
  await replaceRateCard(tx, contractId, c, i, personIds);
  for (const m of c.milestones) {
    const values = {
      contractId,
      name: m.name,
      amountMinor: money(m.amount),
      percent: m.percent ?? null,
      dueDate: m.dueDate ?? null,
      status: m.status,
      acceptedOn: m.acceptedOn ?? null,
    };
    const updated = await tx
      .update(milestones)
      .set(values)
      .where(and(eq(milestones.contractId, contractId), eq(milestones.name, m.name)))
      .returning({ id: milestones.id });
    if (updated.length === 0) await tx.insert(milestones).values(values);
  }
  for (const p of c.projects) {
    const values = {
      code: p.code,
      contractId,
      name: p.name,
      status: p.status,
      projectManager: p.projectManager ?? null,
    };
    await tx
      .insert(projects)
      .values(values)
      .onConflictDoUpdate({ target: projects.code, set: { ...values, code: undefined } });
  }
  return c.projects.length;
}

/**
 * Makes the contract's rate card the file's. A rate the file keeps as it is (role, person, rate,
 * unit, dates) keeps its row, so invoice lines still point at it; a rate the file changes or leaves
 * out is replaced, unless an issued invoice billed time at it: then the import is refused
 * (RATE_ALREADY_INVOICED, naming the contract and role), as applying a document's rate is, because
 * a silently rewritten rate would no longer explain the invoice. Drafts are re-rated by the next run.
 */
async function replaceRateCard(
  tx: DbOrTx,
  contractId: string,
  c: ContractInput,
  i: number,
  personIds: Map<string, string>,
): Promise<void> {
  const wanted = c.rateCard.map((r, j) => ({
    contractId,
    role: r.role,
    rate: r.rate,
    unit: r.unit,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo ?? null,
    personId: r.person ? need(personIds, r.person, 'person', `contracts[${i}].rateCard[${j}].person`) : null,
  }));
  const sameRate = (a: string, b: string) => new Dec(a).eq(new Dec(b));
  const existing = await tx.select().from(rateCardEntries).where(eq(rateCardEntries.contractId, contractId));
  const kept = new Set<string>();
  const fresh = wanted.filter((w) => {
    const match = existing.find(
      (e) =>
        !kept.has(e.id) &&
        e.role === w.role &&
        e.personId === w.personId &&
        e.unit === w.unit &&
        sameRate(e.rate, w.rate) &&
        e.effectiveFrom === w.effectiveFrom &&
        e.effectiveTo === w.effectiveTo,
    );
    if (match) kept.add(match.id);
    return !match;
  });
  const gone = existing.filter((e) => !kept.has(e.id));
  if (gone.length) {
    const invoiced = await queryRows<{ role: string; n: number }>(
      tx,
      sql`SELECT r.role, count(DISTINCT i.id)::int AS n FROM rate_card_entries r
      JOIN invoice_lines l ON l.rate_card_entry_id = r.id JOIN invoices i ON i.id = l.invoice_id
      WHERE r.id = ANY(${sql.param(gone.map((g) => g.id))}::uuid[]) AND i.status NOT IN ('draft', 'void') GROUP BY r.role ORDER BY r.role`,
    );
    if (invoiced.length) {
      const first = invoiced[0]!;
      throw new InputError(
        'RATE_ALREADY_INVOICED',
        `contracts[${i}].rateCard: the file changes or drops the ${first.role} rate of ${c.code}, which ${first.n} issued invoice(s) billed; add a rate from a later date instead (or correct those invoices with a credit note)`,
        { path: `contracts[${i}].rateCard`, contract: c.code, roles: invoiced.map((r) => r.role) },
      );
    }
    await tx.delete(rateCardEntries).where(
      inArray(
        rateCardEntries.id,
        gone.map((g) => g.id),
      ),
    );
  }
  if (fresh.length) await tx.insert(rateCardEntries).values(fresh);
}
