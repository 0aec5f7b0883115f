import { addDays } from '../../shared/dates.ts';
import { type ConvertedOpen, exposureIn, type RateOf } from './credit-exposure.ts';

/** One invoice as the receivables report sees it, on the as-of date and at the start of the period. */
export interface ReceivableFacts {
  invoiceId: string;
  number: string;
  clientCode: string;
  entityCode: string;
  segment: string;
  currency: string;
  totalMinor: bigint;
  issueDate: string;
  dueDate: string;
  /** Open on the as-of date (0 when settled by then). */
  openMinor: bigint;
  /** Open at the start of the period (the day before its first day). */
  openAtStartMinor: bigint;
  /** Expected days after the due date it settles, and where that comes from. */
  expectedDaysLate: number;
  lateBasis: 'risk_model' | 'client_history' | 'due_date';
  /** A dispute was opened on it by the as-of date (open or since resolved); absent = none. */
  disputed?: boolean;
  /** A late-fee invoice (its lines are of kind late_fee): owed, but not a fee for service; absent = no. */
  lateFee?: boolean;
  /** The late-payment model's probability from the newest prioritization run by asOf; absent = not scored. */
  lateProbability?: number;
  /** The client's credit limit (clients.credit_limit_minor) and its currency; absent or null = none set. */
  creditLimitMinor?: bigint | null;
  creditLimitCurrency?: string | null;
}

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', 'over_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

const DAY_MS = 86_400_000;
/** Whole days from a to b (ISO dates). */
export const daysBetween = (a: string, b: string): number =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);

/**
 * The aging bucket of an amount by days past due: not yet due (or due today) is current.
 * @example bucketOf(0) // 'current'
 * @example bucketOf(31) // '31-60'
 */
export function bucketOf(daysPastDue: number): AgingBucket {
  if (daysPastDue <= 0) return 'current';
  if (daysPastDue <= 30) return '1-30';
  if (daysPastDue <= 60) return '31-60';
  if (daysPastDue <= 90) return '61-90';
  return 'over_90';
}

/** Receivables of one currency in one group (overall, an entity, a client, a segment). */
export interface ReceivableMetrics {
  currency: string;
  openInvoices: number;
  openMinor: bigint;
  overdueMinor: bigint;
  buckets: Record<AgingBucket, bigint>;
  /** Of the open amount, what late-fee invoices owe (counted in open and the buckets too), and by bucket. */
  lateFeesOpenMinor: bigint;
  lateFeeBuckets: Record<AgingBucket, bigint>;
  /** Invoiced in the period (issue date in it): the credit sales DSO and CEI divide by. */
  invoicedMinor: bigint;
  /** Days sales outstanding: open now / invoiced in the period × days in the period; null when nothing was invoiced. */
  dso: number | null;
  /** Collection effectiveness index, percent: (begin + invoiced − open now) / (begin + invoiced − current now); null when undefined. */
  cei: number | null;
  /** Invoices issued in the period, and those of them disputed by asOf (count and their invoiced amount). */
  issuedInvoices: number;
  disputedInvoices: number;
  disputedMinor: bigint;
  /** Dispute rate, percent: disputed / issued in the period, by count and by amount; null when nothing was issued. */
  disputeRate: number | null;
  disputeRateByAmount: number | null;
}

/** A ratio of bigints as a number with `places` decimals, rounded half up (for reporting, never for money). */
function ratio(num: bigint, den: bigint, scale: number, places: number): number {
  const f = 10n ** BigInt(places);
  const q = (num * BigInt(scale) * f * 2n + den) / (2n * den);
  return Number(q) / Number(f);
}

/**
 * Aging, DSO and CEI of a set of invoices on `asOf`, per currency (amounts of different currencies
 * are never added). The period is the `periodDays` days ending on `asOf`.
 * @example receivableMetrics(items, '2026-11-30', 90) // [{ currency: 'USD', dso: 41.3, cei: 87.5, ... }]
 */
