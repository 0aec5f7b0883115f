/**
 * Domain types of the deterministic billing core. Plain data, no I/O: the database adapters map rows
 * to these, and the rating functions take and return them. Money is minor units (bigint) plus a
 * currency; rates, hours, quantities and percents are decimal strings.
 */
import type { Money } from '../shared/money.ts';

export type BillingModelKind = 'time_and_materials' | 'milestone' | 'retainer' | 'usage';
export type TaxCategory = 'standard' | 'reduced' | 'zero' | 'exempt' | 'reverse_charge';
export type RoundingDirection = 'up' | 'nearest' | 'down';
/** What one rate buys: an hour, a day, half a day, or a month of a person's time. */
export type RateUnit = 'hour' | 'day' | 'half_day' | 'month';
export const RATE_UNITS: readonly RateUnit[] = ['hour', 'day', 'half_day', 'month'];
/** A day longer than the contract's hours per day: billed pro rata (10 h at 8 h a day = 1.25 days) or capped at one day. */
export type LongDays = 'pro_rata' | 'cap';

/** A rate for a role, or for one person in that role (an override), valid over a date range. */
export interface RateCardEntry {
  id: string;
  role: string;
  /** Set for a person override; null for the role rate. */
  personId: string | null;
  /** The override's person as people read it (their name), for line descriptions; personId stays the link. */
  personName?: string | null;
  /** Per unit (an hour unless `unit` says otherwise), in the contract currency, decimal string. */
  rate: string;
  /** What one rate buys; absent means an hour. Time is billed in this unit (see time-and-materials.ts). */
  unit?: RateUnit;
  effectiveFrom: string; // YYYY-MM-DD
  effectiveTo: string | null; // inclusive; null = open
}

export interface MilestoneTerm {
  id: string;
  name: string;
  /** Either a fixed amount or a percent of the contract's fixed fee. */
  amountMinor: bigint | null;
  percent: string | null;
  status: 'pending' | 'completed' | 'accepted';
  acceptedOn: string | null;
}

export interface RetainerTerms {
  /** Fee per period, billed in advance. */
  feeMinor: bigint;
  period: 'month';
  includedHours: string;
  /** Per-hour rate for hours beyond included + rollover, billed in arrears. */
  overageRate: string;
  /** Unused included hours carried to the next period, at most this many. "0" = no rollover. */
  rolloverMaxHours: string;
  /** Overage hours above this percent of included hours are held for approval. */
  overageTolerancePercent: string;
}

export interface UsageTier {
  from: string; // units, inclusive lower bound of the tier (0 for the first)
  upTo: string | null; // exclusive upper bound; null = unbounded
  unitPrice: string;
}

/**
 * A fixed fee charged every period over a run of periods (a monthly fee beside time and materials).
 * Periods are counted in months from `startDate`'s month: a quarterly fee's periods are that month
 * and every third month after. In advance, a period's fee is on the invoice of its first month; in
 * arrears, on the invoice of its last month (a monthly fee is on its own month's invoice either way).
 */
export interface RecurringFee {
  description: string;
  /** Per full period, in the contract currency. */
  amountMinor: bigint;
  frequency: 'month' | 'quarter' | 'year';
  /** First day the fee covers; its month starts the first period. */
  startDate: string;
  /** Last period (YYYY-MM) that bills the fee; null = open (until the contract ends). */
  lastPeriod: string | null;
  timing: 'advance' | 'arrears';
  /** When startDate is not the first of its month: bill the first month pro rata by calendar days (else in full). */
  prorateFirstPeriod: boolean;
}

export interface UsageTerms {
  unit: string;
  /** Graduated: each unit is priced by the tier it falls in. */
  tiers: UsageTier[];
  /** Minimum commitment per period; a shortfall line tops usage up to it. */
  minimumCommitmentMinor: bigint | null;
}

export interface ExpenseTerms {
  billable: boolean;
  /** Markup percent applied to billable expenses ("0" = at cost). */
  markupPercent: string;
  /** Absolute cap per period on billed expenses (after markup). */
  capMinor: bigint | null;
  /** Cap as a percent of the period's fees. When both are set, the lower applies. */
  capPercentOfFees: string | null;
}

