import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCliUsers, createCliDatabase, type CliDatabase } from './helpers/cli.ts';

/** `billing-copilot bank import FILE` end to end on the embedded database: as the key's user, the payments by the bank-import identity. */
const bundle = {
  legalEntities: [{ code: 'LE-A', name: 'Entity A', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'A-' }],
  clients: [{ code: 'CL-A', legalEntity: 'LE-A', name: 'Client A', country: 'US' }],
  people: [],
  contracts: [],
};
const camt = fileURLToPath(new URL('./fixtures/bank/camt053-le-a-2026-11-03.xml', import.meta.url));

describe('CLI bank import', () => {
  let cli: CliDatabase;
  const u = { keys: {} as Record<string, string>, ids: {} as Record<string, string> };

  beforeAll(async () => {
    cli = await createCliDatabase();
    expect((await cli.run('import', 'contracts', await cli.file('contracts.json', JSON.stringify(bundle)))).code).toBe(
      0,
    );
    // The finance admin last: once one holds a key, the console operator adds no more users.
    await addCliUsers(
      cli,
      [
        ['collector', 'collector'],
        ['controller', 'controller'],
        ['finance', 'finance_admin'],
      ],
      'bank.example',
      u,
    );
  }, 600_000);
  afterAll(async () => cli?.close());

  it('imports a camt.053 once: the first run records the credit lines, the second records nothing', async () => {
    const first = await cli.runAs(u.keys.collector!, 'bank', 'import', camt, '--entity', 'LE-A', '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const s = JSON.parse(first.stdout) as { replayed: boolean; counts: Record<string, number>; linesInFile: number };
    // No invoices are open in this firm: the six lines from Client A are recorded as unapplied cash, one payer is unknown.
    expect(s).toMatchObject({
      replayed: false,
      linesInFile: 8,
      counts: { unapplied: 6, unidentified: 1, debit: 1, applied: 0 },
    });
    // `payments import` is the same command under the name the issue gives it.
    const again = await cli.runAs(u.keys.collector!, 'payments', 'import', camt, '--entity', 'LE-A');
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Already imported: statement .* of LE-A, 8 lines/);
  }, 300_000);

  it("changes where the entity's clients pay only once a second person approved it, then once", async () => {
    const args = ['bank', 'account', 'LE-A', '--iban', 'DE89 3704 0044 0532 0130 00', '--bic', 'COBADEFFXXX'];
    const asked = await cli.runAs(u.keys.controller!, ...args);
    expect(asked.code, asked.stderr).toBe(5);
    expect(asked.stderr).toContain('bank account none -> IBAN DE89 …3000 (BIC COBADEFFXXX)');
    const id = /Request ([0-9a-f-]{36}) is open/.exec(asked.stderr)![1]!;
    const own = await cli.runAs(u.keys.controller!, 'approvals', 'grant', id);
    expect(own.code, own.stdout).not.toBe(0);
    expect((await cli.runAs(u.keys.finance!, 'approvals', 'grant', id)).code).toBe(0);
    const done = await cli.runAs(u.keys.controller!, ...args);
    expect(done.stderr).toBe('');
    expect(done.stdout).toBe('Bank account of LE-A changed: none -> IBAN DE89 …3000 (BIC COBADEFFXXX).\n');
    const again = await cli.runAs(u.keys.controller!, ...args);
    expect(again.stdout).toMatch(/already is IBAN DE89 …3000 .*nothing changed/);
    const usage = await cli.runAs(u.keys.controller!, 'bank', 'account', 'LE-A');
    expect(usage.code).toBe(2);
  }, 300_000);

  it('prints receivables as JSON and writes the SVG charts and the PDF page', async () => {
    const out = `${cli.dir}/charts/`;
    const r = await cli.runAs(
      u.keys.collector!,
      'receivables',
      '--as-of',
      '2026-11-30',
      '--json',
      '--svg',
      out,
      '--pdf',
      `${out}receivables.pdf`,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ asOf: '2026-11-30', periodDays: 90, overall: [] });
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(`${out}aging.svg`, 'utf8')).toContain('No open receivables on 2026-11-30');
    expect((await readFile(`${out}receivables.pdf`)).subarray(0, 5).toString()).toBe('%PDF-');
  }, 300_000);

  it('exits 3 with a sentence for a file that is not there, and 2 for an unknown entity', async () => {
    const missing = await cli.runAs(
      u.keys.collector!,
      'bank',
      'import',
      '/nonexistent/statement.xml',
      '--entity',
      'LE-A',
    );
    expect(missing).toMatchObject({
      code: 3,
      stderr: expect.stringContaining('Cannot read /nonexistent/statement.xml. Nothing was imported.'),
    });
    const unknown = await cli.runAs(u.keys.collector!, 'bank', 'import', camt, '--entity', 'LE-Z');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('UNKNOWN_LEGAL_ENTITY');
  }, 300_000);
});
