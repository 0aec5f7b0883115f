import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestUsers, testApp, type App, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../../test/helpers/two-entity-firm.ts';
import { actorOf, toIdentity } from '../../policy/identity.ts';
import type { Actor } from '../../policy/roles.ts';
import { addDays } from '../../shared/dates.ts';
import type { Database } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import {
  auditLog,
  clients,
  contracts,
  invoiceDisputes,
  invoices,
  paymentAllocations,
  payments,
  users as userTable,
  worklistItems,
} from '../../db/schema/index.ts';
import { assignCollector } from './assign-collector.ts';
import { collectionsWorklist } from './collections-worklist.ts';
import { draftDisputeRisk } from './draft-dispute-risk.ts';
import { prioritizeCollections } from './prioritize-collections.ts';
import { prioritize } from '../../billing/collections/prioritize.ts';
import { historyAsOf, receivableFacts } from '../../billing/collections/receivable-facts.ts';
import { byClient } from '../../billing/risk/model.ts';
import {
  clientCollectionFacts,
  disputesOpenOn,
  latestRiskModel,
  ledgerHistory,
  openAmountsAsOf,
} from '../../db/stores/receivables-store.ts';
import { trainRiskModels } from './train-risk-models.ts';

/**
 * Collections on a firm with a year of history: CL-A disputes most invoices and pays late, CL-B
 * pays on time. Invoices and payments are inserted directly (their lifecycle has its own tests).
 */
