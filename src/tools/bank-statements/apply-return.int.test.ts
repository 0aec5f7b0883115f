import { readFileSync } from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows, type Database } from '../../db/client.ts';
import { auditLog, invoices, payments } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { parseCamt053 } from '../../extraction/bank/camt053.ts';
import type { Role } from '../../policy/roles.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { bankStatementsImport } from './import-bank-statement.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/bank/${name}`, import.meta.url), 'utf8');
const NOW = new Date('2026-11-07T10:00:00Z');

/** camt.053 returns and reversals: matched to the receipt they undo and reversed once, or listed with the reason. */
describe(`returned payments on a camt.053 on ${backend}`, () => {
  let database: Database;
  let n = 0;
  const caller = (role: Role): ToolCaller => ({
    actor: { userId: `u-${role}`, roles: [role], entityIds: null, onBehalfOf: null },
    correlationId: `ret-${++n}`,
    now: NOW,
    deps: { database, now: () => NOW },
  });
  const open = async (number: string) => {
    const [r] = await queryRows<{ open: string }>(
      database.db,
      sql`SELECT (i.total_minor - COALESCE((SELECT SUM(pa.amount_minor) FROM payment_allocations pa
      JOIN payments p ON p.id = pa.payment_id WHERE pa.invoice_id = i.id AND p.status = 'recorded'), 0))::text AS open FROM invoices i WHERE i.number = ${number}`,
    );
    return BigInt(r!.open);
  };
  const reversals = async () =>
    (await database.db.select().from(auditLog).where(eq(auditLog.action, 'invoice.reverse_payment'))).length;
  const importFile = (name: string) =>
    callTool(caller('collector'), bankStatementsImport, {
      legalEntity: 'LE-A',
      content: fixture(name),
      fileName: name,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    for (const [number, total, due] of [
      ['A-900001', 150_000n, '2026-10-31'],
      ['A-900002', 120_000n, '2026-10-20'],
      ['A-900003', 80_000n, '2026-10-25'],
      ['A-900004', 100_000n, '2026-11-15'],
      ['A-900005', 25_000n, '2026-11-20'],
      ['A-900006', 123_456n, '2026-12-01'],
    ] as const) {
      const id = await insertInvoice(database, {
        totalMinor: total,
        status: 'posted',
        codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
      });
      await database.db
        .update(invoices)
        .set({ number, issueDate: '2026-10-01', dueDate: due })
        .where(eq(invoices.id, id));
    }
    const first = await importFile('camt053-le-a-2026-11-03.xml');
    if (!first.ok) throw new Error(JSON.stringify(first.error));
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('reads the reversal indicator, the return reason and the end-to-end id', () => {
    const r = parseCamt053(fixture('camt053-le-a-2026-11-06-returns.xml'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.lines.map((l) => [l.bankReference, l.endToEndId ?? null, l.returnInfo ?? null])).toEqual([
      ['FT26310RT01', 'CLA-PAY-88121', { reversal: false, reasonCode: 'AC04', reason: 'Account closed' }],
      ['FT26310RV02', null, { reversal: true, reasonCode: null, reason: null }],
      ['FT26310RT03', null, { reversal: false, reasonCode: 'MD06', reason: null }],
      ['FT26310RT04', null, { reversal: false, reasonCode: 'AM04', reason: null }],
      ['FT26310FE05', null, null],
    ]);
  });

  it('reverses the payment each return undoes, through the reversal path, and lists the one it cannot match', async () => {
    expect(await open('A-900001')).toBe(0n);
    expect(await open('A-900004')).toBe(30_000n);
    const r = await importFile('camt053-le-a-2026-11-06-returns.xml');
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.counts).toMatchObject({ returned: 3, return_unmatched: 1, debit: 1, pending: 0 });
    const by = (ref: string) => r.value.lines.find((l) => l.bankReference === ref)!;
    expect(by('FT26310RT01').reasons).toEqual([
      'returned payment, reason AC04, Account closed',
      'matched by the end-to-end id CLA-PAY-88121',
      'payment FT26307AX01 reversed',
    ]);
    expect(by('FT26310RV02').reasons[1]).toBe('matched by the bank reference FT26307AX03 in its text');
    expect(by('FT26310RT03').reasons[1]).toBe(
      'matched by the same amount from the same account (US11CLNT0000000000004242)',
    );
    expect(by('FT26310RT04')).toMatchObject({ status: 'return_unmatched', paymentId: null });
    expect(by('FT26310RT04').reasons[1]).toMatch(/^no recorded receipt matches/);
    // The invoices the returned receipts paid owe again.
    expect(await open('A-900001')).toBe(150_000n);
    expect(await open('A-900004')).toBe(100_000n);
    const reversed = await database.db.select().from(payments).where(eq(payments.status, 'reversed'));
    expect(reversed.map((p) => [p.bankReference, p.reversedBy]).sort()).toEqual([
      ['FT26307AX01', 'service:bank-import'],
      ['FT26307AX03', 'service:bank-import'],
      ['FT26307AX04', 'service:bank-import'],
    ]);
    expect(await reversals()).toBe(3);
  });

  it('reverses nothing twice when the returns come again', async () => {
    const again = await importFile('camt053-le-a-2026-11-06-returns.xml');
    expect(again.ok && again.value.replayed).toBe(true);
    expect(await reversals()).toBe(3);
    expect(await open('A-900001')).toBe(150_000n);
  });
});
