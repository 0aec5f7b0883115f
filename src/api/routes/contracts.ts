import { z } from 'zod';
import { contractInputSchema } from '../../billing/inputs/contract-bundle.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { writeUnderPolicy } from '../policy-write.ts';
import { upsertBundle } from '../../db/stores/master-data.ts';
import { entitiesOf, getContract, listContracts } from '../../db/stores/master-data-queries.ts';
import { format } from '../../shared/money.ts';
import { CONTRACT_READERS, MASTER_DATA_WRITERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { bundleOf, codeParam, objectSchema, pageOf } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';
import { useCaseContext } from '../use-case.ts';

type ContractHead = Awaited<ReturnType<typeof listContracts>>['rows'][number];
type ContractDetail = NonNullable<Awaited<ReturnType<typeof getContract>>>;

const amount = (minor: bigint | null, currency: string) => (minor === null ? null : { amount: format({ amountMinor: minor, currency }), currency });

/** A contract's commercial terms as the API shows them. */
export function contractView(r: ContractHead) {
  const k = r.contract;
  return {
    id: k.id, code: k.code, name: k.name, client: r.clientCode, legalEntity: r.entityCode, status: k.status, models: k.models,
    currency: k.currency, invoiceCurrency: k.invoiceCurrency, startDate: k.startDate, endDate: k.endDate,
    timeRounding: { incrementMinutes: k.timeRoundingMinutes, direction: k.timeRoundingDirection },
    hoursPerDay: k.hoursPerDay, longDays: k.longDays,
    recurringFees: k.recurringFees.map(({ amountMinor, ...f }) => ({ ...f, amount: amount(BigInt(amountMinor), k.currency) })),
    notToExceed: amount(k.notToExceedMinor, k.currency), fixedFee: amount(k.fixedFeeMinor, k.currency),
    retainer: k.retainer, usage: k.usageTerms, expenses: k.expenseTerms, discounts: k.discounts, taxTreatment: k.taxTreatment,
    taxJurisdiction: k.taxJurisdiction, poNumber: k.poNumber, paymentTermsDays: k.paymentTermsDays, lateFeePercentMonthly: k.lateFeePercentMonthly,
    invoiceFrequency: k.invoiceFrequency,
  };
}

/** A contract with its rate card, milestones and projects. */
export function contractDetailView(d: ContractDetail) {
  const cur = d.contract.currency;
  return {
    ...contractView(d),
    rateCard: d.rates.map((r) => ({ role: r.entry.role, person: r.personCode, rate: r.entry.rate, unit: r.entry.unit, effectiveFrom: r.entry.effectiveFrom, effectiveTo: r.entry.effectiveTo })),
    milestones: d.milestones.map((m) => ({ id: m.id, name: m.name, amount: amount(m.amountMinor, cur), percent: m.percent, dueDate: m.dueDate, status: m.status })),
    projects: d.projects.map((p) => ({ code: p.code, name: p.name, status: p.status, projectManager: p.projectManager })),
  };
}
const contractDoc = objectSchema('A contract with rate card, milestones and projects');

/**
 * The commercial terms of a contract view: everything that decides what is billed (rates, models,
 * caps, discounts, payment and tax terms, milestone amounts and dates), without its name, projects,
 * ids and milestone progress, which a change by hand may touch freely.
 */
export function commercialTerms(v: ReturnType<typeof contractDetailView>): Record<string, unknown> {
  const { id: _id, name: _name, projects: _projects, milestones, ...terms } = v;
  return { ...terms, milestones: milestones.map(({ id: _mid, status: _status, ...m }) => m) };
}

/** Contracts: list, get, create or update by code (with rate card, milestones and projects). */
export function contractRoutes(deps: ApiDeps): ApiRoute[] {
  const { database } = deps;
  const { db } = database;
  return [
    defineRoute({
      method: 'get', path: '/contracts', operationId: 'listContracts', tag: 'Master data', summary: 'List contracts', roles: CONTRACT_READERS,
      query: paginationSchema.extend(entityFilterSchema.shape).extend({ client: z.string().max(64).optional().describe('Client code') }),
      responses: { 200: { description: 'A page of contracts', schema: pageOf(objectSchema('A contract')) } },
      handler: async (c, { query }) => {
        const scope = await listScope(c, db, query.legalEntity);
        if (!scope.ok) return scope.error;
        const { rows, total } = await listContracts(db, { entityIds: scope.value, clientCode: query.client, limit: query.limit, offset: query.offset });
        return c.json(page(rows.map(contractView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'get', path: '/contracts/:code', operationId: 'getContract', tag: 'Master data', summary: 'Get a contract by code', roles: CONTRACT_READERS,
      params: codeParam, errors: [404], responses: { 200: { description: 'The contract', schema: contractDoc } },
      handler: async (c, { params }) => {
        const d = await getContract(db, params.code);
        if (!d) return sendError(c, 'CONTRACT_NOT_FOUND', `No contract ${params.code}`, { code: params.code });
        if (!mayTouchEntity(c, d.contract.legalEntityId)) return outOfScope(c, d.contract.legalEntityId);
        return c.json(contractDetailView(d));
      },
    }),
    defineRoute({
      method: 'post', path: '/contracts', operationId: 'upsertContract', tag: 'Master data', roles: MASTER_DATA_WRITERS,
      summary: 'Create a contract, or update the one with this code',
      description: 'Rate cards are replaced; milestones are matched by name; projects by code. Changing an existing contract\'s commercial terms '
        + '(anything but its name and projects) is the policy action contract.change_terms, which the approval matrix has a controller approve: '
        + 'the first call answers 409 APPROVAL_REQUIRED with the request (bound to the terms before and after) and writes nothing; once approved, the same call writes.',
      body: contractInputSchema, errors: [409, 422],
      responses: { 201: { description: 'Created', schema: contractDoc }, 200: { description: 'Updated', schema: contractDoc } },
      handler: async (c, { body }) => {
        const clientEntity = (await entitiesOf(db, 'client', [body.client])).get(body.client);
        if (clientEntity === undefined) return sendError(c, 'UNKNOWN_REFERENCE', `client: no client with code "${body.client}"`, { path: 'client' });
        const before = await getContract(db, body.code);
        for (const e of [clientEntity, before?.contract.legalEntityId]) if (e !== undefined && !mayTouchEntity(c, e)) return outOfScope(c, e);
        const written = await writeUnderPolicy(c, db, useCaseContext(c, deps.now()), {
          kind: 'contract', read: (tx) => getContract(tx, body.code), write: (tx) => upsertBundle(tx, bundleOf({ contracts: [body] })),
          guarded: (r) => commercialTerms(contractDetailView(r)),
          guard: (after, was, now): ActionOf<'contract.change_terms'> => ({ type: 'contract.change_terms', target: { kind: 'contract', id: after.contract.id }, args: { before: was, after: now } }),
          entityOf: (r) => r.contract.legalEntityId, idOf: (r) => r.contract.id, view: contractDetailView,
        });
        if ('refused' in written) return written.refused;
        return c.json(contractDetailView(written.after), written.created ? 201 : 200);
      },
    }),
  ];
}