export function receivableMetrics(
  items: readonly ReceivableFacts[],
  asOf: string,
  periodDays: number,
): ReceivableMetrics[] {
  const start = addDays(asOf, -periodDays + 1);
  const byCurrency = new Map<string, ReceivableFacts[]>();
  for (const i of items) byCurrency.set(i.currency, [...(byCurrency.get(i.currency) ?? []), i]);
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, list]) => {
      const buckets = Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0n])) as Record<AgingBucket, bigint>;
      const lateFeeBuckets = { ...buckets };
      let lateFeesOpen = 0n;
      let open = 0n,
        begin = 0n,
        invoiced = 0n,
        currentNow = 0n,
        openInvoices = 0,
        issued = 0,
        disputed = 0,
        disputedMinor = 0n;
      for (const i of list) {
        if (i.openMinor > 0n) {
          openInvoices++;
          open += i.openMinor;
          const bucket = bucketOf(daysBetween(i.dueDate, asOf));
          buckets[bucket] += i.openMinor;
          if (bucket === 'current') currentNow += i.openMinor;
          if (i.lateFee) {
            lateFeesOpen += i.openMinor;
            lateFeeBuckets[bucket] += i.openMinor;
          }
        }
        begin += i.openAtStartMinor;
        if (i.issueDate >= start && i.issueDate <= asOf) {
          invoiced += i.totalMinor;
          issued++;
          if (i.disputed) {
            disputed++;
            disputedMinor += i.totalMinor;
          }
        }
      }
      const ceiDen = begin + invoiced - currentNow;
      return {
        currency,
        openInvoices,
        openMinor: open,
        overdueMinor: open - buckets.current,
        buckets,
        lateFeesOpenMinor: lateFeesOpen,
        lateFeeBuckets,
        invoicedMinor: invoiced,
        dso: invoiced > 0n ? ratio(open, invoiced, periodDays, 1) : null,
        cei: ceiDen > 0n ? ratio(begin + invoiced - open, ceiDen, 100, 1) : null,
        issuedInvoices: issued,
        disputedInvoices: disputed,
        disputedMinor,
        disputeRate: issued > 0 ? ratio(BigInt(disputed), BigInt(issued), 100, 1) : null,
        disputeRateByAmount: invoiced > 0n ? ratio(disputedMinor, invoiced, 100, 1) : null,
      };
    });
}

/** Cash expected in one week (or later), from due dates moved by the expected days late. */
export interface ForecastWeek {
  /** Monday-free: the week is the 7 days from `from`; the last row is everything after the horizon. */
  from: string;
  to: string | null;
  expectedMinor: bigint;
  invoices: number;
}

/**
 * Open receivables of one currency by the week they are expected to be paid: due date plus the
 * expected days late, and what is already overdue and expected before `asOf` in the first week.
 * @example cashForecast(items, '2026-11-30', 'USD', 8) // 8 weeks and a "later" row
 */
export function cashForecast(
  items: readonly ReceivableFacts[],
  asOf: string,
  currency: string,
  weeks: number,
): ForecastWeek[] {
  const rows: ForecastWeek[] = Array.from({ length: weeks }, (_, w) => ({
    from: addDays(asOf, 7 * w),
    to: addDays(asOf, 7 * w + 6),
    expectedMinor: 0n,
    invoices: 0,
  }));
  rows.push({ from: addDays(asOf, 7 * weeks), to: null, expectedMinor: 0n, invoices: 0 });
  for (const i of items) {
    if (i.currency !== currency || i.openMinor <= 0n) continue;
    const expected = addDays(i.dueDate, Math.round(i.expectedDaysLate));
    const w = Math.min(weeks, Math.max(0, Math.floor(daysBetween(asOf, expected) / 7)));
    rows[w]!.expectedMinor += i.openMinor;
    rows[w]!.invoices++;
  }
  return rows;
}

/** A client's credit exposure on the as-of date against its credit limit. */
export interface CreditExposure {
  clientCode: string;
  currency: string;
  limitMinor: bigint;
  /** Open on the as-of date in the limit's currency, other currencies converted (disputed invoices included: still owed). */
  exposureMinor: bigint;
  /** limit - exposure; negative when over the limit. */
  headroomMinor: bigint;
  /** exposure / limit, percent with one decimal; null for a limit of 0 with nothing open. */
  usedPercent: number | null;
  overLimit: boolean;
  /** Open amounts in other currencies counted at the newest rate on or before the as-of date. */
  converted: ConvertedOpen[];
  /** Open amounts in currencies with no rate into the limit's by the as-of date: named, not counted. */
  notCounted: { currency: string; openMinor: bigint }[];
}

/**
 * Each client with a credit limit: what it owes on the as-of date against the limit, in the limit's
 * currency. Open amounts in other currencies are converted at `rateOf` (the newest stored rate on or
 * before the date; `exposureIn`: rounded half up once per currency); a currency with no rate is listed
 * in `notCounted`, never silently dropped. Without `rateOf`, only the limit's currency counts.
 * @example creditExposures(items, rateOf) // [{ clientCode: 'ACME', currency: 'USD', usedPercent: 112.5, overLimit: true, ... }]
 */
