import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../src/db/client.ts';
import {
  auditLog,
  clients,
  invoiceDisputes,
  invoices,
  paymentAllocations,
  payments,
} from '../../src/db/schema/index.ts';
import { verifyAudit } from '../../src/db/stores/audit-store.ts';
import { invoiceBalances } from '../../src/db/stores/payment-store.ts';
import {
  createCreditNote,
  disputeInvoice,
  markDelivered,
  resolveDispute,
  voidInvoice,
  writeOffInvoice,
} from '../../src/tools/invoices/lifecycle/index.ts';
import { grantApproval } from '../../src/tools/approvals/grant-approval.ts';
import { applyPayment } from '../../src/tools/payments/apply-payment.ts';
import { recordPayment, type RecordPaymentInput } from '../../src/tools/payments/record-payment.ts';
import { reversePayment } from '../../src/tools/payments/reverse-payment.ts';
import { openBalance } from '../../src/billing/payments/balance.ts';
import { Ledger } from '../../src/billing/payments/ledger.test-support.ts';
import { collectionStatus } from '../../src/billing/payments/status.ts';
import { format, money } from '../../src/shared/money.ts';
import { backend, createTestDatabase } from '../helpers/db.ts';
import { loadFirm } from '../helpers/firm.ts';
import { agentFor, cast, codeOf, ctxOf, insertInvoice, person, unwrap } from '../helpers/invoices.ts';

let refs = 0;
const usd = (minor: bigint) => format(money(minor, 'USD'));

