import { randomUUID } from 'node:crypto';
import type { Database } from '../client.ts';
import { operatorActor } from '../../policy/service-identities.ts';
import { callTool } from '../../tools/call-tool.ts';
import { masterDataImport } from '../../tools/master-data/import-bundle.ts';
import type { ContractBundle } from '../../billing/inputs/contract-bundle.ts';
import { demoBundle } from './demo/bundle.ts';
import { demoCallers } from './demo/calls.ts';
import { demoExpenses, recordDemoExpenses } from './demo/expenses.ts';
import { demoTime, recordDemoTime } from './demo/time.ts';
import { demoUsage, recordDemoUsage } from './demo/usage.ts';
import { createDemoUsers } from './demo-users.ts';
import { DEMO_TAX_RATES, demoExchangeRates } from './reference.ts';

export interface SeedCounts {
  clients: number;
  contracts: number;
  people: number;
  timeEntries: number;
  expenses: number;
  usageRecords: number;
}

/** What the seed loaded, and the demo users' API keys by email (to print once: printDemoKeys). */
export interface SeededDemo extends SeedCounts {
  userKeys: ReadonlyMap<string, string>;
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

/**
 * Loads the demo firm in one transaction, all of it or nothing, every write through a catalogue
 * entry: the master data as the console operator, then the demo users (the operator creates the
 * finance admin, who creates the others), then the work as those users: the clerk imports time,
 * expenses and usage, the project manager approves the time and expenses the demo has approved.
 */
export async function seedDemo(database: Database, now: Date = new Date()): Promise<SeededDemo> {
  const bundle = demoBundle();
  const time = demoTime();
  const exp = demoExpenses();
  const usage = demoUsage();
  const userKeys = await database.db.transaction(async (tx) => {
    const inSeed: Database = { ...database, db: tx as unknown as Database['db'] };
    // The tax and exchange rates are master data of the same bundle: one catalogue call, one audit row.
    await importDemoMasterData(
      inSeed,
      {
        ...bundle,
        taxRates: DEMO_TAX_RATES.map((t) => ({ ...t, validFrom: '2020-01-01' })),
        exchangeRates: demoExchangeRates(),
      },
      now,
    );
    const keys = await createDemoUsers(inSeed, now);
    const as = await demoCallers(inSeed, now);
    await recordDemoTime(as, time);
    await recordDemoExpenses(as, exp);
    await recordDemoUsage(as, usage);
    return keys;
  });
  return {
    clients: bundle.clients.length,
    contracts: bundle.contracts.length,
    people: bundle.people.length,
    timeEntries: time.length,
    expenses: exp.length,
    usageRecords: usage.length,
    userKeys,
  };
}
