import { and, eq, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../../test/helpers/two-entity-firm.ts';
import { addDays } from '../../shared/dates.ts';
import type { Database } from '../../db/client.ts';
import {
  auditLog,
  clients,
  contracts,
  invoiceDisputes,
  invoices,
  paymentAllocations,
  payments,
} from '../../db/schema/index.ts';
import { clientLedgerHistory } from '../../db/stores/client-ledger.ts';
import { ledgerHistory } from '../../db/stores/receivables-store.ts';

type Body = Record<string, unknown> & {
  disputeRisk?: { probability: string; flagged: boolean; reasons: string[]; modelVersion: number | null };
  steps?: { level: number; role: string; reason: string }[];
  items?: { invoiceId: string; disputeRisk: unknown; steps: { role: string; reason: string }[] }[];
  code?: string;
  status?: string;
};

/**
 * The pre-send check at submission: a clerk submits a draft of a client that disputed 9 of its 10
 * settled invoices (no model trained, so the documented prior scores it) and one of a client with no
 * history. The first is flagged with reasons, stored with the submission, shown in the detail and the
 * inbox, and needs the matrix's reviewer (a controller); the second flows as before.
 */
describe(`pre-send dispute review at submission on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let app: App;
  let t: FirmTargets;
  let routine: string;
  const as = (role: keyof TestUsers['key']) => ({ key: users.key[role] });

  /** CL-A: ten invoices of 2025, paid, nine of them disputed first. */
  async function disputedHistory(): Promise<void> {
    const [client] = await database.db.select().from(clients).where(eq(clients.code, 'CL-A'));
    const [contract] = await database.db.select().from(contracts).where(eq(contracts.code, 'K-A'));
    for (let k = 0; k < 10; k++) {
      const issue = addDays('2025-01-06', k * 21);
      const settle = addDays(issue, 45);
      const [inv] = await database.db
        .insert(invoices)
        .values({
          number: `A-P${k}`,
          status: 'paid',
          legalEntityId: client!.legalEntityId,
          clientId: client!.id,
          contractId: contract!.id,
          period: `1999-${String(k + 1).padStart(2, '0')}`,
          currency: contract!.invoiceCurrency,
          totalMinor: 500_000n,
          subtotalMinor: 500_000n,
          paymentTermsDays: 30,
          issueDate: issue,
          dueDate: addDays(issue, 30),
        })
        .returning();
      if (k !== 3)
        await database.db.insert(invoiceDisputes).values({
          invoiceId: inv!.id,
          reason: 'hours not agreed',
          openedBy: 'test',
          openedAt: new Date(`${addDays(issue, 10)}T09:00:00Z`),
          resolution: 'rejected',
          resolvedBy: 'test',
          resolvedAt: new Date(`${addDays(settle, -1)}T09:00:00Z`),
        });
      const [p] = await database.db
        .insert(payments)
        .values({
          legalEntityId: client!.legalEntityId,
          clientId: client!.id,
          currency: inv!.currency,
          amountMinor: inv!.totalMinor,
          receivedOn: settle,
          method: 'bank_transfer',
          bankReference: `P-A-${k}`,
          recordedBy: 'test',
          createdAt: new Date(`${settle}T12:00:00Z`),
        })
        .returning();
      await database.db.insert(paymentAllocations).values({
        paymentId: p!.id,
        invoiceId: inv!.id,
        amountMinor: inv!.totalMinor,
        recordedMinor: inv!.totalMinor,
        createdAt: new Date(),
      });
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
    await disputedHistory();
    const [b] = await database.db
      .select({ id: invoices.id })
      .from(invoices)
      .where(and(eq(invoices.legalEntityId, t.entityB), eq(invoices.status, 'draft'), ne(invoices.id, t.invoiceA)));
    routine = b!.id;
  });
  afterAll(async () => database?.close());

  it("reads a client's ledger for the check as the nightly run's ledgerHistory does", async () => {
    const [a] = await database.db.select().from(clients).where(eq(clients.code, 'CL-A'));
    const read = await clientLedgerHistory(database.db, a!.id);
    expect(read.filter((i) => i.disputeKnownOn !== null && i.settledDate !== null)).toHaveLength(9);
    expect(read).toEqual(await ledgerHistory(database.db, a!.id));
  });

  it('flags a risky draft a clerk submits, with its reasons, and stores the check with the submission', async () => {
    const res = await call<Body>(app, 'POST', `/invoices/${t.invoiceA}/submit`, { ...as('billing_clerk'), body: {} });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'pending_approval',
      disputeRisk: { flagged: true, atLeastPercent: '50', modelVersion: null },
    });
    expect(Number(res.body.disputeRisk!.probability)).toBeGreaterThanOrEqual(0.5);
    expect(res.body.disputeRisk!.reasons.join('\n')).toMatch(/disputed 9 of its 10 settled invoices/);
    const [row] = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invoice.submit'), eq(auditLog.targetId, t.invoiceA)));
    expect((row!.after as Body).disputeRisk).toEqual(res.body.disputeRisk);
    // The same draft, history and model score the same on demand.
    const again = await call<Body>(app, 'GET', `/invoices/${t.invoiceA}/dispute-risk`, as('billing_clerk'));
    expect(again.body).toMatchObject({
      flagged: true,
      probability: Number(res.body.disputeRisk!.probability),
      reasons: res.body.disputeRisk!.reasons,
    });
  });

  it('shows the score and reasons in the invoice detail and the approvals inbox', async () => {
    const detail = await call<Body>(app, 'GET', `/invoices/${t.invoiceA}`, as('controller'));
    expect(detail.status).toBe(200);
    expect(detail.body.disputeRisk).toMatchObject({ flagged: true, reasons: expect.any(Array) });
    const inbox = await call<Body>(app, 'GET', '/approvals/inbox', as('controller'));
    const item = inbox.body.items!.find((i) => i.invoiceId === t.invoiceA);
    expect(item?.disputeRisk).toMatchObject({
      probability: detail.body.disputeRisk!.probability,
      reviewRecommended: true,
      reasons: detail.body.disputeRisk!.reasons,
    });
    const review = item!.steps.find((s) => s.role === 'controller');
    expect(review?.reason).toMatch(
      /review recommended: dispute risk \d+% at submission is at or above 50% \(the prior\)/,
    );
  });

  it('cannot be approved by a role outside the review set; a controller who did not submit approves it', async () => {
    const pm = await call<Body>(app, 'POST', `/invoices/${t.invoiceA}/approve`, { ...as('project_manager'), body: {} });
    expect(pm.status).toBe(409);
    expect(pm.body.code).toBe('APPROVAL_REQUIRED');
    const steps = (pm.body.details as Body).steps!;
    expect(steps.find((s) => s.role === 'controller')?.reason).toMatch(/review recommended/);
    const clerk = await call<Body>(app, 'POST', `/invoices/${t.invoiceA}/approve`, {
      ...as('billing_clerk'),
      body: {},
    });
    expect(clerk.status).toBe(403);
    const controller = await call<Body>(app, 'POST', `/invoices/${t.invoiceA}/approve`, {
      ...as('controller'),
      body: {},
    });
    expect(controller.status).toBe(200);
    expect(controller.body.status).toBe('approved');
  });

  it('lets a routine draft flow as before: not flagged, no review step, a project manager approves it', async () => {
    const res = await call<Body>(app, 'POST', `/invoices/${routine}/submit`, { ...as('billing_clerk'), body: {} });
    expect(res.status).toBe(200);
    expect(res.body.disputeRisk).toMatchObject({ flagged: false });
    expect(Number(res.body.disputeRisk!.probability)).toBeLessThan(0.5);
    const inbox = await call<Body>(app, 'GET', '/approvals/inbox', as('project_manager'));
    const item = inbox.body.items!.find((i) => i.invoiceId === routine);
    expect(item?.disputeRisk).toMatchObject({ reviewRecommended: false });
    expect(item!.steps.map((s) => s.reason).join(' ')).not.toMatch(/dispute/);
    const pm = await call<Body>(app, 'POST', `/invoices/${routine}/approve`, { ...as('project_manager'), body: {} });
    expect(pm.status).toBe(200);
    expect(pm.body.status).toBe('approved');
  });
});
