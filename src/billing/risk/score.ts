import { dayNumber, featuresOf, type NumericFeature, type RiskInvoice } from './features.ts';
import { disputeFeaturesOf, type LateFeatures, lateFeaturesOf } from './features-lean.ts';
import { estimateLate } from './late.ts';
import { disputeProbability, type RiskModel } from './model.ts';

/** A draft's dispute risk: the probability, whether it needs a review before sending, and why in words. */
export interface DisputeRisk {
  probability: number;
  flagged: boolean;
  reasons: string[];
}

/** An open invoice's payment risk as of a date. */
export interface LateRisk {
  lateProbability: number;
  expectedDaysLate: number;
  disputeProbability: number;
  reasons: string[];
}

/** Default review threshold: a draft at or above this dispute probability is flagged. */
export const DISPUTE_REVIEW_THRESHOLD = 0.5;

const pct = (p: number): string => `${Math.round(p * 100)}%`;
const days = (d: number): string => `${Math.round(d)} day${Math.round(d) === 1 ? '' : 's'}`;

/**
 * Keeps the reasons with the largest weight, most important first (ties keep the listed order).
 * `weights[i]` is candidate i's weight and `text(i)` its words, called only for the kept ones: the
 * nightly run scores every receivable, and a closure per candidate was a good part of its garbage.
 */
function top(weights: readonly number[], text: (i: number) => string, n = 3): string[] {
  const kept: number[] = [];
  for (let i = 0; i < weights.length; i++) if ((weights[i] as number) > 0) kept.push(i);
  // No named helper function here: under tsx (esbuild's keepNames) each one made per call is also renamed
  // (__name, a defineProperty), which showed in the nightly run's profile.
  return kept
    .sort((a, b) => (weights[b] as number) - (weights[a] as number) || a - b)
    .slice(0, n)
    .map(text);
}

function disputeReasons(f: Record<NumericFeature, number>, model: RiskModel, p: number): string[] {
  const firm = model.prior.disputeRate;
  const weights = [
    f.hist_settled === 0 ? 0.5 : 0,
    f.hist_settled > 0 ? (f.hist_disputes / f.hist_settled - firm) * Math.min(1, f.hist_settled / 5) : 0,
    f.open_stalled_count > 0 ? 0.2 * f.open_stalled_count : 0,
    f.amount_vs_client_median >= 1.5 ? 0.1 * Math.log2(f.amount_vs_client_median) : 0,
    f.last_disputed === 1 ? 0.15 : 0,
  ];
  const reasons = top(weights, (i) => {
    switch (i) {
      case 0:
        return `No settled invoices of this client yet: the firm-wide dispute rate (${pct(firm)}) stands in`;
      case 1:
        return `The client disputed ${f.hist_disputes} of its ${f.hist_settled} settled invoices (firm: ${pct(firm)})`;
      case 2:
        return `${f.open_stalled_count} of the client's open invoices are unpaid well past its usual payment time, often a sign of a dispute`;
      case 3:
        return `The amount is ${f.amount_vs_client_median.toFixed(1)} times the client's usual invoice`;
      default:
        return "The client's most recently settled invoice was disputed";
    }
  });
  return reasons.length
    ? reasons
    : [`Nothing in the client's history raises the risk (${pct(p)} against the firm's ${pct(firm)})`];
}

/**
 * The pre-send check: scores a draft as of its issue date (or `asOf` when not yet dated) from its
 * client's history and flags it for review at `threshold`.
 */
export function scoreDraft(
  model: RiskModel,
  inv: RiskInvoice,
  clientHistory: readonly RiskInvoice[],
  asOf: string,
  threshold = DISPUTE_REVIEW_THRESHOLD,
): DisputeRisk {
  const f = featuresOf(inv, clientHistory, asOf, model.prior);
  const probability = disputeProbability(model, f, inv.group);
  return { probability, flagged: probability >= threshold, reasons: disputeReasons(f, model, probability) };
}

/**
 * Scores an open invoice on `asOf`: the chance it settles after its due date and the days late to
 * expect, given it is still unpaid today and whether a dispute is open.
 */
