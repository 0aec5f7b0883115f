import { exchangeRatesImportSchema } from '../../billing/inputs/contract-bundle.ts';
import { exchangeRatesImport, FX_RATE_WRITERS } from '../../tools/exchange-rates/import-exchange-rates.ts';
import { exchangeRatesList } from '../../tools/exchange-rates/list-exchange-rates.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { requireFirmWide } from '../scope.ts';
import { callToolFor, sendToolResult, toolRoute } from '../tool-route.ts';

/** Exchange rates: firm-wide reference data, listed and loaded (dated, by pair, idempotent, audited), over their catalogue entries. */
export function exchangeRateRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, exchangeRatesList, {
      method: 'get',
      path: '/exchange-rates',
      operationId: 'listExchangeRates',
      tag: 'Master data',
      summary: 'List exchange rates',
      description:
        'Quote units per one base unit, by pair and date. Billing converts at the latest rate on or before a date (the inverse of the opposite pair when only that exists). Firm-wide: users limited to some legal entities get 403.',
      responseDescription: 'A page of exchange rates',
    }),
    defineRoute({
      method: 'post',
      path: '/exchange-rates',
      operationId: 'importExchangeRates',
      tool: exchangeRatesImport,
      tag: 'Master data',
      roles: FX_RATE_WRITERS,
      summary: 'Load exchange rates (all or none)',
      description:
        'A JSON array of {base, quote, rate, rateDate, source?}. The same rate again for a pair and date is a replay (unchanged); ' +
        'another rate for a stored pair and date is 409 FX_RATE_CONFLICT naming it, and nothing is written. Firm-wide: controllers and finance admins with every legal entity.',
      body: exchangeRatesImportSchema,
      errors: [409, 422],
      idempotency: 'tool',
      responses: {
        201: { description: 'At least one rate was stored', schema: exchangeRatesImport.output },
        200: { description: 'Every rate was already stored (a replay)', schema: exchangeRatesImport.output },
      },
      handler: async (c, { body }) => {
        // Before the call, as before: a user limited to some entities is told the rates are firm-wide, whatever the rates.
        const refused = requireFirmWide(c);
        if (refused) return refused;
        const r = await callToolFor(c, deps, exchangeRatesImport, { rates: body });
        return sendToolResult(c, r, r.ok && r.value.inserted > 0 ? 201 : 200);
      },
    }),
  ];
}
