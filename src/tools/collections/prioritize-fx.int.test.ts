import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import { type Database, queryRows } from '../../db/client.ts';
import { rankingFx } from '../../db/stores/exchange-rate-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { prioritizeCollections } from './prioritize-collections.ts';

/**
 * Open amounts of different currencies rank converted into one: entity A bills in USD, B in EUR (a tie,
 * so EUR, alphabetically, until a third entity makes USD the firm's), at the newest rate by the date.
 */
describe(`the collections ranking across currencies on ${backend}`, () => {
  let database: Database;
  const run = (q: string) => database.db.execute(sql.raw(q));
  const ctx = (asOf: string) => ({
    actor: serviceActor('scheduler'),
    correlationId: `test:fx:${asOf}`,
    now: new Date(`${asOf}T05:00:00Z`),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    await run('DELETE FROM exchange_rates');
    // EUR 1 = USD 1.25 from March (read inverse for USD -> EUR: 0.8); a later rate is not known in March.
    await run(`INSERT INTO exchange_rates (base, quote, rate, rate_date) VALUES
      ('EUR', 'USD', 1.10, '2026-01-15'), ('EUR', 'USD', 1.25, '2026-03-01'), ('EUR', 'USD', 2.00, '2026-05-01')`);
    await openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate: '2026-01-02', totalMinor: 1_000_000n });
    await openInvoice(database, { client: 'CL-B', contract: 'K-B', issueDate: '2026-01-02', totalMinor: 1_000_000n });
    // Limits far above what is owed (the priority stays the formula's): B's in USD over its EUR invoice (a rate from
    // January 15), A's in GBP over its USD invoice (no USD/GBP rate ever): credit exposure leaves those out.
    await run(`UPDATE clients SET credit_limit_minor = 100000000, credit_limit_currency = 'USD' WHERE code = 'CL-B'`);
    await run(`UPDATE clients SET credit_limit_minor = 100000000, credit_limit_currency = 'GBP' WHERE code = 'CL-A'`);
  });
  afterAll(async () => database?.close());

  /** Each stored row's priority against the formula with the amount converted by `factor` (the stored scores are rounded). */
  async function checkRun(runId: string, factor: Record<string, number>) {
    const rows = await queryRows<{
      currency: string;
      open_minor: string;
      priority: string;
      late_probability: string;
      expected_days_late: string;
    }>(
      database.db,
      sql`SELECT currency, open_minor::text, priority::text, late_probability::text, expected_days_late::text
        FROM worklist_items WHERE run_id = ${runId}::uuid ORDER BY currency`,
    );
    expect(rows.map((r) => r.currency)).toEqual(['EUR', 'USD']);
    for (const r of rows) {
      const weight = Math.min(3, 1 + Math.max(0, Number(r.expected_days_late)) / 30);
      const expected = (Number(r.open_minor) / 100) * factor[r.currency]! * Number(r.late_probability) * weight;
      expect(Number(r.priority) / expected, r.currency).toBeCloseTo(1, 3);
    }
    const [audit] = await queryRows<{ currency: string | null; unconverted: string[]; exposure: unknown }>(
      database.db,
      sql`SELECT after->>'rankingCurrency' AS currency, after->'unconvertedCurrencies' AS unconverted,
          after->'exposureUnconverted' AS exposure
        FROM audit_log WHERE action = 'collections.prioritize' AND target_id = ${runId}`,
    );
    return audit!;
  }

  it('converts at the newest rate on or before the date, inverse where only the other way is stored', async () => {
    const r = await prioritizeCollections(database, ctx('2026-03-31'), { asOf: '2026-03-31' });
    if (!r.ok) throw new Error(r.error.message);
    expect(await checkRun(r.value.runId, { EUR: 1, USD: 0.8 })).toEqual({
      currency: 'EUR',
      unconverted: [],
      exposure: [{ currency: 'USD', into: 'GBP' }],
    });
  });

  it('ranks a currency with no rate by the date unconverted, and says so in the audit row', async () => {
    const r = await prioritizeCollections(database, ctx('2026-01-10'), { asOf: '2026-01-10' });
    if (!r.ok) throw new Error(r.error.message);
    expect(await checkRun(r.value.runId, { EUR: 1, USD: 1 })).toEqual({
      currency: 'EUR',
      unconverted: ['USD'],
      // Exposure's own, by pair: no EUR/USD rate yet for B's limit, none ever into A's GBP; not the ranking's list.
      exposure: [
        { currency: 'EUR', into: 'USD' },
        { currency: 'USD', into: 'GBP' },
      ],
    });
    const reasons = await queryRows<{ reasons: string[] }>(
      database.db,
      sql`SELECT reasons FROM worklist_items WHERE run_id = ${r.value.runId}::uuid ORDER BY currency`,
    );
    // The items' reasons name the same currencies, with the amounts.
    expect(reasons.map((x) => x.reasons.filter((t) => t.startsWith('Credit exposure leaves out')))).toEqual([
      ['Credit exposure leaves out 10000.00 EUR: no exchange rate into USD by the date'],
      ['Credit exposure leaves out 10000.00 USD: no exchange rate into GBP by the date'],
    ]);
  });

  it('takes the functional currency most legal entities keep', async () => {
    expect((await rankingFx(database.db, '2026-03-31')).currency).toBe('EUR');
    await run(`INSERT INTO legal_entities (code, name, country, functional_currency, invoice_prefix)
      VALUES ('LE-C', 'Entity C', 'US', 'USD', 'C-')`);
    const fx = await rankingFx(database.db, '2026-03-31');
    expect(fx.currency).toBe('USD');
    expect([fx.factor('USD'), fx.factor('EUR'), fx.factor('CHF')]).toEqual([1, 1.25, 1]);
    expect([...fx.unconverted]).toEqual(['CHF']);
  });
});
