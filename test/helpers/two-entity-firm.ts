import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import {
  billingExceptions,
  billingRuns,
  contracts,
  expenses,
  invoices,
  legalEntities,
  milestones,
  projects,
} from '../../src/db/schema/index.ts';
import { voidInvoice } from '../../src/tools/invoices/lifecycle/index.ts';
import { recordPayment } from '../../src/tools/payments/record-payment.ts';
import { contractBundleSchema, type ContractBundle } from '../../src/billing/inputs/contract-bundle.ts';
import { insertDocumentOnce } from '../../src/extraction/documents/store.ts';
import { emptySowTerms } from '../../src/extraction/sow-terms.ts';
import { addTime, bill, loadFirm } from './firm.ts';

/** Two legal entities, A (USD) and B (EUR), each with a client, a person, a T&M contract with a milestone, a project and a usage contract. */
export function twoEntityBundle(): ContractBundle {
  const side = (x: 'A' | 'B', currency: string, country: string) => ({
    entity: { code: `LE-${x}`, name: `Entity ${x}`, country, functionalCurrency: currency, invoicePrefix: `${x}-` },
    client: { code: `CL-${x}`, legalEntity: `LE-${x}`, name: `Client ${x}`, country },
    person: {
      code: `P-${x}`,
      name: `Person ${x}`,
      email: `worker.${x.toLowerCase()}@test.example`,
      role: 'Analyst',
      legalEntity: `LE-${x}`,
      costRate: '50.00',
      costCurrency: currency,
    },
    contracts: [
      {
        code: `K-${x}`,
        client: `CL-${x}`,
        name: `Contract ${x}`,
        models: ['time_and_materials', 'milestone'],
        currency,
        startDate: '2026-01-01',
        taxJurisdiction: country,
        rateCard: [{ role: 'Analyst', rate: '150.00', effectiveFrom: '2026-01-01' }],
        milestones: [{ name: `Kickoff ${x}`, amount: '1000.00' }],
        projects: [{ code: `PR-${x}`, name: `Project ${x}` }],
      },
      {
        code: `U-${x}`,
        client: `CL-${x}`,
        name: `Usage ${x}`,
        models: ['usage'],
        currency,
        startDate: '2026-01-01',
        taxJurisdiction: country,
        usage: { unit: 'call', tiers: [{ from: '0', upTo: null, unitPrice: '0.01' }] },
      },
    ],
  });
  const a = side('A', 'USD', 'US');
  const b = side('B', 'EUR', 'NL');
  return contractBundleSchema.parse({
    legalEntities: [a.entity, b.entity],
    clients: [a.client, b.client],
    people: [a.person, b.person],
    contracts: [...a.contracts, ...b.contracts],
  });
}

/** Ids of things in entity A that the tests aim at. */
export interface FirmTargets {
  submittedTimeA: number[];
  /** A submitted expense of P-A on PR-A (December, after every billed month). */
  submittedExpenseA: number[];
  milestoneA: string;
  invoiceA: string;
  billingRunId: string;
  /** An open exception of entity A (unapproved time in the billed month). */
  exceptionA: string;
  /** A pending approval request on entity A's invoice (its void). */
  approvalRequestA: string;
  /** A payment from entity A's client, all of it unapplied cash. */
  paymentA: string;
  entityA: string;
  entityB: string;
  /** A processed SOW linked to contract K-A whose terms differ from it (payment days, PO number). */
  termsDocumentA: string;
}

