import { and, asc, count, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { ExchangeRateInput } from '../../billing/inputs/contract-bundle.ts';
import type { DbOrTx } from '../client.ts';
import { exchangeRates } from '../schema/index.ts';

export type ExchangeRateRow = typeof exchangeRates.$inferSelect;

/** The key a stored rate is unique by: pair and date. */
export const rateKey = (r: { base: string; quote: string; rateDate: string }): string =>
  `${r.base}/${r.quote}@${r.rateDate}`;

/**
 * Inserts the rates whose pair and date are new; returns the keys it inserted. A rate another
 * transaction is inserting for the same key waits for it (the unique index) and is then left out.
 */
export async function insertNewRates(db: DbOrTx, rates: readonly ExchangeRateInput[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rates.length; i += 1000) {
    const rows = await db
      .insert(exchangeRates)
      .values(rates.slice(i, i + 1000).map((r) => ({ ...r })))
      .onConflictDoNothing({ target: [exchangeRates.base, exchangeRates.quote, exchangeRates.rateDate] })
      .returning({ base: exchangeRates.base, quote: exchangeRates.quote, rateDate: exchangeRates.rateDate });
    for (const r of rows) inserted.add(rateKey(r));
  }
  return inserted;
}

/** The stored rates for these pairs and dates, by key. */
export async function storedRates(
  db: DbOrTx,
  keys: readonly { base: string; quote: string; rateDate: string }[],
): Promise<Map<string, ExchangeRateRow>> {
  const out = new Map<string, ExchangeRateRow>();
  for (let i = 0; i < keys.length; i += 1000) {
    const tuples = sql.join(
      keys.slice(i, i + 1000).map((k) => sql`(${k.base}, ${k.quote}, ${k.rateDate}::date)`),
      sql`, `,
    );
    const rows = await db
      .select()
      .from(exchangeRates)
      .where(sql`(${exchangeRates.base}, ${exchangeRates.quote}, ${exchangeRates.rateDate}) IN (${tuples})`);
    for (const r of rows) out.set(rateKey(r), r);
  }
  return out;
}

/** Filters of the exchange-rate list. */
export interface RateFilter {
  base?: string | undefined;
  quote?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

/** Stored rates by pair, then date (oldest first), with the total the filter matches. */
export async function listExchangeRates(
  db: DbOrTx,
  f: RateFilter,
): Promise<{ rows: ExchangeRateRow[]; total: number }> {
  const where: SQL | undefined = and(
    f.base ? eq(exchangeRates.base, f.base) : undefined,
    f.quote ? eq(exchangeRates.quote, f.quote) : undefined,
    f.from ? gte(exchangeRates.rateDate, f.from) : undefined,
    f.to ? lte(exchangeRates.rateDate, f.to) : undefined,
  );
  const rows = await db
    .select()
    .from(exchangeRates)
    .where(where)
    .orderBy(asc(exchangeRates.base), asc(exchangeRates.quote), asc(exchangeRates.rateDate))
    .limit(f.limit)
    .offset(f.offset);
  const [n] = await db.select({ n: count() }).from(exchangeRates).where(where);
  return { rows, total: Number(n?.n ?? 0) };
}
