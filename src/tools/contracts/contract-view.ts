import { z } from 'zod';
import type { getContract, listContracts } from '../../db/stores/master-data-queries.ts';
import { CONTRACT_READERS as READERS } from '../../policy/role-groups.ts';
import type { Role } from '../../policy/roles.ts';
import { format } from '../../shared/money.ts';
import { moneyViewSchema } from '../schemas.ts';

/** Contracts: commercial terms, for those who bill, deliver or sell, and audit. */
export const CONTRACT_READERS: readonly Role[] = READERS;

type ContractHead = Awaited<ReturnType<typeof listContracts>>['rows'][number];
export type ContractDetail = NonNullable<Awaited<ReturnType<typeof getContract>>>;

const amount = (minor: bigint | null, currency: string) =>
  minor === null ? null : { amount: format({ amountMinor: minor, currency }), currency };

const json = z.unknown();
export const contractViewSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    client: z.string().describe('Client code'),
    legalEntity: z.string(),
    status: z.string(),
    models: z
      .array(z.string())
      .describe('Billing models: time_and_materials, fixed_fee, milestone, retainer, usage...'),
    currency: z.string(),
    invoiceCurrency: z.string().nullable(),
    startDate: z.string(),
    endDate: z.string().nullable(),
    timeRounding: z.object({ incrementMinutes: z.number().int(), direction: z.string() }),
    hoursPerDay: json,
    longDays: json,
    recurringFees: z.array(z.object({ amount: moneyViewSchema.nullable() }).catchall(json)),
    notToExceed: moneyViewSchema.nullable(),
    fixedFee: moneyViewSchema.nullable(),
    retainer: json,
    usage: json,
    expenses: json,
    discounts: json,
    taxTreatment: json,
    taxJurisdiction: json,
    poNumber: z.string().nullable(),
    paymentTermsDays: z.number().int().nullable(),
    lateFeePercentMonthly: json,
    invoiceFrequency: json,
  })
  .describe("A contract's commercial terms");

export const contractDetailSchema = contractViewSchema
  .extend({
    rateCard: z.array(
      z.object({
        role: z.string(),
        person: z.string().nullable(),
        rate: z.string(),
        unit: z.string(),
        effectiveFrom: z.string().nullable(),
        effectiveTo: z.string().nullable(),
      }),
    ),
    milestones: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        amount: moneyViewSchema.nullable(),
        percent: json,
        dueDate: z.string().nullable(),
        status: z.string(),
      }),
    ),
    projects: z.array(
      z.object({ code: z.string(), name: z.string(), status: z.string(), projectManager: z.string().nullable() }),
    ),
  })
  .describe('A contract with rate card, milestones and projects');

/** A contract's commercial terms as the API and the agent see them. */
export function contractView(r: ContractHead) {
  const k = r.contract;
  return {
    id: k.id,
    code: k.code,
    name: k.name,
    client: r.clientCode,
    legalEntity: r.entityCode,
    status: k.status,
    models: k.models,
    currency: k.currency,
    invoiceCurrency: k.invoiceCurrency,
    startDate: k.startDate,
    endDate: k.endDate,
    timeRounding: { incrementMinutes: k.timeRoundingMinutes, direction: k.timeRoundingDirection },
    hoursPerDay: k.hoursPerDay,
    longDays: k.longDays,
    recurringFees: k.recurringFees.map(({ amountMinor, ...f }) => ({
      ...f,
      amount: amount(BigInt(amountMinor), k.currency),
    })),
    notToExceed: amount(k.notToExceedMinor, k.currency),
    fixedFee: amount(k.fixedFeeMinor, k.currency),
    retainer: k.retainer,
    usage: k.usageTerms,
    expenses: k.expenseTerms,
    discounts: k.discounts,
    taxTreatment: k.taxTreatment,
    taxJurisdiction: k.taxJurisdiction,
    poNumber: k.poNumber,
    paymentTermsDays: k.paymentTermsDays,
    lateFeePercentMonthly: k.lateFeePercentMonthly,
    invoiceFrequency: k.invoiceFrequency,
  };
}

/** A contract with its rate card, milestones and projects. */
export function contractDetailView(d: ContractDetail) {
  const cur = d.contract.currency;
  return {
    ...contractView(d),
    rateCard: d.rates.map((r) => ({
      role: r.entry.role,
      person: r.personCode,
      rate: r.entry.rate,
      unit: r.entry.unit,
      effectiveFrom: r.entry.effectiveFrom,
      effectiveTo: r.entry.effectiveTo,
    })),
    milestones: d.milestones.map((m) => ({
      id: m.id,
      name: m.name,
      amount: amount(m.amountMinor, cur),
      percent: m.percent,
      dueDate: m.dueDate,
      status: m.status,
    })),
    projects: d.projects.map((p) => ({
      code: p.code,
      name: p.name,
      status: p.status,
      projectManager: p.projectManager,
    })),
  };
}

/**
 * The commercial terms of a contract view: everything that decides what is billed (rates, models,
 * caps, discounts, payment and tax terms, milestone amounts and dates), without its name, projects,
 * ids and milestone progress, which a change by hand may touch freely.
 */
export function commercialTerms(v: ReturnType<typeof contractDetailView>): Record<string, unknown> {
  const { id: _id, name: _name, projects: _projects, milestones, ...terms } = v;
  return { ...terms, milestones: milestones.map(({ id: _mid, status: _status, ...m }) => m) };
}
