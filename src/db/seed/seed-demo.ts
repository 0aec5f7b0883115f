import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { contracts, expenses, people, projects, timeEntries, usageRecords } from '../schema/index.ts';
import { operatorActor } from '../../policy/service-identities.ts';
import { parse } from '../../shared/money.ts';
import { callTool } from '../../tools/call-tool.ts';
import { masterDataImport } from '../../tools/master-data/import-bundle.ts';
import type { ContractBundle } from '../../billing/inputs/contract-bundle.ts';
import { demoBundle } from './demo/bundle.ts';
import { demoExpenses, demoTime, demoUsage } from './demo-activity.ts';
import { DEMO_TAX_RATES, demoExchangeRates } from './reference.ts';

export interface SeedCounts {
  clients: number;
  contracts: number;
  people: number;
  timeEntries: number;
  expenses: number;
  usageRecords: number;
}

/** The closed months the demo bills on first start, so there are drafts to look at. */
export const DEMO_PERIODS = ['2026-08', '2026-09', '2026-10'];

/**
 * The demo master data (entities, tax and exchange rates, clients, people, contracts) through its
 * catalogue entry, master_data_import, as a firm starts: the
 * console operator (`cli:demo-seed`) loads it before any user exists, under policy, with its one
 * audit row. `inSeed` is the seed's transaction handed over as the database, so callTool's
 * transaction is a savepoint in it and the demo stays all or nothing. Throws DemoSeedRefused on a
 * refusal (an administrator can act already: OPERATOR_AFTER_SETUP), which rolls the seed back.
 */
async function importDemoMasterData(inSeed: Database, bundle: ContractBundle, now: Date): Promise<void> {
  const r = await callTool(
    { actor: operatorActor('demo-seed'), correlationId: randomUUID(), now, deps: { database: inSeed, now: () => now } },
    masterDataImport,
    { bundle, file: 'demo-bundle' },
  );
  if (!r.ok)
    throw new DemoSeedRefused(`${(r.error as { policyCode?: string }).policyCode ?? r.error.code}: ${r.error.message}`);
}

/** The demo master data was refused (a firm whose administrator can act is set up by them): nothing was loaded. */
export class DemoSeedRefused extends Error {}

/** Loads the demo firm in one transaction: all of it, or nothing. */
export async function seedDemo(database: Database, now: Date = new Date()): Promise<SeedCounts> {
  const bundle = demoBundle();
  const time = demoTime();
  const exp = demoExpenses();
  const usage = demoUsage();
  await database.db.transaction(async (tx) => {
    // The tax and exchange rates are master data of the same bundle: one catalogue call, one audit row.
    await importDemoMasterData(
      { ...database, db: tx as unknown as Database['db'] },
      {
        ...bundle,
        taxRates: DEMO_TAX_RATES.map((t) => ({ ...t, validFrom: '2020-01-01' })),
        exchangeRates: demoExchangeRates(),
      },
      now,
    );
    const ps = await tx.select({ id: people.id, code: people.code, role: people.role }).from(people);
    const prs = await tx
      .select({ id: projects.id, code: projects.code, contractId: projects.contractId })
      .from(projects);
    const cs = await tx
      .select({ id: contracts.id, code: contracts.code })
      .from(contracts)
      .where(inArray(contracts.code, [...new Set(usage.map((u) => u.contract))]));
    const person = new Map(ps.map((p) => [p.code, p]));
    const project = new Map(prs.map((p) => [p.code, p]));
    const contract = new Map(cs.map((c) => [c.code, c.id]));
    const rows = time.map((t) => {
      const p = person.get(t.person)!;
      const pr = project.get(t.project)!;
      return {
        externalId: t.externalId,
        personId: p.id,
        projectId: pr.id,
        contractId: pr.contractId,
        role: p.role,
        workDate: t.date,
        hours: t.hours,
        billable: true,
        description: t.description,
        rateQuoted: t.rate,
        approvalStatus: t.status,
        approvedBy: t.status === 'approved' ? 'pm@northwind.example' : null,
        approvedAt: t.status === 'approved' ? now : null,
      };
    });
    for (let i = 0; i < rows.length; i += 1000) await tx.insert(timeEntries).values(rows.slice(i, i + 1000));
    await tx.insert(expenses).values(
      exp.map((e) => {
        const pr = project.get(e.project)!;
        return {
          externalId: e.externalId,
          projectId: pr.id,
          contractId: pr.contractId,
          personId: person.get(e.person)!.id,
          incurredOn: e.date,
          category: e.category,
          description: e.description,
          amountMinor: parse(e.amount, e.currency).amountMinor,
          currency: e.currency,
          billable: true,
          approvalStatus: 'approved' as const,
          approvedBy: 'pm@northwind.example',
        };
      }),
    );
    for (let i = 0; i < usage.length; i += 1000) {
      await tx.insert(usageRecords).values(
        usage.slice(i, i + 1000).map((u) => ({
          eventKey: u.eventKey,
          contractId: contract.get(u.contract)!,
          occurredOn: u.date,
          quantity: u.quantity,
        })),
      );
    }
  });
  return {
    clients: bundle.clients.length,
    contracts: bundle.contracts.length,
    people: bundle.people.length,
    timeEntries: time.length,
    expenses: exp.length,
    usageRecords: usage.length,
  };
}
