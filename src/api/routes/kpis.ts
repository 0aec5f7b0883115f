import type { Context } from 'hono';
import { billingKpisShow } from '../../tools/kpis/show-billing-kpis.ts';
import { receivablesInputSchema, receivablesReport } from '../../tools/receivables/receivables-report.ts';
import { z } from 'zod';
import { CHARTS, type ChartName } from '../../tools/receivables/chart-names.ts';
import type { ReceivablesReport } from '../../tools/receivables/receivables-report.ts';
import { PAYMENT_READERS } from '../../tools/payments/payment-view.ts';
import type { AuthEnv } from '../auth/context.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { callToolFor, sendToolResult, toolRoute } from '../tool-route.ts';

/** The chart renderer (ECharts and resvg), loaded by the first chart asked for rather than at every server's start. */
const charts = () => import('../../tools/receivables/render-charts.ts');

/** Billing KPIs (cycle time, first-pass accuracy, exceptions) and receivables (aging, DSO, CEI, cash forecast) as JSON and SVG charts. */
export function kpiRoutes(deps: ApiDeps): ApiRoute[] {
  const chart =
    (render: (r: ReceivablesReport) => Promise<string>) =>
    async (c: Context<AuthEnv>, query: typeof receivablesInputSchema._zod.output) => {
      const r = await callToolFor(c, deps, receivablesReport, query);
      if (!r.ok) return sendToolResult(c, r);
      return c.body(await render(r.value), 200, { 'content-type': 'image/svg+xml; charset=utf-8' });
    };
  return [
    toolRoute(deps, billingKpisShow, {
      method: 'get',
      path: '/kpis',
      operationId: 'billingKpis',
      tag: 'KPIs',
      summary: 'Billing cycle time, first-pass invoice accuracy, exceptions open and past SLA',
      description: 'Over the legal entities the caller may see, or the one named.',
      responseDescription: 'The KPIs',
    }),
    toolRoute(deps, receivablesReport, {
      method: 'get',
      path: '/kpis/receivables',
      operationId: 'receivablesReport',
      tag: 'KPIs',
      summary: 'Receivables: aging buckets, DSO, CEI per entity, segment and client, and the cash forecast by week',
      description:
        'Per currency (amounts of different currencies are never added), over the legal entities the caller may see or the one named. ' +
        'docs/receivables.md defines each figure.',
      errors: [],
      responseDescription: 'The report',
    }),
    defineRoute({
      method: 'get',
      path: '/kpis/receivables/aging.svg',
      operationId: 'receivablesAgingChart',
      tool: receivablesReport,
      tag: 'KPIs',
      roles: PAYMENT_READERS,
      summary: 'The aging chart (SVG): open receivables by bucket per currency, with DSO and CEI',
      query: receivablesInputSchema,
      responses: { 200: { description: 'image/svg+xml' } },
      handler: async (c, { query }) => chart(async (r) => (await charts()).renderAgingSvg(r))(c, query),
    }),
    defineRoute({
      method: 'get',
      path: '/kpis/receivables/forecast.svg',
      operationId: 'receivablesForecastChart',
      tool: receivablesReport,
      tag: 'KPIs',
      roles: PAYMENT_READERS,
      summary: 'The cash forecast chart (SVG): cash expected by week per currency',
      query: receivablesInputSchema,
      responses: { 200: { description: 'image/svg+xml' } },
      handler: async (c, { query }) => chart(async (r) => (await charts()).renderForecastSvg(r))(c, query),
    }),
    defineRoute({
      method: 'get',
      path: '/kpis/receivables/charts/:file',
      operationId: 'receivablesChart',
      tool: receivablesReport,
      tag: 'KPIs',
      roles: PAYMENT_READERS,
      summary: 'A receivables chart as SVG or PNG: aging, forecast, promises or late-likelihood',
      description:
        'The file names the chart and its format, e.g. promises.png or late-likelihood.svg; one panel per currency.',
      params: z.object({
        file: z
          .string()
          .regex(new RegExp(`^(${CHARTS.join('|')})\\.(svg|png)$`), `one of ${CHARTS.join(', ')} with .svg or .png`)
          .describe('aging.svg, aging.png, forecast.svg, ..., late-likelihood.png'),
      }),
      query: receivablesInputSchema,
      responses: { 200: { description: 'image/svg+xml or image/png' } },
      handler: async (c, { params, query }) => {
        const [name, ext] = params.file.split('.') as [ChartName, 'svg' | 'png'];
        const r = await callToolFor(c, deps, receivablesReport, query);
        if (!r.ok) return sendToolResult(c, r);
        const { renderChartPng, renderChartSvg } = await charts();
        return ext === 'png'
          ? c.body(new Uint8Array(renderChartPng(name, r.value)), 200, { 'content-type': 'image/png' })
          : c.body(renderChartSvg(name, r.value), 200, { 'content-type': 'image/svg+xml; charset=utf-8' });
      },
    }),
  ];
}
