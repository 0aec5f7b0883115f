import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { billingRuns } from '../../src/db/schema/index.ts';
import { billingRunStore, markInterruptedRuns } from '../../src/db/stores/billing-run-store.ts';
import { runBilling } from '../../src/billing/billing-run/run-billing.ts';
import type { BillingRunPorts } from '../../src/billing/billing-run/ports.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { backend, createTestDatabase } from '../helpers/db.ts';
import { addTime, bill, loadFirm, smallFirm } from '../helpers/firm.ts';

const contract = (n: number) => ({
  code: `C${n}`,
  client: 'CL1',
  name: `Contract ${n}`,
  models: ['time_and_materials'],
  currency: 'USD',
  startDate: '2026-01-01',
  taxJurisdiction: 'US',
  rateCard: [{ role: 'Analyst', rate: '140.00', effectiveFrom: '2026-01-01' }],
  projects: [{ code: `C${n}-P`, name: `Project ${n}` }],
});

/** Ends the frozen runs of a test (after its assertions), so their connections are given back. */
const frozen: (() => void)[] = [];

/**
 * Starts a run that writes one draft and then stops as a killed process does: its next write does
 * not return and it beats no more (its heartbeat timer is set beyond the test). Resolves with its
 * id once the first draft is written.
 */
async function runThatDies(database: Database): Promise<string> {
  const store = billingRunStore(database, { heartbeatMs: 3_600_000 });
  let runId = '';
  let writes = 0;
  let firstWritten!: () => void;
  const written = new Promise<void>((resolve) => (firstWritten = resolve));
  const ports: BillingRunPorts = {
    ...store,
    startRun: async (period, trigger) => (runId = await store.startRun(period, trigger)),
    progress: async () => undefined,
    writeDraft: async (input) => {
      writes += 1;
      if (writes > 1) return new Promise((_resolve, reject) => frozen.push(() => reject(new Error('test over'))));
      const out = await store.writeDraft(input);
      firstWritten();
      return out;
    },
  };
  const run = runBilling(ports, fixedClock('2026-11-25T12:00:00Z'), { period: '2026-10', trigger: 'test:dies' });
  frozen.push(() => void run.catch(() => undefined));
  await written;
  return runId;
}

const runRow = async (database: Database, id: string) =>
  (await database.db.select().from(billingRuns).where(eq(billingRuns.id, id)))[0]!;
/** What a dead process leaves: its last heartbeat long ago (database time). */
const ageHeartbeat = (database: Database, id: string) =>
  database.db.execute(sql`UPDATE billing_runs SET heartbeat_at = now() - interval '5 minutes' WHERE id = ${id}`);

describe('billing runs whose process stopped', () => {
  let database: Database;
  beforeEach(async () => {
    database = await createTestDatabase();
    await loadFirm(database, smallFirm({ contracts: [contract(1), contract(2), contract(3)] as never }));
    for (const n of [1, 2, 3])
      await addTime(database, { person: 'ANA', project: `C${n}-P`, date: '2026-10-05', hours: '2.00' });
  });
  afterEach(async () => {
    for (const end of frozen.splice(0)) end();
    await new Promise((r) => setTimeout(r, 50));
    await database.close();
  });

  it('marks a run killed mid-way interrupted with the drafts it wrote when the next run starts', async () => {
    const dead = await runThatDies(database);
    await ageHeartbeat(database, dead);
    const next = await bill(database, '2026-10');
    expect(next.invoicesWritten).toBe(3);
    const row = await runRow(database, dead);
    expect(row.status).toBe('interrupted');
    expect(row.finishedAt).not.toBeNull();
    expect(row.stats).toMatchObject({ draftsWritten: 1 });
    expect(row.error).toMatch(/^interrupted: the process running it stopped/);
  });

  it('leaves a run that still beats running when another run starts', async () => {
    const live = await runThatDies(database);
    await bill(database, '2026-11');
    expect((await runRow(database, live)).status).toBe('running');
  });

  it('marks a dead run interrupted when the server boots, saying what it had done', async () => {
    const dead = await runThatDies(database);
    await ageHeartbeat(database, dead);
    const marked = await markInterruptedRuns(database, { atBoot: true });
    expect(marked).toEqual([{ id: dead, period: '2026-10', draftsWritten: 1, lastHeartbeat: expect.any(Date) }]);
    expect((await runRow(database, dead)).status).toBe('interrupted');
  });

  it(`treats a fresh heartbeat at boot as ${backend === 'postgres' ? "another server's live run" : "dead, the data folder being this process's alone"}`, async () => {
    const run = await runThatDies(database);
    const marked = await markInterruptedRuns(database, { atBoot: true });
    expect((await runRow(database, run)).status).toBe(backend === 'postgres' ? 'running' : 'interrupted');
    expect(marked.map((m) => m.id)).toEqual(backend === 'postgres' ? [] : [run]);
  });

  it('records progress and a heartbeat after every batch while a run goes on', async () => {
    await database.db.execute(sql`UPDATE billing_runs SET heartbeat_at = now() - interval '1 hour'`);
    const started = new Date(Date.now() - 60_000);
    const s = await runBilling(billingRunStore(database), fixedClock('2026-11-25T12:00:00Z'), {
      period: '2026-10',
      batchContracts: 1,
    });
    expect(s.ok).toBe(true);
    const row = await runRow(database, s.ok ? s.value.runId : '');
    expect(row.status).toBe('completed');
    expect(row.heartbeatAt.getTime()).toBeGreaterThan(started.getTime());
  });
});
