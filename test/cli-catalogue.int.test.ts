import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCliUsers, createCliDatabase, type CliDatabase } from './helpers/cli.ts';

/**
 * The CLI's catalogue commands (exceptions, approvals, payments) end to end: each acts as the user
 * of BILLING_COPILOT_API_KEY through the same catalogue entries as the API, and exits with the code
 * of its error's kind (cliExitOf) and one sentence. The calls build on each other, in file order.
 */
const bundle = {
  legalEntities: [
    {
      code: 'CAT-US',
      name: 'Catalogue Advisory Inc.',
      country: 'US',
      functionalCurrency: 'USD',
      invoicePrefix: 'CAT-',
    },
  ],
  clients: [{ code: 'GAMMA', legalEntity: 'CAT-US', name: 'Gamma Corp', country: 'US' }],
  people: [{ code: 'C001', name: 'Cara One', role: 'Consultant', legalEntity: 'CAT-US' }],
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
const timeCsv = [
  'external_id,person,project,role,date,hours,billable,description,status,approved_by,rate',
  'G-1,C001,GAMMA-P1,,2026-10-05,8,true,Workshop,approved,pm@cat.example,',
  'G-2,C001,GAMMA-P1,,2026-10-06,2,true,Not approved yet,submitted,,',
].join('\n');

describe('CLI catalogue commands', () => {
  let cli: CliDatabase;
  const u = { keys: {} as Record<string, string>, ids: {} as Record<string, string> };
  let exceptionId = '';
  let paymentId = '';

  beforeAll(async () => {
    cli = await createCliDatabase();
    expect((await cli.run('import', 'contracts', await cli.file('contracts.json', JSON.stringify(bundle)))).code).toBe(
      0,
    );
    await addCliUsers(
      cli,
      [
        ['clerk', 'billing_clerk'],
        ['controller', 'controller'],
        ['collector', 'collector'],
        ['auditor', 'auditor'],
        ['pm', 'project_manager'],
      ],
      'cat.example',
      u,
    );
    expect((await cli.runAs(u.keys.pm!, 'import', 'time-entries', await cli.file('time.csv', timeCsv))).code).toBe(0);
    expect((await cli.runAs(u.keys.clerk!, 'billing', 'run', '--period', '2026-10')).code).toBe(0);
    // Nine commands, each booting the embedded database from disk: slow on a loaded machine.
  }, 600_000);
  afterAll(async () => cli?.close());

  it('exits 2 and says to set the key when BILLING_COPILOT_API_KEY is unset', async () => {
    const r = await cli.runAs(null, 'payments', 'list');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Set BILLING_COPILOT_API_KEY');
  });

  it("lists exceptions with their ids as the key's user", async () => {
    const r = await cli.runAs(u.keys.clerk!, 'exceptions', 'list', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const items = (JSON.parse(r.stdout) as { items: { id: string; type: string }[] }).items;
    const unapproved = items.find((i) => i.type === 'unapproved_time');
    expect(unapproved).toBeDefined();
    exceptionId = unapproved!.id;
    const table = await cli.runAs(u.keys.clerk!, 'exceptions', 'list');
    expect(table.stdout).toContain(exceptionId);
  });

  it('assigns an exception by e-mail and records one audit row of exception.assign', async () => {
    const r = await cli.runAs(u.keys.clerk!, 'exceptions', 'assign', exceptionId, '--to', 'clerk@cat.example');
    expect(r.stderr).toBe('');
    expect(r).toMatchObject({ code: 0, stdout: `Assigned exception ${exceptionId} to clerk@cat.example.\n` });
    const rows = await cli.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exception.assign' AND target_id = ${exceptionId}`,
    );
    expect(Number(rows[0]!.n)).toBe(1);
  });

  it("exits 1 with a sentence when policy refuses the key's user (an auditor resolving)", async () => {
    const r = await cli.runAs(
      u.keys.auditor!,
      'exceptions',
      'resolve',
      exceptionId,
      '--code',
      'corrected_data',
      '--note',
      'fixed',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^Refused \(FORBIDDEN\): roles auditor may not exception\.resolve\. Nothing was done\.\n$/,
    );
  });

  it('exits 2 naming the field when the input is not valid, and 3 for an exception that does not exist', async () => {
    const bad = await cli.runAs(
      u.keys.controller!,
      'exceptions',
      'resolve',
      exceptionId,
      '--code',
      'shrug',
      '--note',
      'x',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('resolutionCode');
    const missing = await cli.runAs(
      u.keys.controller!,
      'exceptions',
      'resolve',
      '00000000-0000-4000-8000-000000000000',
      '--code',
      'corrected_data',
      '--note',
      'x',
    );
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('EXCEPTION_NOT_FOUND');
  });

  it('resolves the exception as a controller', async () => {
    const r = await cli.runAs(
      u.keys.controller!,
      'exceptions',
      'resolve',
      exceptionId,
      '--code',
      'corrected_data',
      '--note',
      'approved in the source system',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Resolved exception ${exceptionId} (corrected_data)`);
  });

  it('records a payment once under one idempotency key, and lists and shows it', async () => {
    const record = (key: string) =>
      cli.runAs(
        u.keys.collector!,
        'payments',
        'record',
        '--client',
        'GAMMA',
        '--amount',
        '150.00',
        '--currency',
        'USD',
        '--received-on',
        '2026-10-30',
        '--method',
        'bank_transfer',
        '--reference',
        'CAT-PAY-1',
        '--idempotency-key',
        key,
        '--json',
      );
    const first = await record('cat-k1');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    paymentId = (JSON.parse(first.stdout) as { paymentId: string }).paymentId;
    expect((await record('cat-k1')).code).toBe(0);
    const rows = await cli.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM payments WHERE bank_reference = 'CAT-PAY-1'`,
    );
    expect(Number(rows[0]!.n)).toBe(1);
    const list = await cli.runAs(u.keys.collector!, 'payments', 'list', '--unapplied');
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(paymentId);
    const show = await cli.runAs(u.keys.controller!, 'payments', 'show', paymentId);
    expect(show).toMatchObject({ code: 0 });
    expect(show.stdout).toContain('unapplied   150.00');
  });

  it('records a payment into the legal entity --entity names, and refuses one it does not know', async () => {
    const record = (entity: string, reference: string) =>
      cli.runAs(
        u.keys.collector!,
        'payments',
        'record',
        '--client',
        'GAMMA',
        '--entity',
        entity,
        '--amount',
        '20.00',
        '--currency',
        'USD',
        '--received-on',
        '2026-10-30',
        '--reference',
        reference,
        '--json',
      );
    const named = await record('CAT-US', 'CAT-PAY-ENTITY');
    expect(named.stderr).toBe('');
    expect(named.code).toBe(0);
    const rows = await cli.query<{ code: string }>(
      sql`SELECT e.code FROM payments p JOIN legal_entities e ON e.id = p.legal_entity_id WHERE p.bank_reference = 'CAT-PAY-ENTITY'`,
    );
    expect(rows.map((r) => r.code)).toEqual(['CAT-US']);
    const unknown = await record('CAT-NOPE', 'CAT-PAY-NOPE');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('CAT-NOPE');
  });

  it('refuses to apply cash to an invoice that does not exist (exit 1) and a malformed --apply (exit 2)', async () => {
    const unknown = await cli.runAs(u.keys.collector!, 'payments', 'apply', paymentId, '--apply', 'CAT-999999=10.00');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('UNKNOWN_INVOICE');
    const malformed = await cli.runAs(u.keys.collector!, 'payments', 'apply', paymentId, '--apply', 'CAT-1');
    expect(malformed.code).toBe(2);
  });

  it("suggests where a payment's unapplied cash could go (exit 0), and refuses a project manager (exit 1)", async () => {
    const json = await cli.runAs(u.keys.collector!, 'payments', 'suggest', paymentId, '--json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ paymentId, unapplied: { amount: '150.00', currency: 'USD' } });
    const text = await cli.runAs(u.keys.collector!, 'payments', 'suggest', paymentId);
    expect(text.stdout).toContain(`Payment ${paymentId} from GAMMA (CAT-PAY-1): 150.00 USD unapplied of 150.00`);
    expect((await cli.runAs(u.keys.pm!, 'payments', 'suggest', paymentId)).code).toBe(1);
  });

  it('shows the approvals inbox with ids, and refuses a project manager granting a request that does not exist with exit 3', async () => {
    const inbox = await cli.runAs(u.keys.controller!, 'approvals', 'inbox', '--json');
    expect(inbox.stderr).toBe('');
    expect(inbox.code).toBe(0);
    expect(JSON.parse(inbox.stdout)).toMatchObject({ items: expect.any(Array), page: { offset: 0 } });
    const missing = await cli.runAs(u.keys.pm!, 'approvals', 'grant', '00000000-0000-4000-8000-000000000000');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('APPROVAL_REQUEST_NOT_FOUND');
    const auditor = await cli.runAs(u.keys.auditor!, 'approvals', 'inbox');
    expect(auditor.code).toBe(1);
  });
});
