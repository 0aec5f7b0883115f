/**
 * The collections priority of an open receivable and the next action to propose, from what is
 * known on the run's date: the open amount, days past due, the late-payment score, dispute and
 * promise status, the client's credit exposure against its limit and the relationship.
 * Pure and deterministic: the same facts give the same ranking.
 */
import { format, type Money } from '../../shared/money.ts';

export type NextAction = 'monitor' | 'reminder' | 'call' | 'escalate' | 'hold';
export type ReminderStep = 'courtesy' | 'first' | 'second' | 'final_notice';

export interface ReceivableFacts {
  invoiceId: string;
  clientId: string;
  /** Open amount in major units of its currency, for scoring only (money stays bigint elsewhere). */
  openAmount: number;
  daysPastDue: number;
  disputeOpen: boolean;
  lateProbability: number;
  expectedDaysLate: number;
  riskReasons: readonly string[];
  /** The client's open receivables against its credit limit, when it has one (same currency). */
  exposure: { open: Money; limit: Money } | null;
  activeProjects: number;
  segment: string;
  /** The client's promise to pay on the date: active until its date, or broken after it; absent = none (or kept). */
  promise?: PromiseStatus | null;
}

/** A promise to pay as the ranking sees it: amount as the ledger shows it, e.g. "300.00 USD". */
export interface PromiseStatus {
  state: 'active' | 'broken';
  promisedFor: string;
  amount: string;
}

/**
 * What a promise is on asOf: kept (null: the invoice owes at most what it owed less the promise),
 * active until its date, broken after it.
 * @example promiseState({ promisedFor: '2026-04-10', amountMinor: 300n, openAtRecordMinor: 1000n }, 1000n, '2026-04-15') // 'broken'
 */
export function promiseState(
  p: { promisedFor: string; amountMinor: bigint; openAtRecordMinor: bigint },
  openMinor: bigint,
  asOf: string,
): 'active' | 'broken' | null {
  if (openMinor <= p.openAtRecordMinor - p.amountMinor) return null;
  return p.promisedFor >= asOf ? 'active' : 'broken';
}

export interface Prioritized {
  invoiceId: string;
  rank: number;
  priority: number;
  action: NextAction;
  step: ReminderStep | null;
  reasons: string[];
}

/** Weight of a client over its credit limit; of an invoice under an open dispute (held, kept visible). */
export const OVER_LIMIT_WEIGHT = 1.5;
export const DISPUTE_WEIGHT = 0.2;
/** Weight of an invoice under an active promise to pay (lowered until its date) and under a broken one (raised). */
export const ACTIVE_PROMISE_WEIGHT = 0.3;
export const BROKEN_PROMISE_WEIGHT = 2;

/**
 * Expected late amount, weighted by how late: open amount x P(late) x (1 + expected days late / 30),
 * the last factor capped at 3.
 * @example 10,000 open, P(late) 0.8, 15 days late expected -> 10000 * 0.8 * 1.5 = 12,000
 */
export function priorityOf(f: ReceivableFacts): number {
  let p = f.openAmount * f.lateProbability * Math.min(3, 1 + Math.max(0, f.expectedDaysLate) / 30);
  if (overLimit(f)) p *= OVER_LIMIT_WEIGHT;
  if (f.disputeOpen) p *= DISPUTE_WEIGHT;
  if (f.promise?.state === 'active') p *= ACTIVE_PROMISE_WEIGHT;
  if (f.promise?.state === 'broken') p *= BROKEN_PROMISE_WEIGHT;
  return Math.round(p * 10_000) / 10_000;
}

const overLimit = (f: ReceivableFacts): boolean =>
  f.exposure !== null && f.exposure.open.amountMinor > f.exposure.limit.amountMinor;

/** The next step for a receivable: the reminder sequence by days past due, raised by credit exposure. */
export function nextAction(f: ReceivableFacts): { action: NextAction; step: ReminderStep | null } {
  if (f.disputeOpen) return { action: 'hold', step: null };
  const d = f.daysPastDue;
  // A broken promise escalates at once (the dunning run moves the sequence on); an active one waits for its date.
  if (f.promise?.state === 'broken') return { action: 'escalate', step: d >= 45 ? 'final_notice' : null };
  if (f.promise?.state === 'active') return { action: 'monitor', step: null };
  if (d >= 45) return { action: 'escalate', step: 'final_notice' };
  if (d >= 30) return { action: 'escalate', step: null };
  if (d >= 15 || (d > 0 && overLimit(f))) return { action: 'call', step: null };
  if (d >= 8) return { action: 'reminder', step: 'second' };
  if (d >= 1) return { action: 'reminder', step: 'first' };
  if (d >= -3 && f.lateProbability >= 0.5) return { action: 'reminder', step: 'courtesy' };
  return { action: 'monitor', step: null };
}

function reasonsOf(f: ReceivableFacts, action: NextAction): string[] {
  const out: string[] = [];
  if (f.disputeOpen) out.push('A dispute is open: resolve it before chasing payment');
  if (f.promise?.state === 'active')
    out.push(`Promise to pay ${f.promise.amount} by ${f.promise.promisedFor}: priority lowered until then`);
  if (f.promise?.state === 'broken')
    out.push(`Promise to pay ${f.promise.amount} by ${f.promise.promisedFor} was broken: escalate`);
  out.push(...f.riskReasons.filter((r) => !(f.disputeOpen && r.startsWith('A dispute is open'))));
  if (f.exposure && overLimit(f)) {
    out.push(
      `The client owes ${format(f.exposure.open)} ${f.exposure.open.currency} against a credit limit of ${format(f.exposure.limit)}`,
    );
  }
  if (f.activeProjects > 0 && (action === 'escalate' || action === 'call')) {
    out.push(
      `The client has ${f.activeProjects} active project${f.activeProjects === 1 ? '' : 's'}: tell the account manager before escalating`,
    );
  }
  if (f.segment === 'strategic' && action === 'escalate')
    out.push('Strategic client: escalate through the account manager');
  return out;
}

/** One receivable's priority, next action and reasons: everything of its worklist row but the rank. */
export interface Assessed extends Omit<Prioritized, 'rank'> {
  daysPastDue: number;
}

export function assess(f: ReceivableFacts): Assessed {
  const { action, step } = nextAction(f);
  return {
    invoiceId: f.invoiceId,
    priority: priorityOf(f),
    daysPastDue: f.daysPastDue,
    action,
    step,
    reasons: reasonsOf(f, action),
  };
}

/** Worklist order: higher priority first, then more days past due, then invoice id. */
export const byPriority = (
  a: Pick<Assessed, 'priority' | 'daysPastDue' | 'invoiceId'>,
  b: Pick<Assessed, 'priority' | 'daysPastDue' | 'invoiceId'>,
): number => b.priority - a.priority || b.daysPastDue - a.daysPastDue || (a.invoiceId < b.invoiceId ? -1 : 1);

/** Ranks receivables by priority (ties: more days past due, then invoice id) with actions and reasons. */
export function prioritize(items: readonly ReceivableFacts[]): Prioritized[] {
  return items
    .map(assess)
    .sort(byPriority)
    .map(({ daysPastDue: _, ...a }, i) => ({
      invoiceId: a.invoiceId,
      rank: i + 1,
      priority: a.priority,
      action: a.action,
      step: a.step,
      reasons: a.reasons,
    }));
}
