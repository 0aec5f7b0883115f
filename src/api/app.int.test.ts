import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import { DEMO_PERIODS, seedDemo } from '../db/seed/seed-demo.ts';
import { runBilling } from '../billing/billing-run/run-billing.ts';
import { billingRunStore } from '../db/stores/billing-run-store.ts';
import { createTestDatabase } from '../../test/helpers/db.ts';
import { createApp } from './app.ts';
import { addUser } from '../../test/helpers/users.ts';

type Money = { amount: string; currency: string };
type ApiError = { code: string; message: string; details: Record<string, unknown> };
type Page<T> = { items: T[]; page: { limit: number; offset: number; total: number; nextOffset: number | null } };
type InvoiceSummary = {
  id: string;
  reference: string;
  period: string;
  status: string;
  client: { code: string };
  subtotal: Money;
  tax: Money;
  total: Money;
};
type InvoiceDetail = InvoiceSummary & {
  currency: string;
  lines: {
    lineNo: number;
    held: boolean;
    amount: Money;
    tax: { amount: Money };
    quantity: string;
    unitPrice: string;
    sources: { kind: string; count: number; ids: string[] }[];
  }[];
};

const DECIMAL = /^-?\d+(\.\d+)?$/;
/** A decimal string as an integer count of its smallest unit (all amounts of one currency share the scale). */
const minor = (amount: string): bigint => BigInt(amount.replace('.', ''));

