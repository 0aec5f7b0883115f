import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { exchangeRates, people, projects, taxRates, timeEntries } from '../../src/db/schema/index.ts';
import { upsertBundle } from '../../src/db/stores/master-data.ts';
import { contractBundleSchema, type ContractBundle } from '../../src/billing/inputs/contract-bundle.ts';
import { billingRunStore } from '../../src/db/stores/billing-run-store.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import { fixedClock } from '../../src/shared/clock.ts';

/** A small firm: one US entity, one client, one T&M contract with two roles. Override parts per test. */
export function smallFirm(overrides: Partial<ContractBundle> = {}): ContractBundle {
  return contractBundleSchema.parse({
    legalEntities: [
      { code: 'LE-US', name: 'Test Advisory Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'TUS-' },
    ],
    clients: [{ code: 'CL1', legalEntity: 'LE-US', name: 'Client One', country: 'US' }],
    people: [
      { code: 'ANA', name: 'Ana Analyst', role: 'Analyst', costRate: '60.00', costCurrency: 'USD' },
      { code: 'SAM', name: 'Sam Senior', role: 'Senior Consultant', costRate: '110.00', costCurrency: 'USD' },
    ],
    contracts: [
      {
        code: 'C1',
        client: 'CL1',
        name: 'Contract One',
        models: ['time_and_materials'],
        currency: 'USD',
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        taxJurisdiction: 'US',
        rateCard: [
          { role: 'Analyst', rate: '140.00', effectiveFrom: '2026-01-01' },
          { role: 'Senior Consultant', rate: '240.00', effectiveFrom: '2026-01-01' },
        ],
        projects: [{ code: 'C1-P', name: 'Project One' }],
      },
    ],
    ...overrides,
  });
}

/** Loads a bundle plus US/NL tax rates and a USD/EUR rate. */
export async function loadFirm(database: Database, bundle: ContractBundle = smallFirm()): Promise<void> {
  await database.db.transaction(async (tx) => {
    await upsertBundle(tx, bundle);
    await tx
      .insert(taxRates)
      .values([
        { jurisdiction: 'US', category: 'standard', ratePercent: '0', validFrom: '2020-01-01' },
        { jurisdiction: 'NL', category: 'standard', ratePercent: '21', validFrom: '2020-01-01' },
      ])
      .onConflictDoNothing();
    await tx
      .insert(exchangeRates)
      .values({ base: 'USD', quote: 'EUR', rate: '0.9200', rateDate: '2026-01-01' })
      .onConflictDoNothing();
  });
}

let seq = 0;
/** Inserts a time entry by person and project code; returns its id. */
export async function addTime(
  database: Database,
  e: {
    person: string;
    project: string;
    date: string;
    hours: string;
    status?: 'submitted' | 'approved';
    externalId?: string;
  },
): Promise<number> {
  const [p] = await database.db.select().from(people).where(eq(people.code, e.person));
  const [pr] = await database.db.select().from(projects).where(eq(projects.code, e.project));
  seq += 1;
  const [row] = await database.db
    .insert(timeEntries)
    .values({
      externalId: e.externalId ?? `T-${process.pid}-${seq}`,
      personId: p!.id,
      projectId: pr!.id,
      contractId: pr!.contractId,
      role: p!.role,
      workDate: e.date,
      hours: e.hours,
      approvalStatus: e.status ?? 'approved',
    })
    .returning({ id: timeEntries.id });
  return row!.id;
}

/** Runs billing for a period at a fixed clock and returns the summary (throws on invalid input). */
export async function bill(database: Database, period: string) {
  const r = await runBilling(billingRunStore(database), fixedClock('2026-11-25T12:00:00Z'), { period });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
