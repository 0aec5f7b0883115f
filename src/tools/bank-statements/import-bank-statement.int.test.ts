import { readFileSync } from 'node:fs';
import { and, eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../db/client.ts';
import { auditLog, bankStatements, invoices, payments } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Actor, Role } from '../../policy/roles.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../../test/helpers/two-entity-firm.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { bankStatementsImport } from './import-bank-statement.ts';
import { bankStatementsShow } from './show-bank-statement.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/bank/${name}`, import.meta.url), 'utf8');
const GERMAN = {
  delimiter: ';',
  decimalSeparator: ',',
  dateFormat: 'DD.MM.YYYY',
  skipRows: 1,
  columns: {
    bookedOn: 'Buchungstag',
    valueOn: 'Valuta',
    credit: 'Haben',
    debit: 'Soll',
    currency: 'Währung',
    reference: 'Referenz',
    counterparty: 'Auftraggeber/Empfänger',
    account: 'IBAN',
    remittance: 'Verwendungszweck',
  },
};
const NOW = new Date('2026-11-05T10:00:00Z');

describe(`bank_statements_import on ${backend}`, () => {
  let database: Database;
  let firm: FirmTargets;
  let n = 0;
  const actor = (role: Role, entityIds: string[] | null = null): Actor => ({
    userId: `u-${role}`,
    roles: [role],
    entityIds,
    onBehalfOf: null,
  });
  const caller = (role: Role, entityIds: string[] | null = null): ToolCaller => ({
    actor: actor(role, entityIds),
    correlationId: `bank-${++n}`,
    now: NOW,
    deps: { database, now: () => NOW },
  });
  const paymentCount = async () =>
    Number((await database.db.select({ n: sql<number>`count(*)::int` }).from(payments))[0]!.n);
  const openOf = async (number: string) => {
    const [r] = await queryRows<{ open: string }>(
      database.db,
      sql`SELECT (i.total_minor - COALESCE((SELECT SUM(pa.amount_minor) FROM payment_allocations pa
      JOIN payments p ON p.id = pa.payment_id WHERE pa.invoice_id = i.id AND p.status = 'recorded'), 0))::text AS open FROM invoices i WHERE i.number = ${number}`,
    );
    return BigInt(r!.open);
  };

  /** A posted invoice of CL-A with a number and a due date. */
  const openInvoice = async (number: string, totalMinor: bigint, dueDate: string) => {
    const id = await insertInvoice(database, {
      totalMinor,
      status: 'posted',
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
    await database.db.update(invoices).set({ number, issueDate: '2026-10-01', dueDate }).where(eq(invoices.id, id));
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    firm = await loadTwoEntityFirm(database);
    await openInvoice('A-900001', 150_000n, '2026-10-31');
    await openInvoice('A-900002', 120_000n, '2026-10-20');
    await openInvoice('A-900003', 80_000n, '2026-10-25');
    await openInvoice('A-900004', 100_000n, '2026-11-15');
    await openInvoice('A-900005', 25_000n, '2026-11-20');
    await openInvoice('A-900006', 123_456n, '2026-12-01');
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('records each credit line of a camt.053 once as the bank-import identity and applies what the remittance names', async () => {
    const before = await paymentCount();
    const r = await callTool(caller('collector'), bankStatementsImport, {
      legalEntity: 'LE-A',
      content: fixture('camt053-le-a-2026-11-03.xml'),
      fileName: 'stmt.xml',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({
      format: 'camt053',
      statementRef: 'LEA-USD-2026-307',
      linesInFile: 8,
      alreadyImported: 0,
      replayed: false,
    });
    expect(r.value.counts).toMatchObject({
      applied: 4,
      unapplied: 2,
      unidentified: 1,
      debit: 1,
      proposed: 0,
      failed: 0,
      pending: 0,
    });
    const by = (ref: string) => r.value.lines.find((l) => l.bankReference === ref)!;
    expect(by('FT26307AX02').allocations).toEqual([
      { invoice: 'A-900002', amount: '1200.00' },
      { invoice: 'A-900003', amount: '800.00' },
    ]);
    expect(by('FT26307AX03')).toMatchObject({
      status: 'applied',
      allocations: [{ invoice: 'A-900004', amount: '700.00' }],
    });
    expect(by('FT26307AX04')).toMatchObject({ status: 'unapplied', client: 'CL-A', confidence: 'none' });
    expect(by('FT26307AX04').reasons[0]).toMatch(/earlier payment from the same account/);
    expect(by('FT26307AX04').candidates.map((c) => c.invoice)).toContain('A-900004');
    expect(by('FT26307AX05')).toMatchObject({ status: 'unidentified', paymentId: null, client: null });
    expect(await openOf('A-900001')).toBe(0n);
    expect(await openOf('A-900004')).toBe(30_000n);
    expect(await openOf('A-900005')).toBe(0n);
    // Seven credit lines, one of them from nobody known: six payments, all by the service identity.
    expect(await paymentCount()).toBe(before + 6);
    const refs = r.value.lines.filter((l) => l.paymentId).map((l) => l.paymentId!);
    const recorders = await database.db
      .selectDistinct({ by: payments.recordedBy })
      .from(payments)
      .where(inArray(payments.id, refs));
    expect(recorders).toEqual([{ by: 'service:bank-import' }]);
  });

  it('records nothing when the same file comes again, and answers the first import', async () => {
    const before = await paymentCount();
    const audits = Number((await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n);
    const r = await callTool(caller('finance_admin'), bankStatementsImport, {
      legalEntity: 'LE-A',
      content: fixture('camt053-le-a-2026-11-03.xml'),
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({ replayed: true, counts: { applied: 4 } });
    expect(await paymentCount()).toBe(before);
    expect(Number((await database.db.select({ n: sql<number>`count(*)::int` }).from(auditLog))[0]!.n)).toBe(audits);
  });

  it('reads a CSV under its mapping, and skips lines an earlier file already had', async () => {
    const csv = fixture('bank-le-a-2026-11-04.csv');
    const r = await callTool(caller('collector'), bankStatementsImport, {
      legalEntity: 'LE-A',
      content: csv,
      csv: GERMAN,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.counts).toMatchObject({ applied: 1, unapplied: 1, debit: 1, unidentified: 1 });
    expect(await openOf('A-900006')).toBe(0n);
    const before = await paymentCount();
    // Another export overlapping the first: its known line is not stored or recorded again.
    const overlap = `${csv.trimEnd()}\n05.11.2026;05.11.2026;Client A Inc.;US11CLNT0000000000004242;A-900004;BK26309-001;;300,00;USD\n`;
    const o = await callTool(caller('collector'), bankStatementsImport, {
      legalEntity: 'LE-A',
      content: overlap,
      csv: GERMAN,
    });
    if (!o.ok) throw new Error(JSON.stringify(o.error));
    expect(o.value).toMatchObject({ linesInFile: 5, alreadyImported: 4, replayed: false, counts: { applied: 1 } });
    expect(await paymentCount()).toBe(before + 1);
    expect(await openOf('A-900004')).toBe(0n);
  });

  it('shows the unapplied lines of a statement to a reader', async () => {
    const [s] = await database.db
      .select({ id: bankStatements.id })
      .from(bankStatements)
      .where(eq(bankStatements.statementRef, 'LEA-USD-2026-307'));
    const r = await callTool(caller('auditor'), bankStatementsShow, { id: s!.id, status: 'unapplied' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.lines.map((l) => l.bankReference)).toEqual(['FT26307AX04', 'FT26307AX07-2']);
  });

  it('refuses a bad file, a person of another entity and a role that may not record payments, storing nothing', async () => {
    const count = async () =>
      Number((await database.db.select({ n: sql<number>`count(*)::int` }).from(bankStatements))[0]!.n);
    const before = await count();
    const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
    const broken = fixture('camt053-le-a-2026-11-03.xml').replace('</BkToCstmrStmt>', '');
    expect(
      code(await callTool(caller('collector'), bankStatementsImport, { legalEntity: 'LE-A', content: broken })),
    ).toBe('BANK_STATEMENT_UNREADABLE');
    expect(
      code(
        await callTool(caller('collector', [firm.entityB]), bankStatementsImport, {
          legalEntity: 'LE-A',
          content: fixture('camt053-le-a-2026-11-03.xml'),
        }),
      ),
    ).toBe('ENTITY_OUT_OF_SCOPE');
    expect(
      code(await callTool(caller('billing_clerk'), bankStatementsImport, { legalEntity: 'LE-A', content: 'x' })),
    ).toBe('FORBIDDEN');
    expect(
      code(
        await callTool(caller('collector'), bankStatementsImport, {
          legalEntity: 'LE-A',
          content: 'date,amount\n2026-11-01,1.00\n',
        }),
      ),
    ).toBe('BANK_CSV_MAPPING_INVALID');
    expect(await count()).toBe(before);
  });

  it('records exactly the amounts it parsed, and a second import of the same file records nothing (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.bigInt({ min: 1n, max: 99_999_999n }), { minLength: 1, maxLength: 6 }),
        async (amounts) => {
          run++;
          const rows = amounts.map(
            (a, i) =>
              `2026-11-02,${a / 100n}.${(a % 100n).toString().padStart(2, '0')},EUR,PROP-${run}-${i},Client B,,on account`,
          );
          const content = `date,amount,currency,reference,counterparty,account,remittance\n${rows.join('\n')}\n`;
          const before = await paymentCount();
          const first = await callTool(caller('collector'), bankStatementsImport, { legalEntity: 'LE-B', content });
          const again = await callTool(caller('collector'), bankStatementsImport, { legalEntity: 'LE-B', content });
          expect(first.ok && again.ok && again.value.replayed).toBe(true);
          const recorded = await database.db
            .select({ ref: payments.bankReference, amount: payments.amountMinor })
            .from(payments)
            .where(
              and(eq(payments.legalEntityId, firm.entityB), sql`${payments.bankReference} LIKE ${`PROP-${run}-%`}`),
            );
          expect(new Map(recorded.map((p) => [p.ref, p.amount]))).toEqual(
            new Map(amounts.map((a, i) => [`PROP-${run}-${i}`, a])),
          );
          expect(await paymentCount()).toBe(before + amounts.length);
        },
      ),
      { numRuns: 6 },
    );
  });
});