export function scoreOpen(
  model: RiskModel,
  inv: RiskInvoice,
  clientHistory: readonly RiskInvoice[],
  asOf: string,
  openDispute: boolean,
): LateRisk {
  const atIssue = featuresOf(inv, clientHistory, inv.issueDate, model.prior);
  const now = featuresOf(inv, clientHistory, asOf, model.prior);
  const pIssue = openDispute ? 1 : disputeProbability(model, atIssue, inv.group);
  return lateRiskOf(model, inv, now, pIssue, asOf, openDispute);
}

/**
 * The dispute probability the model gives an invoice at its issue date (scoreOpen's, when no dispute
 * is open): from the client's history before that date only, so it does not change with the date a
 * receivable is scored on, and can be stored per model version.
 */
export function disputeAtIssue(model: RiskModel, inv: RiskInvoice, clientHistory: readonly RiskInvoice[]): number {
  return disputeProbability(model, disputeFeaturesOf(inv, clientHistory, inv.issueDate, model.prior), inv.group);
}

/**
 * scoreOpen for the nightly run: the same result, from only the features it reads (lateFeaturesOf,
 * disputeFeaturesOf), and no dispute features when a dispute is open (the score is 1 then).
 * `atIssue` is disputeAtIssue's value where it is known already (stored): the model is not run then.
 */
export function scoreOpenLean(
  model: RiskModel,
  inv: RiskInvoice,
  clientHistory: readonly RiskInvoice[],
  asOf: string,
  openDispute: boolean,
  atIssue?: number,
): LateRisk {
  const pIssue = openDispute ? 1 : (atIssue ?? disputeAtIssue(model, inv, clientHistory));
  return lateRiskOf(model, inv, lateFeaturesOf(inv, clientHistory, asOf, model.prior), pIssue, asOf, openDispute);
}

/** The late score and its reasons from the features as of the date and the dispute chance at issue. */
function lateRiskOf(
  model: RiskModel,
  inv: RiskInvoice,
  now: LateFeatures,
  pIssue: number,
  asOf: string,
  openDispute: boolean,
): LateRisk {
  const age = Math.max(0, dayNumber(asOf) - dayNumber(inv.issueDate));
  // The client's payment curve as known today; the dispute chance as the model saw it at issue.
  const est = estimateLate({
    termsDays: now.terms_days,
    cleanMean: now.clean_mean_days_to_settle,
    cleanSd: now.clean_sd_days_to_settle,
    disputeDelay: now.client_dispute_delay,
    pDispute: pIssue,
    age,
  });
  const pastDue = age - now.terms_days;
  const weights = [
    openDispute ? 1 : 0,
    pastDue > 0 ? 0.9 : 0,
    now.hist_settled > 0 ? (now.clean_mean_days_to_settle - now.terms_days + 10) / 20 : 0,
    now.hist_settled > 0 ? now.hist_lates / now.hist_settled - model.prior.lateRate : 0,
    !openDispute && est.pDisputeNow > 0.4 ? est.pDisputeNow - 0.2 : 0,
    now.open_overdue_count > 1 ? 0.1 * now.open_overdue_count : 0,
    now.hist_settled === 0 ? 0.3 : 0,
  ];
  const reasons = top(weights, (i) => {
    switch (i) {
      case 0:
        return 'A dispute is open on this invoice';
      case 1:
        return `Already ${days(pastDue)} past due`;
      case 2:
        return `The client usually pays in about ${days(now.clean_mean_days_to_settle)} (terms ${days(now.terms_days)})`;
      case 3:
        return `Paid late on ${now.hist_lates} of its ${now.hist_settled} settled invoices`;
      case 4:
        return `Likely to be disputed (${pct(est.pDisputeNow)}), which delays payment by about ${days(now.client_dispute_delay)}`;
      case 5:
        return `${now.open_overdue_count} of the client's other invoices are past due`;
      default:
        return 'No payment history for this client: the firm-wide prior stands in';
    }
  });
  return {
    lateProbability: est.lateProbability,
    expectedDaysLate: est.expectedDaysLate,
    disputeProbability: est.pDisputeNow,
    reasons: reasons.length ? reasons : ['The client pays on time as a rule'],
  };
}
