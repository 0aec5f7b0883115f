import { z } from 'zod';
import {
  AGING_BUCKETS,
  cashForecast,
  creditExposures,
  LATE_BANDS,
  lateLikelihood,
  type PromiseFact,
  promiseWeeks,
  receivableMetrics,
  type ReceivableFacts,
  type ReceivableMetrics,
} from '../../billing/receivables/receivables.ts';
import type { RateOf } from '../../billing/receivables/credit-exposure.ts';
import { ratesAsOf } from '../../db/stores/exchange-rate-store.ts';
import { promisesAround, receivableFacts } from '../../db/stores/receivables-report-store.ts';
import { addDays } from '../../shared/dates.ts';
import { moneyView } from '../../shared/money.ts';
import { ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { PAYMENT_READERS } from '../payments/payment-view.ts';
import { moneyViewSchema } from '../schemas.ts';
import { listScopeOf, type ScopeError } from '../scope.ts';

export const receivablesInputSchema = z.object({
  asOf: z.iso.date().optional().describe('The day the report is as of, YYYY-MM-DD; omitted = today (UTC)'),
  legalEntity: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .optional()
    .describe('Only this legal entity (code); omitted = every entity the caller may see'),
  periodDays: z.coerce
    .number()
    .int()
    .min(7)
    .max(365)
    .default(90)
    .describe('Days of invoicing DSO and CEI look at, ending on asOf'),
  weeks: z.coerce.number().int().min(1).max(26).default(8).describe('Weeks of the cash forecast'),
});

const metricsSchema = z.object({
  currency: z.string(),
  openInvoices: z.number(),
  open: moneyViewSchema,
  overdue: moneyViewSchema,
  buckets: z
    .record(z.enum(AGING_BUCKETS), moneyViewSchema)
    .describe('current (not yet due), 1-30, 31-60, 61-90, over_90 days past due'),
  lateFeesOpen: moneyViewSchema.describe(
    'Of the open amount, what late-fee invoices owe (line kind late_fee): owed, but not fees for service',
  ),
  lateFeeBuckets: z
    .record(z.enum(AGING_BUCKETS), moneyViewSchema)
    .describe('The late-fee part of each aging bucket (already counted in buckets)'),
  invoiced: moneyViewSchema.describe('Invoiced in the period: the credit sales DSO and CEI divide by'),
  dso: z.number().nullable().describe('Days sales outstanding: open / invoiced in the period × its days'),
  cei: z
    .number()
    .nullable()
    .describe(
      'Collection effectiveness index, percent: (open at start + invoiced − open now) / (open at start + invoiced − current now)',
    ),
  issuedInvoices: z.number().int().describe('Invoices issued in the period'),
  disputedInvoices: z.number().int().describe('Of those, disputed by asOf (open or resolved)'),
  disputed: moneyViewSchema.describe('Invoiced amount of the disputed ones'),
  disputeRate: z.number().nullable().describe('Dispute rate by count, percent: disputed / issued in the period'),
  disputeRateByAmount: z
    .number()
    .nullable()
    .describe('Dispute rate by amount, percent: disputed / invoiced in the period'),
});

/** Weeks of promised dates the report shows before the as-of date (kept and missed ones). */
export const PROMISE_WEEKS_BEFORE = 4;

export const receivablesOutputSchema = z
  .object({
    asOf: z.string(),
    periodStart: z.string(),
    periodDays: z.number(),
    overall: z.array(metricsSchema).describe('One row per currency: amounts of different currencies are never added'),
    byEntity: z.array(z.object({ entity: z.string(), metrics: z.array(metricsSchema) })),
    bySegment: z.array(z.object({ segment: z.string(), metrics: z.array(metricsSchema) })),
    byClient: z
      .array(z.object({ client: z.string(), metrics: z.array(metricsSchema) }))
      .describe('At most 200 clients, most open first'),
    credit: z
      .array(
        z.object({
          client: z.string(),
          limit: moneyViewSchema,
          exposure: moneyViewSchema.describe(
            "Open on asOf in the limit's currency, disputed invoices included, other currencies converted (converted)",
          ),
          headroom: moneyViewSchema.describe('Limit minus exposure; negative over the limit'),
          usedPercent: z.number().nullable().describe('Exposure / limit, percent; null when the limit is 0'),
          overLimit: z.boolean(),
          converted: z
            .array(
              z.object({
                open: moneyViewSchema.describe('Open on asOf in this currency'),
                rate: z.string().describe("The rate into the limit's currency, as quoted"),
                rateDate: z.string().describe('The date of the rate: the newest stored on or before asOf'),
                counted: moneyViewSchema.describe("What it counts in the limit's currency, rounded half up once"),
              }),
            )
            .describe("Open in other currencies, counted in the exposure at the newest rate into the limit's currency"),
          notCounted: z
            .array(moneyViewSchema)
            .describe(
              "Open in currencies with no exchange rate into the limit's currency by asOf: not counted (load the rate)",
            ),
        }),
      )
      .describe('Clients with a credit limit, over the limit first, then most of it used (at most 200)'),
    forecast: z
      .array(
        z.object({
          currency: z.string(),
          basis: z
            .record(z.string(), z.number())
            .describe(
              'Open invoices by where their expected payment date comes from: risk_model, client_history, due_date',
            ),
          weeks: z.array(
            z.object({ from: z.string(), to: z.string().nullable(), expected: moneyViewSchema, invoices: z.number() }),
          ),
        }),
      )
      .describe(
        'Cash expected by week: due date plus the expected days late; overdue cash in the first week, beyond the horizon in the last row',
      ),
    promises: z
      .array(
        z.object({
          currency: z.string(),
          weeks: z.array(
            z.object({
              from: z.string(),
              to: z.string(),
              kept: moneyViewSchema,
              open: moneyViewSchema.describe('Promised date on or after asOf, not yet kept'),
              missed: moneyViewSchema.describe('Promised date passed by asOf without being kept, or marked broken'),
              promises: z.number().int(),
            }),
          ),
        }),
      )
      .describe(
        `Promises to pay by week of the promised date, ${PROMISE_WEEKS_BEFORE} weeks before asOf to the forecast's horizon, by state on asOf`,
      ),
    lateLikelihood: z
      .array(
        z.object({
          currency: z.string(),
          bands: z.array(z.object({ band: z.enum(LATE_BANDS), open: moneyViewSchema, invoices: z.number().int() })),
        }),
      )
      .describe("Open on asOf by the late-payment model's probability (newest prioritization run by asOf)"),
  })
  .describe('Receivables on a date: aging, DSO, CEI per group, and the cash forecast');
export type ReceivablesReport = z.output<typeof receivablesOutputSchema>;

const view = (m: ReceivableMetrics): z.output<typeof metricsSchema> => ({
  currency: m.currency,
  openInvoices: m.openInvoices,
  open: moneyView(m.openMinor, m.currency),
  overdue: moneyView(m.overdueMinor, m.currency),
  buckets: Object.fromEntries(AGING_BUCKETS.map((b) => [b, moneyView(m.buckets[b], m.currency)])) as Record<
    (typeof AGING_BUCKETS)[number],
    z.output<typeof moneyViewSchema>
  >,
  lateFeesOpen: moneyView(m.lateFeesOpenMinor, m.currency),
  lateFeeBuckets: Object.fromEntries(
    AGING_BUCKETS.map((b) => [b, moneyView(m.lateFeeBuckets[b], m.currency)]),
  ) as Record<(typeof AGING_BUCKETS)[number], z.output<typeof moneyViewSchema>>,
  invoiced: moneyView(m.invoicedMinor, m.currency),
  dso: m.dso,
  cei: m.cei,
  issuedInvoices: m.issuedInvoices,
  disputedInvoices: m.disputedInvoices,
  disputed: moneyView(m.disputedMinor, m.currency),
  disputeRate: m.disputeRate,
  disputeRateByAmount: m.disputeRateByAmount,
});

function grouped(items: readonly ReceivableFacts[], keyOf: (i: ReceivableFacts) => string, asOf: string, days: number) {
  const groups = new Map<string, ReceivableFacts[]>();
  for (const i of items) groups.set(keyOf(i), [...(groups.get(keyOf(i)) ?? []), i]);
  return [...groups.entries()].map(([key, list]) => ({ key, metrics: receivableMetrics(list, asOf, days) }));
}

/** The report from facts already read (pure): what the route, the CLI and the charts share. */
export function buildReport(
  facts: readonly ReceivableFacts[],
  asOf: string,
  periodDays: number,
  weeks: number,
  promises: readonly PromiseFact[] = [],
  rateOf: RateOf | null = null,
): ReceivablesReport {
  const periodStart = addDays(asOf, -periodDays + 1);
  const open = (g: { metrics: ReceivableMetrics[] }) => g.metrics.reduce((s, m) => s + m.openMinor, 0n);
  const clients = grouped(facts, (i) => i.clientCode, asOf, periodDays)
    .sort((a, b) => (open(b) > open(a) ? 1 : open(b) < open(a) ? -1 : a.key.localeCompare(b.key)))
    .slice(0, 200);
  return {
    asOf,
    periodStart,
    periodDays,
    overall: receivableMetrics(facts, asOf, periodDays).map(view),
    byEntity: grouped(facts, (i) => i.entityCode, asOf, periodDays)
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((g) => ({ entity: g.key, metrics: g.metrics.map(view) })),
    bySegment: grouped(facts, (i) => i.segment, asOf, periodDays)
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((g) => ({ segment: g.key, metrics: g.metrics.map(view) })),
    byClient: clients.map((g) => ({ client: g.key, metrics: g.metrics.map(view) })),
    credit: creditExposures(facts, rateOf)
      .slice(0, 200)
      .map((c) => ({
        client: c.clientCode,
        limit: moneyView(c.limitMinor, c.currency),
        exposure: moneyView(c.exposureMinor, c.currency),
        headroom: moneyView(c.headroomMinor, c.currency),
        usedPercent: c.usedPercent,
        overLimit: c.overLimit,
        converted: c.converted.map((x) => ({
          open: moneyView(x.openMinor, x.currency),
          rate: x.rate,
          rateDate: x.rateDate,
          counted: moneyView(x.convertedMinor, c.currency),
        })),
        notCounted: c.notCounted.map((o) => moneyView(o.openMinor, o.currency)),
      })),
    forecast: [...new Set(facts.filter((f) => f.openMinor > 0n).map((f) => f.currency))].sort().map((currency) => {
      const basis: Record<string, number> = {};
      for (const f of facts)
        if (f.currency === currency && f.openMinor > 0n) basis[f.lateBasis] = (basis[f.lateBasis] ?? 0) + 1;
      return {
        currency,
        basis,
        weeks: cashForecast(facts, asOf, currency, weeks).map((w) => ({
          from: w.from,
          to: w.to,
          expected: moneyView(w.expectedMinor, currency),
          invoices: w.invoices,
        })),
      };
    }),
    promises: promiseWeeks(promises, asOf, PROMISE_WEEKS_BEFORE, weeks).map((p) => ({
      currency: p.currency,
      weeks: p.weeks.map((w) => ({
        from: w.from,
        to: w.to,
        kept: moneyView(w.keptMinor, p.currency),
        open: moneyView(w.openMinor, p.currency),
        missed: moneyView(w.missedMinor, p.currency),
        promises: w.promises,
      })),
    })),
    lateLikelihood: lateLikelihood(facts).map((l) => ({
      currency: l.currency,
      bands: l.bands.map((b) => ({ band: b.band, open: moneyView(b.openMinor, l.currency), invoices: b.invoices })),
    })),
  };
}

export const receivablesReport = defineTool({
  name: 'receivables_report',
  description:
    'Receivables on a date: aging buckets (current, 1-30, 31-60, 61-90, over 90 days past due), DSO, collection effectiveness index and ' +
    "dispute rate (invoices of the period disputed, by count and amount), credit exposure against each client's credit limit " +
    '(other currencies converted at the newest rate by asOf; any without a rate named in notCounted), ' +
    'overall and per legal entity, segment and client, each per currency; and the cash expected by week from due dates moved by the late-payment ' +
    "model's expected days late (or the client's history). Read-only.",
  input: receivablesInputSchema,
  output: receivablesOutputSchema,
  risk: 'read',
  policyAction: null,
  readers: PAYMENT_READERS,
  handler: async (ctx, input): Promise<Result<ReceivablesReport, ScopeError>> => {
    const scope = await listScopeOf(ctx.db, ctx.actor, input.legalEntity);
    if (!scope.ok) return scope;
    const asOf = input.asOf ?? ctx.now.toISOString().slice(0, 10);
    const facts = await receivableFacts(ctx.db, asOf, addDays(asOf, -input.periodDays + 1), scope.value);
    const promises = await promisesAround(
      ctx.db,
      asOf,
      addDays(asOf, -7 * PROMISE_WEEKS_BEFORE),
      addDays(asOf, 7 * input.weeks),
      scope.value,
    );
    return ok(buildReport(facts, asOf, input.periodDays, input.weeks, promises, await ratesAsOf(ctx.db, asOf)));
  },
});
