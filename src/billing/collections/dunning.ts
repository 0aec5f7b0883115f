/**
 * Dunning: which step of its client's (or segment's) sequence an open invoice is due for on a date,
 * and what stops it. Pure: the dunning run and the nightly worklist both ask `decideDunning`, so the
 * step a collector is shown is the step the night sends. Sequence rules: dunning-rules.ts.
 */

/**
 * Step names: the tone of a reminder (courtesy before the due date, then friendly, firm, final), or
 * escalate (to the account manager) and call (a call task for the collector).
 */
export const DUNNING_STEPS = ['courtesy', 'friendly', 'firm', 'final', 'escalate', 'call'] as const;
export type DunningStep = (typeof DUNNING_STEPS)[number];
/** What a step does: a reminder to the client, an escalation, a call task, the final notice. */
export const STEP_KINDS = ['reminder', 'escalate', 'call', 'final_notice'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
/** e-mail to the client's billing contacts; task: a task for the collector; account_manager: a notification to the account manager. */
export const DUNNING_CHANNELS = ['email', 'task', 'account_manager'] as const;
export type DunningChannel = (typeof DUNNING_CHANNELS)[number];

/** How a final notice's late fee is computed: the contract's monthly percent, or a fixed monthly percent. */
export type LateFeeRule = { kind: 'contract' } | { kind: 'percent_monthly'; percent: string };

export interface PolicyStep {
  /** Days from the due date on which the step is due (negative: before the due date). */
  days: number;
  step: DunningStep;
  /** What the step does; absent: from the name (escalate, call), finalNotice, else a reminder. */
  kind?: StepKind | undefined;
  channel: DunningChannel;
  /** The template key of the text (default: the step's name). */
  template?: string | undefined;
  /** The final notice of the sequence (the same as kind final_notice; kept for sequences stored before kinds). */
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

/** What a step does: its kind, or read from a sequence stored before kinds existed. */
export function kindOf(s: PolicyStep): StepKind {
  if (s.kind) return s.kind;
  if (s.finalNotice) return 'final_notice';
  return s.step === 'escalate' ? 'escalate' : s.step === 'call' ? 'call' : 'reminder';
}

/**
 * What the outbox records for each step of a sequence (unique per invoice): the step's name the first
 * time it occurs, `name@days` after (a sequence with two friendly reminders at +1 and +7: friendly,
 * friendly@7). Sequences stored before names could repeat keep their keys.
 * @example stepKeys([{ days: 1, step: 'friendly' }, { days: 7, step: 'friendly' }]) // ['friendly', 'friendly@7']
 */
export function stepKeys(steps: readonly Pick<PolicyStep, 'days' | 'step'>[]): string[] {
  const seen = new Set<string>();
  return steps.map((s) => {
    if (seen.has(s.step)) return `${s.step}@${s.days}`;
    seen.add(s.step);
    return s.step;
  });
}

/**
 * stepKeys of a sequence, computed once per sequence (decideDunning runs for every open receivable of
 * the nightly ranking, over a handful of sequences), and the only way decideDunning gets its keys.
 * Answered by the sequence's value (each step's days and name), never by the array alone: a sequence
 * changed in place is not answered with the keys it had, and two equal sequences read apart share theirs.
 * Two tiers: by array, the keys with a copy of the days and names they were computed from, checked
 * step by step on every call (the night asks with the same few arrays for every receivable, so this is
 * a map read and a few comparisons, no string built); missed or changed, by a string of the value.
 * Both bounded: the array tier is weak, the value tier cleared past SEQUENCE_CACHE_MAX.
 */
interface SequenceSeen {
  days: number[];
  names: string[];
  keys: readonly string[];
}
const keysByArray = new WeakMap<readonly Pick<PolicyStep, 'days' | 'step'>[], SequenceSeen>();
const keysByValue = new Map<string, readonly string[]>();
const SEQUENCE_CACHE_MAX = 1000;
export function sequenceKeys(steps: readonly Pick<PolicyStep, 'days' | 'step'>[]): readonly string[] {
  const seen = keysByArray.get(steps);
  if (seen !== undefined && seen.days.length === steps.length) {
    let same = true;
    for (let n = 0; n < steps.length && same; n++)
      same = steps[n]!.days === seen.days[n] && steps[n]!.step === seen.names[n];
    if (same) return seen.keys;
  }
  // Days are integers and \u0000 is in no step name: the value tells every two different sequences apart.
  let value = '';
  for (const s of steps) value += `${s.days}\u0000${s.step}\u0000`;
  let keys = keysByValue.get(value);
  if (keys === undefined) {
    keys = stepKeys(steps);
    if (keysByValue.size >= SEQUENCE_CACHE_MAX) keysByValue.clear();
    keysByValue.set(value, keys);
  }
  keysByArray.set(steps, { days: steps.map((s) => s.days), names: steps.map((s) => s.step), keys });
  return keys;
}

/** The steps of an invoice's client: its own sequence, else its segment's, else the default. */
export function stepsFor(
  table: ReadonlyMap<string, readonly PolicyStep[]>,
  clientCode: string,
  segment: string,
): readonly PolicyStep[] {
  return table.get(`client:${clientCode}`) ?? table.get(`segment:${segment}`) ?? DEFAULT_POLICY;
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
  /** The promise open on the date, if any. */
  promise: PromiseFacts | null;
  /** Keys (stepKeys) of the steps already in the outbox for the invoice: queued, sent or failed, tonight included. */
  sent: ReadonlySet<string>;
  /** The sequence; its step keys come from sequenceKeys. */
  steps: readonly PolicyStep[];
}

/** Why nothing is sent, as a category: the run's skip counts and the worklist's action read it. */
export type SkipCategory = 'disputed' | 'paused' | 'promise_kept' | 'promise_live' | 'already_sent' | 'not_due';

export type DunningDecision =
  | { kind: 'send'; step: PolicyStep; key: string; reason: string; promiseBroken: string | null }
  | {
      kind: 'skip';
      category: SkipCategory;
      reason: string;
      promiseKept: string | null;
      promiseBroken: string | null;
    };

/**
 * The decision for one invoice on asOf. In order: an open dispute holds it; a manual pause holds it;
 * a promise whose date has come is kept (the invoice now owes at most what it owed less the promise)
 * or broken; a live promise holds it; a broken one moves the sequence on at once (one step beyond
 * both the last sent and the one the days call for); otherwise the furthest step due by days from the
 * due date, if not sent yet. Earlier steps not sent are skipped, never sent late in a burst, and a step
 * before the due date (a courtesy note) is due only until the due date.
 * @example decideDunning({ daysPastDue: 15, sent: new Set(['friendly']), steps: DEFAULT_POLICY, ... }) // send firm
 */
export function decideDunning(f: DunningFacts, asOf: string): DunningDecision {
  if (f.disputeOpen) return skip('disputed', 'a dispute is open: resolve it before chasing payment');
  if (f.paused !== null) return skip('paused', `reminders are paused: ${f.paused}`);
  let broken: string | null = null;
  if (f.promise) {
    const p = f.promise;
    if (f.openMinor <= p.openAtRecordMinor - p.amountMinor)
      return {
        kind: 'skip',
        category: 'promise_kept',
        reason: `the promise to pay by ${p.promisedFor} was kept`,
        promiseKept: p.id,
        promiseBroken: null,
      };
    if (p.promisedFor >= asOf) return skip('promise_live', `a promise to pay by ${p.promisedFor} is live`);
    broken = p.id;
  }
  const keys = sequenceKeys(f.steps);
  let lastSent = -1;
  keys.forEach((k, n) => {
    if (f.sent.has(k)) lastSent = n;
  });
  let due = -1;
  f.steps.forEach((s, n) => {
    if (f.daysPastDue >= s.days && (s.days < 0 ? f.daysPastDue <= 0 : true)) due = n;
  });
  if (broken) {
    // Moved on and escalated: one step beyond both what was sent and what the days call for.
    let n = Math.max(lastSent, due) + 1;
    // Past the due date a courtesy step is over: moving on skips it.
    while (n < f.steps.length - 1 && f.steps[n]!.days < 0 && f.daysPastDue > 0) n++;
    n = Math.min(n, f.steps.length - 1);
    if (f.sent.has(keys[n]!))
      return {
        kind: 'skip',
        category: 'already_sent',
        reason: `the promise was broken; ${keys[n]} was sent already`,
        promiseKept: null,
        promiseBroken: broken,
      };
    return {
      kind: 'send',
      step: f.steps[n]!,
      key: keys[n]!,
      reason: `the promise to pay by ${f.promise!.promisedFor} was broken: moved on to ${keys[n]}`,
      promiseBroken: broken,
    };
  }
  if (due < 0) return skip('not_due', 'no step is due yet');
  if (due <= lastSent) return skip('already_sent', `${keys[lastSent]} was sent; the next step is not due yet`);
  const when = f.daysPastDue < 0 ? `due in ${-f.daysPastDue} days` : `${f.daysPastDue} days past due`;
  return { kind: 'send', step: f.steps[due]!, key: keys[due]!, reason: when, promiseBroken: null };
}

const skip = (category: SkipCategory, reason: string): DunningDecision => ({
  kind: 'skip',
  category,
  reason,
  promiseKept: null,
  promiseBroken: null,
});
