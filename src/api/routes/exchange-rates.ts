import { z } from 'zod';
import { exchangeRatesImportSchema } from '../../billing/inputs/contract-bundle.ts';
import { rateText } from '../../billing/rating/fx.ts';
import { listExchangeRates, type ExchangeRateRow } from '../../db/stores/exchange-rate-store.ts';
import { FX_RATE_WRITERS, importExchangeRates } from '../../db/usecases/import-exchange-rates.ts';
import { dec } from '../../shared/decimal.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { dateField } from '../../shared/bounded-fields.ts';
import { CONTRACT_READERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { sendUseCaseError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { requireFirmWide } from '../scope.ts';
import { jsonSafe, useCaseContext } from '../use-case.ts';

const currency = z.string().refine(isKnownCurrency, 'an ISO 4217 currency code this system knows');
const rateView = (r: ExchangeRateRow) => ({
  base: r.base, quote: r.quote, rate: rateText(dec(r.rate)), rateDate: r.rateDate, source: r.source, createdAt: r.createdAt.toISOString(),
});

/** Exchange rates: firm-wide reference data, listed and loaded (dated, by pair, idempotent, audited). */
export function exchangeRateRoutes(deps: ApiDeps): ApiRoute[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get', path: '/exchange-rates', operationId: 'listExchangeRates', tag: 'Master data', summary: 'List exchange rates',
      description: 'Quote units per one base unit, by pair and date. Billing converts at the latest rate on or before a date (the inverse of the opposite pair when only that exists). Firm-wide: users limited to some legal entities get 403.',
      roles: CONTRACT_READERS,
      query: paginationSchema.extend({
        base: currency.optional().describe('Base currency, e.g. EUR'), quote: currency.optional().describe('Quote currency, e.g. USD'),
        from: dateField().optional().describe('Rates dated on or after'), to: dateField().optional().describe('Rates dated on or before'),
      }),
      responses: { 200: { description: 'A page of exchange rates', schema: pageOf(objectSchema('An exchange rate')) } },
      handler: async (c, { query }) => {
        const refused = requireFirmWide(c);
        if (refused) return refused;
        const { rows, total } = await listExchangeRates(db, query);
        return c.json(page(rows.map(rateView), total, query.limit, query.offset));
      },
    }),
    defineRoute({
      method: 'post', path: '/exchange-rates', operationId: 'importExchangeRates', tag: 'Master data', roles: FX_RATE_WRITERS,
      summary: 'Load exchange rates (all or none)',
      description: 'A JSON array of {base, quote, rate, rateDate, source?}. The same rate again for a pair and date is a replay (unchanged); '
        + 'another rate for a stored pair and date is 409 FX_RATE_CONFLICT naming it, and nothing is written. Firm-wide: controllers and finance admins with every legal entity.',
      body: exchangeRatesImportSchema, errors: [409, 422],
      responses: {
        201: { description: 'At least one rate was stored', schema: objectSchema('Counts and each rate with status inserted or unchanged') },
        200: { description: 'Every rate was already stored (a replay)', schema: objectSchema('Counts and each rate with status unchanged') },
      },
      handler: async (c, { body }) => {
        const refused = requireFirmWide(c);
        if (refused) return refused;
        const r = await importExchangeRates(deps.database, useCaseContext(c, deps.now()), { rates: body });
        if (!r.ok) return sendUseCaseError(c, r.error);
        return c.json(jsonSafe(r.value), r.value.inserted > 0 ? 201 : 200);
      },
    }),
  ];
}
