/** Exchange rates: the dated rate that converts one currency into another. */
import { Dec, dec } from '../../shared/decimal.ts';
import type { ExchangeRate, FxApplied, FxUsed } from '../model.ts';

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
export function findFxRate(
  rates: readonly ExchangeRate[],
  from: string,
  to: string,
  onOrBefore: string,
): FxQuote | null {
  if (from === to) return { rate: new Dec(1), applied: null };
  const candidates = rates
    .filter((r) => r.rateDate <= onOrBefore && dec(r.rate).gt(0))
    .flatMap((r) => {
      if (r.base === from && r.quote === to) return [{ r, direct: true, rate: dec(r.rate) }];
      if (r.base === to && r.quote === from) return [{ r, direct: false, rate: new Dec(1).div(dec(r.rate)) }];
      return [];
    })
    .sort((a, b) =>
      a.r.rateDate !== b.r.rateDate
        ? a.r.rateDate > b.r.rateDate
          ? -1
          : 1
        : a.direct !== b.direct
          ? a.direct
            ? -1
            : 1
          : a.rate.comparedTo(b.rate),
    );
  const best = candidates[0];
  if (!best) return null;
  return { rate: best.rate, applied: { from, to, rate: rateText(best.rate), rateDate: best.r.rateDate } };
}

/**
 * A rate as quoted: at least four decimals (as exchange rates are published), more when it has them.
 * @example rateText(dec('1.092')) // '1.0920'
 */
export const rateText = (rate: Dec): string => (rate.decimalPlaces() >= 4 ? rate.toString() : rate.toFixed(4));

/**
 * The rates a draft used, one entry per distinct rate (pair, rate, date) with everything it
 * converted, in a stable order: the period rate first, then by pair and date.
 * @example fxUsed([{ applied: EUR→USD 1.0920 on 2026-10-14, usedFor: 'expense:7' }]) // [{ ..., usedFor: ['expense:7'] }]
 */
export function fxUsed(uses: readonly { applied: FxApplied | null; usedFor: string }[]): FxUsed[] {
  const byRate = new Map<string, FxUsed>();
  for (const { applied, usedFor } of uses) {
    if (!applied) continue;
    const key = `${applied.from}>${applied.to}@${applied.rateDate}=${applied.rate}`;
    const entry = byRate.get(key);
    if (entry) entry.usedFor.push(usedFor);
    else byRate.set(key, { ...applied, usedFor: [usedFor] });
  }
  const first = (e: FxUsed) => (e.usedFor.includes('contract_currency') ? 0 : 1);
  return [...byRate.values()].sort(
    (a, b) => first(a) - first(b) || `${a.from}${a.to}${a.rateDate}`.localeCompare(`${b.from}${b.to}${b.rateDate}`),
  );
}
