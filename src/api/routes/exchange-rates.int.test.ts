import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.ts';
import { backend } from '../../../test/helpers/db.ts';
import { call } from '../../../test/helpers/api.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';

type Body = {
  code?: string;
  message?: string;
  details?: { conflicts?: unknown[]; issues?: { path: string; code?: string }[] };
  inserted?: number;
  unchanged?: number;
  rates?: unknown[];
};

/** POST /exchange-rates: dated rates by pair, all or none; a replay changes nothing, another rate for a stored pair and date is 409. */
describe(`POST and GET /exchange-rates on ${backend}`, () => {
  const env = useFirmApp();
  const post = (body: unknown, role: 'controller' | 'finance_admin' | 'billing_clerk' = 'controller') =>
    call<Body>(env.app, 'POST', '/exchange-rates', { key: env.users.key[role], body });
  const rates = async () =>
    queryRows<{ base: string; quote: string; rate: string; rate_date: string }>(
      env.database.db,
      sql`SELECT base, quote, rate::text AS rate, rate_date::text AS rate_date FROM exchange_rates WHERE base IN ('CHF', 'GBP', 'JPY') ORDER BY base, quote, rate_date`,
    );
  const auditCount = async () =>
    Number(
      (
        await queryRows<{ n: number }>(
          env.database.db,
          sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'exchange_rates.import'`,
        )
      )[0]!.n,
    );

  it('stores new rates (201) and answers the same rates again as unchanged (200) without writing or auditing again', async () => {
    const body = [
      { base: 'GBP', quote: 'USD', rate: '1.2710', rateDate: '2026-10-01' },
      { base: 'GBP', quote: 'USD', rate: '1.2655', rateDate: '2026-10-02' },
    ];
    expect(await post(body)).toMatchObject({ status: 201, body: { inserted: 2, unchanged: 0 } });
    const audits = await auditCount();
    // The same rate written differently ('1.271') is the same rate.
    const again = await post([{ base: 'GBP', quote: 'USD', rate: '1.271', rateDate: '2026-10-01' }, body[1]]);
    expect(again).toMatchObject({
      status: 200,
      body: {
        inserted: 0,
        unchanged: 2,
        rates: [
          { rate: '1.2710', status: 'unchanged' },
          { rate: '1.2655', status: 'unchanged' },
        ],
      },
    });
    expect(await auditCount()).toBe(audits);
    expect((await rates()).filter((r) => r.base === 'GBP')).toHaveLength(2);
  });

  it('refuses 409 FX_RATE_CONFLICT naming the pair, date, stored and given rate, and writes none of the request', async () => {
    await post([{ base: 'CHF', quote: 'USD', rate: '1.1300', rateDate: '2026-10-05' }]);
    const before = await rates();
    const res = await post([
      { base: 'CHF', quote: 'USD', rate: '1.1500', rateDate: '2026-10-06' },
      { base: 'CHF', quote: 'USD', rate: '1.1400', rateDate: '2026-10-05' },
    ]);
    expect(res).toMatchObject({
      status: 409,
      body: {
        code: 'FX_RATE_CONFLICT',
        details: {
          conflicts: [
            { index: 1, base: 'CHF', quote: 'USD', rateDate: '2026-10-05', existing: '1.1300', given: '1.1400' },
          ],
        },
      },
    });
    expect(res.body.message).toMatch(/nothing was written/);
    expect(await rates()).toEqual(before);
  });

  it('refuses 422 FX_RATES_CONTRADICT when one request gives a pair and date two rates', async () => {
    const res = await post([
      { base: 'JPY', quote: 'USD', rate: '0.0066', rateDate: '2026-10-07' },
      { base: 'JPY', quote: 'USD', rate: '0.0067', rateDate: '2026-10-07' },
    ]);
    expect(res).toMatchObject({
      status: 422,
      body: {
        code: 'FX_RATES_CONTRADICT',
        details: { conflicts: [{ index: 1, existingIndex: 0, given: '0.0067', existing: '0.0066' }] },
      },
    });
    expect((await rates()).filter((r) => r.base === 'JPY')).toEqual([]);
  });

  it('answers 400 VALIDATION_FAILED naming the field for a pair of one currency, a zero rate, an unknown currency', async () => {
    const cases: [unknown, string][] = [
      [{ base: 'USD', quote: 'USD', rate: '1', rateDate: '2026-10-07' }, '0.quote'],
      [{ base: 'GBP', quote: 'USD', rate: '0', rateDate: '2026-10-07' }, '0.rate'],
      [{ base: 'GBP', quote: 'XYZ', rate: '1.2', rateDate: '2026-10-07' }, '0.quote'],
      [{ base: 'GBP', quote: 'USD', rate: '-1.2', rateDate: '2026-10-07' }, '0.rate'],
    ];
    for (const [item, path] of cases) {
      const res = await post([item]);
      expect(res.status, JSON.stringify(item)).toBe(400);
      expect(res.body.details?.issues).toContainEqual(expect.objectContaining({ path }));
    }
  });

  it('answers 403 to a billing clerk and to a controller limited to one legal entity, writing nothing', async () => {
    const body = [{ base: 'GBP', quote: 'EUR', rate: '1.1700', rateDate: '2026-10-08' }];
    expect(await post(body, 'billing_clerk')).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const scoped = await call<Body>(env.app, 'POST', '/exchange-rates', { key: env.users.scopedKey.controller, body });
    expect(scoped).toMatchObject({ status: 403, body: { code: 'ENTITY_OUT_OF_SCOPE' } });
    expect((await rates()).filter((r) => r.quote === 'EUR')).toEqual([]);
  });

  it('lists rates by pair and date range, quoted with at least four decimals', async () => {
    await post([{ base: 'GBP', quote: 'USD', rate: '1.25', rateDate: '2026-09-30' }], 'finance_admin');
    const res = await call<{
      items: { base: string; quote: string; rate: string; rateDate: string }[];
      page: { total: number };
    }>(env.app, 'GET', '/exchange-rates?base=GBP&quote=USD&from=2026-09-30&to=2026-10-01', {
      key: env.users.key.billing_clerk,
    });
    expect(res.status).toBe(200);
    expect(res.body.items.map((r) => [r.rateDate, r.rate])).toEqual([
      ['2026-09-30', '1.2500'],
      ['2026-10-01', '1.2710'],
    ]);
    expect(res.body.page.total).toBe(2);
  });
});