describe(`risk models and the collections worklist on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let app: App;
  let t: FirmTargets;
  const actor = async (email: string): Promise<Actor> => {
    const [u] = await database.db.select().from(userTable).where(eq(userTable.email, email));
    return actorOf(toIdentity(u!), null);
  };
  const ctx = async (role: string, scoped = false) => ({
    actor: await actor(users.email(role as never, scoped)),
    correlationId: `test-${role}`,
    now: new Date('2026-01-05T08:00:00Z'),
  });
  const auditCount = async (action: string) =>
    (await database.db.select().from(auditLog).where(eq(auditLog.action, action))).length;

  beforeAll(async () => {
    database = await createTestDatabase();
    t = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
  });
  afterAll(async () => database?.close());

  async function loadHistory(): Promise<void> {
    for (const x of ['A', 'B'] as const) {
      const [client] = await database.db
        .select()
        .from(clients)
        .where(eq(clients.code, `CL-${x}`));
      const [contract] = await database.db
        .select()
        .from(contracts)
        .where(eq(contracts.code, `K-${x}`));
      for (let k = 0; k < 90; k++) {
        const issue = addDays('2025-01-01', k * 4);
        const disputed = x === 'A' ? k % 5 !== 0 : k % 30 === 7;
        const settle = issue >= '2025-11-01' ? null : addDays(issue, disputed ? 50 : x === 'A' ? 35 : 20);
        const [inv] = await database.db
          .insert(invoices)
          .values({
            number: `${x}-H${String(k).padStart(4, '0')}`,
            status: settle ? 'paid' : 'delivered',
            legalEntityId: client!.legalEntityId,
            clientId: client!.id,
            contractId: contract!.id,
            period: `${2000 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`,
            currency: contract!.invoiceCurrency,
            totalMinor: 100_000n + BigInt(k) * 1_000n,
            subtotalMinor: 100_000n + BigInt(k) * 1_000n,
            paymentTermsDays: 30,
            issueDate: issue,
            dueDate: addDays(issue, 30),
          })
          .returning();
        if (disputed && (settle || k % 2 === 0)) {
          await database.db.insert(invoiceDisputes).values({
            invoiceId: inv!.id,
            reason: 'hours not agreed',
            openedBy: 'test',
            openedAt: new Date(`${addDays(issue, 10)}T09:00:00Z`),
            ...(settle
              ? {
                  resolution: 'rejected' as const,
                  resolvedBy: 'test',
                  resolvedAt: new Date(`${addDays(settle, -1)}T09:00:00Z`),
                }
              : {}),
          });
        }
        if (settle) {
          const [p] = await database.db
            .insert(payments)
            .values({
              legalEntityId: client!.legalEntityId,
              clientId: client!.id,
              currency: inv!.currency,
              amountMinor: inv!.totalMinor,
              receivedOn: settle,
              method: 'bank_transfer',
              bankReference: `H-${x}-${k}`,
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
    }
  }

  it('runs on the prior before any model is trained, saying so', async () => {
    const r = await prioritizeCollections(database, await ctx('controller'), { asOf: '2024-12-31' });
    expect(r.ok && r.value).toMatchObject({ replayed: false, modelVersion: null, summary: { items: 0 } });
  });

  it('stores the documented prior as version 1 while there is no settled history, with one audit row', async () => {
    const r = await trainRiskModels(database, await ctx('controller'), { asOf: '2026-01-01' });
    expect(r.ok && r.value).toMatchObject({ version: 1, kind: 'prior', metrics: { trainedOn: 0, holdout: null } });
    expect(await auditCount('risk_models.train')).toBe(1);
  });

  it('trains version 2 on the firm history with held-out metrics, and refuses a collector', async () => {
    await loadHistory();
    const refused = await trainRiskModels(database, await ctx('collector'), {});
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');
    const r = await trainRiskModels(database, await ctx('finance_admin'), { asOf: '2026-01-01' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ version: 2, kind: 'trained' });
    expect(r.value.metrics.trainedOn).toBeGreaterThanOrEqual(150);
    expect(r.value.metrics.holdout!.disputeAuc).toBeGreaterThan(0.8);
    expect(await auditCount('risk_models.train')).toBe(2);
  });

  it('flags a risky draft before it is sent, with its reasons, and passes a safe one', async () => {
    const [draftB] = await database.db
      .select()
      .from(invoices)
      .innerJoin(clients, eq(clients.id, invoices.clientId))
      .where(and(eq(clients.code, 'CL-B'), eq(invoices.status, 'draft')));
    const risky = await draftDisputeRisk(database, await ctx('billing_clerk'), { invoiceId: t.invoiceA });
    const safe = await draftDisputeRisk(database, await ctx('billing_clerk'), { invoiceId: draftB!.invoices.id });
    if (!risky.ok || !safe.ok) throw new Error('not scored');
    expect(risky.value).toMatchObject({ flagged: true, modelVersion: 2 });
    expect(risky.value.reasons.join('\n')).toMatch(/disputed \d+ of its \d+ settled invoices/);
    expect(safe.value.flagged).toBe(false);
    const res = await call<Record<string, unknown>>(app, 'GET', `/invoices/${t.invoiceA}/dispute-risk`, {
      key: users.key.billing_clerk,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ flagged: true });
  });

  it('ranks every receivable open on the date once, holds the disputed ones, and replays the date unchanged', async () => {
    const assigned = await assignCollector(database, await ctx('controller'), {
      clientCode: 'CL-A',
      collectorEmail: users.email('collector'),
      segment: 'strategic',
    });
    expect(assigned.ok).toBe(true);
    const notCollector = await assignCollector(database, await ctx('controller'), {
      clientCode: 'CL-B',
      collectorEmail: users.email('billing_clerk'),
    });
    expect(notCollector.ok ? null : notCollector.error.code).toBe('VALIDATION_FAILED');
    const refused = await prioritizeCollections(database, await ctx('collector'), { asOf: '2025-12-31' });
    expect(refused.ok ? null : refused.error.code).toBe('FORBIDDEN');

    // One client per batch: the batched run must rank as the whole ledger scored at once does (checked below).
    const first = await prioritizeCollections(
      database,
      await ctx('controller'),
      { asOf: '2025-12-31' },
      { clientBatch: 1 },
    );
    if (!first.ok) throw new Error(first.error.message);
    const [open] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM invoices WHERE number LIKE '_-H%' AND issue_date <= '2025-12-31' AND status = 'delivered'`,
    );
    expect(first.value).toMatchObject({ replayed: false, modelVersion: 2, summary: { items: open!.n } });
    expect(first.value.summary.byAction.hold).toBeGreaterThan(0);
    const items = await database.db
      .select()
      .from(worklistItems)
      .where(eq(worklistItems.runId, first.value.runId))
      .orderBy(worklistItems.rank);
    expect(items.map((i) => i.rank)).toEqual(items.map((_, k) => k + 1));
    for (const i of items.filter((x) => x.action === 'hold')) expect(i.reasons[0]).toMatch(/dispute is open/);
    const known = historyAsOf(await ledgerHistory(database.db), '2025-12-31');
    const owed = await openAmountsAsOf(database.db, '2025-12-31');
    const receivables = known
      .filter((i) => owed.has(i.id) && i.settledDate === null)
      .map((i) => ({ ...i, openMinor: owed.get(i.id)! }));
    const scored = receivableFacts(
      (await latestRiskModel(database.db))!.model,
      '2025-12-31',
      receivables,
      byClient(known),
      await disputesOpenOn(database.db, '2025-12-31'),
      await clientCollectionFacts(database.db),
    );
    expect(new Set(receivables.map((i) => i.clientId)).size).toBeGreaterThan(1);
    expect(items.map((i) => [i.invoiceId, i.priority, i.action, i.step, i.reasons])).toEqual(
      prioritize(scored.map((x) => x.facts)).map((p) => [
        p.invoiceId,
        p.priority.toFixed(4),
        p.action,
        p.step,
        p.reasons,
      ]),
    );

    const again = await prioritizeCollections(database, await ctx('finance_admin'), { asOf: '2025-12-31' });
    expect(again.ok && again.value).toMatchObject({ replayed: true, runId: first.value.runId });
    const after = await database.db
      .select()
      .from(worklistItems)
      .where(eq(worklistItems.runId, first.value.runId))
      .orderBy(worklistItems.rank);
    expect(after).toEqual(items);
    expect(await auditCount('collections.prioritize')).toBe(2); // this date's run and the empty 2024-12-31 one
  });

  it('shows a collector their own clients only and a controller everything, in the use case and over HTTP', async () => {
    const own = await collectionsWorklist(database, await ctx('collector'), {});
    const all = await collectionsWorklist(database, await ctx('controller'), {});
    const other = await collectionsWorklist(database, await ctx('collector', true), {});
    if (!own.ok || !all.ok || !other.ok) throw new Error('refused');
    expect(own.value.scope).toBe('own');
    expect(own.value.items.length).toBeGreaterThan(0);
    expect(new Set(own.value.items.map((i) => i.client))).toEqual(new Set(['CL-A']));
    expect(all.value.total).toBeGreaterThan(own.value.total);
    expect(other.value.items).toEqual([]);
    const res = await call<{ items: { client: string; asOf: string }[]; page: { total: number } }>(
      app,
      'GET',
      '/collections/worklist?limit=200',
      { key: users.key.collector },
    );
    expect(res.status).toBe(200);
    expect(res.body.page.total).toBe(own.value.total);
    expect(res.body.items.every((i) => i.client === 'CL-A' && i.asOf === '2025-12-31')).toBe(true);
    const ctl = await call<{ page: { total: number } }>(app, 'GET', '/collections/worklist', {
      key: users.key.controller,
    });
    expect(ctl.body.page.total).toBe(all.value.total);
    const clerk = await call(app, 'GET', '/collections/worklist', { key: users.key.billing_clerk });
    expect(clerk.status).toBe(403);
  });
});
