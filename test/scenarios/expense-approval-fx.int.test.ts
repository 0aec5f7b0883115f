import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { auditLog, billingExceptions, contracts, invoices } from '../../src/db/schema/index.ts';
import { verifyAudit } from '../../src/db/stores/audit-store.ts';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../helpers/api.ts';
import { backend, createTestDatabase } from '../helpers/db.ts';
import { bill, loadFirm, smallFirm } from '../helpers/firm.ts';

type Money = { amount: string; currency: string };
type InvoiceView = {
  reference: string;
  currency: string;
  total: Money;
  subtotal: Money;
  fx: { from: string; to: string; rate: string; rateDate: string; usedFor: string[] }[];
  lines: { kind: string; description: string; amount: Money }[];
};

/**
 * Issue 11: an expense recorded over the API is billed once a project manager approves it, and a
 * foreign one converts at the rate loaded for its date through POST /exchange-rates, with that rate
 * on the invoice. Worked number: EUR 2,000.00 at EUR→USD 1.0920 on 2026-10-14 = USD 2,184.00.
 */
describe(`an expense in EUR on a USD contract, approved and converted, on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  const as = (role: 'billing_clerk' | 'project_manager' | 'controller') => users.key[role];

  beforeEach(async () => {
    database = await createTestDatabase();
    await loadFirm(database, smallFirm()); // contract C1 in USD, US tax 0 %; it also holds USD/EUR 0.9200 of 2026-01-01
    users = await createTestUsers(database, 'LE-US');
    app = testApp(database);
  });
  afterEach(async () => {
    expect((await verifyAudit(database.db)).ok).toBe(true);
    await database.close();
  });

  const recordExpense = async () => {
    const res = await call<{ id: number; status: string }>(app, 'POST', '/expenses', {
      key: as('billing_clerk'),
      body: {
        project: 'C1-P',
        incurredOn: '2026-10-14',
        category: 'travel',
        description: 'Flight to Frankfurt',
        amount: '2000.00',
        currency: 'EUR',
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('submitted');
    return res.body.id;
  };
  const octoberInvoice = async () => {
    const [c1] = await database.db.select().from(contracts).where(eq(contracts.code, 'C1'));
    return (await database.db.select().from(invoices).where(eq(invoices.contractId, c1!.id)))[0];
  };
  const openException = async (type: string) =>
    (
      await database.db
        .select()
        .from(billingExceptions)
        .where(
          eq(
            billingExceptions.dedupeKey,
            `${type}:${(await database.db.select().from(contracts).where(eq(contracts.code, 'C1')))[0]!.id}:2026-10`,
          ),
        )
    )[0];

  it('bills USD 2,184.00 with the rate 1.0920 of the expense date on the invoice once the expense is approved and the rate loaded', async () => {
    const id = await recordExpense();

    // Submitted only: the run bills nothing and says why, to the project manager.
    await bill(database, '2026-10');
    expect(await octoberInvoice()).toBeUndefined();
    expect(await openException('unapproved_expense')).toMatchObject({
      status: 'open',
      severity: 'warning',
      ownerRole: 'project_manager',
      message: '1 expense (EUR 2000.00) is submitted but not approved; it is not billed',
      details: { expenseIds: [String(id)] },
    });

    const approved = await call(app, 'POST', '/expenses/approve', { key: as('project_manager'), body: { ids: [id] } });
    expect(approved).toMatchObject({ status: 200, body: { approved: [id], alreadyApproved: [], rejected: [] } });
    const loaded = await call(app, 'POST', '/exchange-rates', {
      key: as('controller'),
      body: [{ base: 'EUR', quote: 'USD', rate: '1.0920', rateDate: '2026-10-14', source: 'ECB' }],
    });
    expect(loaded).toMatchObject({ status: 201, body: { inserted: 1, unchanged: 0 } });

    await bill(database, '2026-10');
    const inv = await octoberInvoice();
    expect(inv).toMatchObject({
      currency: 'USD',
      subtotalMinor: 218_400n,
      taxMinor: 0n,
      totalMinor: 218_400n,
      fxFrom: null,
    });
    const view = await call<InvoiceView>(app, 'GET', `/invoices/${inv!.id}`, { key: as('controller') });
    expect(view.body.total).toEqual({ amount: '2184.00', currency: 'USD' });
    expect(view.body.fx).toEqual([
      { from: 'EUR', to: 'USD', rate: '1.0920', rateDate: '2026-10-14', usedFor: [`expense:${id}`] },
    ]);
    expect(view.body.lines).toEqual([
      expect.objectContaining({
        kind: 'expense',
        amount: { amount: '2184.00', currency: 'USD' },
        description: 'travel: Flight to Frankfurt (EUR 2000.00 at 1.0920 on 2026-10-14)',
      }),
    ]);
    expect(await openException('unapproved_expense')).toMatchObject({
      status: 'resolved',
      resolutionCode: 'cleared_on_rerun',
    });

    const audit = await database.db.select().from(auditLog);
    expect(audit.find((a) => a.action === 'expenses.approve')).toMatchObject({
      actorId: users.ids[users.email('project_manager')],
      targetType: 'project',
      before: { status: 'submitted', ids: [id] },
      after: { status: 'approved', ids: [id] },
      policyDecision: { outcome: 'allow' },
    });
    expect(audit.find((a) => a.action === 'exchange_rates.import')).toMatchObject({
      actorId: users.ids[users.email('controller')],
      targetId: 'EUR/USD@2026-10-14',
      after: {
        inserted: [{ base: 'EUR', quote: 'USD', rate: '1.0920', rateDate: '2026-10-14', source: 'ECB' }],
        unchanged: 0,
      },
    });
  });

  it('converts at the older inverse USD/EUR rate, and records that one, when no EUR/USD rate is loaded for the date', async () => {
    const id = await recordExpense();
    await call(app, 'POST', '/expenses/approve', { key: as('project_manager'), body: { ids: [id] } });
    await bill(database, '2026-10');
    const inv = await octoberInvoice();
    // 2000.00 / 0.92 = 2173.913... → 2173.91 USD: the rate the new import replaces above.
    expect(inv).toMatchObject({ totalMinor: 217_391n });
    expect(inv!.fxRates).toEqual([
      {
        from: 'EUR',
        to: 'USD',
        rate: expect.stringMatching(/^1\.0869565217/),
        rateDate: '2026-01-01',
        usedFor: [`expense:${id}`],
      },
    ]);
  });
});
