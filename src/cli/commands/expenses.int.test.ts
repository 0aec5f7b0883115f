import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addCliUsers, createCliDatabase, type CliDatabase } from '../../../test/helpers/cli.ts';

const bundle = {
  legalEntities: [
    { code: 'FX-US', name: 'FX Advisory Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'FX-' },
  ],
  taxRates: [{ jurisdiction: 'US', category: 'standard', ratePercent: '0', validFrom: '2020-01-01' }],
  clients: [{ code: 'DELTA', legalEntity: 'FX-US', name: 'Delta Corp', country: 'US' }],
  people: [{ code: 'E001', name: 'Eli Expense', role: 'Consultant', legalEntity: 'FX-US', email: 'eli@fx.example' }],
  contracts: [
    {
      code: 'SOW-DELTA-01',
      client: 'DELTA',
      name: 'Delta rollout',
      models: ['time_and_materials'],
      currency: 'USD',
      startDate: '2026-01-01',
      taxJurisdiction: 'US',
      rateCard: [{ role: 'Consultant', rate: '200.00', effectiveFrom: '2026-01-01' }],
      projects: [{ code: 'DELTA-P1', name: 'Delta delivery' }],
    },
  ],
};

/**
 * `expenses approve` and `import exchange-rates`, as the key's user, through the API's use cases:
 * EUR 2,000.00 approved, EUR/USD 1.0920 imported for its date, billed USD 2,184.00 with the rate on the invoice.
 */
describe('billing-copilot expenses approve | import exchange-rates', () => {
  let cli: CliDatabase;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let expenseId = 0;
  const status = async () =>
    (
      await cli.query<{ approval_status: string }>(sql`SELECT approval_status FROM expenses WHERE id = ${expenseId}`)
    )[0]!.approval_status;
  const storedRates = async () =>
    cli.query<{ rate: string }>(
      sql`SELECT rate::text AS rate FROM exchange_rates WHERE base = 'EUR' AND quote = 'USD' AND rate_date = '2026-10-14'`,
    );

  beforeAll(async () => {
    cli = await createCliDatabase();
    expect((await cli.run('import', 'contracts', await cli.file('bundle.json', JSON.stringify(bundle)))).code).toBe(0);
    await addCliUsers(
      cli,
      [
        ['clerk', 'billing_clerk'],
        ['pm', 'project_manager'],
        ['ctl', 'controller'],
        ['eli', 'project_manager'],
      ],
      'fx.example',
      { keys, ids },
    );
    const [row] = await cli.query<{
      id: number;
    }>(sql`INSERT INTO expenses (project_id, contract_id, person_id, incurred_on, category, description, amount_minor, currency)
      SELECT p.id, p.contract_id, pe.id, '2026-10-14', 'travel', 'Flight to Frankfurt', 200000, 'EUR' FROM projects p, people pe
      WHERE p.code = 'DELTA-P1' AND pe.code = 'E001' RETURNING id`);
    expenseId = Number(row!.id);
  });
  afterAll(async () => cli?.close());

  it('refuses the person who spent the expense (exit 1, SOD_OWN_EXPENSES) and a billing clerk, approving nothing', async () => {
    const own = await cli.runAs(keys.eli!, 'expenses', 'approve', String(expenseId));
    expect(own).toMatchObject({
      code: 1,
      stderr: 'Refused (SOD_OWN_EXPENSES): nobody approves their own expenses. Nothing was approved.\n',
    });
    const clerk = await cli.runAs(keys.clerk!, 'expenses', 'approve', String(expenseId));
    expect(clerk).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^Refused \(ROLE_NOT_PERMITTED\): roles billing_clerk may not expenses\.approve/),
    });
    expect(await status()).toBe('submitted');
  });

  it('exits 3 naming an unknown id and 2 for an id that is no number', async () => {
    expect(await cli.runAs(keys.pm!, 'expenses', 'approve', String(expenseId), '999999')).toMatchObject({
      code: 3,
      stderr: 'No expense with id 999999. Nothing was approved.\n',
    });
    expect((await cli.runAs(keys.pm!, 'expenses', 'approve', 'x1')).code).toBe(2);
    expect(await status()).toBe('submitted');
  });

  it('approves the expense as the project manager, audited as them', async () => {
    const r = await cli.runAs(keys.pm!, 'expenses', 'approve', String(expenseId));
    expect(r).toMatchObject({ code: 0, stdout: `Approved 1 expense (${expenseId})\n` });
    expect(await status()).toBe('approved');
    const audit = await cli.query<{ actor_id: string }>(
      sql`SELECT actor_id FROM audit_log WHERE action = 'expenses.approve'`,
    );
    expect(audit).toEqual([{ actor_id: ids.pm }]);
    expect((await cli.runAs(keys.pm!, 'expenses', 'approve', String(expenseId))).stdout).toBe(
      `Approved 0 expenses; already approved: ${expenseId}\n`,
    );
  });

  it('imports exchange rates as the controller; the same file again changes nothing; another rate for the date is refused naming its line', async () => {
    const file = await cli.file(
      'rates.csv',
      'base,quote,rate,date,source\nEUR,USD,1.0920,2026-10-14,ECB\nGBP,USD,1.2710,2026-10-14,ECB\n',
    );
    expect(await cli.runAs(keys.clerk!, 'import', 'exchange-rates', file)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Refused (FORBIDDEN)'),
    });
    expect(await cli.runAs(keys.ctl!, 'import', 'exchange-rates', file)).toMatchObject({
      code: 0,
      stdout: `Imported 2 exchange rates from ${file}; 0 were already stored with the same rate\n`,
    });
    expect(await cli.runAs(keys.ctl!, 'import', 'exchange-rates', file)).toMatchObject({
      code: 0,
      stdout: `Imported 0 exchange rates from ${file}; 2 were already stored with the same rate\n`,
    });
    const changed = await cli.file(
      'changed.csv',
      'base,quote,rate,date\nCHF,USD,1.13,2026-10-14\neur,usd,1.1000,2026-10-14\n',
    );
    const refused = await cli.runAs(keys.ctl!, 'import', 'exchange-rates', changed);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${changed}:3: EUR/USD on 2026-10-14 is stored at 1.0920, the file says 1.1000 (FX_RATE_CONFLICT`,
    );
    expect(await storedRates()).toEqual([{ rate: '1.092000000000' }]);
    expect(await cli.query(sql`SELECT 1 FROM exchange_rates WHERE base = 'CHF'`)).toEqual([]);
    const bad = await cli.runAs(
      keys.ctl!,
      'import',
      'exchange-rates',
      await cli.file('bad.csv', 'base,quote,rate,date\nUSD,USD,1,2026-10-14\nEUR,USD,0,2026-10-15\n'),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.csv:2: quote: quote must differ from base[\s\S]*bad\.csv:3: rate: /);
    const audit = await cli.query<{ actor_id: string; after: { file: string } }>(
      sql`SELECT actor_id, after FROM audit_log WHERE action = 'exchange_rates.import'`,
    );
    expect(audit).toEqual([{ actor_id: ids.ctl, after: expect.objectContaining({ file: 'rates.csv', unchanged: 0 }) }]);
  });

  it('bills the approved EUR 2,000.00 as USD 2,184.00 and shows the rate 1.0920 of 2026-10-14 on the invoice', async () => {
    expect((await cli.runAs(keys.clerk!, 'billing', 'run', '--period', '2026-10')).code).toBe(0);
    const list = await cli.run('invoices', 'list', '--json', '--period', '2026-10');
    const [inv] = (JSON.parse(list.stdout) as { items: { reference: string }[] }).items;
    const shown = await cli.run('invoices', 'show', inv!.reference, '--json');
    const view = JSON.parse(shown.stdout) as { total: unknown; fx: unknown };
    expect(view.total).toEqual({ amount: '2184.00', currency: 'USD' });
    expect(view.fx).toEqual([
      { from: 'EUR', to: 'USD', rate: '1.0920', rateDate: '2026-10-14', usedFor: [`expense:${expenseId}`] },
    ]);
    expect((await cli.run('invoices', 'show', inv!.reference)).stdout).toContain(
      'Converted EUR to USD at 1.0920 (rate of 2026-10-14) for 1 expense',
    );
  });
});