export function creditExposures(items: readonly ReceivableFacts[], rateOf: RateOf | null = null): CreditExposure[] {
  const byClient = new Map<string, ReceivableFacts[]>();
  for (const i of items)
    if (i.creditLimitMinor !== null && i.creditLimitMinor !== undefined && i.creditLimitCurrency)
      byClient.set(i.clientCode, [...(byClient.get(i.clientCode) ?? []), i]);
  return [...byClient.entries()]
    .map(([clientCode, list]) => {
      const limitMinor = list[0]!.creditLimitMinor as bigint;
      const currency = list[0]!.creditLimitCurrency as string;
      const open = new Map<string, bigint>();
      for (const i of list) if (i.openMinor > 0n) open.set(i.currency, (open.get(i.currency) ?? 0n) + i.openMinor);
      const { exposureMinor, converted, unconverted } = exposureIn(currency, open, rateOf);
      const usedPercent =
        limitMinor > 0n ? ratio(exposureMinor * 100n, limitMinor, 1, 1) : exposureMinor > 0n ? Infinity : null;
      return {
        clientCode,
        currency,
        limitMinor,
        exposureMinor,
        headroomMinor: limitMinor - exposureMinor,
        usedPercent: usedPercent === Infinity ? null : usedPercent,
        overLimit: exposureMinor > limitMinor,
        converted,
        notCounted: unconverted,
      };
    })
    .sort((a, b) =>
      a.overLimit !== b.overLimit
        ? a.overLimit
          ? -1
          : 1
        : (b.usedPercent ?? Number.POSITIVE_INFINITY) - (a.usedPercent ?? Number.POSITIVE_INFINITY) ||
          a.clientCode.localeCompare(b.clientCode),
    );
}

/** A promise to pay as known on the as-of date: kept by then, still ahead, or its date passed unkept. */
export interface PromiseFact {
  currency: string;
  amountMinor: bigint;
  promisedFor: string;
  state: 'kept' | 'open' | 'missed';
}

export interface PromiseWeek {
  from: string;
  to: string;
  keptMinor: bigint;
  openMinor: bigint;
  missedMinor: bigint;
  promises: number;
}

/**
 * Promised amounts by week of their promised date, per currency, from `weeksBefore` weeks before the
 * as-of date to `weeksAfter` after it, split by state on that day.
 * @example promiseWeeks(promises, '2026-11-30', 4, 8) // [{ currency: 'USD', weeks: [{ from: '2026-11-02', ... }] }]
 */
export function promiseWeeks(
  promises: readonly PromiseFact[],
  asOf: string,
  weeksBefore: number,
  weeksAfter: number,
): { currency: string; weeks: PromiseWeek[] }[] {
  const start = addDays(asOf, -7 * weeksBefore);
  const n = weeksBefore + weeksAfter;
  return [...new Set(promises.map((p) => p.currency))].sort().map((currency) => {
    const weeks: PromiseWeek[] = Array.from({ length: n }, (_, k) => ({
      from: addDays(start, 7 * k),
      to: addDays(start, 7 * k + 6),
      keptMinor: 0n,
      openMinor: 0n,
      missedMinor: 0n,
      promises: 0,
    }));
    for (const p of promises) {
      if (p.currency !== currency) continue;
      const k = Math.floor(daysBetween(start, p.promisedFor) / 7);
      const w = weeks[k];
      if (k < 0 || !w) continue;
      w.promises++;
      if (p.state === 'kept') w.keptMinor += p.amountMinor;
      else if (p.state === 'open') w.openMinor += p.amountMinor;
      else w.missedMinor += p.amountMinor;
    }
    return { currency, weeks };
  });
}

/** Late-likelihood bands of the open invoices: the model's probability in steps of 20 points. */
export const LATE_BANDS = ['0-20%', '20-40%', '40-60%', '60-80%', '80-100%', 'not scored'] as const;
export type LateBand = (typeof LATE_BANDS)[number];

/**
 * What is open on the as-of date by the late-payment model's probability, per currency: amount and
 * invoices per band; invoices the newest run did not score are their own band.
 * @example lateLikelihood(items) // [{ currency: 'USD', bands: [{ band: '0-20%', openMinor: 120000n, invoices: 3 }, ...] }]
 */
export function lateLikelihood(
  items: readonly ReceivableFacts[],
): { currency: string; bands: { band: LateBand; openMinor: bigint; invoices: number }[] }[] {
  const open = items.filter((i) => i.openMinor > 0n);
  return [...new Set(open.map((i) => i.currency))].sort().map((currency) => {
    const bands = LATE_BANDS.map((band) => ({ band, openMinor: 0n, invoices: 0 }));
    for (const i of open) {
      if (i.currency !== currency) continue;
      const p = i.lateProbability;
      const b = bands[p === undefined ? 5 : Math.min(4, Math.floor(Math.max(0, p) * 5))]!;
      b.openMinor += i.openMinor;
      b.invoices++;
    }
    return { currency, bands };
  });
}
