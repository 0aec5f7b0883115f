import { normalCdf } from './features.ts';

/**
 * The late-payment model: a mixture of two settle-time curves per client. Undisputed, the client
 * settles in N(cleanMean, cleanSd) days (its own history, moved to this invoice's paperless status);
 * disputed, `delay` days later with a wider spread. The invoice is late when it settles after its
 * terms. Given an invoice still open at age `age`, both curves are conditioned on "not settled yet",
 * which also updates the chance that it is disputed.
 */
export interface LateInputs {
  termsDays: number;
  cleanMean: number;
  cleanSd: number;
  disputeDelay: number;
  /** Probability the invoice is (or will be) disputed; 1 when a dispute is open. */
  pDispute: number;
  /** Days since issue at scoring time (0 at invoice time). */
  age: number;
}

const phi = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** P(X > c) and E[max(0, X - c)] for X ~ N(mu, sd). */
function tail(mu: number, sd: number, c: number): { p: number; excess: number } {
  const z = (c - mu) / sd;
  const p = 1 - normalCdf(z);
  return { p, excess: Math.max(0, sd * phi(z) + (mu - c) * p) };
}

export interface LateEstimate {
  lateProbability: number;
  /** Expected days after the due date it settles (0 when on time), given it is still open at `age`. */
  expectedDaysLate: number;
  /** The dispute probability after conditioning on the invoice still being open. */
  pDisputeNow: number;
}

/** Late probability and expected days late from the two curves. */
export function estimateLate(x: LateInputs): LateEstimate {
  const sdC = Math.max(1, x.cleanSd),
    sdD = Math.max(1, x.cleanSd * 1.5);
  const muD = x.cleanMean + x.disputeDelay;
  const openC = tail(x.cleanMean, sdC, x.age - 0.5).p,
    openD = tail(muD, sdD, x.age - 0.5).p;
  const wD = x.pDispute * openD,
    wC = (1 - x.pDispute) * openC;
  const pD = wD + wC > 1e-12 ? wD / (wD + wC) : x.pDispute;
  const cut = Math.max(x.termsDays + 0.5, x.age - 0.5);
  const c = tail(x.cleanMean, sdC, cut),
    d = tail(muD, sdD, cut);
  // Conditioned on still open: divide by the chance of being open at this age (1 at invoice time).
  const pLateC = openC > 1e-12 ? c.p / openC : 1,
    pLateD = openD > 1e-12 ? d.p / openD : 1;
  const lateProbability = Math.min(1, pD * pLateD + (1 - pD) * pLateC);
  // Days late beyond the cut, plus what is already late when the invoice is past due.
  const already = Math.max(0, x.age - x.termsDays);
  const exC = openC > 1e-12 ? c.excess / openC : 0,
    exD = openD > 1e-12 ? d.excess / openD : 0;
  const beyond = pD * exD + (1 - pD) * exC;
  const expectedDaysLate = already > 0 ? already + beyond : beyond;
  return { lateProbability, expectedDaysLate, pDisputeNow: pD };
}
