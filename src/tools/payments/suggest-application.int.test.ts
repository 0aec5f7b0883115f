import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { clients, invoices, legalEntities } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { invoiceBalances } from '../../db/stores/payment-store.ts';
import { openBalance } from '../../billing/payments/balance.ts';
import type { Actor, Role } from '../../policy/roles.ts';
import { parse } from '../../shared/money.ts';
import { runTurn } from '../../agent/turn.ts';
import { createTestUsers, testApp, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { paymentsApply } from './apply-payment.ts';
import { recordWebhookPayment } from './payment-webhook.ts';
import { paymentsRecord } from './record-payment.ts';
import { paymentsReverse } from './reverse-payment.ts';
import { paymentsSuggestApplication } from './suggest-application.ts';

const NOW = new Date('2026-11-20T10:00:00Z');

describe(`payments_suggest_application on ${backend}`, () => {
  let database: Database;
  let n = 0;
  let entityB = '';
  let users: TestUsers;
  let webhookPayment = '';
  const actor = (role: Role, entityIds: string[] | null = null): Actor => ({
    userId: `u-${role}`,
    roles: [role],
    entityIds,
    onBehalfOf: null,
  });
  const caller = (a: Actor): ToolCaller => ({
    actor: a,
    correlationId: `suggest-${++n}`,
    now: NOW,
    deps: { database, now: () => NOW },
  });
  const collector = () => caller(actor('collector'));
  const suggest = (paymentId: string, a: Actor = actor('collector')) =>
    callTool(caller(a), paymentsSuggestApplication, { paymentId });
  const suggestOk = async (paymentId: string) => {
    const r = await suggest(paymentId);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  /** Typed in by a collector: nothing allocated, so all of it is unapplied. */
  const record = async (amount: string, note?: string, client = 'CL-A', currency = 'USD') => {
    const r = await callTool(collector(), paymentsRecord, {
      client,
      amount,
      currency,
      receivedOn: '2026-11-19',
      method: 'bank_transfer',
      bankReference: `HAND-${++n}`,
      note,
      allocations: [],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value.paymentId;
  };
  /** A posted invoice with a number and a due date, of CL-A unless said. */
  const openInvoice = async (number: string, totalMinor: bigint, dueDate: string, client = 'CL-A') => {
    const id = await insertInvoice(database, {
      totalMinor,
      status: 'posted',
      codes: { entity: 'LE-A', client, contract: 'K-A' },
    });
    await database.db.update(invoices).set({ number, issueDate: '2026-10-01', dueDate }).where(eq(invoices.id, id));
    return id;
  };
  const allocs = (s: { allocations: { invoice: string; amount: string }[] }) =>
    s.allocations.map((a) => [a.invoice, a.amount]);

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    const [le] = await database.db.select().from(legalEntities).where(eq(legalEntities.code, 'LE-A'));
    const [lb] = await database.db.select().from(legalEntities).where(eq(legalEntities.code, 'LE-B'));
    entityB = lb!.id;
    // Another client of the same entity, in the same currency.
    await database.db.insert(clients).values({ code: 'CL-Z', legalEntityId: le!.id, name: 'Client Z', country: 'US' });
    await openInvoice('S-000001', 50_000n, '2026-10-10');
    await openInvoice('S-000002', 80_000n, '2026-10-20');
    await openInvoice('S-000003', 30_000n, '2026-11-01');
    await openInvoice('S-000004', 123_456n, '2026-11-15');
    const eur = await openInvoice('S-000005', 77_700n, '2026-10-05');
    await database.db.update(invoices).set({ currency: 'EUR' }).where(eq(invoices.id, eur));
    await openInvoice('Z-000001', 99_900n, '2026-10-01', 'CL-Z');
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('suggests the rest of a webhook payment for the one invoice of that amount; once applied, none', async () => {
    // The provider's event names S-000001 (500.00) and pays 1300.00: 500.00 applied, 800.00 left on the client.
    const hook = await recordWebhookPayment(
      { database, now: () => NOW },
      {
        id: 'evt_suggest_1',
        type: 'payment_intent.succeeded',
        created: Math.floor(NOW.getTime() / 1000) - 60,
        data: { object: { id: 'pi_1', amount: 130_000, currency: 'USD', metadata: { invoice: 'S-000001' } } },
      },
      NOW,
    );
    if (!hook.ok) throw new Error(JSON.stringify(hook.error));
    webhookPayment = hook.value.paymentId!;
    expect(hook.value).toMatchObject({ applied: '500.00', unapplied: '800.00' });
    const s = await suggestOk(hook.value.paymentId!);
    expect(s).toMatchObject({ confidence: 'exact', unapplied: { amount: '800.00', currency: 'USD' } });
    expect(s.suggestions[0]).toMatchObject({
      rank: 1,
      confidence: 'exact',
      leftUnapplied: { amount: '0.00' },
      allocations: [{ invoice: 'S-000002', amount: '800.00', openBefore: '800.00', openAfter: '0.00' }],
    });
    expect(s.suggestions[0]!.reason).toMatch(/S-000002 is the client's only open invoice of exactly 800.00 USD/);

    // A person applies it with the suggestion's own input; then there is nothing to suggest.
    const applied = await callTool(collector(), paymentsApply, s.suggestions[0]!.apply);
    expect(applied.ok && applied.value.unapplied.amount).toBe('0.00');
    const after = await suggest(hook.value.paymentId!);
    expect(!after.ok && after.error.code).toBe('NO_UNAPPLIED_CASH');
    expect(!after.ok && after.error.message).toMatch(/fully applied/);
  });

  it('suggests a typed-in payment for the two invoices its note names, and for all when it names none', async () => {
    const named = await suggestOk(await record('1534.56', 'remittance advice: S-3 and S-000004'));
    expect(named.confidence).toBe('exact');
    expect(allocs(named.suggestions[0]!)).toEqual([
      ['S-000003', '300.00'],
      ['S-000004', '1234.56'],
    ]);
    expect(named.suggestions).toHaveLength(1);
    const unnamed = await suggestOk(await record('1534.56'));
    expect(unnamed).toMatchObject({ confidence: 'exact', reasons: [expect.stringMatching(/all 2 open invoices/)] });
    expect(allocs(unnamed.suggestions[0]!)).toEqual(allocs(named.suggestions[0]!));
  });

  it('suggests a short payment against the invoice it names, leaving the rest open on it', async () => {
    const s = await suggestOk(await record('1000.00', 'part payment S-000004'));
    expect(s.suggestions[0]).toMatchObject({
      confidence: 'exact',
      allocations: [{ invoice: 'S-000004', amount: '1000.00', openAfter: '234.56' }],
      leftUnapplied: { amount: '0.00' },
    });
    expect(s.suggestions[0]!.reason).toMatch(/short payment of S-000004: 234.56 USD stays open/);
  });

  it("never suggests another client's invoice nor another currency's, even named and of the amount", async () => {
    const other = await suggestOk(await record('999.00', 'paying Z-000001'));
    const eur = await suggestOk(await record('777.00', 'S-000005'));
    for (const s of [other, eur]) {
      expect(s.confidence).toBe('none');
      expect(s.suggestions).toEqual([]);
      expect(s.candidates.map((c) => c.invoice).sort()).toEqual(['S-000003', 'S-000004']);
    }
  });

  it('refuses a reversed payment, one in an entity outside the reader, and an unknown one', async () => {
    const id = await record('12.00');
    await callTool(collector(), paymentsReverse, { paymentId: id, reason: 'returned by the bank' });
    expect(await suggest(id)).toMatchObject({ ok: false, error: { code: 'PAYMENT_ALREADY_REVERSED' } });
    const live = await record('13.00');
    expect(await suggest(live, actor('collector', [entityB]))).toMatchObject({
      ok: false,
      error: { code: 'ENTITY_OUT_OF_SCOPE' },
    });
    expect(await suggest('00000000-0000-4000-8000-000000000000')).toMatchObject({
      ok: false,
      error: { code: 'PAYMENT_NOT_FOUND' },
    });
  });

  it('answers the agent acting for a collector, and an auditor, and writes nothing', async () => {
    const id = await record('300.00');
    const agent: Actor = { ...actor('agent'), userId: 'agent:copilot', onBehalfOf: actor('collector') };
    const r = await suggest(id, agent);
    expect(r.ok && allocs(r.value.suggestions[0]!)).toEqual([['S-000003', '300.00']]);
    expect((await suggest(id, actor('auditor'))).ok).toBe(true);
    expect((await suggest(id, actor('project_manager'))).ok).toBe(false);
  });

  it('serves GET /payments/{id}/suggestions (409 once all applied) and "what could payment X pay"', async () => {
    const app = testApp(database);
    const get = async (id: string, key: string) => {
      const res = await app.request(`/payments/${id}/suggestions`, { headers: { authorization: `Bearer ${key}` } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & SuggestBody };
    };
    type SuggestBody = { code?: string; suggestions?: { allocations: { invoice: string }[] }[] };
    const id = await record('1234.56');
    const ok = await get(id, users.key.collector);
    expect(ok.status).toBe(200);
    expect(ok.body.suggestions![0]!.allocations.map((a) => a.invoice)).toEqual(['S-000004']);
    expect((await get(id, users.scopedKey.collector)).status).toBe(403);
    expect((await get(id, users.key.project_manager)).status).toBe(403);
    expect(await get(webhookPayment, users.key.collector)).toMatchObject({
      status: 409,
      body: { code: 'NO_UNAPPLIED_CASH' },
    });

    const turn = await runTurn(
      { database, now: () => NOW },
      {
        person: { userId: users.ids[users.email('collector')]!, roles: ['collector'], entityIds: null },
        text: `what could payment ${id} pay?`,
      },
    );
    if (!turn.ok) throw new Error(JSON.stringify(turn.error));
    expect(turn.value.toolCalls.map((c) => [c.tool, c.outcome])).toEqual([['payments_suggest_application', 'ok']]);
    expect(turn.value.reply).toMatch(/1\. exact: S-000004 1234\.56/);
    expect(turn.value.reply).toMatch(/I apply nothing/);
    // Proposed, not applied: the cash is still on the client.
    expect((await suggestOk(id)).unapplied.amount).toBe('1234.56');
  });

  it('never suggests more than the payment has unapplied nor more than an invoice owes (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.bigInt({ min: 1n, max: 300_000n }),
        fc.constantFrom(undefined, 'S-000003', 'S-000004 S-000003', 'Z-000001', 'thanks'),
        async (minor, note) => {
          const amount = `${minor / 100n}.${String(minor % 100n).padStart(2, '0')}`;
          const s = await suggestOk(await record(amount, note));
          const ids = new Map(
            (await database.db.select({ id: invoices.id, number: invoices.number }).from(invoices)).map((i) => [
              i.number,
              i.id,
            ]),
          );
          const balances = await invoiceBalances(database.db, [...ids.values()]);
          for (const x of s.suggestions) {
            const total = x.allocations.reduce((sum, a) => sum + parse(a.amount, 'USD').amountMinor, 0n);
            expect(total <= minor).toBe(true);
            for (const a of x.allocations) {
              const f = balances.get(ids.get(a.invoice)!)!;
              expect(f.currency).toBe('USD');
              expect(parse(a.amount, 'USD').amountMinor <= openBalance(f)).toBe(true);
              expect(a.invoice).not.toBe('Z-000001');
            }
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});