describe('createApp', () => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  const logged: { msg: string; meta: Record<string, unknown> }[] = [];
  let octoberInvoices = 0;
  let key = '';

  beforeAll(async () => {
    database = await createTestDatabase();
    const now = () => new Date('2026-11-25T09:00:00Z');
    await seedDemo(database, now());
    for (const period of DEMO_PERIODS) {
      const r = await runBilling(billingRunStore(database), { now }, { period, trigger: 'test' });
      if (!r.ok) throw new Error(r.error.message);
    }
    const [row] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM invoices WHERE period = '2026-10'`,
    );
    octoberInvoices = Number(row!.n);
    app = createApp({ database, log: (msg, meta) => void logged.push({ msg, meta }) });
    const user = await addUser(
      database.db,
      { email: 'controller@test.example', name: 'Controller', roles: ['controller'], entities: null },
      { actorId: 'test', correlationId: 'test', now: now() },
    );
    if (!user.ok) throw new Error(user.error.code);
    key = user.value.key;
  });
  afterAll(async () => database?.close());

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const res = await app.request(path, { headers: { authorization: `Bearer ${key}` } });
    return { status: res.status, body: (await res.json()) as T };
  };

  describe('GET /health', () => {
    it('answers 200 ok with the backend when the database responds', async () => {
      const { status, body } = await get<{ status: string; database: string }>('/health');
      expect(status).toBe(200);
      expect(body).toEqual({ status: 'ok', database: database.kind });
    });
  });

  describe('GET /invoices', () => {
    it('returns the first page and the offset of the next when the period has more invoices than the limit', async () => {
      expect(octoberInvoices).toBeGreaterThan(5);
      const { status, body } = await get<Page<InvoiceSummary>>('/invoices?period=2026-10&limit=5');
      expect(status).toBe(200);
      expect(body.items).toHaveLength(5);
      expect(body.page).toEqual({ limit: 5, offset: 0, total: octoberInvoices, nextOffset: 5 });
      for (const i of body.items) expect(i.period).toBe('2026-10');
    });

    it('returns the remaining invoices and no next offset when the last page is asked for', async () => {
      const offset = octoberInvoices - 2;
      const { status, body } = await get<Page<InvoiceSummary>>(`/invoices?period=2026-10&limit=5&offset=${offset}`);
      expect(status).toBe(200);
      expect(body.items).toHaveLength(2);
      expect(body.page).toEqual({ limit: 5, offset, total: octoberInvoices, nextOffset: null });
    });

    it('pages through every invoice exactly once when following nextOffset', async () => {
      const seen: string[] = [];
      let offset: number | null = 0;
      while (offset !== null) {
        const { body }: { body: Page<InvoiceSummary> } = await get<Page<InvoiceSummary>>(
          `/invoices?period=2026-10&limit=7&offset=${offset}`,
        );
        seen.push(...body.items.map((i) => i.id));
        offset = body.page.nextOffset;
      }
      expect(seen).toHaveLength(octoberInvoices);
      expect(new Set(seen).size).toBe(octoberInvoices);
    });

    it('answers 400 VALIDATION_FAILED naming limit when limit is 0', async () => {
      const { status, body } = await get<ApiError>('/invoices?limit=0');
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
      expect(body.details.issues).toEqual([expect.objectContaining({ path: 'limit' })]);
    });

    it('answers 400 VALIDATION_FAILED naming period when the period is month 13', async () => {
      const { status, body } = await get<ApiError>('/invoices?period=2026-13');
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
      expect(body.details.issues).toEqual([{ path: 'period', message: 'a period YYYY-MM' }]);
      expect(logged).toEqual([]);
    });
  });

  describe('GET /invoices/:reference', () => {
    it('returns the draft with lines as decimal strings in its currency when the reference comes from the list', async () => {
      const { body: list } = await get<Page<InvoiceSummary>>('/invoices?period=2026-10&limit=1');
      const ref = list.items[0]!.reference;
      expect(ref).toMatch(/^DRAFT-[0-9A-F]{8}$/);
      const { status, body } = await get<InvoiceDetail>(`/invoices/${ref}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: list.items[0]!.id, reference: ref, period: '2026-10' });
      expect(body.lines.length).toBeGreaterThan(0);
      for (const l of body.lines) {
        expect(l.amount.amount).toMatch(DECIMAL);
        expect(l.amount.currency).toBe(body.currency);
        expect(l.tax.amount.amount).toMatch(DECIMAL);
        expect(l.tax.amount.currency).toBe(body.currency);
        expect(l.quantity).toMatch(DECIMAL);
        expect(l.unitPrice).toMatch(DECIMAL);
      }
      expect(body.subtotal.currency).toBe(body.currency);
      const unheld = body.lines.filter((l) => !l.held);
      expect(unheld.reduce((a, l) => a + minor(l.amount.amount), 0n)).toBe(minor(body.subtotal.amount));
      expect(unheld.reduce((a, l) => a + minor(l.tax.amount.amount), 0n)).toBe(minor(body.tax.amount));
    });

    it('answers 404 INVOICE_NOT_FOUND in the error shape when no invoice has the reference', async () => {
      const { status, body } = await get<ApiError>('/invoices/NWUS-999999');
      expect(status).toBe(404);
      expect(body).toEqual({
        code: 'INVOICE_NOT_FOUND',
        message: 'No invoice NWUS-999999',
        details: { ref: 'NWUS-999999' },
      });
    });
  });

  describe('GET /exceptions', () => {
    it('returns only open exceptions with the total of open ones when status=open', async () => {
      const [row] = await queryRows<{ n: number }>(
        database.db,
        sql`SELECT count(*)::int AS n FROM exceptions WHERE status = 'open'`,
      );
      const open = Number(row!.n);
      expect(open).toBeGreaterThan(0);
      const { status, body } = await get<Page<{ status: string; type: string; severity: string; slaDueAt: string }>>(
        '/exceptions?status=open&limit=200',
      );
      expect(status).toBe(200);
      expect(body.page.total).toBe(open);
      expect(body.items).toHaveLength(Math.min(open, 200));
      for (const e of body.items) expect(e.status).toBe('open');
      // Most urgent first: every blocking exception precedes every warning.
      const sev = body.items.map((e) => e.severity);
      expect(sev.lastIndexOf('blocking')).toBeLessThan(sev.includes('warning') ? sev.indexOf('warning') : Infinity);
    });

    it('pages through every exception exactly once when following nextOffset', async () => {
      const [row] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM exceptions`);
      const seen: string[] = [];
      let offset: number | null = 0;
      while (offset !== null) {
        const { body }: { body: Page<{ id: string }> } = await get<Page<{ id: string }>>(
          `/exceptions?limit=7&offset=${offset}`,
        );
        seen.push(...body.items.map((e) => e.id));
        offset = body.page.nextOffset;
      }
      expect(seen).toHaveLength(Number(row!.n));
      expect(new Set(seen).size).toBe(Number(row!.n));
    });

    it('answers 400 VALIDATION_FAILED naming type when the type is not an exception type', async () => {
      const { status, body } = await get<ApiError>('/exceptions?type=bogus');
      expect(status).toBe(400);
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(body.details.issues).toEqual([expect.objectContaining({ path: 'type' })]);
      expect(logged).toEqual([]); // a bad filter is the caller's mistake, not an unhandled error
    });

    it('answers 400 VALIDATION_FAILED when the status is not a known one', async () => {
      const { status, body } = await get<ApiError>('/exceptions?status=closed');
      expect(status).toBe(400);
      expect(body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('unknown routes', () => {
    it('answers 404 NOT_FOUND in the error shape when no route matches', async () => {
      const { status, body } = await get<ApiError>('/no-such-thing');
      expect(status).toBe(404);
      expect(body).toEqual({ code: 'NOT_FOUND', message: 'No route GET /no-such-thing', details: {} });
    });
  });
});
