/**
 * Dunning: which reminder step an open invoice is due for on a date, under its client's (or
 * segment's) policy, and what stops it. Pure: the tool reads the facts and writes the outbox.
 */

export const DUNNING_STEPS = ['friendly', 'firm', 'final', 'escalate'] as const;
export type DunningStep = (typeof DUNNING_STEPS)[number];
/** e-mail to the client's billing contacts; task: a task for the collector; account_manager: a notification to the account manager. */
export const DUNNING_CHANNELS = ['email', 'task', 'account_manager'] as const;
export type DunningChannel = (typeof DUNNING_CHANNELS)[number];

/** How a final notice's late fee is computed: the contract's monthly percent, or a fixed monthly percent. */
export type LateFeeRule = { kind: 'contract' } | { kind: 'percent_monthly'; percent: string };

export interface PolicyStep {
  /** Days past due from which the step is due (negative: before the due date). */
  days: number;
  step: DunningStep;
  channel: DunningChannel;
  /** The template key of the text (default: the step's own template). */
  template?: string | undefined;
  /** The final notice of the sequence: only the last step may be one. */
  finalNotice?: boolean | undefined;
  /** A late fee the final notice announces (billed through invoice.apply_late_fee, under policy); only on the final notice. */
  lateFee?: LateFeeRule | null | undefined;
}

/** The default sequence when neither the client nor its segment has one: +1 friendly, +14 firm, +30 final, +45 escalate. */
export const DEFAULT_POLICY: readonly PolicyStep[] = [
  { days: 1, step: 'friendly', channel: 'email' },
  { days: 14, step: 'firm', channel: 'email' },
  { days: 30, step: 'final', channel: 'email' },
  { days: 45, step: 'escalate', channel: 'task' },
];

/**
 * Why a policy's steps are not usable, or null: days strictly rising, each step once, in the order
 * friendly..escalate, at most one final notice and it last, a late fee only on the final notice.
 */
export function policyProblem(steps: readonly PolicyStep[]): string | null {
  if (steps.length === 0) return 'a policy has at least one step';
  for (let k = 1; k < steps.length; k++) {
    if (steps[k]!.days <= steps[k - 1]!.days)
      return `step ${steps[k]!.step} must come more days past due than ${steps[k - 1]!.step}`;
    if (DUNNING_STEPS.indexOf(steps[k]!.step) <= DUNNING_STEPS.indexOf(steps[k - 1]!.step))
      return `steps go friendly, firm, final, escalate: ${steps[k]!.step} after ${steps[k - 1]!.step}`;
  }
  const finals = steps.filter((s) => s.finalNotice);
  if (finals.length > 1) return 'a policy has at most one final notice';
  if (finals.length === 1 && !steps.at(-1)!.finalNotice) return 'the final notice is the last step';
  const fee = steps.find((s) => s.lateFee && !s.finalNotice);
  if (fee) return `a late fee goes with the final notice only, not with ${fee.step}`;
  return null;
}

/** A promise to pay as the run sees it. */
export interface PromiseFacts {
  id: string;
  promisedFor: string;
  amountMinor: bigint;
  /** What the invoice owed when the promise was recorded. */
  openAtRecordMinor: bigint;
}

export interface DunningFacts {
  invoiceId: string;
  daysPastDue: number;
  openMinor: bigint;
  disputeOpen: boolean;
  /** A manual pause on the invoice or its client, with its reason; null when none is active. */
  paused: string | null;
  /** The open promise, if any. */
  promise: PromiseFacts | null;
  /** Steps already queued or sent for the invoice. */
  sent: ReadonlySet<string>;
  steps: readonly PolicyStep[];
}

export type DunningDecision =
  | { kind: 'send'; step: PolicyStep; reason: string; promiseBroken: string | null }
  | { kind: 'skip'; reason: string; promiseKept: string | null; promiseBroken: string | null };

/**
 * The decision for one invoice on asOf. In order: an open dispute holds it; a manual pause holds it;
 * a promise whose date has come is kept (the invoice now owes at most what it owed less the promise)
 * or broken; a live promise holds it; a broken one moves the sequence on at once (one step beyond
 * both the last sent and the one the days call for); otherwise the furthest step due by days past due, if not sent yet.
 * Earlier steps not sent are skipped, never sent late in a burst.
 * @example decideDunning({ daysPastDue: 15, sent: new Set(['friendly']), steps: DEFAULT_POLICY, ... }) // send firm
 */
export function decideDunning(f: DunningFacts, asOf: string): DunningDecision {
  if (f.disputeOpen) return skip('a dispute is open: resolve it before chasing payment');
  if (f.paused !== null) return skip(`reminders are paused: ${f.paused}`);
  let broken: string | null = null;
  if (f.promise) {
    const p = f.promise;
    if (f.openMinor <= p.openAtRecordMinor - p.amountMinor)
      return {
        kind: 'skip',
        reason: `the promise to pay by ${p.promisedFor} was kept`,
        promiseKept: p.id,
        promiseBroken: null,
      };
    if (p.promisedFor >= asOf) return skip(`a promise to pay by ${p.promisedFor} is live`);
    broken = p.id;
  }
  const lastSent = Math.max(-1, ...f.steps.map((s, k) => (f.sent.has(s.step) ? k : -1)));
  let due = -1;
  f.steps.forEach((s, k) => {
    if (f.daysPastDue >= s.days) due = k;
  });
  if (broken) {
    // Moved on and escalated: one step beyond both what was sent and what the days call for.
    const next = f.steps[Math.max(lastSent, due) + 1] ?? f.steps.at(-1)!;
    if (f.sent.has(next.step))
      return {
        kind: 'skip',
        reason: `the promise was broken; ${next.step} was sent already`,
        promiseKept: null,
        promiseBroken: broken,
      };
    return {
      kind: 'send',
      step: next,
      reason: `the promise to pay by ${f.promise!.promisedFor} was broken: moved on to ${next.step}`,
      promiseBroken: broken,
    };
  }
  if (due < 0) return skip('no step is due yet');
  if (due <= lastSent) return skip(`${f.steps[lastSent]!.step} was sent; the next step is not due yet`);
  return { kind: 'send', step: f.steps[due]!, reason: `${f.daysPastDue} days past due`, promiseBroken: null };
}

const skip = (reason: string): DunningDecision => ({ kind: 'skip', reason, promiseKept: null, promiseBroken: null });
