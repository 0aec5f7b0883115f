/**
 * The collections priority of an open receivable and the next action to propose, from what is
 * known on the run's date: the open amount, days past due, the late-payment score, dispute (and,
 * later, promise) status, the client's credit exposure against its limit and the relationship.
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

/**
 * Expected late amount, weighted by how late: open amount x P(late) x (1 + expected days late / 30),
 * the last factor capped at 3.
 * @example 10,000 open, P(late) 0.8, 15 days late expected -> 10000 * 0.8 * 1.5 = 12,000
 */
export function priorityOf(f: ReceivableFacts): number {
  let p = f.openAmount * f.lateProbability * Math.min(3, 1 + Math.max(0, f.expectedDaysLate) / 30);
  if (overLimit(f)) p *= OVER_LIMIT_WEIGHT;
  if (f.disputeOpen) p *= DISPUTE_WEIGHT;
  return Math.round(p * 10_000) / 10_000;
}

const overLimit = (f: ReceivableFacts): boolean =>
  f.exposure !== null && f.exposure.open.amountMinor > f.exposure.limit.amountMinor;

/** The next step for a receivable: the reminder sequence by days past due, raised by credit exposure. */
export function nextAction(f: ReceivableFacts): { action: NextAction; step: ReminderStep | null } {
  if (f.disputeOpen) return { action: 'hold', step: null };
  const d = f.daysPastDue;
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