/** Loads the two-entity firm, some time in both entities (billed in 2026-10) and some submitted time in A. */
export async function loadTwoEntityFirm(database: Database): Promise<FirmTargets> {
  await loadFirm(database, twoEntityBundle());
  for (const x of ['A', 'B']) {
    for (const date of ['2026-10-05', '2026-10-06'])
      await addTime(database, { person: `P-${x}`, project: `PR-${x}`, date, hours: '8', status: 'approved' });
  }
  await addTime(database, { person: 'P-A', project: 'PR-A', date: '2026-10-07', hours: '2', status: 'submitted' });
  const submittedTimeA: number[] = [];
  for (const date of ['2026-11-02', '2026-11-03', '2026-11-04'])
    submittedTimeA.push(
      await addTime(database, { person: 'P-A', project: 'PR-A', date, hours: '6', status: 'submitted' }),
    );
  await bill(database, '2026-10');
  const [ea] = await database.db.select().from(legalEntities).where(eq(legalEntities.code, 'LE-A'));
  const [eb] = await database.db.select().from(legalEntities).where(eq(legalEntities.code, 'LE-B'));
  const [m] = await database.db.select().from(milestones).where(eq(milestones.name, 'Kickoff A'));
  const [inv] = await database.db.select().from(invoices).where(eq(invoices.legalEntityId, ea!.id));
  const [run] = await database.db.select().from(billingRuns);
  const [ex] = await database.db
    .select({ id: billingExceptions.id })
    .from(billingExceptions)
    .innerJoin(contracts, eq(contracts.id, billingExceptions.contractId))
    .where(eq(contracts.legalEntityId, ea!.id));
  // Asking to void opens an approval request (every void needs a controller's approval).
  const actor = { userId: 'fixture-clerk', roles: ['billing_clerk' as const], entityIds: null, onBehalfOf: null };
  const voided = await voidInvoice(
    database,
    { actor, correlationId: 'fixture', now: new Date() },
    { invoiceId: inv!.id, reason: 'fixture: an approval request' },
  );
  if (voided.ok || voided.error.code !== 'APPROVAL_REQUIRED' || !voided.error.requestId)
    throw new Error(`fixture: expected an approval request, got ${JSON.stringify(voided)}`);
  const collector = { userId: 'fixture-collector', roles: ['collector' as const], entityIds: null, onBehalfOf: null };
  const payment = await recordPayment(
    database,
    { actor: collector, correlationId: 'fixture', now: new Date() },
    {
      client: 'CL-A',
      amount: '100.00',
      currency: 'USD',
      receivedOn: '2026-10-30',
      method: 'bank_transfer',
      bankReference: 'FIXTURE-A-1',
      allocations: [],
    },
  );
  if (!payment.ok) throw new Error(`fixture: expected a payment, got ${JSON.stringify(payment.error)}`);
  const [ka] = await database.db.select().from(contracts).where(eq(contracts.code, 'K-A'));
  const [pra] = await database.db.select().from(projects).where(eq(projects.code, 'PR-A'));
  const [expense] = await database.db
    .insert(expenses)
    .values({
      projectId: pra!.id,
      contractId: ka!.id,
      incurredOn: '2026-12-02',
      category: 'travel',
      description: 'Fixture taxi',
      amountMinor: 4_250n,
      currency: 'USD',
    })
    .returning({ id: expenses.id });
  const { row: doc } = await insertDocumentOnce(database.db, {
    sha256: 'a1'.repeat(32),
    clientId: ka!.clientId,
    contractId: ka!.id,
    fileName: 'sow-k-a.txt',
    kind: 'text',
    sizeBytes: 1,
    pageCount: 1,
    content: Buffer.from('x'),
    pages: [],
    status: 'done',
    extractor: 'builtin',
    processedAt: new Date(),
    terms: {
      ...emptySowTerms('sow'),
      currency: 'USD',
      paymentTerms: { netDays: 45, basis: 'invoice_date' },
      poNumber: 'PO-A-7',
    },
  });
  return {
    paymentA: payment.value.paymentId,
    submittedTimeA,
    submittedExpenseA: [expense!.id],
    milestoneA: m!.id,
    invoiceA: inv!.id,
    billingRunId: run!.id,
    exceptionA: ex!.id,
    approvalRequestA: voided.error.requestId,
    entityA: ea!.id,
    entityB: eb!.id,
    termsDocumentA: doc.id,
  };
}
