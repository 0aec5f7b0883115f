import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCliUsers, createCliDatabase, type CliDatabase } from '../../../test/helpers/cli.ts';

const HEADER = 'external_id,person,project,role,date,hours,billable,description,status,approved_by,rate';

const bundle = {
  legalEntities: [
    { code: 'AW-US', name: 'Audit Advisory Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'AW-' },
  ],
  clients: [{ code: 'GAMMA', legalEntity: 'AW-US', name: 'Gamma Corp', country: 'US' }],
  people: [{ code: 'A001', name: 'Avery One', role: 'Consultant', legalEntity: 'AW-US' }],
  contracts: [
    {
      code: 'SOW-GAMMA-01',
      client: 'GAMMA',
      name: 'Gamma rollout',
      models: ['time_and_materials'],
      currency: 'USD',
      startDate: '2026-01-01',
      taxJurisdiction: 'US',
      rateCard: [{ role: 'Consultant', rate: '200.00', effectiveFrom: '2026-01-01' }],
      projects: [{ code: 'GAMMA-P1', name: 'Gamma delivery' }],
    },
  ],
};

/** CLI writes act as the user of BILLING_COPILOT_API_KEY, under the API's policy, with one audit row each. */
describe('billing-copilot import | billing run, audited', () => {
  let cli: CliDatabase;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const auditRows = (action: string) =>
    cli.query<{ actor_id: string; target_id: string; after: Record<string, unknown>; policy_decision: unknown }>(
      sql`SELECT actor_id, target_id, after, policy_decision FROM audit_log WHERE action = ${action} ORDER BY seq`,
    );
  const count = async (table: string) =>
    Number((await cli.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0]!.n);

  beforeAll(async () => {
    cli = await createCliDatabase();
    await addCliUsers(
      cli,
      [
        ['clerk', 'billing_clerk'],
        ['pm', 'project_manager'],
        ['auditor', 'auditor'],
      ],
      'aw.example',
      { keys, ids },
    );
  });
  afterAll(async () => cli?.close());

  it('audits an import of contracts without a key as the operator, in one row', async () => {
    const r = await cli.run('import', 'contracts', await cli.file('bundle.json', JSON.stringify(bundle)));
    expect(r.code, r.stderr).toBe(0);
    const rows = await auditRows('master_data.import');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor_id).toMatch(/^cli:/);
    expect(rows[0]!.after).toMatchObject({ contracts: 1, people: 1 });
  });

  it('exits 2 with a sentence and imports nothing when no key is set', async () => {
    const file = await cli.file('none.csv', `${HEADER}\nN-1,A001,GAMMA-P1,,2026-10-05,2,true,Work,submitted,,`);
    const r = await cli.runAs(null, 'import', 'time-entries', file);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Set BILLING_COPILOT_API_KEY/) });
    expect(await count('time_entries')).toBe(0);
  });

  it("writes one audit row for the whole import, as the key's user, when importing time", async () => {
    const rows = Array.from(
      { length: 150 },
      (_, i) => `I-${i},A001,GAMMA-P1,,2026-10-${String((i % 28) + 1).padStart(2, '0')},0.1,true,Work,submitted,,`,
    );
    const r = await cli.runAs(
      keys.clerk!,
      'import',
      'time-entries',
      await cli.file('many.csv', [HEADER, ...rows].join('\n')),
    );
    expect(r.code, r.stderr).toBe(0);
    const audit = await auditRows('time_entries.import');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor_id).toBe(ids.clerk);
    expect(audit[0]!.after).toMatchObject({
      count: 150,
      file: 'many.csv',
      ids: { first: expect.any(Number), last: expect.any(Number) },
    });
  });

  it("refuses time the file brings approved when the key's user may not approve it, and writes nothing", async () => {
    const before = await count('time_entries');
    const file = await cli.file('approved.csv', `${HEADER}\nA-1,A001,GAMMA-P1,,2026-10-06,2,true,Work,approved,,`);
    const r = await cli.runAs(keys.clerk!, 'import', 'time-entries', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Refused \([A-Z_]+\): the file decides time on GAMMA-P1, and .+\. Nothing was imported\.\n$/,
    );
    expect(await count('time_entries')).toBe(before);
  });

  it('refuses an approval the file credits to someone else', async () => {
    const file = await cli.file(
      'other.csv',
      `${HEADER}\nO-1,A001,GAMMA-P1,,2026-10-06,2,true,Work,approved,boss@aw.example,`,
    );
    const r = await cli.runAs(keys.pm!, 'import', 'time-entries', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('approved_by "boss@aw.example" is not you (pm@aw.example)');
  });

  it('imports approved time as the project manager, recording them as approver and their decision in the audit row', async () => {
    const file = await cli.file('pm.csv', `${HEADER}\nP-1,A001,GAMMA-P1,,2026-10-06,2,true,Work,approved,,`);
    const r = await cli.runAs(keys.pm!, 'import', 'time-entries', file);
    expect(r.code, r.stderr).toBe(0);
    expect(
      (
        await cli.query<{ approved_by: string }>(sql`SELECT approved_by FROM time_entries WHERE external_id = 'P-1'`)
      )[0]!.approved_by,
    ).toBe('pm@aw.example');
    const last = (await auditRows('time_entries.import')).at(-1)!;
    expect(last.actor_id).toBe(ids.pm);
    expect(last.policy_decision).toMatchObject({
      'time_entries.approve': [{ project: 'GAMMA-P1', entries: 1, decision: { outcome: 'allow' } }],
    });
  });

  it('exits 2 and starts no run when billing without a key', async () => {
    const r = await cli.runAs(null, 'billing', 'run', '--period', '2026-10');
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Set BILLING_COPILOT_API_KEY/) });
    expect(await count('billing_runs')).toBe(0);
  });

  it('refuses a billing run to a user whose role may not start one, and starts none', async () => {
    const r = await cli.runAs(keys.auditor!, 'billing', 'run', '--period', '2026-10');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Refused \(FORBIDDEN\)/);
    expect(await count('billing_runs')).toBe(0);
  });

  it('audits the start with its policy decision and the finish when the clerk bills over the CLI', async () => {
    const r = await cli.runAs(keys.clerk!, 'billing', 'run', '--period', '2026-10', '--json');
    expect(r.code, r.stderr).toBe(0);
    const { runId } = JSON.parse(r.stdout) as { runId: string };
    const start = await auditRows('billing_run.start');
    expect(start).toHaveLength(1);
    expect(start[0]).toMatchObject({
      actor_id: ids.clerk,
      target_id: 'all',
      after: { period: '2026-10', trigger: 'cli:clerk@aw.example' },
      policy_decision: { outcome: 'allow' },
    });
    const finish = await auditRows('billing_run.finish');
    expect(finish).toEqual([
      expect.objectContaining({
        actor_id: ids.clerk,
        target_id: runId,
        after: expect.objectContaining({ status: 'completed', invoicesWritten: 1 }),
      }),
    ]);
    const [run] = await cli.query<{ trigger: string; status: string }>(
      sql`SELECT trigger, status::text FROM billing_runs`,
    );
    expect(run).toEqual({ trigger: 'cli:clerk@aw.example', status: 'completed' });
    expect((await cli.run('audit', 'verify')).code).toBe(0);
  });
});
