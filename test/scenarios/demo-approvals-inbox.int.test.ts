import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../src/db/client.ts';
import { seedAndBillDemo } from '../../src/db/seed/seed-and-bill-demo.ts';
import { exchangeRates, invoices } from '../../src/db/schema/index.ts';
import { readMatrixInForce, type UseCaseContext } from '../../src/tools/policy-gate/context.ts';
import { invoiceApprovalState } from '../../src/tools/invoices/lifecycle/invoice-approval-state.ts';
import { rolesPermit } from '../../src/policy/permissions.ts';
import type { Role } from '../../src/policy/roles.ts';
import { call, testApp, type App } from '../helpers/api.ts';
import { backend, createTestDatabase } from '../helpers/db.ts';

type Item = {
  invoiceId?: string;
  canDecide: boolean;
  role: string | null;
  blocked: { code: string; message: string } | null;
  problem: { code: string; message: string } | null;
};
type Inbox = { items: Item[]; page: { total: number } };

const APPROVERS: { email: string; role: Role }[] = [
  { email: 'pm@northwind.example', role: 'project_manager' },
  { email: 'controller@northwind.example', role: 'controller' },
  { email: 'am@northwind.example', role: 'account_manager' },
  { email: 'finance@northwind.example', role: 'finance_admin' },
];

/**
 * The trial's demo: the controller re-ran October's billing (so he prepared every draft and may not
 * approve them: the demo has one controller) and the clerk submitted drafts. The inbox was empty for
 * the controller and the finance admin while invoices waited for them.
 */
describe(`the approvals inbox of the demo firm on ${backend}`, () => {
  let database: Database;
  let app: App;
  let out = '';
  const key = (email: string) =>
    out
      .split('\n')
      .find((l) => l.includes(` ${email} `))!
      .trim()
      .split(/\s+/)[2]!;
  const inbox = async (email: string, query = '') =>
    (await call<Inbox>(app, 'GET', `/approvals/inbox?limit=200${query}`, { key: key(email) })).body;
  let submitted: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedAndBillDemo(database, { stdout: (s) => void (out += s), stderr: () => undefined }, () => new Date());
    app = testApp(database);
    const run = await call(app, 'POST', '/billing-runs', {
      key: key('controller@northwind.example'),
      body: { period: '2026-10' },
      headers: { 'idempotency-key': 'inbox-rerun' },
    });
    expect(run.status).toBe(201);
    const drafts = await database.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.status, 'draft'), eq(invoices.period, '2026-10')));
    for (const d of drafts) {
      const r = await call(app, 'POST', `/invoices/${d.id}/submit`, {
        key: key('clerk@northwind.example'),
        body: {},
        headers: { 'idempotency-key': `submit-${d.id}` },
      });
      if (r.status === 200) submitted.push(d.id);
    }
  }, 300_000);
  afterAll(async () => database?.close());

  it('shows every pending invoice to each role it waits for, saying why that person cannot decide it when they cannot', async () => {
    expect(submitted.length).toBeGreaterThanOrEqual(4);
    const ctx: UseCaseContext = {
      actor: { userId: 'test', roles: ['auditor'], entityIds: null, onBehalfOf: null },
      correlationId: 'test',
      now: new Date(),
    };
    await readMatrixInForce(database.db, ctx);
    const pending = await database.db.select().from(invoices).where(inArray(invoices.id, submitted));
    const boxes = new Map(await Promise.all(APPROVERS.map(async (a) => [a.role, await inbox(a.email)] as const)));
    for (const invoice of pending) {
      const state = await invoiceApprovalState(database.db, ctx, invoice);
      if (!state.ok) throw new Error(state.error.message);
      const waitsFor = state.value.coverage.missing.length
        ? new Set(state.value.coverage.missing.map((m) => m.role as string))
        : new Set(APPROVERS.filter((a) => rolesPermit([a.role], 'invoice.approve')).map((a) => a.role as string));
      for (const a of APPROVERS) {
        const item = boxes.get(a.role)!.items.find((i) => i.invoiceId === invoice.id);
        expect(item !== undefined, `${invoice.id} in the ${a.role}'s inbox`).toBe(waitsFor.has(a.role));
        if (item && !item.canDecide) expect(item.blocked?.code, `${invoice.id} for ${a.role}`).toMatch(/^[A-Z_]+$/);
      }
    }
    // The controller prepared them (he ran the billing): he sees them and is told why he cannot approve.
    const controller = boxes.get('controller')!;
    expect(controller.items.length).toBeGreaterThanOrEqual(4);
    expect(controller.items.every((i) => !i.canDecide && i.blocked?.code === 'SOD_PREPARER_CANNOT_APPROVE')).toBe(true);
    expect((await inbox('controller@northwind.example', '&canDecide=true')).items).toEqual([]);
    expect(boxes.get('finance_admin')!.items.length).toBeGreaterThan(0);
  });

  it('shows an invoice whose approval state cannot be read with its problem instead of dropping it', async () => {
    const pending = await database.db.select().from(invoices).where(inArray(invoices.id, submitted));
    const foreign = pending.find((i) => i.currency === 'JPY');
    expect(foreign, 'a JPY invoice among the submitted ones').toBeDefined();
    await database.db.delete(exchangeRates).where(and(eq(exchangeRates.base, 'USD'), eq(exchangeRates.quote, 'JPY')));
    for (const a of APPROVERS.filter((x) => rolesPermit([x.role], 'invoice.approve'))) {
      const item = (await inbox(a.email)).items.find((i) => i.invoiceId === foreign!.id);
      expect(item, a.role).toMatchObject({ canDecide: false, problem: { code: 'FX_RATE_MISSING' } });
      expect(item!.problem!.message).toContain('JPY');
    }
    expect((await inbox('am@northwind.example')).items.find((i) => i.invoiceId === foreign!.id)).toBeUndefined();
  });
});
