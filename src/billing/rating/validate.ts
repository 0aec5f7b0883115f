/**
 * Billing exceptions: who owns each type, how urgent it is, and stable dedupe keys, plus the
 * document-level checks (missing PO, unapproved time and expenses).
 */
import type {
  BillingException,
  ClientTerms,
  ContractTerms,
  ExceptionType,
  Expense,
  OwnerRole,
  Severity,
  TimeEntry,
} from '../model.ts';
import { Dec, dec } from '../../shared/decimal.ts';
import { format } from '../../shared/money.ts';

/** Severity and owning role of each exception type. */
export const EXCEPTION_RULES: Readonly<Record<ExceptionType, { severity: Severity; ownerRole: OwnerRole }>> =
  Object.freeze({
    unapproved_time: { severity: 'warning', ownerRole: 'project_manager' },
    unapproved_expense: { severity: 'warning', ownerRole: 'project_manager' },
    missing_po: { severity: 'blocking', ownerRole: 'billing_clerk' },
    missing_rate: { severity: 'blocking', ownerRole: 'billing_clerk' },
    rate_mismatch: { severity: 'warning', ownerRole: 'billing_clerk' },
    cap_exceeded: { severity: 'blocking', ownerRole: 'account_manager' },
    retainer_overage: { severity: 'blocking', ownerRole: 'account_manager' },
    missing_fx_rate: { severity: 'blocking', ownerRole: 'controller' },
    missing_tax_setup: { severity: 'blocking', ownerRole: 'controller' },
    outside_contract_dates: { severity: 'blocking', ownerRole: 'account_manager' },
    contract_terms_mismatch: { severity: 'blocking', ownerRole: 'billing_clerk' },
    delivery_failure: { severity: 'warning', ownerRole: 'billing_clerk' },
    // Raised from messages from outside only (billing/incoming/incoming-rules.ts), never by rating.
    missing_client_approval: { severity: 'warning', ownerRole: 'project_manager' },
    duplicate_billing: { severity: 'warning', ownerRole: 'billing_clerk' },
    incoming_message: { severity: 'info', ownerRole: 'billing_clerk' },
  });

/** Hours from detection until an exception's SLA is breached, by severity. */
export const SLA_HOURS: Readonly<Record<Severity, number>> = Object.freeze({ blocking: 24, warning: 72, info: 168 });

/** Which contract and period exceptions are raised for. */
export interface ExceptionScope {
  contractId: string;
  period: string;
}

/** What a caller says about one problem; the rules table fills in severity, owner and SLA. */
export interface ProblemSpec {
  type: ExceptionType;
  /** What the problem is about (role, line key, currency pair); null when it is one per contract and period. */
  subject: string | null;
  message: string;
  details: Record<string, unknown>;
  lineKey: string | null;
}

/**
 * Builds an exception whose dedupeKey is stable across re-runs: `${type}:${contractId}:${period}[:${subject}]`.
 * @example raise({contractId:'c1',period:'2026-03'}, {type:'missing_po', subject:null, ...}).dedupeKey // 'missing_po:c1:2026-03'
 */
export function raise(scope: ExceptionScope, spec: ProblemSpec): BillingException {
  const rule = EXCEPTION_RULES[spec.type];
  const parts = [spec.type, scope.contractId, scope.period, ...(spec.subject === null ? [] : [spec.subject])];
  return {
    type: spec.type,
    severity: rule.severity,
    ownerRole: rule.ownerRole,
    slaHours: SLA_HOURS[rule.severity],
    message: spec.message,
    dedupeKey: parts.join(':'),
    details: spec.details,
    lineKey: spec.lineKey,
  };
}

/** missing_po when the client requires a PO and the contract has none; it holds the whole draft. */
export function checkPurchaseOrder(
  scope: ExceptionScope,
  client: ClientTerms,
  contract: ContractTerms,
): BillingException | null {
  if (!client.poRequired || (contract.poNumber !== null && contract.poNumber.trim() !== '')) return null;
  return raise(scope, {
    type: 'missing_po',
    subject: null,
    message: `${client.name} requires a purchase order and contract ${contract.code} has none`,
    details: { clientId: client.id, contractCode: contract.code },
    lineKey: null,
  });
}

/** unapproved_time listing submitted billable entries dated in the period (never billed until approved). */
export function checkUnapprovedTime(scope: ExceptionScope, unapproved: readonly TimeEntry[]): BillingException | null {
  if (unapproved.length === 0) return null;
  const entries = [...unapproved].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hours = entries.reduce((a, e) => a.plus(dec(e.hours)), new Dec(0));
  return raise(scope, {
    type: 'unapproved_time',
    subject: null,
    message: `${entries.length} time entries (${hours.toString()} h) are submitted but not approved; they are not billed`,
    details: {
      entryIds: entries.map((e) => e.id),
      hours: hours.toString(),
      entries: entries.map((e) => ({ id: e.id, hours: e.hours })),
    },
    lineKey: null,
  });
}

/**
 * unapproved_expense listing the contract's submitted billable expenses dated in the period (never
 * billed until approved), with their amounts per currency. Raised only where the contract bills
 * expenses: elsewhere approving them would change no invoice.
 * @example two submitted expenses, EUR 2,000.00 and USD 120.50 → '2 expenses (EUR 2000.00, USD 120.50) are submitted but not approved; they are not billed'
 */
export function checkUnapprovedExpenses(
  scope: ExceptionScope,
  contract: ContractTerms,
  expenses: readonly Expense[],
  periodStart: string,
  periodEnd: string,
): BillingException | null {
  if (!contract.expenses.billable) return null;
  const pending = expenses
    .filter((e) => e.approval === 'submitted' && e.billable && e.incurredOn >= periodStart && e.incurredOn <= periodEnd)
    // Ids are numeric strings from the database: shorter first, so 9 comes before 10.
    .sort((a, b) => a.id.length - b.id.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (pending.length === 0) return null;
  const totals = new Map<string, bigint>();
  for (const e of pending) totals.set(e.amount.currency, (totals.get(e.amount.currency) ?? 0n) + e.amount.amountMinor);
  const sums = [...totals]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, amountMinor]) => `${currency} ${format({ amountMinor, currency })}`);
  return raise(scope, {
    type: 'unapproved_expense',
    subject: null,
    message: `${pending.length} expense${pending.length === 1 ? '' : 's'} (${sums.join(', ')}) ${pending.length === 1 ? 'is' : 'are'} submitted but not approved; ${pending.length === 1 ? 'it is' : 'they are'} not billed`,
    details: {
      expenseIds: pending.map((e) => e.id),
      expenses: pending.map((e) => ({
        id: e.id,
        incurredOn: e.incurredOn,
        amount: format(e.amount),
        currency: e.amount.currency,
      })),
    },
    lineKey: null,
  });
}
