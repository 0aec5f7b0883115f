import { format, money } from '../../shared/money.ts';

/** An open invoice cash could go to. */
export interface OpenItem {
  invoiceId: string;
  number: string;
  clientId: string;
  clientCode: string;
  currency: string;
  openMinor: bigint;
  dueDate: string | null;
}

/** Cash received: how much, in what, what the payer wrote, and the client it came from (when known). */
export interface Receipt {
  amountMinor: bigint;
  currency: string;
  remittance: string | null;
  clientId: string | null;
}

/**
 * exact: the bank line says which invoices it pays (or only one open amount fits), so the cash is
 * applied; probable: a plausible split a person confirms; none: the cash stays unapplied.
 */
export type Confidence = 'exact' | 'probable' | 'none';

export interface CashMatch {
  confidence: Confidence;
  /** What to apply (exact) or propose (probable), oldest due first. */
  allocations: { invoiceId: string; number: string; amountMinor: bigint }[];
  /** Open invoices that could be what the cash pays, best first, each with why; at most 5. */
  candidates: { item: OpenItem; reason: string }[];
  reasons: string[];
}

const byDue = (a: OpenItem, b: OpenItem) =>
  (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.number.localeCompare(b.number);
const show = (minor: bigint, currency: string) => `${format(money(minor, currency))} ${currency}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The pattern of an invoice number as payers write it: separators optional or different, leading
 * zeros optional, case ignored, never inside a longer number ("A-1" is not in "A-10").
 * @example numberPattern('NWUS-000123').test('Rechnung nwus 123 vom 3.11.') // true
 */
export function numberPattern(number: string): RegExp {
  const m = /^(.*?)(\d+)$/.exec(number);
  const prefix = (m ? m[1]! : number)
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(escape)
    .join('[\\s\\-_/#.:]*');
  const digits = m ? `0*${m[2]!.replace(/^0+(?=\d)/, '')}` : '';
  const sep = prefix && digits ? '[\\s\\-_/#.:]*' : '';
  return new RegExp(`(?<![A-Za-z0-9])${prefix}${sep}${digits}(?![0-9])`, 'i');
}

/** The open invoices whose number the remittance text names. */
export function invoicesNamedIn(text: string | null, items: readonly OpenItem[]): OpenItem[] {
  if (!text) return [];
  return items.filter((i) => numberPattern(i.number).test(text));
}

/** Allocations paying `items` oldest due first with at most `amount`; the last may be partial. */
function fillOldestFirst(items: readonly OpenItem[], amount: bigint) {
  const out: CashMatch['allocations'] = [];
  let left = amount;
  for (const i of [...items].sort(byDue)) {
    if (left <= 0n) break;
    const take = i.openMinor < left ? i.openMinor : left;
    out.push({ invoiceId: i.invoiceId, number: i.number, amountMinor: take });
    left -= take;
  }
  return out;
}

/** How many of the oldest open invoices the search for combinations looks at (at most 1,330 triples). */
const COMBINATION_POOL = 20;

/**
 * Sets of two or three open invoices (among the oldest COMBINATION_POOL) whose open amounts add up to
 * exactly `amount`, those with the oldest due dates first. The oldest-first run that makes the amount
 * is found before this; here the invoices need not be consecutive.
 * @example combinationsMaking([a(100), b(200), c(300)], 400n) // [[a, c]]
 */
export function combinationsMaking(items: readonly OpenItem[], amount: bigint): OpenItem[][] {
  const pool = [...items].sort(byDue).slice(0, COMBINATION_POOL);
  const out: OpenItem[][] = [];
  for (let i = 0; i < pool.length; i++) {
    for (let j = i + 1; j < pool.length; j++) {
      const two = pool[i]!.openMinor + pool[j]!.openMinor;
      if (two === amount) out.push([pool[i]!, pool[j]!]);
      if (two >= amount) continue;
      for (let k = j + 1; k < pool.length; k++)
        if (two + pool[k]!.openMinor === amount) out.push([pool[i]!, pool[j]!, pool[k]!]);
    }
  }
  // Oldest first: compare position by position in due order, then fewer invoices first.
  const at = (c: OpenItem[]) => c.map((x) => pool.indexOf(x));
  return out.sort((x, y) => {
    const a = at(x);
    const b = at(y);
    for (let n = 0; n < Math.min(a.length, b.length); n++) if (a[n] !== b[n]) return a[n]! - b[n]!;
    return a.length - b.length;
  });
}

const full = (items: readonly OpenItem[]) =>
  [...items].sort(byDue).map((i) => ({ invoiceId: i.invoiceId, number: i.number, amountMinor: i.openMinor }));

/**
 * Cash application for one receipt against open invoices (pure). In order:
 * 1. Invoices the remittance names (of the receipt's client, in its currency): the amount pays them
 *    exactly, more (the rest stays unapplied) or, for one invoice, part of it: exact. Short of several
 *    named invoices: probable, oldest due first (which one is short is for a person to say).
 * 2. Nothing named: the one open invoice of exactly the amount (exact; several of that amount:
 *    probable, the oldest), all the client's open invoices together (exact), the oldest ones
 *    together (probable); with `wider` (a payment's suggestions, for a person to choose from) also any
 *    two or three together (probable, the oldest such set) and a short payment of the client's only
 *    open invoice (probable).
 * 3. Otherwise none: the cash stays unapplied, with the closest open invoices as candidates.
 * @example matchReceipt({ amountMinor: 50000n, currency: 'USD', remittance: 'INV A-000007', clientId: 'c1' }, items)
 * // { confidence: 'exact', allocations: [{ number: 'A-000007', amountMinor: 50000n, ... }], ... }
 */
export function matchReceipt(receipt: Receipt, items: readonly OpenItem[], opts: { wider?: boolean } = {}): CashMatch {
  const cur = receipt.currency;
  const amount = receipt.amountMinor;
  const mine = items.filter(
    (i) => i.currency === cur && i.openMinor > 0n && (receipt.clientId === null || i.clientId === receipt.clientId),
  );
  const candidates = (list: readonly OpenItem[], why: (i: OpenItem) => string) =>
    [...list]
      .sort(byDue)
      .slice(0, 5)
      .map((item) => ({ item, reason: why(item) }));
  const named = invoicesNamedIn(receipt.remittance, mine);
  if (named.length) {
    const total = named.reduce((s, i) => s + i.openMinor, 0n);
    const names = named
      .sort(byDue)
      .map((i) => i.number)
      .join(', ');
    const why = (i: OpenItem) => `named in the remittance; open ${show(i.openMinor, cur)}`;
    if (amount === total)
      return {
        confidence: 'exact',
        allocations: full(named),
        candidates: candidates(named, why),
        reasons: [`the remittance names ${names} and the amount equals their open balance`],
      };
    if (amount > total) {
      return {
        confidence: 'exact',
        allocations: full(named),
        candidates: candidates(named, why),
        reasons: [
          `the remittance names ${names}; the amount is ${show(amount - total, cur)} more than they owe, which stays unapplied on the client`,
        ],
      };
    }
    if (named.length === 1) {
      return {
        confidence: 'exact',
        allocations: fillOldestFirst(named, amount),
        candidates: candidates(named, why),
        reasons: [`short payment of ${names}: ${show(total - amount, cur)} stays open on it`],
      };
    }
    return {
      confidence: 'probable',
      allocations: fillOldestFirst(named, amount),
      candidates: candidates(named, why),
      reasons: [
        `the remittance names ${names} but pays ${show(total - amount, cur)} less than they owe; proposed oldest due first, a person decides which one stays short`,
      ],
    };
  }
  const reasons: string[] = [];
  const namedElsewhere = receipt.remittance
    ? items.filter((i) => i.currency === cur && numberPattern(i.number).test(receipt.remittance!) && !mine.includes(i))
    : [];
  if (namedElsewhere.length)
    reasons.push(
      `the remittance names ${namedElsewhere.map((i) => i.number).join(', ')}, which this client does not owe in ${cur}`,
    );
  if (mine.length === 0)
    return {
      confidence: 'none',
      allocations: [],
      candidates: [],
      reasons: [...reasons, `no open invoice in ${cur} to apply it to`],
    };
  const same = mine.filter((i) => i.openMinor === amount);
  if (same.length === 1) {
    return {
      confidence: 'exact',
      allocations: full(same),
      candidates: candidates(same, () => 'the only open invoice of exactly this amount'),
      reasons: [...reasons, `${same[0]!.number} is the client's only open invoice of exactly ${show(amount, cur)}`],
    };
  }
  if (same.length > 1) {
    return {
      confidence: 'probable',
      allocations: full(same.sort(byDue).slice(0, 1)),
      candidates: candidates(same, () => 'open for exactly this amount'),
      reasons: [
        ...reasons,
        `${same.length} open invoices of exactly ${show(amount, cur)} and the remittance names none; proposed the oldest due`,
      ],
    };
  }
  const all = mine.reduce((s, i) => s + i.openMinor, 0n);
  if (mine.length > 1 && all === amount) {
    return {
      confidence: 'exact',
      allocations: full(mine),
      candidates: candidates(mine, () => 'part of the whole open balance'),
      reasons: [...reasons, `the amount equals all ${mine.length} open invoices of the client together`],
    };
  }
  const sorted = [...mine].sort(byDue);
  let run = 0n;
  for (let k = 0; k < sorted.length; k++) {
    run += sorted[k]!.openMinor;
    if (run === amount && k > 0) {
      const oldest = sorted.slice(0, k + 1);
      return {
        confidence: 'probable',
        allocations: full(oldest),
        candidates: candidates(oldest, () => 'among the oldest open invoices, which together make the amount'),
        reasons: [
          ...reasons,
          `the ${k + 1} oldest open invoices together make exactly ${show(amount, cur)}; proposed for a person to confirm`,
        ],
      };
    }
    if (run > amount) break;
  }
  // Asked for suggestions (a person chooses), not by the import: these would turn its unapplied lines into proposals.
  const combos = opts.wider ? combinationsMaking(mine, amount) : [];
  if (combos.length) {
    const first = combos[0]!;
    const others = combos.length > 1 ? `; ${combos.length - 1} other combination(s) make it too` : '';
    return {
      confidence: 'probable',
      allocations: full(first),
      candidates: candidates(first, () => 'one of the open invoices that together make the amount'),
      reasons: [
        ...reasons,
        `${first.map((i) => i.number).join(' and ')} together make exactly ${show(amount, cur)}${others}; proposed for a person to confirm`,
      ],
    };
  }
  if (opts.wider && mine.length === 1 && amount < mine[0]!.openMinor) {
    const only = mine[0]!;
    return {
      confidence: 'probable',
      allocations: fillOldestFirst(mine, amount),
      candidates: candidates(mine, () => "the client's only open invoice"),
      reasons: [
        ...reasons,
        `short payment of ${only.number}, the client's only open invoice in ${cur}: ${show(only.openMinor - amount, cur)} would stay open on it; proposed for a person to confirm`,
      ],
    };
  }
  const closest = [...mine]
    .sort((a, b) => {
      const da = a.openMinor > amount ? a.openMinor - amount : amount - a.openMinor;
      const db = b.openMinor > amount ? b.openMinor - amount : amount - b.openMinor;
      return da < db ? -1 : da > db ? 1 : byDue(a, b);
    })
    .slice(0, 5);
  return {
    confidence: 'none',
    allocations: [],
    candidates: closest.map((item) => ({
      item,
      reason: `open ${show(item.openMinor, cur)}${item.dueDate ? `, due ${item.dueDate}` : ''}: differs by ${show(item.openMinor > amount ? item.openMinor - amount : amount - item.openMinor, cur)}`,
    })),
    reasons: [
      ...reasons,
      `no invoice named, and no open invoice or oldest ones together make ${show(amount, cur)}: left unapplied for a person`,
    ],
  };
}