export interface DiscountTerm {
  description: string;
  kind: 'percent' | 'amount';
  /** Percent as decimal string, or amount in minor units as decimal string. */
  value: string;
  appliesTo: 'fees' | 'all';
}

export interface TimeRounding {
  incrementMinutes: number; // 0 = none
  direction: RoundingDirection;
}

export interface ContractTerms {
  id: string;
  code: string;
  legalEntityId: string;
  clientId: string;
  models: BillingModelKind[];
  /** The work currency: rate card, fees and caps are in it. */
  currency: string;
  /** The currency invoices are issued in; when it differs, amounts convert at a dated rate. */
  invoiceCurrency: string;
  startDate: string;
  endDate: string | null;
  rateCard: RateCardEntry[];
  timeRounding: TimeRounding;
  /** Hours in one billed day, decimal string ("8"): converts time to day, half-day rates. */
  hoursPerDay: string;
  /** Per person and day, hours beyond hoursPerDay are billed pro rata or not at all (capped at one day). */
  longDays: LongDays;
  /** Fixed fees every period, beside whatever else the contract bills. */
  recurringFees: RecurringFee[];
  /** Not-to-exceed cap on cumulative fees over the contract's life, in the work currency. */
  notToExceedMinor: bigint | null;
  fixedFeeMinor: bigint | null;
  milestones: MilestoneTerm[];
  retainer: RetainerTerms | null;
  usage: UsageTerms | null;
  expenses: ExpenseTerms;
  discounts: DiscountTerm[];
  taxTreatment: TaxCategory;
  /** ISO country whose tax rates apply. */
  taxJurisdiction: string;
  poNumber: string | null;
  paymentTermsDays: number;
}

export interface ClientTerms {
  id: string;
  code: string;
  name: string;
  poRequired: boolean;
  paymentTermsDays: number;
}

export interface TimeEntry {
  id: string;
  personId: string;
  role: string;
  projectId: string;
  workDate: string;
  hours: string;
  billable: boolean;
  approval: 'submitted' | 'approved' | 'rejected';
  /** The rate the timesheet system applied, if it sent one; compared against the contract. */
  rateQuoted: string | null;
  description: string;
}

export interface Expense {
  id: string;
  incurredOn: string;
  category: string;
  description: string;
  amount: Money;
  billable: boolean;
  approval: 'submitted' | 'approved' | 'rejected';
}

export interface UsageRecord {
  id: string;
  occurredOn: string;
  quantity: string;
}

export interface ExchangeRate {
  base: string;
  quote: string;
  /** quote units per 1 base unit, decimal string */
  rate: string;
  rateDate: string;
}

export interface TaxRate {
  jurisdiction: string;
  category: TaxCategory;
  ratePercent: string;
  validFrom: string;
  validTo: string | null;
}

export type ExceptionType =
  | 'unapproved_time'
  | 'unapproved_expense'
  | 'missing_po'
  | 'missing_rate'
  | 'rate_mismatch'
  | 'cap_exceeded'
  | 'retainer_overage'
  | 'missing_fx_rate'
  | 'missing_tax_setup'
  | 'outside_contract_dates'
  | 'contract_terms_mismatch'
  /** A reminder the mail server refused or that bounced (raised by the outbox relay, never by rating). */
  | 'delivery_failure'
  /** Raised only from a message from outside (billing/incoming): the client's sign-off is missing. */
  | 'missing_client_approval'
  /** Raised only from a message from outside: the client says the work was billed twice. */
  | 'duplicate_billing'
  /** Raised only from a message from outside that reports no billing problem, or whose class is unsure. */
  | 'incoming_message';

export type Severity = 'info' | 'warning' | 'blocking';
export type OwnerRole = 'billing_clerk' | 'project_manager' | 'controller' | 'account_manager' | 'finance_admin';

/** A problem found while rating or validating, with who must act and how soon. */
export interface BillingException {
  type: ExceptionType;
  severity: Severity;
  ownerRole: OwnerRole;
  /** Hours from detection until the SLA is breached. */
  slaHours: number;
  message: string;
  /** Stable within a contract and period, so re-runs update instead of duplicating. */
  dedupeKey: string;
  details: Record<string, unknown>;
  /** Which draft line it holds (its lineKey), or null when it holds the whole draft. */
  lineKey: string | null;
  /** For a blocking exception, what it holds under the hold rules (applyHoldRules): the whole draft, or its line only. */
  holds?: 'draft' | 'line' | null;
}

