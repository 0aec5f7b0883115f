/** Exchange rates: the dated rate that converts one currency into another. */
import { Dec, dec } from '../../shared/decimal.ts';
import type { ExchangeRate, FxApplied } from '../model.ts';

/** A conversion factor (target units per source unit) and what to record about it (null when same currency). */
export interface FxQuote {
  rate: Dec;
  applied: FxApplied | null;
}

/**
 * The rate from `from` to `to` with the latest rateDate on or before `onOrBefore`. A direct quote
 * (base=from, quote=to) is used as is; an inverse one (base=to, quote=from) as 1/rate, unrounded.
 * On the same date a direct quote beats an inverse one, then the lower rate wins (deterministic).
 * Same currency → rate 1. None → null.
 * @example USD→EUR with only EUR/USD 1.25 on 2026-03-31 → rate 0.8
 */
export function findFxRate(rates: readonly ExchangeRate[], from: string, to: string, onOrBefore: string): FxQuote | null {
  if (from === to) return { rate: new Dec(1), applied: null };
  const candidates = rates
    .filter((r) => r.rateDate <= onOrBefore && dec(r.rate).gt(0))
    .flatMap((r) => {
      if (r.base === from && r.quote === to) return [{ r, direct: true, rate: dec(r.rate) }];
      if (r.base === to && r.quote === from) return [{ r, direct: false, rate: new Dec(1).div(dec(r.rate)) }];
      return [];
    })
    .sort((a, b) =>
      a.r.rateDate !== b.r.rateDate ? (a.r.rateDate > b.r.rateDate ? -1 : 1) : a.direct !== b.direct ? (a.direct ? -1 : 1) : a.rate.comparedTo(b.rate),
    );
  const best = candidates[0];
  if (!best) return null;
  return { rate: best.rate, applied: { from, to, rate: best.rate.toString(), rateDate: best.r.rateDate } };
}