/** One way to apply cash: what to give each invoice, how sure, and why. */
export interface Suggestion {
  confidence: Exclude<Confidence, 'none'>;
  allocations: CashMatch['allocations'];
  reason: string;
}

const keyOf = (allocs: CashMatch['allocations']) =>
  allocs
    .map((a) => `${a.invoiceId}:${a.amountMinor}`)
    .sort()
    .join('|');

/**
 * Ranked ways to apply one receipt (pure), for a person to choose from: first what matchReceipt
 * finds with `wider` (exact or probable), then the alternatives it passed over, each probable: another open
 * invoice of exactly the amount, another set of two or three that makes it. None when matchReceipt
 * finds nothing (its candidates say what is closest). Every allocation is positive, at most its
 * invoice's open amount, of the receipt's client and currency, and together at most the amount.
 * @example suggestApplications({ amountMinor: 80000n, currency: 'USD', remittance: null, clientId: 'c1' }, items)
 * // [{ confidence: 'probable', allocations: [A-000012 800.00] }, { confidence: 'probable', allocations: [A-000013 800.00] }]
 */
export function suggestApplications(receipt: Receipt, items: readonly OpenItem[], limit = 5): Suggestion[] {
  const best = matchReceipt(receipt, items, { wider: true });
  if (best.confidence === 'none' || best.allocations.length === 0) return [];
  const out: Suggestion[] = [
    { confidence: best.confidence, allocations: best.allocations, reason: best.reasons.join('; ') },
  ];
  const cur = receipt.currency;
  const amount = receipt.amountMinor;
  const mine = items.filter(
    (i) => i.currency === cur && i.openMinor > 0n && (receipt.clientId === null || i.clientId === receipt.clientId),
  );
  const seen = new Set([keyOf(best.allocations)]);
  const add = (s: Suggestion) => {
    const k = keyOf(s.allocations);
    if (out.length >= limit || seen.has(k)) return;
    seen.add(k);
    out.push(s);
  };
  // A remittance that names what it pays leaves no alternative worth a person's time.
  if (invoicesNamedIn(receipt.remittance, mine).length) return out;
  for (const i of mine.filter((x) => x.openMinor === amount).sort(byDue))
    add({
      confidence: 'probable',
      allocations: full([i]),
      reason: `${i.number} is open for exactly ${show(amount, cur)}${i.dueDate ? `, due ${i.dueDate}` : ''}`,
    });
  for (const c of combinationsMaking(mine, amount))
    add({
      confidence: 'probable',
      allocations: full(c),
      reason: `${c.map((i) => i.number).join(' and ')} together make exactly ${show(amount, cur)}`,
    });
  return out;
}
