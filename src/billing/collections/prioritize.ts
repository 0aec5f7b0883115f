/**
 * The collections priority of an open receivable and the next action to propose, from what is
 * known on the run's date: the open amount, days past due, the late-payment score, dispute and
 * promise status, the client's credit exposure against its limit and the relationship.
 * Pure and deterministic: the same facts give the same ranking.
 */
import { format, type Money } from '../../shared/money.ts';
import { type DunningDecision, kindOf } from './dunning.ts';

export type NextAction = 'monitor' | 'reminder' | 'call' | 'escalate' | 'hold';

export interface ReceivableFacts {
  invoiceId: string;
  clientId: string;
  /** Open amount in major units of the ranking currency (RankingFx), for scoring only (money stays bigint elsewhere). */
  openAmount: number;
  daysPastDue: number;
  disputeOpen: boolean;
  lateProbability: number;
  expectedDaysLate: number;
  riskReasons: readonly string[];
  /**
   * The client's open receivables against its credit limit, when it has one, in the limit's currency:
   * `converted` names amounts of other currencies counted at a rate ("300.00 EUR at 1.0825 of 2026-03-30"),
   * `notCounted` those with no rate by the date ("200.00 GBP"), which the exposure leaves out.
   */
  exposure: { open: Money; limit: Money; converted?: readonly string[]; notCounted?: readonly string[] } | null;
  activeProjects: number;
  segment: string;
  /** The client's promise to pay on the date: active until its date, or broken after it; absent = none (or kept). */
  promise?: PromiseStatus | null;
  /** What the dunning run decides for the invoice on the date (decideDunning): the next action follows it. */
  dunning: DunningDecision;
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
  /** The key of the sequence step the dunning run sends tonight (stepKeys), or null when it sends none. */
  step: string | null;
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

/**
 * The next action for a receivable, from the dunning decision of the night (the same `decideDunning`
 * the dunning run sends by): a dispute, a manual pause or a live promise hold it; a step due tonight
 * is proposed as the run sends it (a reminder or the final notice: reminder; an escalation or a step to
 * the account manager: escalate; a call task: call), under a broken promise as escalate; with nothing
 * to send, a broken promise escalates, a past-due client over its credit limit gets a call, else monitor.
 */
export function nextAction(f: ReceivableFacts): { action: NextAction; step: string | null } {
  const d = f.dunning;
  if (d.kind === 'skip') {
    if (d.category === 'disputed' || d.category === 'paused' || d.category === 'promise_live')
      return { action: 'hold', step: null };
    if (d.promiseBroken || f.promise?.state === 'broken') return { action: 'escalate', step: null };
    if (f.daysPastDue > 0 && overLimit(f)) return { action: 'call', step: null };
    return { action: 'monitor', step: null };
  }
  if (d.promiseBroken || f.promise?.state === 'broken') return { action: 'escalate', step: d.key };
  const kind = kindOf(d.step);
  if (kind === 'call') return { action: 'call', step: d.key };
  if (kind === 'escalate' || d.step.channel === 'account_manager') return { action: 'escalate', step: d.key };
  return { action: 'reminder', step: d.key };
}

/** The dunning decision in words for the worklist, where the other reasons do not say it already. */
function dunningReason(f: ReceivableFacts): string | null {
  const d = f.dunning;
  if (d.kind === 'send') {
    const what = { reminder: 'reminder', final_notice: 'final notice', escalate: 'escalation', call: 'call task' }[
      kindOf(d.step)
    ];
    return `Dunning sends ${d.key} tonight (${what}, ${d.step.channel}): ${d.reason}`;
  }
  if (d.category === 'disputed' || d.category === 'promise_live') return null;
  return d.reason[0]!.toUpperCase() + d.reason.slice(1);
}

function reasonsOf(f: ReceivableFacts, action: NextAction): string[] {
  const out: string[] = [];
  if (f.disputeOpen) out.push('A dispute is open: resolve it before chasing payment');
  if (f.promise?.state === 'active')
    out.push(`Promise to pay ${f.promise.amount} by ${f.promise.promisedFor}: priority lowered until then`);
  if (f.promise?.state === 'broken')
    out.push(`Promise to pay ${f.promise.amount} by ${f.promise.promisedFor} was broken: escalate`);
  const dunning = dunningReason(f);
  if (dunning) out.push(dunning);
  out.push(...f.riskReasons.filter((r) => !(f.disputeOpen && r.startsWith('A dispute is open'))));
  if (f.exposure && overLimit(f)) {
    const withRates = f.exposure.converted?.length ? ` (with ${f.exposure.converted.join(', ')})` : '';
    out.push(
      `The client owes ${format(f.exposure.open)} ${f.exposure.open.currency}${withRates} against a credit limit of ${format(f.exposure.limit)}`,
    );
  }
  if (f.exposure?.notCounted?.length)
    out.push(
      `Credit exposure leaves out ${f.exposure.notCounted.join(', ')}: no exchange rate into ${f.exposure.limit.currency} by the date`,
    );
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