export type LineKind =
  | 'time'
  | 'milestone'
  | 'retainer_fee'
  | 'recurring_fee'
  | 'retainer_overage'
  | 'usage'
  | 'usage_minimum_shortfall'
  | 'expense'
  | 'discount'
  /** A late fee on an overdue invoice (invoices_apply_late_fee): compensation for paying late, not a fee for service. */
  | 'late_fee';

/** What an invoice line bills: the exact source records and the contract term applied. */
export interface LineSources {
  timeEntryIds: string[];
  expenseIds: string[];
  usageRecordIds: string[];
  milestoneId: string | null;
  rateCardEntryId: string | null;
  /** e.g. 'rate_card', 'retainer.fee', 'retainer.overage_rate', 'usage.tier[1]', 'discount[0]' */
  contractTerm: string;
}

export interface DraftLine {
  /** Stable key within the draft (used to attach exceptions and for idempotent re-runs). */
  lineKey: string;
  kind: LineKind;
  description: string;
  quantity: string;
  unit: string;
  /** Unit price in the invoice currency, decimal string, unrounded. */
  unitPrice: string;
  /** Net amount in invoice currency minor units (rounded once, half up). */
  amountMinor: bigint;
  /** The unrounded amount, kept for audit. */
  preciseAmount: string;
  taxCategory: TaxCategory;
  taxRatePercent: string;
  taxMinor: bigint;
  role: string | null;
  personId: string | null;
  servicePeriodStart: string;
  servicePeriodEnd: string;
  sources: LineSources;
  /** Held lines are shown on the draft but excluded from its totals until released. */
  held: boolean;
  /**
   * A held line that does not hold its draft (a bill_rest hold rule): the rest is billed, and the
   * line is billed once released, on a supplementary invoice if the draft has moved on.
   */
  carried?: boolean;
}

export interface FxApplied {
  from: string;
  to: string;
  rate: string;
  rateDate: string;
}

/**
 * One exchange rate a draft used and what it converted: `contract_currency` (everything priced in
 * the contract's work currency: fees, discounts, the expense cap) or the expense lines (`expense:<id>`).
 */
export interface FxUsed extends FxApplied {
  usedFor: string[];
}

export interface DraftInvoice {
  contractId: string;
  legalEntityId: string;
  clientId: string;
  period: string;
  currency: string;
  lines: DraftLine[];
  subtotalMinor: bigint; // sum of unheld line amounts (discount lines are negative)
  taxMinor: bigint;
  totalMinor: bigint;
  heldMinor: bigint;
  /** The period rate from the work currency into the invoice currency; null when they are the same. */
  fx: FxApplied | null;
  /** Every rate the draft converted anything at (the period rate and each expense's), empty when nothing was converted. */
  fxRates: FxUsed[];
  poNumber: string | null;
  paymentTermsDays: number;
  exceptions: BillingException[];
  /**
   * True when the whole draft is held: a blocking exception without a line (e.g. missing PO), or,
   * once applyHoldRules ran, a held line whose hold rule is hold_draft.
   */
  held: boolean;
}

/** What the billing core needs to rate one contract for one period. */
export interface RatingInput {
  period: string; // YYYY-MM
  contract: ContractTerms;
  client: ClientTerms;
  /** Approved and unapproved entries dated in or before the period and not yet billed. */
  timeEntries: TimeEntry[];
  expenses: Expense[];
  usage: UsageRecord[];
  /** Fees already billed against the not-to-exceed cap before this period (work currency). */
  billedToDateMinor: bigint;
  /** Rollover hours available at the start of the period (retainer). */
  retainerRolloverHours: string;
  /** Whether this period's retainer fee was already billed (re-runs). */
  retainerFeeAlreadyBilled: boolean;
  exchangeRates: ExchangeRate[];
  taxRates: TaxRate[];
}

export interface RatingOutput {
  draft: DraftInvoice;
  /** Rollover hours carried into the next period (retainer). */
  retainerRolloverHoursNext: string;
  /**
   * Fees this draft bills against the not-to-exceed cap, in the work currency (minor units): the
   * unheld fee lines (before discounts) at their work-currency amounts, so no back-conversion is needed.
   */
  nteConsumedMinor: bigint;
}
