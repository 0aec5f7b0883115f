import type { BillingException, DraftInvoice, ExceptionType } from '../model.ts';

/**
 * What a blocking exception on one line does to the rest of its draft:
 * - hold_draft: the whole draft waits until the exception is resolved (it cannot be submitted);
 * - bill_rest: the rest of the period is billed; the held line stays on the draft, visible and
 *   unbilled, and is billed once released: on the same draft while it is a draft, else on a
 *   supplementary invoice for the same contract and period.
 * Exceptions that hold no line (a missing PO, a missing period rate) always hold the draft.
 */
export const HOLD_MODES = ['hold_draft', 'bill_rest'] as const;
export type HoldMode = (typeof HOLD_MODES)[number];
/**
 * Line holds that may bill the rest: the ones a person can release as rated (approved_as_is). A line
 * held for a missing rate, rate or tax setup has no price to bill later, so it always holds the draft.
 */
export const CARRIABLE_HOLD_TYPES = [
  'cap_exceeded',
  'retainer_overage',
  'rate_mismatch',
  'outside_contract_dates',
] as const satisfies readonly ExceptionType[];
export type CarriableHoldType = (typeof CARRIABLE_HOLD_TYPES)[number];
export type HoldRules = Partial<Record<CarriableHoldType, HoldMode>>;

/** The rule of the bundled approval matrix: cap and overage holds bill the rest; every other line hold holds the draft. */
export const DEFAULT_HOLD_RULES: HoldRules = { cap_exceeded: 'bill_rest', retainer_overage: 'bill_rest' };

/** The mode for an exception type; types the rules do not name hold the draft. */
export const holdModeOf = (rules: HoldRules, type: ExceptionType): HoldMode =>
  rules[type as CarriableHoldType] ?? 'hold_draft';

/**
 * Marks what each hold holds: a held line is carried (does not hold the draft) when every blocking
 * exception on it is of a bill_rest type; each blocking exception records whether it holds its line
 * only or the draft. The draft is held by a lineless blocking exception or a held line not carried.
 * @example applyHoldRules(draftWithCapHold, DEFAULT_HOLD_RULES).held // false: the capped line is carried
 */
export function applyHoldRules(draft: DraftInvoice, rules: HoldRules): DraftInvoice {
  const carried = new Map<string, boolean>();
  for (const e of draft.exceptions) {
    if (e.severity !== 'blocking' || e.lineKey === null) continue;
    carried.set(e.lineKey, (carried.get(e.lineKey) ?? true) && holdModeOf(rules, e.type) === 'bill_rest');
  }
  const lines = draft.lines.map((l) => ({ ...l, carried: l.held && carried.get(l.lineKey) === true }));
  const exceptions = draft.exceptions.map(
    (e): BillingException =>
      e.severity !== 'blocking'
        ? { ...e, holds: null }
        : { ...e, holds: e.lineKey !== null && carried.get(e.lineKey) === true ? 'line' : 'draft' },
  );
  // draft.held already says whether a lineless hold (still unresolved) holds the draft.
  const held = draft.held || lines.some((l) => l.held && !l.carried);
  return { ...draft, lines, exceptions, held };
}
