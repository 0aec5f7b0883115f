import { format, money } from '../../shared/money.ts';

/**
 * Who should review an unusual invoice (pure). An invoice is unusual when its scenario (the kinds
 * of lines it bills plus contract features: a not-to-exceed cap, foreign exchange, a non-standard
 * tax treatment, a credit note) was approved fewer than RARE_SCENARIO times before, or when its total
 * deviates from the client's history of approved invoices in the same currency (robust z-score over
 * the median absolute deviation, or a ratio to the median). The reviewer proposed is the person who
 * approved the most of the most similar past invoices, never the invoice's preparer or submitter.
 */

/** An invoice as the recommendation compares it: its scenario features and total. */
export interface InvoiceFacts {
  id: string;
  reference: string;
  clientId: string;
  clientCode: string;
  currency: string;
  totalMinor: bigint;
  /** Line kinds and contract features, e.g. ['time', 'expense', 'nte', 'fx']. */
  features: readonly string[];
  /** When it was approved (history only); ISO timestamp. */
  approvedAt?: string | null;
  /** Who approved it (history only), user ids: the final approver first, then the other levels' approvers. */
  approvers?: readonly string[];
}

export interface Approver {
  id: string;
  name: string;
  roles: readonly string[];
}

export interface ReviewerRecommendation {
  unusual: boolean;
  /** Each reason the invoice is unusual, in words. */
  reasons: string[];
  /** Null when routine, or when no one eligible approved a similar invoice. */
  reviewer: {
    userId: string;
    name: string;
    roles: string[];
    approvedSimilar: number;
    similarInvoices: string[];
  } | null;
  /** One paragraph: the verdict, the reasons and the reviewer with why. */
  summary: string;
  /** What the figures were, for the reader who checks. */
  basis: {
    scenario: string;
    scenarioApprovedBefore: number;
    clientHistory: number;
    clientMedian: string | null;
    ratioToMedian: number | null;
    robustZ: number | null;
  };
}

/** A scenario approved fewer times than this before is rare. */
export const RARE_SCENARIO = 3;
/** |robust z| above this is a large deviation (Iglewicz and Hoaglin's 3.5). */
export const Z_LIMIT = 3.5;
/** A total at least this many times the client's median (or at most its inverse) is a large deviation. */
export const RATIO_LIMIT = 3;
/** Fewer approved invoices of the client than this say nothing about its history. */
export const MIN_HISTORY = 4;
/** How many of the most similar past invoices vote for a reviewer. */
export const SIMILAR_VOTERS = 5;

/** The scenario's name: its features sorted, joined by " + ". */
export const scenarioOf = (features: readonly string[]): string => [...new Set(features)].sort().join(' + ');

