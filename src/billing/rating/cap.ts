/**
 * Caps: the contract's not-to-exceed cap on fees and the per-period expense cap.
 *
 * CONSUMPTION ORDER: pieces consume what is left of the cap chronologically, by piece date (a time
 * entry's work date, a usage record's date, a milestone's acceptance date, the retainer fee at the
 * period start, retainer overage and usage minimum at the period end, an expense's date), then by
 * kind (retainer fee, milestone, time, usage, minimum, overage, expense), then source id (the order
 * records were entered in: ids are compared as numbers when both are), then line key. Line keys
 * carry rate-card ids, which are random per database: as the third key they decided which of two
 * people's hours on the same day went over the cap, differently on every fresh copy of the same data. The first piece that does not fit is split and the cap counts as reached: a divisible
 * piece (hours, units) bills the whole hundredths of a unit that still fit (rounded down); an
 * atomic piece (a milestone, a fee, an expense) bills exactly the amount left. The rest of that
 * piece and every later piece go to a HELD line `${lineKey}:over_cap`, never silently billed.
 * Fit is tested on each group's rounded amount, so billed rounded amounts never exceed the cap.
 */
import { Dec } from '../../shared/decimal.ts';
import type { LineKind } from '../model.ts';
import {
  type Charge,
  type ChargeGroup,
  type ChargePiece,
  majorOf,
  sourcesFor,
  toMinor,
  wholeCharge,
} from './charge.ts';

/** Charges after a cap, the keys of the held over-cap lines and what the billed charges consume. */
export interface CapSplit {
  charges: Charge[];
  overCapKeys: string[];
  /** Rounded amount of the billed charges in the cap currency. */
  billedMinor: bigint;
}

const RANK: Record<LineKind, number> = {
  retainer_fee: 0,
  recurring_fee: 0,
  milestone: 1,
  time: 2,
  usage: 3,
  usage_minimum_shortfall: 4,
  retainer_overage: 5,
  expense: 6,
  discount: 7,
  late_fee: 8,
};
const QUANTUM = new Dec('0.01');

/** Suffix of the held line split off a group beyond a cap. */
export const OVER_CAP = ':over_cap';

interface State {
  cum: Dec;
  amt: bigint;
  billed: ChargePiece[];
  held: ChargePiece[];
  atomicBilled: bigint | null;
}

/**
 * Bills groups up to `remainingMinor` (cap currency minor units; null = no cap) and holds the rest.
 * Groups already held pass through whole.
 * @example remaining 100000n, pieces 4 h then 8 h at 150 → 4 h billed (600.00), then 2.66 h billed
 *   (399.00) and 5.34 h held on `${key}:over_cap`
 */
export function applyCap(
  groups: readonly ChargeGroup[],
  remainingMinor: bigint | null,
  currency: string,
  capLabel: string,
): CapSplit {
  const charges: Charge[] = groups.filter((g) => g.held).map(wholeCharge);
  const open = groups.filter((g) => !g.held);
  if (remainingMinor === null) {
    let billedMinor = 0n;
    for (const g of open) {
      const c = wholeCharge(g);
      charges.push(c);
      billedMinor += toMinor(c.quantity.times(c.unitPrice), currency);
    }
    return { charges, overCapKeys: [], billedMinor };
  }
  const states = new Map<ChargeGroup, State>(
    open.map((g) => [g, { cum: new Dec(0), amt: 0n, billed: [], held: [], atomicBilled: null }]),
  );
  const order = open
    .flatMap((g) => g.pieces.map((p) => ({ g, p })))
    .sort(
      (a, b) =>
        cmp(a.p.date, b.p.date) ||
        RANK[a.g.kind] - RANK[b.g.kind] ||
        cmpId(a.p.sourceId ?? '', b.p.sourceId ?? '') ||
        cmp(a.g.lineKey, b.g.lineKey),
    );
  let remaining = remainingMinor > 0n ? remainingMinor : 0n;
  let reached = false;
  for (const item of order) {
    const g = item.g;
    let p = item.p;
    const s = states.get(g)!;
    if (p.quantity.isZero()) {
      s.billed.push(p);
      continue;
    }
    if (!reached) {
      const next = toMinor(s.cum.plus(p.quantity).times(g.unitPrice), currency);
      if (next - s.amt <= remaining) {
        remaining -= next - s.amt;
        Object.assign(s, { cum: s.cum.plus(p.quantity), amt: next });
        s.billed.push(p);
        continue;
      }
      reached = true;
      if (g.atomic) {
        s.atomicBilled = remaining;
      } else {
        const x = fitQuantity(s, p, g.unitPrice, remaining, currency);
        if (x.gt(0)) {
          s.billed.push({ ...p, quantity: x });
          Object.assign(s, { cum: s.cum.plus(x), amt: toMinor(s.cum.plus(x).times(g.unitPrice), currency) });
          p = { ...p, quantity: p.quantity.minus(x) };
        }
      }
    }
    s.held.push(p);
  }
  let billedMinor = 0n;
  const overCapKeys: string[] = [];
  for (const g of open) {
    const s = states.get(g)!;
    const whole = wholeCharge(g);
    const heldKey = `${g.lineKey}${OVER_CAP}`;
    const heldDescription = `${g.description} — beyond ${capLabel} (held)`;
    if (g.atomic && s.atomicBilled !== null) {
      const billedPrice = majorOf(s.atomicBilled, currency);
      if (s.atomicBilled > 0n) charges.push({ ...whole, quantity: new Dec(1), unitPrice: billedPrice });
      charges.push({
        ...whole,
        lineKey: heldKey,
        description: heldDescription,
        quantity: new Dec(1),
        unitPrice: g.unitPrice.minus(billedPrice),
        held: true,
      });
      overCapKeys.push(heldKey);
      billedMinor += s.atomicBilled;
      continue;
    }
    if (s.billed.length > 0) charges.push({ ...whole, quantity: sumQty(s.billed), sources: sourcesFor(g, s.billed) });
    if (s.held.length > 0) {
      charges.push({
        ...whole,
        lineKey: heldKey,
        description: heldDescription,
        quantity: sumQty(s.held),
        sources: sourcesFor(g, s.held),
        held: true,
      });
      overCapKeys.push(heldKey);
    }
    billedMinor += s.amt;
  }
  return { charges, overCapKeys: overCapKeys.sort(), billedMinor };
}

/** The largest quantity in hundredths (rounded down) whose added rounded amount fits the remaining cap. */
function fitQuantity(s: State, p: ChargePiece, price: Dec, remaining: bigint, currency: string): Dec {
  if (price.lte(0)) return new Dec(0);
  let x = majorOf(s.amt + remaining, currency)
    .div(price)
    .minus(s.cum)
    .toDecimalPlaces(2, Dec.ROUND_DOWN);
  if (x.gt(p.quantity)) x = p.quantity;
  while (x.gt(0) && toMinor(s.cum.plus(x).times(price), currency) - s.amt > remaining) x = x.minus(QUANTUM);
  return x.gt(0) ? x : new Dec(0);
}

const sumQty = (pieces: readonly ChargePiece[]): Dec => pieces.reduce((a, p) => a.plus(p.quantity), new Dec(0));
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const DIGITS = /^\d+$/;
/** Source ids: numerically when both are whole numbers (time entries, expenses, usage records), else as text. */
const cmpId = (a: string, b: string): number =>
  DIGITS.test(a) && DIGITS.test(b) ? a.length - b.length || cmp(a, b) : cmp(a, b);
