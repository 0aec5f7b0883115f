import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type TestUsers } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { queryRows } from '../../db/client.ts';
import { auditLog, invoices, legalEntities, payments } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { bankStatementsImport } from '../bank-statements/import-bank-statement.ts';
import { recordWebhookPayment } from './payment-webhook.ts';
import { paymentsRecord } from './record-payment.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };
type Issued = { id: string; number: string };
const clientA = { code: 'CL-A', name: 'Client A', country: 'US' };

/**
 * Client A moves from entity A to entity B (approved). Invoices A issued before the move keep their issuer and the
 * account they print, so their cash arrives in A's account and is A's receivable: recorded in A (the catalogue entry,
 * the API, the payment webhook, A's bank statement), never mixed with B's invoices in one payment, and only by
 * someone with A in scope.
 */
describe(`cash for invoices issued before a client moved to another legal entity, on ${backend}`, () => {
  const env = useFirmApp();
  const key = (role: keyof TestUsers['key'], scoped = false) => (scoped ? env.users.scopedKey : env.users.key)[role];
  const post = (k: string, path: string, body: unknown = {}) => call<Body>(env.app, 'POST', path, { key: k, body });
  const entityIds = new Map<string, string>();
  let n = 0;
  const collector = (): ToolCaller => ({
    actor: {
      userId: env.users.ids[env.users.email('collector')]!,
      roles: ['collector'],
      entityIds: null,
      onBehalfOf: null,
    },
    correlationId: `cash-after-move-${++n}`,
    now: new Date(),
    deps: { database: env.database, now: () => new Date() },
  });
  const payment = (bankReference: string, allocations: { invoice: string; amount: string }[], amount: string) => ({
    client: 'CL-A',
    amount,
    currency: 'USD',
    receivedOn: '2026-11-02',
    method: 'bank_transfer' as const,
    bankReference,
    allocations,
  });
  const paymentRow = async (id: string) =>
    (await env.database.db.select().from(payments).where(eq(payments.id, id)))[0]!;
  const statusOf = async (id: string) =>
    (await env.database.db.select().from(invoices).where(eq(invoices.id, id)))[0]!.status;
  const count = async (table: string) =>
    Number(
      (await queryRows<{ n: number }>(env.database.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]!.n,
    );
  const recordAudit = async (paymentId: string) =>
    env.database.db.select().from(auditLog).where(eq(auditLog.targetId, paymentId));

  /** Issued by entity A before the move, each paid (or refused) by one test; amounts differ so no two match alike. */
  const old = {} as Record<'catalogue' | 'named' | 'api' | 'mixed' | 'webhook' | 'named_line' | 'name_line', Issued>;
  /** Issued by entity B after the move. */
  let issuedByB: Issued;

  beforeAll(async () => {
    const db = env.database.db;
    for (const e of await db.select().from(legalEntities)) entityIds.set(e.code, e.id);
    const totals = {
      catalogue: 100_000n,
      named: 40_000n,
      api: 25_000n,
      mixed: 60_000n,
      webhook: 81_000n,
      named_line: 70_000n,
      name_line: 33_333n,
    };
    for (const [k, totalMinor] of Object.entries(totals))
      old[k as keyof typeof old] = await openInvoice(env.database, {
        client: 'CL-A',
        contract: 'K-A',
        issueDate: '2026-10-01',
        totalMinor,
      });
    // The approved move, as a clerk and a finance admin make it (src/tools/clients/move-client.int.test.ts).
    const move = { ...clientA, legalEntity: 'LE-B' };
    const asked = await post(key('billing_clerk'), '/clients', move);
    expect(asked.status, JSON.stringify(asked.body)).toBe(409);
    const granted = await post(key('finance_admin'), `/approvals/${asked.body.details!.requestId as string}/grant`);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const moved = await post(key('billing_clerk'), '/clients', move);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.legalEntity).toBe('LE-B');
    issuedByB = await openInvoice(env.database, {
      client: 'CL-A',
      contract: 'K-A',
      issueDate: '2026-10-15',
      totalMinor: 50_000n,
    });
    const [b] = await db.select().from(invoices).where(eq(invoices.id, issuedByB.id));
    expect(b!.legalEntityId).toBe(entityIds.get('LE-B'));
  });

  it("records cash for the old entity's invoice in that entity through the catalogue entry, inferred or named", async () => {
    const inferred = await callTool(
      collector(),
      paymentsRecord,
      payment('MOVE-CAT-1', [{ invoice: old.catalogue.number, amount: '1000.00' }], '1000.00'),
    );
    if (!inferred.ok) throw new Error(JSON.stringify(inferred.error));
    expect(inferred.value).toMatchObject({
      replayed: false,
      invoices: [{ invoiceId: old.catalogue.id, status: 'paid' }],
    });
    // The receivable and the bank reference are entity A's: the payment, and its audit row, are posted there.
    expect((await paymentRow(inferred.value.paymentId)).legalEntityId).toBe(entityIds.get('LE-A'));
    const audit = await recordAudit(inferred.value.paymentId);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'invoice.record_payment',
      after: { payment: { legalEntityId: entityIds.get('LE-A') } },
    });
    expect(await statusOf(old.catalogue.id)).toBe('paid');

    const named = await callTool(collector(), paymentsRecord, {
      ...payment('MOVE-CAT-2', [{ invoice: old.named.number, amount: '150.00' }], '150.00'),
      legalEntity: 'LE-A',
    });
    if (!named.ok) throw new Error(JSON.stringify(named.error));
    expect((await paymentRow(named.value.paymentId)).legalEntityId).toBe(entityIds.get('LE-A'));
    expect(await statusOf(old.named.id)).toBe('partially_paid');
    // The same payment again replays, whether the entity is named or inferred.
    const again = await callTool(
      collector(),
      paymentsRecord,
      payment('MOVE-CAT-2', [{ invoice: old.named.number, amount: '150.00' }], '150.00'),
    );
    expect(again.ok && again.value).toMatchObject({ replayed: true, paymentId: named.value.paymentId });
  });

  it("records it through POST /payments, and cash naming no invoice goes to the client's entity now", async () => {
    const r = await post(key('collector'), '/payments', {
      ...payment('MOVE-API-1', [{ invoice: old.api.number, amount: '250.00' }], '250.00'),
      legalEntity: 'LE-A',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.invoices).toMatchObject([{ invoiceId: old.api.id, status: 'paid' }]);
    const shown = await call<Body>(env.app, 'GET', `/payments/${r.body.paymentId as string}`, {
      key: key('controller'),
    });
    expect(shown.body).toMatchObject({ legalEntity: 'LE-A', client: { code: 'CL-A' } });

    const onAccount = await post(key('collector'), '/payments', payment('MOVE-API-2', [], '10.00'));
    expect(onAccount.status, JSON.stringify(onAccount.body)).toBe(201);
    expect((await paymentRow(onAccount.body.paymentId as string)).legalEntityId).toBe(entityIds.get('LE-B'));
  });

  it('refuses a payment that mixes the old and the new entity, naming the invoices, with nothing written', async () => {
    const [before, audit] = [await count('payments'), await count('audit_log')];
    const both = await post(
      key('collector'),
      '/payments',
      payment(
        'MOVE-MIX-1',
        [
          { invoice: old.mixed.number, amount: '600.00' },
          { invoice: issuedByB.number, amount: '500.00' },
        ],
        '1100.00',
      ),
    );
    expect(both).toMatchObject({
      status: 422,
      body: {
        code: 'PAYMENT_MIXES_ENTITIES',
        details: { legalEntity: 'LE-B', invoices: [{ invoice: old.mixed.number, legalEntity: 'LE-A' }] },
      },
    });
    expect(both.body.message).toContain(old.mixed.number);
    const intoB = await post(key('collector'), '/payments', {
      ...payment('MOVE-MIX-2', [{ invoice: old.mixed.number, amount: '600.00' }], '600.00'),
      legalEntity: 'LE-B',
    });
    expect(intoB).toMatchObject({
      status: 422,
      body: {
        code: 'PAYMENT_MIXES_ENTITIES',
        details: { invoices: [{ invoice: old.mixed.number, legalEntity: 'LE-A' }] },
      },
    });
    const intoA = await callTool(collector(), paymentsRecord, {
      ...payment('MOVE-MIX-3', [{ invoice: issuedByB.number, amount: '500.00' }], '500.00'),
      legalEntity: 'LE-A',
    });
    expect(intoA.ok ? 'ok' : intoA.error).toMatchObject({
      code: 'PAYMENT_MIXES_ENTITIES',
      legalEntity: 'LE-A',
      invoices: [{ invoice: issuedByB.number, legalEntity: 'LE-B' }],
    });
    const nowhere = await post(key('collector'), '/payments', {
      ...payment('MOVE-MIX-4', [], '1.00'),
      legalEntity: 'LE-NOPE',
    });
    expect(nowhere.body.code).toBe('UNKNOWN_LEGAL_ENTITY');
    expect([await count('payments'), await count('audit_log')]).toEqual([before, audit]);
    expect([await statusOf(old.mixed.id), await statusOf(issuedByB.id)]).toEqual(['delivered', 'delivered']);
  });

  it('refuses someone without the old entity in scope, though the client is in theirs now', async () => {
    const [before, audit] = [await count('payments'), await count('audit_log')];
    // The scoped collector is limited to LE-B, the client's entity since the move.
    const scoped = key('collector', true);
    const inferred = await post(
      scoped,
      '/payments',
      payment('MOVE-SCOPE-1', [{ invoice: old.mixed.number, amount: '600.00' }], '600.00'),
    );
    // Left to infer, the entity is not taken from an invoice they cannot see: the client's (LE-B) receives it, where the
    // invoice is unknown, and nothing about LE-A is told (a 403 would name LE-A's id).
    expect(inferred).toMatchObject({ status: 422, body: { code: 'UNKNOWN_INVOICE' } });
    expect(JSON.stringify(inferred.body)).not.toContain(entityIds.get('LE-A')!);
    expect(JSON.stringify(inferred.body)).not.toContain('LE-A');
    const named = await post(scoped, '/payments', { ...payment('MOVE-SCOPE-2', [], '600.00'), legalEntity: 'LE-A' });
    expect(named).toMatchObject({ status: 403, body: { code: 'ENTITY_OUT_OF_SCOPE' } });
    // Named into their own entity, the old entity's invoice stays unknown to them: nothing about LE-A is told.
    const intoB = await post(scoped, '/payments', {
      ...payment('MOVE-SCOPE-3', [{ invoice: old.mixed.number, amount: '600.00' }], '600.00'),
      legalEntity: 'LE-B',
    });
    expect(intoB).toMatchObject({ status: 422, body: { code: 'UNKNOWN_INVOICE' } });
    expect(JSON.stringify(intoB.body)).not.toContain('LE-A');
    expect([await count('payments'), await count('audit_log')]).toEqual([before, audit]);
    // Their own entity's invoice of the client they record as before.
    const own = await post(
      scoped,
      '/payments',
      payment('MOVE-SCOPE-4', [{ invoice: issuedByB.number, amount: '500.00' }], '500.00'),
    );
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    expect((await paymentRow(own.body.paymentId as string)).legalEntityId).toBe(entityIds.get('LE-B'));
  });

  it("records the payment provider's cash for the old entity's invoice in that entity", async () => {
    const now = new Date();
    const r = await recordWebhookPayment(
      { database: env.database, now: () => now },
      {
        id: 'evt_move_1',
        type: 'payment_intent.succeeded',
        created: Math.floor(now.getTime() / 1000) - 60,
        data: {
          object: { id: 'pi_move_1', amount: 81_000, currency: 'USD', metadata: { invoice: old.webhook.number } },
        },
      },
      now,
    );
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toMatchObject({ handled: true, applied: '810.00', unapplied: '0.00' });
    expect((await paymentRow(r.value.paymentId!)).legalEntityId).toBe(entityIds.get('LE-A'));
    expect(await statusOf(old.webhook.id)).toBe('paid');
  });

  it("matches the old entity's statement lines paying its invoices to the moved client", async () => {
    const csv = [
      'date,amount,currency,reference,counterparty,account,remittance',
      `2026-11-04,700.00,USD,MOVE-BK-1,Client A Inc.,US11CLNT0000000000009999,Invoice ${old.named_line.number}`,
      '2026-11-04,333.33,USD,MOVE-BK-2,Client A,US11CLNT0000000000008888,November services',
    ].join('\n');
    const r = await callTool(collector(), bankStatementsImport, {
      legalEntity: 'LE-A',
      content: csv,
      fileName: 'le-a-after-move.csv',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.counts).toMatchObject({ applied: 2, unidentified: 0, failed: 0 });
    const by = (ref: string) => r.value.lines.find((l) => l.bankReference === ref)!;
    expect(by('MOVE-BK-1')).toMatchObject({
      status: 'applied',
      client: 'CL-A',
      allocations: [{ invoice: old.named_line.number, amount: '700.00' }],
    });
    // Told by the payer's name: the moved client still counts among entity A's clients while A has its invoices open.
    expect(by('MOVE-BK-2')).toMatchObject({
      status: 'applied',
      client: 'CL-A',
      allocations: [{ invoice: old.name_line.number, amount: '333.33' }],
    });
    for (const ref of ['MOVE-BK-1', 'MOVE-BK-2'])
      expect((await paymentRow(by(ref).paymentId!)).legalEntityId).toBe(entityIds.get('LE-A'));
    expect([await statusOf(old.named_line.id), await statusOf(old.name_line.id)]).toEqual(['paid', 'paid']);
  });

  it('leaves an audit chain that verifies', async () => {
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });
});
