import { z } from 'zod';
import { rateText } from '../../billing/rating/fx.ts';
import { listExchangeRates, type ExchangeRateRow } from '../../db/stores/exchange-rate-store.ts';
import { CONTRACT_READERS } from '../../policy/role-groups.ts';
import type { Role } from '../../policy/roles.ts';
import { dateField } from '../../shared/bounded-fields.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { dec } from '../../shared/decimal.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { err, ok } from '../../shared/result.ts';
import { firmWideRefusal } from '../approval-matrix/matrix-view.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';

/** Who reads exchange rates: those who read contracts (with every legal entity: rates are firm-wide). */
export const FX_RATE_READERS: readonly Role[] = CONTRACT_READERS;

const currency = z.string().refine(isKnownCurrency, 'an ISO 4217 currency code this system knows');

export const exchangeRateListQuerySchema = paginationSchema.extend({
  base: currency.optional().describe('Base currency, e.g. EUR'),
  quote: currency.optional().describe('Quote currency, e.g. USD'),
  from: dateField().optional().describe('Rates dated on or after'),
  to: dateField().optional().describe('Rates dated on or before'),
});

export const exchangeRateViewSchema = z
  .object({
    base: z.string(),
    quote: z.string(),
    rate: z.string().describe('Quote units per one base unit'),
    rateDate: z.string(),
    source: z.string(),
    createdAt: z.string(),
  })
  .describe('An exchange rate');

const rateView = (r: ExchangeRateRow) => ({
  base: r.base,
  quote: r.quote,
  rate: rateText(dec(r.rate)),
  rateDate: r.rateDate,
  source: r.source,
  createdAt: r.createdAt.toISOString(),
});

export const exchangeRatesList = defineTool({
  name: 'exchange_rates_list',
  description:
    'Lists exchange rates (quote units per one base unit) by pair and date. Billing converts at the latest rate on or before a date ' +
    '(the inverse of the opposite pair when only that exists). Firm-wide: users limited to some legal entities are refused.',
  input: exchangeRateListQuerySchema,
  output: pageSchema(exchangeRateViewSchema),
  risk: 'read',
  policyAction: null,
  readers: FX_RATE_READERS,
  handler: async (ctx, q) => {
    const refused = firmWideRefusal(ctx.actor);
    if (refused) return err(refused);
    const { rows, total } = await listExchangeRates(ctx.db, q);
    return ok(pageOf(rows.map(rateView), total, q.limit, q.offset));
  },
});
