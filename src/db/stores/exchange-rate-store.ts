import { and, asc, count, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { ExchangeRateInput } from '../../billing/inputs/contract-bundle.ts';
import { NO_FX, type RankingFx } from '../../billing/collections/receivable-facts.ts';
import type { ExchangeRate } from '../../billing/model.ts';
import { findFxRate, type FxQuote } from '../../billing/rating/fx.ts';
import type { RateOf } from '../../billing/receivables/credit-exposure.ts';
import { type DbOrTx, queryRows } from '../client.ts';
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

/** The newest stored rate of every pair on or before `asOf` (one row per base and quote). */
async function newestRates(db: DbOrTx, asOf: string): Promise<ExchangeRate[]> {
  return queryRows<ExchangeRate>(
    db,
    sql`SELECT DISTINCT ON (base, quote) base, quote, rate::text AS rate, rate_date::text AS "rateDate"
      FROM exchange_rates WHERE rate_date <= ${asOf}::date
      ORDER BY base, quote, rate_date DESC`,
  );
}

/** Looks rates up in `rates` as billing reads them (findFxRate: direct or inverse, unrounded), once per pair. */
function rateLookup(rates: readonly ExchangeRate[], asOf: string): RateOf {
  const found = new Map<string, FxQuote | null>();
  return (from, to) => {
    const key = `${from}>${to}`;
    if (!found.has(key)) found.set(key, findFxRate(rates, from, to, asOf));
    return found.get(key)!;
  };
}

/**
 * The rate between any two currencies as of `asOf`: the newest stored rate on or before the date,
 * direct or inverse (findFxRate), or null without one. What credit exposure converts with.
 */
export async function ratesAsOf(db: DbOrTx, asOf: string): Promise<RateOf> {
  return rateLookup(await newestRates(db, asOf), asOf);
}

/** A currency credit exposure could not convert into a limit's currency, for want of a rate by the date. */
export interface ExposureUnconverted {
  currency: string;
  into: string;
}

/**
 * RankingFx with the currencies it found no rate for: `unconverted`, those the ranking compares unconverted
 * (no rate into its currency); `exposureUnconverted`, by pair, those credit exposure asked `rateOf` for and left
 * out of a client's exposure (no rate into the limit's currency).
 */
export type RankingFxOf = RankingFx & {
  unconverted: ReadonlySet<string>;
  exposureUnconverted: ReadonlyMap<string, ExposureUnconverted>;
};

/**
 * The collections ranking's common currency and its conversions as of `asOf`: the functional currency
 * most legal entities keep (ties: alphabetical; none: no conversion), each other currency converted at
 * the latest stored rate on or before the date (findFxRate: direct or inverse, unrounded). Only the
 * newest rate per pair by the date is read. A currency with no rate to it ranks unconverted and is
 * listed in `unconverted`. `rateOf` gives the same rates between any two currencies (credit exposure
 * in a limit's currency, which is all that calls it); a pair it has no rate for is listed in
 * `exposureUnconverted` (exposureIn leaves that currency out), not in `unconverted`, which is the ranking's.
 */
export async function rankingFx(db: DbOrTx, asOf: string): Promise<RankingFxOf> {
  const [home] = await queryRows<{ currency: string }>(
    db,
    sql`SELECT functional_currency AS currency FROM legal_entities
      GROUP BY functional_currency ORDER BY count(*) DESC, functional_currency LIMIT 1`,
  );
  if (!home) return { ...NO_FX, unconverted: new Set(), exposureUnconverted: new Map() };
  const rates = await newestRates(db, asOf);
  const rateOf = rateLookup(rates, asOf);
  const factors = new Map<string, number>([[home.currency, 1]]);
  const unconverted = new Set<string>();
  const exposureUnconverted = new Map<string, ExposureUnconverted>();
  return {
    currency: home.currency,
    unconverted,
    exposureUnconverted,
    rateOf(from, to) {
      const quote = rateOf(from, to);
      // exposureIn's rule: no quote with a stored rate behind it (from = to is never asked) leaves the currency out.
      if (!quote?.applied && from !== to) exposureUnconverted.set(`${from}>${to}`, { currency: from, into: to });
      return quote;
    },
    factor(currency) {
      let f = factors.get(currency);
      if (f === undefined) {
        const quote = rateOf(currency, home.currency);
        if (!quote) unconverted.add(currency);
        f = quote ? quote.rate.toNumber() : 1;
        factors.set(currency, f);
      }
      return f;
    },
  };
}