function medianOf(xs: readonly bigint[]): bigint {
  const s = [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2n;
}

const abs = (x: bigint): bigint => (x < 0n ? -x : x);
const amount = (minor: bigint, currency: string): string => `${currency} ${format(money(minor, currency))}`;

/** Jaccard similarity of two feature sets, plus a little for the same client: 0 (nothing shared) to 1.1. */
export function similarity(a: InvoiceFacts, b: InvoiceFacts): number {
  const x = new Set(a.features);
  const y = new Set(b.features);
  const shared = [...x].filter((f) => y.has(f)).length;
  const union = new Set([...x, ...y]).size;
  const jaccard = union === 0 ? 0 : shared / union;
  return jaccard === 0 ? 0 : jaccard + (a.clientId === b.clientId ? 0.1 : 0);
}

/**
 * The recommendation for `target` from the approved `history` (other invoices), the `people` who
 * approved them, and who may not review (`excluded`: the preparer and submitter).
 * @example an invoice of USD 90,000.00 for a client whose approved invoices have a median of
 * USD 10,000.00 is unusual (9× the median); the reviewer is whoever approved most of the invoices
 * sharing its line kinds.
 */
export function recommendReviewer(
  target: InvoiceFacts,
  history: readonly InvoiceFacts[],
  people: ReadonlyMap<string, Approver>,
  excluded: ReadonlySet<string>,
): ReviewerRecommendation {
  const past = history.filter((h) => h.id !== target.id);
  const scenario = scenarioOf(target.features);
  const sameScenario = past.filter((h) => scenarioOf(h.features) === scenario).length;
  const reasons: string[] = [];
  if (sameScenario < RARE_SCENARIO)
    reasons.push(
      `the firm has approved ${sameScenario === 0 ? 'no' : `only ${sameScenario}`} invoice${sameScenario === 1 ? '' : 's'} of this kind before (${scenario || 'no lines'})`,
    );
  const client = past.filter((h) => h.clientId === target.clientId && h.currency === target.currency);
  let median: bigint | null = null;
  let ratio: number | null = null;
  let z: number | null = null;
  if (client.length >= MIN_HISTORY) {
    median = medianOf(client.map((h) => h.totalMinor));
    const mad = medianOf(client.map((h) => abs(h.totalMinor - median!)));
    ratio = median > 0n ? Number(target.totalMinor) / Number(median) : null;
    z = mad > 0n ? (0.6745 * Number(target.totalMinor - median)) / Number(mad) : null;
    const far =
      (z !== null && Math.abs(z) > Z_LIMIT) || (ratio !== null && (ratio >= RATIO_LIMIT || ratio <= 1 / RATIO_LIMIT));
    if (far)
      reasons.push(
        `its total ${amount(target.totalMinor, target.currency)} is ${ratio !== null ? `${ratio.toFixed(1)}× ` : ''}` +
          `the median of ${target.clientCode}'s ${client.length} approved invoices (${amount(median, target.currency)})` +
          (z !== null ? `, robust z-score ${z.toFixed(1)}` : ''),
      );
  }
  const basis = {
    scenario,
    scenarioApprovedBefore: sameScenario,
    clientHistory: client.length,
    clientMedian: median === null ? null : amount(median, target.currency),
    ratioToMedian: ratio === null ? null : Math.round(ratio * 100) / 100,
    robustZ: z === null ? null : Math.round(z * 10) / 10,
  };
  if (reasons.length === 0)
    return {
      unusual: false,
      reasons,
      reviewer: null,
      basis,
      summary: `${target.reference} is routine: the firm has approved ${sameScenario} invoices of this kind (${scenario})${median !== null ? ` and its total is in line with ${target.clientCode}'s history` : ''}. The approval matrix's usual approvers suffice.`,
    };
  const ranked = past
    .map((h) => ({ h, s: similarity(target, h) }))
    .filter((x) => x.s > 0 && (x.h.approvers ?? []).some((a) => !excluded.has(a)))
    .sort((a, b) => b.s - a.s || (b.h.approvedAt ?? '').localeCompare(a.h.approvedAt ?? ''));
  // The most similar: within a quarter of the best match, at most SIMILAR_VOTERS of them.
  const similar = ranked.filter((x) => x.s >= ranked[0]!.s * 0.75).slice(0, SIMILAR_VOTERS);
  const votes = new Map<string, { n: number; finals: number; refs: string[]; latest: string }>();
  for (const { h } of similar)
    for (const [i, a] of [...new Set(h.approvers)].entries()) {
      if (excluded.has(a)) continue;
      const v = votes.get(a) ?? { n: 0, finals: 0, refs: [], latest: '' };
      v.n += 1;
      if (i === 0) v.finals += 1;
      v.refs.push(h.reference);
      if ((h.approvedAt ?? '') > v.latest) v.latest = h.approvedAt ?? '';
      votes.set(a, v);
    }
  // Most similar invoices approved; on a tie, who gave the final approval more often, then most recently.
  const best = [...votes.entries()].sort(
    (a, b) => b[1].n - a[1].n || b[1].finals - a[1].finals || b[1].latest.localeCompare(a[1].latest),
  )[0];
  const why = `${target.reference} is unusual: ${reasons.join('; and ')}.`;
  if (!best)
    return {
      unusual: true,
      reasons,
      reviewer: null,
      basis,
      summary: `${why} No one other than its preparer has approved a similar invoice; ask a controller to review it.`,
    };
  const [userId, v] = best;
  const who = people.get(userId) ?? { id: userId, name: userId, roles: [] };
  return {
    unusual: true,
    reasons,
    reviewer: { userId, name: who.name, roles: [...who.roles], approvedSimilar: v.n, similarInvoices: v.refs },
    basis,
    summary:
      `${why} Suggested reviewer: ${who.name}${who.roles.length ? ` (${who.roles.join(', ')})` : ''}, who approved ` +
      `${v.n} of the ${similar.length} most similar past invoice${similar.length === 1 ? '' : 's'} (${v.refs.join(', ')}).`,
  };
}