describe(`payments and disputes on ${backend}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase({ poolSize: 10 });
    await loadFirm(database);
  });
  afterAll(async () => database?.close());
  // Every test leaves an audit chain that still verifies.
  afterEach(async () => expect((await verifyAudit(database.db)).ok).toBe(true));

  /** A posted (or delivered) USD invoice of client CL1. */
  const posted = async (totalMinor: bigint, opts: { delivered?: boolean; currency?: string } = {}): Promise<string> => {
    const id = await insertInvoice(database, { totalMinor, status: 'posted' });
    if (opts.delivered)
      await database.db
        .update(invoices)
        .set({ status: 'delivered', deliveredAt: new Date() })
        .where(eq(invoices.id, id));
    if (opts.currency) await database.db.update(invoices).set({ currency: opts.currency }).where(eq(invoices.id, id));
    return id;
  };
  const request = (
    amountMinor: bigint,
    allocations: [string, bigint][],
    over: Partial<RecordPaymentInput> = {},
  ): RecordPaymentInput => ({
    client: 'CL1',
    amount: usd(amountMinor),
    currency: 'USD',
    receivedOn: '2026-11-20',
    method: 'bank_transfer',
    bankReference: `BR-${++refs}`,
    allocations: allocations.map(([invoice, minor]) => ({ invoice, amount: usd(minor) })),
    ...over,
  });
  const pay = (
    amountMinor: bigint,
    allocations: [string, bigint][],
    over: Partial<RecordPaymentInput> = {},
    actor = cast.collector,
  ) => recordPayment(database, ctxOf(actor), request(amountMinor, allocations, over));
  const invoice = async (id: string) => {
    const [row] = await database.db.select().from(invoices).where(eq(invoices.id, id));
    const facts = (await invoiceBalances(database.db, [id])).get(id)!;
    return { status: row!.status, open: openBalance(facts), paid: facts.paidMinor };
  };
  const counts = async () => {
    const [row] = await queryRows<{ p: number; a: number; l: number; d: number }>(
      database.db,
      sql`SELECT
      (SELECT count(*)::int FROM payments) AS p, (SELECT count(*)::int FROM payment_allocations) AS a,
      (SELECT count(*)::int FROM audit_log) AS l, (SELECT count(*)::int FROM invoice_disputes) AS d`,
    );
    return row!;
  };

  describe('recordPayment', () => {
    it('makes an invoice partially paid, then paid, keeping what is left of a payment as unapplied cash', async () => {
      const id = await posted(100_000n, { delivered: true });
      const first = unwrap(await pay(40_000n, [[id, 40_000n]]));
      expect(first).toMatchObject({
        status: 'recorded',
        replayed: false,
        unapplied: { amount: '0.00' },
        invoices: [{ invoiceId: id, status: 'partially_paid', openBalance: { amount: '600.00' } }],
      });
      expect(await invoice(id)).toEqual({ status: 'partially_paid', open: 60_000n, paid: 40_000n });
      const second = unwrap(await pay(75_000n, [[id, 60_000n]]));
      expect(second).toMatchObject({
        applied: { amount: '600.00' },
        unapplied: { amount: '150.00', currency: 'USD' },
        invoices: [{ status: 'paid', openBalance: { amount: '0.00' } }],
      });
      expect(await invoice(id)).toEqual({ status: 'paid', open: 0n, paid: 100_000n });
    });

    it('pays several invoices of the client with one receipt, by number or id', async () => {
      const a = await posted(30_000n);
      const b = await posted(20_000n);
      await database.db
        .update(invoices)
        .set({ number: `TUS-PAY-${refs}` })
        .where(eq(invoices.id, b));
      const [bRow] = await database.db.select().from(invoices).where(eq(invoices.id, b));
      unwrap(
        await pay(50_000n, [
          [a, 30_000n],
          [bRow!.number!, 20_000n],
        ]),
      );
      expect([(await invoice(a)).status, (await invoice(b)).status]).toEqual(['paid', 'paid']);
    });

    it('writes the payment, its allocations, the statuses and one audit row with the balances before and after', async () => {
      const id = await posted(10_000n);
      const before = await counts();
      const r = unwrap(await pay(10_000n, [[id, 4_000n]], { note: 'remittance 0042' }));
      expect(await counts()).toMatchObject({ p: before.p + 1, a: before.a + 1, l: before.l + 1 });
      const [row] = await database.db.select().from(auditLog).where(eq(auditLog.targetId, r.paymentId));
      expect(row).toMatchObject({
        action: 'invoice.record_payment',
        targetType: 'payment',
        actorId: 'u-coll',
        reason: 'remittance 0042',
        before: { invoices: [{ invoiceId: id, status: 'posted', openBalanceMinor: '10000' }] },
        after: {
          unappliedMinor: '6000',
          invoices: [{ invoiceId: id, status: 'partially_paid', openBalanceMinor: '6000', allocatedMinor: '4000' }],
        },
      });
      const [p] = await database.db.select().from(payments).where(eq(payments.id, r.paymentId));
      expect(p).toMatchObject({
        amountMinor: 10_000n,
        currency: 'USD',
        method: 'bank_transfer',
        recordedBy: 'u-coll',
        status: 'recorded',
        note: 'remittance 0042',
      });
    });

    it('counts credit notes in the balance a payment may settle', async () => {
      const id = await posted(50_000n);
      const asked = await createCreditNote(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'goodwill' });
      if (asked.ok || asked.error.code !== 'APPROVAL_REQUIRED') throw new Error(codeOf(asked));
      unwrap(await grantApproval(database, ctxOf(cast.ctl), { requestId: asked.error.requestId! }));
      unwrap(await createCreditNote(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'goodwill' }));
      expect(await invoice(id)).toMatchObject({ open: 0n });
      expect(codeOf(await pay(1n, [[id, 1n]]))).toBe('OVERPAYMENT');
    });

    it('settles a partially paid invoice whose remainder a credit note covers, and reopens it when that note is voided', async () => {
      const id = await posted(50_000n, { delivered: true });
      unwrap(await pay(30_000n, [[id, 30_000n]]));
      expect(await invoice(id)).toMatchObject({ status: 'partially_paid', open: 20_000n });
      const approved = async <T>(run: () => Promise<T>): Promise<T> => {
        const asked = (await run()) as { ok: boolean; error?: { code: string; requestId?: string } };
        if (asked.ok || asked.error?.code !== 'APPROVAL_REQUIRED') throw new Error(JSON.stringify(asked));
        unwrap(await grantApproval(database, ctxOf(cast.ctl), { requestId: asked.error.requestId! }));
        return run();
      };
      const note = unwrap(
        await approved(() => createCreditNote(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'goodwill' })),
      );
      expect(await invoice(id)).toMatchObject({ status: 'paid' });
      expect(collectionStatus({ ...(await invoiceBalances(database.db, [id])).get(id)! })).toBe('paid');
      unwrap(
        await approved(() =>
          voidInvoice(database, ctxOf(cast.clerk), { invoiceId: note.creditNoteId, reason: 'issued in error' }),
        ),
      );
      expect(await invoice(id)).toMatchObject({ status: 'partially_paid', open: 20_000n });
    });

    it.each<[string, () => Promise<RecordPaymentInput>, string]>([
      [
        'an allocation beyond the open balance',
        async () => request(100_000n, [[await posted(5_000n), 5_001n]]),
        'OVERPAYMENT',
      ],
      [
        'allocations beyond the payment',
        async () => request(1_000n, [[await posted(5_000n), 2_000n]]),
        'ALLOCATIONS_EXCEED_PAYMENT',
      ],
      [
        'an invoice in another currency',
        async () => request(1_000n, [[await posted(5_000n, { currency: 'EUR' }), 1_000n]]),
        'CURRENCY_MISMATCH',
      ],
      [
        'a draft',
        async () => request(1_000n, [[await insertInvoice(database, { totalMinor: 5_000n, status: 'draft' }), 1_000n]]),
        'INVALID_TRANSITION',
      ],
      [
        'an approved invoice not posted',
        async () =>
          request(1_000n, [[await insertInvoice(database, { totalMinor: 5_000n, status: 'approved' }), 1_000n]]),
        'INVALID_TRANSITION',
      ],
      ['an unknown invoice', async () => request(1_000n, [['TUS-999999', 1_000n]]), 'UNKNOWN_INVOICE'],
      ['an unknown client', async () => ({ ...request(1_000n, []), client: 'NOPE' }), 'UNKNOWN_CLIENT'],
      ['a zero payment', async () => request(0n, []), 'PAYMENT_NOT_POSITIVE'],
      ['a zero allocation', async () => request(1_000n, [[await posted(5_000n), 0n]]), 'ALLOCATION_NOT_POSITIVE'],
      [
        'a payment received in the future',
        async () => ({ ...request(1_000n, []), receivedOn: '2026-12-31' }),
        'RECEIVED_IN_FUTURE',
      ],
    ])('refuses %s and writes nothing', async (_name, make, code) => {
      const input = await make();
      const before = await counts();
      expect(codeOf(await recordPayment(database, ctxOf(cast.collector), input))).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it("refuses another client's invoice", async () => {
      const id = await posted(5_000n);
      const [cl] = await database.db.select().from(clients).where(eq(clients.code, 'CL1'));
      await database.db
        .insert(clients)
        .values({ code: 'CL2', legalEntityId: cl!.legalEntityId, name: 'Client Two', country: 'US' })
        .onConflictDoNothing();
      expect(codeOf(await pay(1_000n, [[id, 1_000n]], { client: 'CL2' }))).toBe('INVOICE_OF_ANOTHER_CLIENT');
    });

    it.each<[string, ReturnType<typeof person>, string]>([
      ['the agent, even for a collector', agentFor(cast.collector), 'FORBIDDEN'],
      ['a billing clerk', cast.clerk, 'FORBIDDEN'],
      ['a controller', cast.ctl, 'FORBIDDEN'],
      [
        'a collector limited to another entity',
        person('u-coll-x', ['collector'], ['00000000-0000-4000-8000-000000000000']),
        'FORBIDDEN',
      ],
    ])('refuses %s and writes nothing', async (_name, actor, code) => {
      const id = await posted(5_000n);
      const before = await counts();
      expect(codeOf(await pay(1_000n, [[id, 1_000n]], {}, actor))).toBe(code);
      expect(await counts()).toEqual(before);
    });

    it('lets a finance admin record payments', async () => {
      expect(codeOf(await pay(1_000n, [[await posted(5_000n), 1_000n]], {}, cast.fa))).toBe('ok');
    });
  });

  describe('the bank reference', () => {
    it('replays the same payment recorded twice: one payment, one effect, one audit row', async () => {
      const id = await posted(10_000n);
      const input = request(10_000n, [[id, 10_000n]]);
      const first = unwrap(await recordPayment(database, ctxOf(cast.collector), input));
      const before = await counts();
      const again = unwrap(
        await recordPayment(database, ctxOf(cast.fa), { ...input, allocations: [...input.allocations].reverse() }),
      );
      expect(again).toEqual({ ...first, replayed: true });
      expect(await counts()).toEqual(before);
      expect(await invoice(id)).toEqual({ status: 'paid', open: 0n, paid: 10_000n });
    });

    it('refuses another payment under a reference already used', async () => {
      const id = await posted(10_000n);
      const input = request(5_000n, [[id, 5_000n]]);
      const first = unwrap(await recordPayment(database, ctxOf(cast.collector), input));
      const r = await recordPayment(database, ctxOf(cast.collector), {
        ...input,
        amount: '60.00',
        allocations: [{ invoice: id, amount: '60.00' }],
      });
      expect(r).toMatchObject({ ok: false, error: { code: 'PAYMENT_REFERENCE_CONFLICT', paymentId: first.paymentId } });
      expect(await invoice(id)).toMatchObject({ paid: 5_000n });
    });

    it('records a reference sent by two requests at once only once', async () => {
      const [a, b] = [await posted(10_000n), await posted(10_000n)];
      // No shared invoice, so no row lock orders them: the unique index does.
      const input = request(20_000n, [[a, 3_000n]]);
      const results = await Promise.all([
        recordPayment(database, ctxOf(cast.collector), input),
        recordPayment(database, ctxOf(cast.collector), input),
      ]);
      expect(results.map((r) => r.ok && r.value.replayed).sort()).toEqual([false, true]);
      const [n] = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM payments WHERE bank_reference = ${input.bankReference}`,
      );
      expect(Number(n!.n)).toBe(1);
      expect((await invoice(a)).paid).toBe(3_000n);
      expect((await invoice(b)).paid).toBe(0n);
    });
  });

  describe('concurrent payments', () => {
    it('lets exactly one of two payments that together overpay succeed', async () => {
      const id = await posted(10_000n);
      const results = await Promise.all([pay(6_000n, [[id, 6_000n]]), pay(6_000n, [[id, 6_000n]])]);
      expect(results.map(codeOf).sort()).toEqual(['OVERPAYMENT', 'ok']);
      expect(await invoice(id)).toEqual({ status: 'partially_paid', open: 4_000n, paid: 6_000n });
    });

    it('settles an invoice exactly when ten collectors race to pay a fifth of it each', async () => {
      const id = await posted(10_000n);
      const results = await Promise.all(Array.from({ length: 10 }, () => pay(2_000n, [[id, 2_000n]])));
      expect(results.filter((r) => r.ok)).toHaveLength(5);
      // Once paid, an invoice takes no more payments.
      expect(results.filter((r) => !r.ok).map(codeOf)).toEqual(Array(5).fill('INVALID_TRANSITION'));
      expect(await invoice(id)).toEqual({ status: 'paid', open: 0n, paid: 10_000n });
    });

    it('does not deadlock two payments that lock the same invoices in opposite orders', async () => {
      const [a, b] = [await posted(10_000n), await posted(10_000n)];
      const results = await Promise.all([
        pay(2_000n, [
          [a, 1_000n],
          [b, 1_000n],
        ]),
        pay(2_000n, [
          [b, 1_000n],
          [a, 1_000n],
        ]),
      ]);
      expect(results.map(codeOf)).toEqual(['ok', 'ok']);
      expect([(await invoice(a)).paid, (await invoice(b)).paid]).toEqual([2_000n, 2_000n]);
    });
  });

  describe('reversePayment', () => {
    it('gives every invoice its payment back and sets the status from the balance', async () => {
      const [a, b] = [await posted(10_000n, { delivered: true }), await posted(10_000n)];
      unwrap(await pay(3_000n, [[b, 3_000n]]));
      const p = unwrap(
        await pay(17_000n, [
          [a, 10_000n],
          [b, 7_000n],
        ]),
      );
      expect([(await invoice(a)).status, (await invoice(b)).status]).toEqual(['paid', 'paid']);
      const r = unwrap(
        await reversePayment(database, ctxOf(cast.fa), {
          paymentId: p.paymentId,
          reason: 'returned: insufficient funds',
        }),
      );
      expect(r.invoices).toEqual([
        {
          invoiceId: a,
          reopened: { amount: '100.00', currency: 'USD' },
          openBalance: { amount: '100.00', currency: 'USD' },
          status: 'delivered',
        },
        {
          invoiceId: b,
          reopened: { amount: '70.00', currency: 'USD' },
          openBalance: { amount: '70.00', currency: 'USD' },
          status: 'partially_paid',
        },
      ]);
      expect(await invoice(a)).toEqual({ status: 'delivered', open: 10_000n, paid: 0n });
      const [row] = await database.db.select().from(payments).where(eq(payments.id, p.paymentId));
      expect(row).toMatchObject({
        status: 'reversed',
        reversedBy: 'u-fa',
        reversalReason: 'returned: insufficient funds',
      });
      const audited = await database.db.select().from(auditLog).where(eq(auditLog.action, 'invoice.reverse_payment'));
      expect(audited.at(-1)).toMatchObject({ targetId: p.paymentId, reason: 'returned: insufficient funds' });
    });

    it('refuses a second reversal, and a payment on an invoice written off since', async () => {
      const id = await posted(10_000n);
      const p = unwrap(await pay(1_000n, [[id, 1_000n]]));
      unwrap(await reversePayment(database, ctxOf(cast.collector), { paymentId: p.paymentId, reason: 'bounced' }));
      expect(
        codeOf(await reversePayment(database, ctxOf(cast.collector), { paymentId: p.paymentId, reason: 'bounced' })),
      ).toBe('PAYMENT_ALREADY_REVERSED');
      const q = unwrap(await pay(1_000n, [[id, 1_000n]]));
      const asked = await writeOffInvoice(database, ctxOf(cast.collector), { invoiceId: id, reason: 'insolvent' });
      if (asked.ok || asked.error.code !== 'APPROVAL_REQUIRED') throw new Error(codeOf(asked));
      unwrap(await grantApproval(database, ctxOf(cast.ctl), { requestId: asked.error.requestId! }));
      // What is written off is what the payment left open.
      expect(
        unwrap(await writeOffInvoice(database, ctxOf(cast.collector), { invoiceId: id, reason: 'insolvent' }))
          .writtenOff,
      ).toEqual({ amount: '90.00', currency: 'USD' });
      expect(
        codeOf(await reversePayment(database, ctxOf(cast.collector), { paymentId: q.paymentId, reason: 'bounced' })),
      ).toBe('INVALID_TRANSITION');
    });

    it('refuses the agent, and a payment that does not exist', async () => {
      const p = unwrap(await pay(1_000n, []));
      expect(
        codeOf(await reversePayment(database, ctxOf(agentFor(cast.fa)), { paymentId: p.paymentId, reason: 'bounced' })),
      ).toBe('FORBIDDEN');
      expect(
        codeOf(
          await reversePayment(database, ctxOf(cast.fa), {
            paymentId: '00000000-0000-4000-8000-000000000000',
            reason: 'bounced',
          }),
        ),
      ).toBe('PAYMENT_NOT_FOUND');
    });
  });

  describe('applying unapplied cash', () => {
    const applyCash = (paymentId: string, allocations: [string, bigint][], actor = cast.collector) =>
      applyPayment(database, ctxOf(actor), {
        paymentId,
        allocations: allocations.map(([invoice, minor]) => ({ invoice, amount: usd(minor) })),
      });
    const allocationRows = (paymentId: string) =>
      database.db.select().from(paymentAllocations).where(eq(paymentAllocations.paymentId, paymentId));

    it('applies cash received on account to invoices later, each status following its balance, with one audit row', async () => {
      const [a, b] = [await posted(30_000n), await posted(20_000n, { delivered: true })];
      const cash = unwrap(await pay(45_000n, []));
      expect(cash.unapplied).toEqual({ amount: '450.00', currency: 'USD' });
      const r = unwrap(
        await applyCash(cash.paymentId, [
          [a, 30_000n],
          [b, 5_000n],
        ]),
      );
      expect(r).toMatchObject({
        appliedNow: { amount: '350.00' },
        applied: { amount: '350.00' },
        unapplied: { amount: '100.00' },
        invoices: [
          { invoiceId: a, status: 'paid', openBalance: { amount: '0.00' } },
          { invoiceId: b, status: 'partially_paid', openBalance: { amount: '150.00' } },
        ],
      });
      expect([await invoice(a), await invoice(b)]).toEqual([
        { status: 'paid', open: 0n, paid: 30_000n },
        { status: 'partially_paid', open: 15_000n, paid: 5_000n },
      ]);
      expect(
        (await allocationRows(cash.paymentId)).map((x) => [x.invoiceId, x.amountMinor, x.recordedMinor]).sort(),
      ).toEqual(
        [
          [a, 30_000n, 0n],
          [b, 5_000n, 0n],
        ].sort(),
      );
      const [row] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'invoice.apply_payment'), eq(auditLog.targetId, cash.paymentId)));
      expect(row).toMatchObject({
        actorId: 'u-coll',
        before: {
          unappliedMinor: '45000',
          invoices: [
            { invoiceId: a, status: 'posted' },
            { invoiceId: b, status: 'delivered' },
          ],
        },
        after: {
          unappliedMinor: '10000',
          invoices: [
            { invoiceId: a, allocatedMinor: '30000', status: 'paid' },
            { invoiceId: b, allocatedMinor: '5000', status: 'partially_paid' },
          ],
        },
      });
    });

    it('adds to the allocation a recorded payment already had, and a retry of the recording still replays', async () => {
      const id = await posted(50_000n);
      const sent = request(30_000n, [[id, 10_000n]]);
      const first = unwrap(await recordPayment(database, ctxOf(cast.collector), sent));
      unwrap(await applyCash(first.paymentId, [[id, 15_000n]]));
      expect((await allocationRows(first.paymentId)).map((x) => [x.amountMinor, x.recordedMinor])).toEqual([
        [25_000n, 10_000n],
      ]);
      const before = await counts();
      const retry = unwrap(await recordPayment(database, ctxOf(cast.collector), sent));
      expect(retry).toMatchObject({
        paymentId: first.paymentId,
        replayed: true,
        applied: { amount: '250.00' },
        unapplied: { amount: '50.00' },
      });
      expect(await counts()).toEqual(before);
      expect(await invoice(id)).toEqual({ status: 'partially_paid', open: 25_000n, paid: 25_000n });
    });

    it('refuses more than is unapplied, a fully applied or reversed payment and an unknown invoice, writing nothing', async () => {
      const id = await posted(50_000n);
      const cash = unwrap(await pay(10_000n, [[id, 4_000n]]));
      const before = await counts();
      expect(await applyCash(cash.paymentId, [[id, 6_001n]])).toMatchObject({
        ok: false,
        error: { code: 'EXCEEDS_UNAPPLIED', unapplied: { amount: '60.00' } },
      });
      expect(codeOf(await applyCash(cash.paymentId, [['TUS-NOPE', 1n]]))).toBe('UNKNOWN_INVOICE');
      expect(
        codeOf(
          await applyPayment(database, ctxOf(cast.collector), {
            paymentId: cash.paymentId,
            allocations: [{ invoice: id, amount: '1.001' }],
          }),
        ),
      ).toBe('AMOUNT_TOO_PRECISE');
      expect(codeOf(await applyCash('00000000-0000-4000-8000-000000000000', [[id, 1n]]))).toBe('PAYMENT_NOT_FOUND');
      expect(await counts()).toEqual(before);
      unwrap(await applyCash(cash.paymentId, [[id, 6_000n]]));
      expect(codeOf(await applyCash(cash.paymentId, [[id, 1n]]))).toBe('NO_UNAPPLIED_CASH');
      const other = unwrap(await pay(5_000n, []));
      unwrap(await reversePayment(database, ctxOf(cast.fa), { paymentId: other.paymentId, reason: 'bounced' }));
      expect(codeOf(await applyCash(other.paymentId, [[id, 1n]]))).toBe('PAYMENT_ALREADY_REVERSED');
    });

    it('refuses the agent and a billing clerk', async () => {
      const id = await posted(10_000n);
      const cash = unwrap(await pay(1_000n, []));
      expect(codeOf(await applyCash(cash.paymentId, [[id, 1_000n]], agentFor(cast.collector)))).toBe('FORBIDDEN');
      expect(codeOf(await applyCash(cash.paymentId, [[id, 1_000n]], cast.clerk))).toBe('FORBIDDEN');
      expect((await invoice(id)).paid).toBe(0n);
    });

    it('gives back what was recorded and what was applied later when the payment is reversed', async () => {
      const [a, b] = [await posted(10_000n, { delivered: true }), await posted(10_000n)];
      const p = unwrap(await pay(15_000n, [[a, 10_000n]]));
      unwrap(await applyCash(p.paymentId, [[b, 5_000n]]));
      const r = unwrap(await reversePayment(database, ctxOf(cast.fa), { paymentId: p.paymentId, reason: 'returned' }));
      expect(r.invoices.map((x) => [x.invoiceId, x.reopened.amount, x.status]).sort()).toEqual(
        [
          [a, '100.00', 'delivered'],
          [b, '50.00', 'posted'],
        ].sort(),
      );
      expect([await invoice(a), await invoice(b)]).toEqual([
        { status: 'delivered', open: 10_000n, paid: 0n },
        { status: 'posted', open: 10_000n, paid: 0n },
      ]);
    });

    it("applies a payment's cash once when ten applications of all of it arrive at once", async () => {
      const targets = await Promise.all(Array.from({ length: 10 }, () => posted(10_000n)));
      const cash = unwrap(await pay(10_000n, []));
      const results = await Promise.all(targets.map((id) => applyCash(cash.paymentId, [[id, 10_000n]])));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(new Set(results.filter((r) => !r.ok).map(codeOf))).toEqual(new Set(['NO_UNAPPLIED_CASH']));
      const rows = await allocationRows(cash.paymentId);
      expect(rows.reduce((s, x) => s + x.amountMinor, 0n)).toBe(10_000n);
      expect((await Promise.all(targets.map(invoice))).filter((i) => i.status === 'paid')).toHaveLength(1);
    });
  });

  describe('delivery recorded after payment', () => {
    const deliver = (invoiceId: string) => markDelivered(database, ctxOf(cast.clerk), { invoiceId });
    const row = async (id: string) => (await database.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;

    it('records the delivery of an invoice paid before it, keeps it paid, and a reversed payment then reopens it as delivered', async () => {
      const id = await posted(10_000n);
      const p = unwrap(await pay(10_000n, [[id, 10_000n]]));
      const paidAt = (await row(id)).statusChangedAt;
      const r = unwrap(await deliver(id));
      expect(r).toMatchObject({ invoiceId: id, status: 'paid' });
      const after = await row(id);
      expect(after).toMatchObject({ status: 'paid', deliveredAt: new Date(r.deliveredAt), statusChangedAt: paidAt });
      const [audited] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'invoice.deliver'), eq(auditLog.targetId, id)));
      expect(audited).toMatchObject({
        before: { status: 'paid', deliveredAt: null },
        after: { status: 'paid', deliveredAt: r.deliveredAt },
      });
      unwrap(
        await reversePayment(database, ctxOf(cast.fa), {
          paymentId: p.paymentId,
          reason: 'returned: insufficient funds',
        }),
      );
      expect(await invoice(id)).toEqual({ status: 'delivered', open: 10_000n, paid: 0n });
    });

    it('keeps a partially paid or disputed invoice as it is, setting only when it was delivered', async () => {
      const part = await posted(10_000n);
      unwrap(await pay(4_000n, [[part, 4_000n]]));
      expect(unwrap(await deliver(part)).status).toBe('partially_paid');
      const disputed = await posted(10_000n);
      unwrap(await disputeInvoice(database, ctxOf(cast.am), { invoiceId: disputed, reason: 'not received' }));
      expect(unwrap(await deliver(disputed)).status).toBe('disputed');
      expect(await row(disputed)).toMatchObject({ status: 'disputed', deliveredAt: expect.any(Date) });
    });

    it('records a delivery once: a second is 409 ALREADY_DELIVERED naming the first, with nothing written', async () => {
      const id = await posted(10_000n);
      const first = unwrap(await deliver(id));
      expect(first.status).toBe('delivered');
      unwrap(await pay(2_000n, [[id, 2_000n]]));
      const before = await counts();
      const again = await deliver(id);
      expect(again).toMatchObject({
        ok: false,
        error: { code: 'ALREADY_DELIVERED', invoiceId: id, deliveredAt: first.deliveredAt },
      });
      expect(await counts()).toEqual(before);
      expect((await row(id)).deliveredAt).toEqual(new Date(first.deliveredAt));
      // Still delivered (nothing paid since): the lifecycle refuses it before the guard does.
      const other = await posted(10_000n);
      unwrap(await deliver(other));
      expect(codeOf(await deliver(other))).toBe('INVALID_TRANSITION');
    });

    it('refuses the delivery of a written-off invoice', async () => {
      const id = await posted(10_000n);
      const asked = await writeOffInvoice(database, ctxOf(cast.collector), { invoiceId: id, reason: 'insolvent' });
      if (asked.ok || asked.error.code !== 'APPROVAL_REQUIRED') throw new Error(codeOf(asked));
      unwrap(await grantApproval(database, ctxOf(cast.ctl), { requestId: asked.error.requestId! }));
      unwrap(await writeOffInvoice(database, ctxOf(cast.collector), { invoiceId: id, reason: 'insolvent' }));
      expect(codeOf(await deliver(id))).toBe('INVALID_TRANSITION');
    });
  });

  describe('disputes', () => {
    const dispute = (invoiceId: string, actor = cast.am, disputedAmount?: string) =>
      disputeInvoice(database, ctxOf(actor), {
        invoiceId,
        reason: 'hours on 12 Oct not agreed',
        ...(disputedAmount ? { disputedAmount } : {}),
      });

    it('marks a delivered invoice disputed, keeps it disputed while it is paid, and returns it to what its balance gives when the dispute is rejected', async () => {
      const id = await posted(10_000n, { delivered: true });
      expect(unwrap(await dispute(id, cast.am, '25.00'))).toMatchObject({
        status: 'disputed',
        disputedAmount: { amount: '25.00', currency: 'USD' },
        openBalance: { amount: '100.00' },
      });
      const [d] = await database.db.select().from(invoiceDisputes).where(eq(invoiceDisputes.invoiceId, id));
      expect(d).toMatchObject({
        reason: 'hours on 12 Oct not agreed',
        disputedAmountMinor: 2_500n,
        openedBy: 'u-am',
        resolution: null,
      });
      unwrap(await pay(7_500n, [[id, 7_500n]]));
      expect((await invoice(id)).status).toBe('disputed');
      expect(
        unwrap(
          await resolveDispute(database, ctxOf(cast.ctl), {
            invoiceId: id,
            resolution: 'rejected',
            note: 'timesheets signed by the client',
          }),
        ),
      ).toMatchObject({ status: 'partially_paid', nextStep: null });
      const [closed] = await database.db.select().from(invoiceDisputes).where(eq(invoiceDisputes.id, d!.id));
      expect(closed).toMatchObject({
        resolution: 'rejected',
        resolvedBy: 'u-ctl',
        resolutionNote: 'timesheets signed by the client',
      });
    });

    it('points an upheld dispute at a credit note and returns the invoice to delivered', async () => {
      const id = await posted(10_000n, { delivered: true });
      unwrap(await dispute(id, cast.collector));
      expect(
        unwrap(
          await resolveDispute(database, ctxOf(cast.fa), {
            invoiceId: id,
            resolution: 'upheld',
            note: 'rate was wrong',
          }),
        ),
      ).toMatchObject({ status: 'delivered', resolution: 'upheld', nextStep: 'credit_note' });
      const rows = await database.db.select().from(auditLog).where(eq(auditLog.targetId, id));
      expect(rows.map((r) => r.action)).toEqual(['invoice.dispute', 'invoice.resolve_dispute']);
    });

    it('closes an open dispute when the invoice is written off, in the same transaction and audit row', async () => {
      const id = await posted(10_000n, { delivered: true });
      unwrap(await dispute(id, cast.am));
      const asked = await writeOffInvoice(database, ctxOf(cast.collector), {
        invoiceId: id,
        reason: 'client insolvent',
      });
      if (asked.ok || asked.error.code !== 'APPROVAL_REQUIRED') throw new Error(codeOf(asked));
      unwrap(await grantApproval(database, ctxOf(cast.ctl), { requestId: asked.error.requestId! }));
      unwrap(await writeOffInvoice(database, ctxOf(cast.collector), { invoiceId: id, reason: 'client insolvent' }));
      const [d] = await database.db.select().from(invoiceDisputes).where(eq(invoiceDisputes.invoiceId, id));
      expect(d).toMatchObject({
        resolution: 'written_off',
        resolutionNote: 'client insolvent',
        resolvedBy: 'u-coll',
        resolvedAt: expect.any(Date),
      });
      const [row] = await database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.targetId, id), eq(auditLog.action, 'invoice.write_off')));
      expect(row!.after).toMatchObject({ status: 'written_off', closedDisputeId: d!.id });
      expect(
        codeOf(
          await resolveDispute(database, ctxOf(cast.ctl), { invoiceId: id, resolution: 'rejected', note: 'late' }),
        ),
      ).toBe('INVALID_TRANSITION');
    });

    it('refuses the person who opened a dispute resolving it, even with a resolving role, and leaves it open', async () => {
      const id = await posted(10_000n, { delivered: true });
      const both = person('u-am-ctl', ['account_manager', 'controller']);
      unwrap(await dispute(id, both));
      const r = await resolveDispute(database, ctxOf(both), {
        invoiceId: id,
        resolution: 'rejected',
        note: 'my own call',
      });
      expect(r).toMatchObject({
        ok: false,
        error: { code: 'SOD_VIOLATION', policyCode: 'SOD_INITIATOR_CANNOT_APPROVE' },
      });
      expect((await invoice(id)).status).toBe('disputed');
      unwrap(
        await resolveDispute(database, ctxOf(cast.ctl), {
          invoiceId: id,
          resolution: 'rejected',
          note: 'timesheets signed',
        }),
      );
    });

    it.each<[string, () => Promise<string>, string | undefined, string]>([
      [
        'a draft',
        () => insertInvoice(database, { totalMinor: 5_000n, status: 'draft' }),
        undefined,
        'INVALID_TRANSITION',
      ],
      [
        'a paid invoice',
        async () => {
          const id = await posted(5_000n);
          unwrap(await pay(5_000n, [[id, 5_000n]]));
          return id;
        },
        undefined,
        'INVALID_TRANSITION',
      ],
      ['more than is open', () => posted(5_000n), '50.01', 'DISPUTED_AMOUNT_INVALID'],
      ['an amount with too many decimals', () => posted(5_000n), '1.001', 'DISPUTED_AMOUNT_INVALID'],
    ])('refuses to dispute %s', async (_name, make, amount, code) => {
      expect(codeOf(await dispute(await make(), cast.am, amount))).toBe(code);
    });

    it('refuses a second dispute, the agent, and resolution by a collector or of an undisputed invoice', async () => {
      const id = await posted(5_000n);
      expect(codeOf(await dispute(id, agentFor(cast.collector)))).toBe('FORBIDDEN');
      unwrap(await dispute(id));
      expect(codeOf(await dispute(id))).toBe('INVALID_TRANSITION');
      expect(
        codeOf(
          await resolveDispute(database, ctxOf(cast.collector), { invoiceId: id, resolution: 'rejected', note: 'x' }),
        ),
      ).toBe('FORBIDDEN');
      expect(
        codeOf(
          await resolveDispute(database, ctxOf(agentFor(cast.ctl)), {
            invoiceId: id,
            resolution: 'rejected',
            note: 'x',
          }),
        ),
      ).toBe('SOD_VIOLATION');
      expect(
        codeOf(
          await resolveDispute(database, ctxOf(cast.ctl), {
            invoiceId: await posted(5_000n),
            resolution: 'rejected',
            note: 'x',
          }),
        ),
      ).toBe('INVALID_TRANSITION');
    });
  });

  describe('the use cases against the pure model', () => {
    it('agree with the in-memory ledger on every outcome, balance and status over random operations', async () => {
      const [cl] = await database.db.select().from(clients).where(eq(clients.code, 'CL1'));
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.bigInt({ min: 1n, max: 3_000n }), { minLength: 3, maxLength: 3 }),
          fc.array(
            fc.oneof(
              {
                weight: 4,
                arbitrary: fc.record({
                  kind: fc.constant('record' as const),
                  amount: fc.bigInt({ min: 0n, max: 6_000n }),
                  allocations: fc.array(
                    fc.record({ n: fc.integer({ min: 0, max: 2 }), amount: fc.bigInt({ min: 0n, max: 3_100n }) }),
                    { maxLength: 3 },
                  ),
                }),
              },
              { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), k: fc.nat() }) },
              { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), k: fc.nat() }) },
              {
                weight: 2,
                arbitrary: fc.record({
                  kind: fc.constant('apply' as const),
                  k: fc.nat(),
                  allocations: fc.array(
                    fc.record({ n: fc.integer({ min: 0, max: 2 }), amount: fc.bigInt({ min: 1n, max: 3_100n }) }),
                    { minLength: 1, maxLength: 2 },
                  ),
                }),
              },
              {
                weight: 1,
                arbitrary: fc.record({ kind: fc.constant('dispute' as const), n: fc.integer({ min: 0, max: 2 }) }),
              },
              {
                weight: 1,
                arbitrary: fc.record({ kind: fc.constant('resolve' as const), n: fc.integer({ min: 0, max: 2 }) }),
              },
            ),
            { maxLength: 10 },
          ),
          async (totals, ops) => {
            run += 1;
            const ids = [
              await posted(totals[0]!),
              await posted(totals[1]!, { delivered: true }),
              await posted(totals[2]!),
            ];
            const ledger = new Ledger(
              ids.map((id, n) => ({
                id,
                clientId: cl!.id,
                currency: 'USD',
                totalMinor: totals[n]!,
                creditedMinor: 0n,
                status: n === 1 ? 'delivered' : 'posted',
                delivered: n === 1,
                disputeOpen: false,
              })),
            );
            const sent: RecordPaymentInput[] = [];
            const paymentIds = new Map<string, string>();
            for (const op of ops) {
              if (op.kind === 'record' || op.kind === 'replay') {
                const input =
                  op.kind === 'replay' && sent.length
                    ? sent[op.k % sent.length]!
                    : request(
                        op.kind === 'record' ? op.amount : 1n,
                        op.kind === 'record'
                          ? op.allocations.map((a) => [ids[a.n]!, a.amount] as [string, bigint])
                          : [],
                        { bankReference: `PBT-${run}-${sent.length}` },
                      );
                sent.push(input);
                const r = await recordPayment(database, ctxOf(cast.collector), input);
                if (r.ok) paymentIds.set(input.bankReference, r.value.paymentId);
                const expected = ledger.record(input.bankReference, {
                  clientId: cl!.id,
                  currency: 'USD',
                  amountMinor: BigInt(input.amount.replace('.', '')),
                  receivedOn: input.receivedOn,
                  method: input.method,
                  allocations: input.allocations.map((a) => ({
                    invoiceId: a.invoice,
                    amountMinor: BigInt(a.amount.replace('.', '')),
                  })),
                });
                expect(r.ok ? (r.value.replayed ? 'replayed' : 'recorded') : r.error.code).toBe(expected);
              } else if (op.kind === 'apply') {
                const refsSent = [...paymentIds.keys()];
                if (!refsSent.length) continue;
                const ref = refsSent[op.k % refsSent.length]!;
                const allocations = op.allocations.map((a) => ({ invoiceId: ids[a.n]!, amountMinor: a.amount }));
                const r = await applyPayment(database, ctxOf(cast.collector), {
                  paymentId: paymentIds.get(ref)!,
                  allocations: allocations.map((a) => ({ invoice: a.invoiceId, amount: usd(a.amountMinor) })),
                });
                expect(r.ok ? 'applied' : r.error.code).toBe(ledger.apply(ref, allocations));
              } else if (op.kind === 'reverse') {
                const refsSent = [...paymentIds.keys()];
                if (!refsSent.length) continue;
                const ref = refsSent[op.k % refsSent.length]!;
                const r = await reversePayment(database, ctxOf(cast.fa), {
                  paymentId: paymentIds.get(ref)!,
                  reason: 'bounced',
                });
                expect(r.ok ? 'reversed' : r.error.code).toBe(ledger.reverse(ref));
              } else if (op.kind === 'dispute') {
                const r = await disputeInvoice(database, ctxOf(cast.am), { invoiceId: ids[op.n]!, reason: 'disputed' });
                expect(r.ok ? 'disputed' : r.error.code).toBe(ledger.dispute(ids[op.n]!, null));
              } else {
                const r = await resolveDispute(database, ctxOf(cast.ctl), {
                  invoiceId: ids[op.n]!,
                  resolution: 'rejected',
                  note: 'stands',
                });
                expect(r.ok ? 'resolved' : r.error.code).toBe(ledger.resolve(ids[op.n]!));
              }
            }
            for (const id of ids) {
              const got = await invoice(id);
              expect(got).toEqual({
                status: ledger.facts(id).status,
                open: ledger.balance(id),
                paid: ledger.paidOf(id),
              });
              const facts = (await invoiceBalances(database.db, [id])).get(id)!;
              expect(got.status).toBe(collectionStatus(facts));
              expect(got.paid).toBeLessThanOrEqual(facts.totalMinor);
            }
            const over = await queryRows<{ id: string }>(
              database.db,
              sql`SELECT p.id FROM payments p JOIN payment_allocations a ON a.payment_id = p.id
            GROUP BY p.id, p.amount_minor HAVING SUM(a.amount_minor) > p.amount_minor`,
            );
            expect(over).toEqual([]);
          },
        ),
        { numRuns: 12 },
      );
    });
  });
});
