import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { clients, invoices } from '../../db/schema/index.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, testApp, type App, type TestUsers } from '../../../test/helpers/api.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { collectionsRecordPromise } from '../collections/record-promise.ts';
import { paymentsRecord } from '../payments/record-payment.ts';
import { receivablesReport } from './receivables-report.ts';

const NOW = new Date('2026-12-01T09:00:00Z');

describe(`receivables_report on ${backend}`, () => {
  let database: Database;
  let app: App;
  let users: TestUsers;
  const caller = (role: 'collector' | 'controller', entityIds: string[] | null = null): ToolCaller => ({
    actor: { userId: `u-${role}`, roles: [role], entityIds, onBehalfOf: null },
    correlationId: `recv-${role}`,
    now: NOW,
    deps: { database, now: () => NOW },
  });
  /** A delivered invoice of CL-A (USD) issued and due on the days given. */
  const invoice = async (number: string, totalMinor: bigint, issueDate: string, dueDate: string) => {
    const id = await insertInvoice(database, {
      totalMinor,
      status: 'posted',
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
    await database.db
      .update(invoices)
      .set({ number, issueDate, dueDate, status: 'delivered', deliveredAt: new Date(`${issueDate}T12:00:00Z`) })
      .where(eq(invoices.id, id));
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    app = testApp(database);
    await invoice('A-700001', 100_000n, '2026-08-01', '2026-08-31'); // 91 days past due on 2026-11-30
    await invoice('A-700002', 50_000n, '2026-10-01', '2026-10-31'); // 30 days past due
    await invoice('A-700003', 80_000n, '2026-11-10', '2026-12-10'); // not yet due
    const paid = await callTool(caller('collector'), paymentsRecord, {
      client: 'CL-A',
      amount: '200.00',
      currency: 'USD',
      receivedOn: '2026-11-15',
      method: 'bank_transfer',
      bankReference: 'RECV-1',
      allocations: [{ invoice: 'A-700002', amount: '200.00' }],
    });
    if (!paid.ok) throw new Error(JSON.stringify(paid.error));
  });
  afterAll(async () => database?.close());

  it('ages what is open on the date into its buckets and computes DSO and CEI from the ledger', async () => {
    const r = await callTool(caller('controller'), receivablesReport, {
      asOf: '2026-11-30',
      legalEntity: 'LE-A',
      periodDays: 90,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const usd = r.value.overall.find((m) => m.currency === 'USD')!;
    expect(usd.buckets).toMatchObject({
      current: { amount: '800.00' },
      '1-30': { amount: '300.00' },
      '31-60': { amount: '0.00' },
      '61-90': { amount: '0.00' },
      over_90: { amount: '1000.00' },
    });
    expect(usd).toMatchObject({
      openInvoices: 3,
      open: { amount: '2100.00' },
      overdue: { amount: '1300.00' },
      invoiced: { amount: '1300.00' },
    });
    // DSO = 2,100 / 1,300 × 90; CEI: open at the start 1,000 (A-700001), invoiced 1,300, open now 2,100, current now 800: 200 / 1,500.
    expect(usd.dso).toBe(145.4);
    expect(usd.cei).toBe(13.3);
    expect(r.value.byClient.find((c) => c.client === 'CL-A')!.metrics[0]!.open.amount).toBe('2100.00');
    const weeks = r.value.forecast.find((f) => f.currency === 'USD')!.weeks;
    expect(weeks[0]!.expected.amount).toBe('1300.00');
    expect(weeks[1]!.expected.amount).toBe('800.00');
  });

  it("sets each client's exposure against its credit limit, in the limit's currency only", async () => {
    await database.db
      .update(clients)
      .set({ creditLimitMinor: 150_000n, creditLimitCurrency: 'USD' })
      .where(eq(clients.code, 'CL-A'));
    const r = await callTool(caller('controller'), receivablesReport, { asOf: '2026-11-30', legalEntity: 'LE-A' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.credit).toEqual([
      {
        client: 'CL-A',
        limit: { amount: '1500.00', currency: 'USD' },
        exposure: { amount: '2100.00', currency: 'USD' },
        headroom: { amount: '-600.00', currency: 'USD' },
        usedPercent: 140,
        overLimit: true,
        converted: [],
        notCounted: [],
      },
    ]);
    await database.db
      .update(clients)
      .set({ creditLimitMinor: null, creditLimitCurrency: null })
      .where(eq(clients.code, 'CL-A'));
    const none = await callTool(caller('controller'), receivablesReport, { asOf: '2026-11-30', legalEntity: 'LE-A' });
    expect(none.ok && none.value.credit).toEqual([]);
  });

  it("converts other currencies into the limit's at the newest rate by the date, and names one without a rate", async () => {
    // Client B (entity B) bills in EUR; its limit is in USD. EUR/USD 1.0825 is the newest by 2026-11-30 (a later
    // rate is not known then); nothing converts GBP into USD.
    for (const [number, minor, currency] of [
      ['B-800001', 30_000n, 'EUR'],
      ['B-800002', 5_000n, 'GBP'],
    ] as const) {
      const id = await insertInvoice(database, {
        totalMinor: minor,
        status: 'posted',
        codes: { entity: 'LE-B', client: 'CL-B', contract: 'K-B' },
      });
      await database.db
        .update(invoices)
        .set({ number, currency, issueDate: '2026-11-01', dueDate: '2026-12-01', status: 'delivered' })
        .where(eq(invoices.id, id));
    }
    await database.db.execute(sql`INSERT INTO exchange_rates (base, quote, rate, rate_date)
      VALUES ('EUR', 'USD', 1.0825, '2026-11-20'), ('EUR', 'USD', 1.5, '2026-12-05'), ('GBP', 'EUR', 1.17, '2026-11-20')`);
    await database.db
      .update(clients)
      .set({ creditLimitMinor: 30_000n, creditLimitCurrency: 'USD' })
      .where(eq(clients.code, 'CL-B'));
    const r = await callTool(caller('controller'), receivablesReport, { asOf: '2026-11-30', legalEntity: 'LE-B' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.credit).toEqual([
      {
        client: 'CL-B',
        limit: { amount: '300.00', currency: 'USD' },
        // 300.00 EUR x 1.0825 = 324.75 USD, over the limit of 300.00 that the EUR invoice alone did not show.
        exposure: { amount: '324.75', currency: 'USD' },
        headroom: { amount: '-24.75', currency: 'USD' },
        usedPercent: 108.3,
        overLimit: true,
        converted: [
          {
            open: { amount: '300.00', currency: 'EUR' },
            rate: '1.0825',
            rateDate: '2026-11-20',
            counted: { amount: '324.75', currency: 'USD' },
          },
        ],
        notCounted: [{ amount: '50.00', currency: 'GBP' }],
      },
    ]);
  });

  it('refuses another entity to a person limited to one, and sees only theirs otherwise', async () => {
    const scoped = caller('controller', ['00000000-0000-4000-8000-000000000001']);
    const r = await callTool(scoped, receivablesReport, { asOf: '2026-11-30', legalEntity: 'LE-A' });
    expect(r.ok ? 'ok' : r.error.code).toBe('ENTITY_OUT_OF_SCOPE');
    const mine = await callTool(scoped, receivablesReport, { asOf: '2026-11-30' });
    expect(mine.ok && mine.value.overall).toEqual([]);
  });

  it('serves the aging and forecast charts as SVG naming the figures of the report', async () => {
    const res = await app.request('/kpis/receivables/aging.svg?asOf=2026-11-30&legalEntity=LE-A', {
      headers: { authorization: `Bearer ${users.key.controller}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const text = await res.text();
    expect(text).toContain('Receivables aging on 2026-11-30, USD');
    expect(text).toContain('DSO 145.4 days · CEI 13.3%');
    const f = await app.request('/kpis/receivables/forecast.svg?asOf=2026-11-30&legalEntity=LE-A', {
      headers: { authorization: `Bearer ${users.key.controller}` },
    });
    expect(await f.text()).toContain('Cash expected by week from 2026-11-30, USD');
  });

  it('shows promises to pay by promised week in their state on the date, and open amounts by late likelihood', async () => {
    // Recorded on the report's date (NOW is later): a promise on A-700003 for after asOf, one on A-700001 already missed.
    const promise = (invoice: string, amount: string, promisedFor: string) =>
      callTool({ ...caller('collector'), now: new Date('2026-11-20T10:00:00Z') }, collectionsRecordPromise, {
        invoice,
        amount,
        promisedFor,
        promisedBy: 'AP lead, by phone',
      });
    expect((await promise('A-700003', '300.00', '2026-12-09')).ok).toBe(true);
    expect((await promise('A-700001', '1000.00', '2026-11-25')).ok).toBe(true);
    const r = await callTool(caller('controller'), receivablesReport, { asOf: '2026-11-30', legalEntity: 'LE-A' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const weeks = r.value.promises.find((p) => p.currency === 'USD')!.weeks;
    // Four weeks before 2026-11-30 and the forecast's eight after: 2026-11-02 .. 2027-01-24.
    expect(weeks).toHaveLength(12);
    expect(weeks[0]!.from).toBe('2026-11-02');
    const withPromises = weeks.filter((w) => w.promises > 0);
    expect(withPromises).toEqual([
      {
        from: '2026-11-23',
        to: '2026-11-29',
        kept: { amount: '0.00', currency: 'USD' },
        open: { amount: '0.00', currency: 'USD' },
        missed: { amount: '1000.00', currency: 'USD' },
        promises: 1,
      },
      {
        from: '2026-12-07',
        to: '2026-12-13',
        kept: { amount: '0.00', currency: 'USD' },
        open: { amount: '300.00', currency: 'USD' },
        missed: { amount: '0.00', currency: 'USD' },
        promises: 1,
      },
    ]);
    // No prioritization run scored them: everything open is "not scored".
    const usd = r.value.lateLikelihood.find((l) => l.currency === 'USD')!;
    expect(usd.bands.map((b) => [b.band, b.open.amount, b.invoices])).toEqual([
      ['0-20%', '0.00', 0],
      ['20-40%', '0.00', 0],
      ['40-60%', '0.00', 0],
      ['60-80%', '0.00', 0],
      ['80-100%', '0.00', 0],
      ['not scored', '2100.00', 3],
    ]);
  });

  it('serves each chart as SVG or PNG, and refuses a chart it does not know', async () => {
    const get = (file: string) =>
      app.request(`/kpis/receivables/charts/${file}?asOf=2026-11-30&legalEntity=LE-A`, {
        headers: { authorization: `Bearer ${users.key.controller}` },
      });
    const svg = await get('promises.svg');
    expect(svg.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(await svg.text()).toContain('Promises to pay by promised week, USD (as of 2026-11-30)');
    const png = await get('late-likelihood.png');
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await png.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([760, 340]);
    const bad = await get('pie.png');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: string };
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(body)).toContain('one of aging, forecast, promises, late-likelihood');
  });
});
