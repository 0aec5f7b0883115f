import { and, eq, inArray, lte, ne, sql } from 'drizzle-orm';
import { marginPercent } from '../../billing/invoices/margin.ts';
import { findFxRate } from '../../billing/rating/fx.ts';
import type { ExchangeRate } from '../../billing/model.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { minorUnits } from '../../shared/currency.ts';
import { periodBounds } from '../../shared/dates.ts';
import { Dec, dec } from '../../shared/decimal.ts';
import { fromDecimal, money, toDecimal, type Money } from '../../shared/money.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { queryRows, type DbOrTx } from '../client.ts';
import { billingExceptions, exchangeRates, invoiceLines, legalEntities, projects } from '../schema/index.ts';
import type { InvoiceRow } from './invoice-lifecycle-store.ts';
import { releasedHolds } from './released-holds.ts';
import { submittedDisputeRisk } from './submitted-dispute-risk.ts';

/** No exchange rate converts an amount into the legal entity's currency, so policy cannot weigh it. */
export interface FxRateMissing {
  code: 'FX_RATE_MISSING';
  message: string;
  from: string;
  to: string;
  onOrBefore: string;
}

async function ratesAmong(db: DbOrTx, currencies: string[], onOrBefore: string): Promise<ExchangeRate[]> {
  const rows = await db
    .select()
    .from(exchangeRates)
    .where(
      and(
        lte(exchangeRates.rateDate, onOrBefore),
        inArray(exchangeRates.base, currencies),
        inArray(exchangeRates.quote, currencies),
      ),
    );
  return rows.map((r) => ({ base: r.base, quote: r.quote, rate: r.rate, rateDate: r.rateDate }));
}

/**
 * An amount in the legal entity's functional currency (the currency of the approval matrix's
 * thresholds), at the latest rate on or before the date, rounded half up.
 */
export async function inEntityCurrency(
  db: DbOrTx,
  amount: Money,
  legalEntityId: string,
  onOrBefore: string,
): Promise<Result<Money, FxRateMissing>> {
  const [entity] = await db
    .select({ currency: legalEntities.functionalCurrency })
    .from(legalEntities)
    .where(eq(legalEntities.id, legalEntityId));
  if (!entity) throw new Error(`legal entity ${legalEntityId} missing`);
  if (entity.currency === amount.currency) return ok(amount);
  const quote = findFxRate(
    await ratesAmong(db, [amount.currency, entity.currency], onOrBefore),
    amount.currency,
    entity.currency,
    onOrBefore,
  );
  if (!quote) {
    return err({
      code: 'FX_RATE_MISSING',
      message: `no ${amount.currency}/${entity.currency} rate on or before ${onOrBefore}`,
      from: amount.currency,
      to: entity.currency,
      onOrBefore,
    });
  }
  return ok(fromDecimal(toDecimal(amount).times(quote.rate), entity.currency, 'half_up'));
}

/**
 * Margin of an invoice: its billed fee revenue (every unheld line but expenses, discounts included)
 * against the cost of the time entries it bills (hours x the person's cost rate, converted into the
 * invoice currency at period end). Null when a cost rate or a rate to convert it is missing. An
 * invoice billing no time (a milestone, a usage fee) has no people cost on it: its margin is 100%.
 */
export async function invoiceMargin(db: DbOrTx, inv: InvoiceRow): Promise<string | null> {
  const [rev] = await db
    .select({ minor: sql<string>`COALESCE(SUM(${invoiceLines.amountMinor}), 0)::text` })
    .from(invoiceLines)
    .where(and(eq(invoiceLines.invoiceId, inv.id), eq(invoiceLines.held, false), ne(invoiceLines.kind, 'expense')));
  const costs = await queryRows<{ currency: string | null; cost: string | null; missing: number }>(
    db,
    sql`
    SELECT p.cost_currency AS currency, SUM(te.hours * p.cost_rate)::text AS cost,
           count(*) FILTER (WHERE p.cost_rate IS NULL OR p.cost_currency IS NULL)::int AS missing
      FROM invoice_line_time_entries l
      JOIN invoice_lines il ON il.id = l.line_id
      JOIN time_entries te ON te.id = l.time_entry_id
      JOIN people p ON p.id = te.person_id
     WHERE il.invoice_id = ${inv.id}
     GROUP BY p.cost_currency`,
  );
  if (costs.some((c) => c.missing > 0 || c.currency === null)) return null;
  const periodEnd = periodBounds(inv.period).end;
  const rates = await ratesAmong(db, [inv.currency, ...costs.map((c) => c.currency!)], periodEnd);
  let cost = new Dec(0);
  for (const c of costs) {
    const quote = findFxRate(rates, c.currency!, inv.currency, periodEnd);
    if (!quote) return null;
    cost = cost.plus(dec(c.cost ?? '0').times(quote.rate));
  }
  return marginPercent(BigInt(rev?.minor ?? '0'), cost, minorUnits(inv.currency));
}

/**
 * What policy needs to decide invoice.approve, read fresh: the total in the entity's currency (at
 * the period-end rate, so repeated evaluations agree), margin, unresolved exceptions, a project of
 * the contract on hold, held money released onto it (and by whose approval), and the preparer. No
 * manual discounts exist yet, so none goes beyond the contract. The dispute risk is the one the
 * pre-send check stored at submission (the matrix compares it with its threshold).
 */
export async function invoiceApprovalFacts(db: DbOrTx, inv: InvoiceRow): Promise<Result<PolicyFacts, FxRateMissing>> {
  const total = await inEntityCurrency(
    db,
    money(inv.totalMinor, inv.currency),
    inv.legalEntityId,
    periodBounds(inv.period).end,
  );
  if (!total.ok) return total;
  const [open] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(billingExceptions)
    .where(and(eq(billingExceptions.invoiceId, inv.id), sql`${billingExceptions.status} <> 'resolved'`));
  const [onHold] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(projects)
    .where(and(eq(projects.contractId, inv.contractId), eq(projects.status, 'on_hold')));
  return ok({
    entityId: inv.legalEntityId,
    invoiceTotal: total.value,
    marginPercent: await invoiceMargin(db, inv),
    openExceptionCount: Number(open?.n ?? 0),
    projectOnHold: Number(onHold?.n ?? 0) > 0,
    discountBeyondContract: false,
    preparerId: inv.preparedBy,
    releasedHolds: await releasedHolds(db, inv.id, inv.currency),
    disputeRisk: await submittedRisk(db, inv.id),
  });
}

async function submittedRisk(db: DbOrTx, invoiceId: string): Promise<PolicyFacts['disputeRisk']> {
  const r = await submittedDisputeRisk(db, invoiceId);
  return r && { probability: r.probability, modelVersion: r.modelVersion, reasons: r.reasons };
}
