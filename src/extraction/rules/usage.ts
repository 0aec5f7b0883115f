import type { UsageTier } from '../sow-terms.ts';
import { columnMeanings } from './columns.ts';
import { columnSide, type Found, type RuleContext } from './context.ts';
import { findMoney, parseMoney } from './money.ts';
import { parseAmount } from './numbers.ts';
import { alignToHeader, findTables } from './tables.ts';

const NUM = "\\d[\\d,.'’ \\u00a0\\u202f]*\\d|\\d";
const RANGE = new RegExp(
  `^(?:(?:from|von|de|du|des)\\s+)?(${NUM})\\s*(?:–|-|—|to|through|thru|until|bis|à|au)\\s*(${NUM})$|^(?:between|zwischen|entre)\\s+(${NUM})\\s+(?:and|und|et)\\s+(${NUM})$`,
  'i',
);
const OPEN = new RegExp(
  `^(?:(${NUM})\\s*(?:\\+|and\\s+above|and\\s+over|and\\s+more|or\\s+more|and\\s+up|und\\s+mehr|und\\s+darüber|et\\s+plus|et\\s+au-delà|onwards)|(?:over|above|more\\s+than|exceeding|in\\s+excess\\s+of|beyond|from|starting\\s+at|ab|über|mehr\\s+als|plus\\s+de|au-delà\\s+de|dès|à\\s+partir\\s+de|>)\\s*(?:the\\s+)?(${NUM})(?:\\s*\\+)?)$`,
  'i',
);
const UP_TO = new RegExp(`^(?:up\\s+to|first|until|bis|jusqu'?à|≤|<=|0\\s*(?:–|-)\\s*)\\s*(${NUM})$`, 'i');
/** An open upper bound written as a word or dash. */
const UNBOUNDED =
  /^(?:[-–—]|no\s+limit|unlimited|and\s+above|above|open|∞|unbegrenzt|offen|illimité|sans\s+limite|n\/a)?$/i;

/** An open bound said in words, beside a dash or alone: "— (no upper limit)", "(ohne Obergrenze)", "sans limite". */
const OPEN_NOTE =
  /^[-–—]?\s*\(?\s*(?:no\s+(?:upper\s+)?(?:limit|cap|maximum)|unlimited|ohne\s+(?:Ober)?grenze|unbegrenzt|sans\s+(?:limite|plafond)|illimité)\s*\)?$/iu;

/** A price cell with its currency as letters or a sign before or after the figure: "K 0.85", "0,85 Fr.", "12.50". */
const PRICE_CELL = /^(?:\p{Lu}[\p{L}.]{0,3}\$?|[$€£¥₹₦₵?\uFFFD])?\s?(\d[\d.,'’]*)\s?(?:\p{Lu}[\p{L}.]{0,3}|[$€£])?$/u;

/** A label whose count is a time, a percent or a money amount: no usage band. */
const NOT_BAND =
  /(?<![\p{L}])(?:hours?|days?|weeks?|months?|years?|stunden?|tagen?|wochen?|monaten?|jahren?|heures?|jours?|semaines?|mois|ans?|années?)(?![\p{L}])|%|[$€£]|\b(?:CHF|EUR|USD|GBP)\b/iu;

/** A header that names a price, not a count per period. */
const PRICE_WORD = /(?<![\p{L}])(?:price|preis|prix|tarif|rate|cost|kosten|entgelt|gebühr)(?![\p{L}])/iu;

/** A count in any grouping: 1,000 / 1.000 / 1'000 / 1 000 (counts have no decimals). */
const num = (s: string): number | null => {
  const t = s.replace(/[\s\u00a0\u202f’',.]|[?\uFFFD](?=\d{3}(?!\d))/g, '');
  return /^\d+$/.test(t)
    ? Number(t)
    : (() => {
        const a = parseAmount(s.replace(/[’']/g, ','));
        return a === null ? null : Number(a);
      })();
};

/** The billed unit from a header such as "Price per document" or "Monthly documents" (singular). */
function unitFrom(texts: string[]): string {
  for (const t of texts) {
    const per = /\b(?:per|je|pro|par)\s+(?:processed\s+)?([\p{L}][\p{L} -]{1,30}?)(?:\s+per\s+\w+)?(?:\s*\(|$)/iu.exec(
      t,
    );
    if (per?.[1]) return per[1].trim().toLowerCase();
  }
  const noun = /([a-z]+?)s?\s*$/i.exec(texts[0] ?? '');
  return (noun?.[1] ?? 'unit').toLowerCase();
}

/** A range cell's bounds, or null. */
function bounds(range: string): { from: number; upTo: number | null } | null {
  const r = range.trim();
  let m = RANGE.exec(r);
  if (m) {
    const from = num(m[1] ?? m[3] ?? '');
    const upTo = num(m[2] ?? m[4] ?? '');
    return from === null ? null : { from, upTo };
  }
  if ((m = OPEN.exec(r))) {
    const n = num(m[1] ?? m[2] ?? '');
    if (n === null) return null;
    const exclusive =
      m[2] !== undefined &&
      /^(?:over|above|more\s+than|exceeding|in\s+excess\s+of|beyond|über|mehr\s+als|plus\s+de|au-delà\s+de|>)/i.test(r);
    return { from: exclusive ? n + 1 : n, upTo: null };
  }
  if ((m = UP_TO.exec(r))) {
    const upTo = num(m[1] ?? '');
    return upTo === null ? null : { from: /^0/.test(r) ? 0 : 1, upTo };
  }
  return null;
}

/**
 * Volume tiers from a pricing table: by header meaning, a range column ("1 – 10,000", "50,001 and
 * above") or separate from/to columns, and a price column, in any order; without headers that say
 * so, the first cell that reads as a range and the first money cell after it.
 */
export function findUsageTiers(ctx: RuleContext): Found<UsageTier>[] {
  const out: Found<UsageTier>[] = [];
  for (const table of findTables(ctx)) {
    const header = table.header?.cells ?? [];
    const { columnOf, meanings } = columnMeanings(header);
    // A bound word in brackets may end a header: "Calls in contract year (from)", "(to)".
    const bracketed = (re: RegExp): number => header.findIndex((h) => re.test(h));
    const fromCol = columnOf('from') >= 0 ? columnOf('from') : bracketed(/\(\s*(?:from|von|ab|de|dès)\s*\)\s*$/iu);
    const toCol = columnOf('to') >= 0 ? columnOf('to') : bracketed(/\(\s*(?:to|bis|à|jusqu['’]à)\s*\)\s*$/iu);
    // Of a current and a new price column, the new one is the price in force.
    // A count header may read as a price by its "per" ("Transaktionen pro Kalenderjahr"): a header naming a price
    // comes first.
    const priceCols = meanings
      .flatMap((m, i) => (m === 'price' ? [i] : []))
      .sort((a, b) => Number(!PRICE_WORD.test(header[a] ?? '')) - Number(!PRICE_WORD.test(header[b] ?? '')));
    // Or, in a before/after table whose price columns are named by their dates alone ("bis 30.6. | ab 1.7."), the
    // column after the change.
    const sides = header.map((h) => columnSide(h));
    const priceCol =
      priceCols.find((i) => sides[i] === 'new') ??
      priceCols[0] ??
      (sides.includes('old') ? sides.lastIndexOf('new') : -1);
    // A before/after table restates a band in its label cell ("Preis je Abfrage über 500'000 | CHF 0.021 | CHF
    // 0.017"): one band is enough there, an amendment may change only one.
    const restates = sides.includes('old') && sides.includes('new');
    const tiers: Found<UsageTier>[] = [];
    for (const row of table.rows) {
      const cells = alignToHeader(row, header.length);
      let b: { from: number; upTo: number | null } | null = null;
      let rangeAt = -1;
      if (fromCol >= 0 && toCol >= 0 && cells.length === header.length) {
        const from = num(cells[fromCol] ?? '');
        const toCell = (cells[toCol] ?? '').trim();
        const open = UNBOUNDED.test(toCell) || OPEN_NOTE.test(toCell);
        const upTo = open ? null : num(toCell);
        if (from !== null && (upTo !== null || open)) b = { from, upTo };
        rangeAt = toCol;
      }
      if (!b) {
        for (let i = 0; i < cells.length && !b; i++) {
          b = bounds(cells[i] ?? '');
          if (b) rangeAt = i;
        }
      }
      if (!b && restates && !NOT_BAND.test(cells[0] ?? '')) {
        b = clauseBounds(cells[0] ?? '', tiers.at(-1)?.value.upTo ?? null);
        rangeAt = 0;
      }
      if (!b) continue;
      const money = (c: string | undefined): string | null =>
        c === undefined ? null : (parseMoney(c, ctx.numberStyle)?.amount ?? null);
      // A price column's cell is a price however its currency is written ("K 0.85", "0.85 ZMW", "0.85").
      const priced = (c: string | undefined): string | null => {
        const m = PRICE_CELL.exec((c ?? '').trim());
        return money(c) ?? (m ? parseAmount(m[1] ?? '', ctx.numberStyle) : null);
      };
      let price =
        priceCol >= 0 && priceCol !== rangeAt && cells.length === header.length ? priced(cells[priceCol]) : null;
      // A row shorter than its header (a cell left empty or masked) aligns to the header from the right.
      const shift = header.length - cells.length;
      price ??=
        cells
          .map((c, i) =>
            i === rangeAt || i === fromCol || i === toCol
              ? null
              : shift > 0 && (meanings[i + shift] === 'price' || i + shift === priceCol)
                ? priced(c)
                : money(c),
          )
          .find((a) => a !== null) ?? null;
      if (price === null) continue;
      tiers.push({ value: { unit: '', from: b.from, upTo: b.upTo, unitPrice: price }, start: row.start, end: row.end });
    }
    if (tiers.length >= 2 || (restates && tiers.length === 1)) {
      const unit = unitFrom([...(priceCol >= 0 ? [header[priceCol] ?? ''] : []), ...header.slice(1), header[0] ?? '']);
      out.push(...tiers.map((t) => ({ ...t, value: { ...t.value, unit } })));
    }
  }
  if (out.length === 0) out.push(...listTiers(ctx));
  return out;
}

/** A count as tiers write it (1,000 / 1.000 / 1'000 / 1 000), not a percent, a decimal or part of a date. */
const COUNT_N = "(?<![\\d.,'’])(\\d{1,3}(?:[,.'’ \\u00a0\\u202f]\\d{3})+|\\d+)(?![\\d%]|[.,'’]\\d|\\s?%)";
const TO = '(?:to|through|thru|until|bis|à|au|–|—|-|and|und|et)';
/** An ordinal's ending on a count ("the 50,001st", "le 5 001e"), and an article before the second bound. */
const ORD = '(?:st|nd|rd|th|er|e|ème)?';
const THE = "(?:(?:the|le|la|l'|der|die|dem|zur)\\s*)?";
const CLAUSE: Array<
  [RegExp, (m: RegExpExecArray, prevUpTo: number | null) => { from: number; upTo: number | null } | null]
> = [
  // "(200.001 to 1.000.000)", "from 100,001 through 500,000", "Sendungen 1 bis 3'000", "de 151 à 600"
  [new RegExp(`${COUNT_N}${ORD}\\s*${TO}\\s*${THE}${COUNT_N}`, 'iu'), (m) => pair(m[1], m[2])],
  [new RegExp(`\\b(?:first|premiers?|premières?|ersten?)\\s+${COUNT_N}`, 'iu'), (m) => pair('1', m[1])],
  [
    new RegExp(`\\b(?:next|suivants?|nächsten?)\\s+${COUNT_N}`, 'iu'),
    (m, prev) => {
      const n = num(m[1] ?? '');
      return n === null || prev === null ? null : { from: prev + 1, upTo: prev + n };
    },
  ],
  [
    new RegExp(
      `(?:(?<!\\p{L})(?:beyond|above|over|exceeding|more\\s+than|in\\s+excess\\s+of|über|mehr\\s+als|plus\\s+de)|au-delà\\s+de|beyond\\s+the)\\s+(?:[\\p{L}-]+\\s+){0,2}?${COUNT_N}`,
      'iu',
    ),
    (m) => {
      const n = num(m[1] ?? '');
      return n === null ? null : { from: n + 1, upTo: null };
    },
  ],
  [
    new RegExp(
      `(?:\\b(?:from|ab)|dès|à\\s+partir\\s+de)\\s+(?:[\\p{L}-]+\\s+){0,2}?${COUNT_N}|${COUNT_N}(?:\\s+[\\p{L}-]+){0,2}?\\s*(?:\\+|and\\s+(?:above|more|over)|or\\s+more|und\\s+(?:mehr|darüber)|et\\s+(?:plus|au-delà))(?![\\p{L}])`,
      'iu',
    ),
    (m) => {
      const n = num(m[1] ?? m[2] ?? '');
      return n === null ? null : { from: n, upTo: null };
    },
  ],
  // "up to 10,000", "bis 10.000 Sendungen", "jusqu'à 5 000": a bound word that opens the clause or list line (after at
  // most a short label), then the count; "which covers up to 60 hours" deep in a sentence is an allowance, no band.
  [
    new RegExp(
      `(?:^|[\\n:])\\s*(?:[-*•]\\s*)?(?:[\\p{L}\\d]+[:.)]?\\s+){0,2}?(?:up\\s+to|until|bis(?:\\s+zu)?|jusqu'(?:à|au))\\s+${THE}${COUNT_N}`,
      'iu',
    ),
    (m) => pair('1', m[1]),
  ],
];

function pair(a: string | undefined, b: string | undefined): { from: number; upTo: number | null } | null {
  const from = num(a ?? '');
  const upTo = num(b ?? '');
  return from === null || upTo === null || upTo <= from ? null : { from, upTo };
}

/** A tier's bounds in words: the first pattern of CLAUSE that reads the clause (money blanked out first). */
function clauseBounds(clause: string, prevUpTo: number | null): { from: number; upTo: number | null } | null {
  for (const [re, read] of CLAUSE) {
    const m = re.exec(clause);
    if (m) {
      const b = read(m, prevUpTo);
      if (b) return b;
    }
  }
  return null;
}

/** Tiers that follow on from each other: each starts one after the previous one's upper bound, the last may be open. */
function contiguous(tiers: Found<UsageTier>[]): boolean {
  // Bands an amendment restates with their old and new prices may start past the first band ("le prix de la tranche de
  // 5 001 à 25 000 est ramené de A à B ; … au-delà de 25 000 … de A à B"); two at least, as for any band list.
  const restated = tiers.every((t) => RESTATED.has(t));
  if (tiers.length < 2 || (!restated && (tiers[0]?.value.from ?? 2) > 1)) return false;
  return tiers.every((t, i) => {
    const prev = tiers[i - 1]?.value;
    if (!prev) return true;
    return prev.upTo !== null && (t.value.from === prev.upTo + 1 || t.value.from === prev.upTo);
  });
}

/** One tier from a clause or a list line: its bounds in words and its price, or null. */
function tierOf(ctx: RuleContext, clause: string, at: number, prevUpTo: number | null): Found<UsageTier> | null {
  const money = findMoney(clause, ctx.numberStyle);
  // A band's price changed from one amount to another ("passe de CHF 0.060 à CHF 0.055", "from $0.05 to $0.04"): the
  // price in force is the second; "beträgt neu CHF 0.49 (bisher CHF 0.55)" states it first.
  const gap = money.length === 2 ? clause.slice(money[0]?.end, money[1]?.start) : '';
  const fromTo =
    (/^\s*(?:HT|HTVA|net)?\s*(?:à|to|auf|au)\s*$/iu.test(gap) && CHANGE_WORD.test(clause)) || BECOMES.test(gap);
  const newFirst = money.length === 2 && NEW_THEN_OLD.test(gap);
  const price = fromTo ? money[1] : money[0];
  if (!price) return null;
  let blank = clause;
  for (const m of money) blank = blank.slice(0, m.start) + ' '.repeat(m.end - m.start) + blank.slice(m.end);
  const b = clauseBounds(blank, prevUpTo);
  if (!b) return null;
  const tier = {
    value: { unit: '', from: b.from, upTo: b.upTo, unitPrice: price.amount },
    start: at,
    end: at + clause.length,
  };
  if (fromTo || newFirst) RESTATED.add(tier);
  return tier;
}

/** Tiers read from a band whose price an amendment changes: they may start past the first band. */
const RESTATED = new WeakSet<Found<UsageTier>>();
/** A verb of changing a price before its old amount ("passe de", "est ramené de", "increases from", "sinkt von"). */
const CHANGE_WORD =
  /(?<![\p{L}])(?:passe|passent|ramenée?s?|portée?s?|réduite?s?|abaissée?s?|augmentée?s?|relevée?s?|diminuée?s?|increase[sd]?|decrease[sd]?|reduced|raised|changes?|changed|falls|rises|goes|sinkt|steigt|erhöht|gesenkt|reduziert|herabgesetzt)(?![\p{L}])[^\d]{0,40}(?:de|from|von)\s/iu;
/** A word that puts the new price after the old one alone: "KES 0.65 becomes KES 0.58", "0,60 € → 0,55 €". */
const BECOMES =
  /^\s*(?:HT|HTVA|net)?\s*(?:becomes|is\s+replaced\s+by|devient|est\s+remplacée?\s+par|wird\s+(?:zu|ersetzt\s+durch)|→|->|=>|⇒)\s*$/iu;
/** The new price first, the old after it in brackets: "CHF 0.49 pro Etikett (bisher CHF 0.55)". */
const NEW_THEN_OLD = /\(\s*(?:bisher|previously|formerly|was|auparavant|précédemment|anciennement|vorher)\s*:?\s*$/iu;

/**
 * Tiers written in words rather than a table: list lines ("- Sendungen 1 bis 3'000: CHF 3.20 pro Sendung",
 * "ab Sendung 12'001: CHF 2.40") and sentences ("the first 200.000 messages at EUR 0,045 per message; the
 * next 800.000 messages (200.001 to 1.000.000) at EUR 0,038; every message beyond 1.000.000 at EUR 0,031").
 * Only a run of two or more tiers that follow on from each other counts.
 */
function listTiers(ctx: RuleContext): Found<UsageTier>[] {
  // List lines: consecutive lines that each read as a tier.
  let run: Found<UsageTier>[] = [];
  let offset = 0;
  const lines = ctx.current.split('\n');
  const runs: Found<UsageTier>[][] = [];
  for (const line of lines) {
    const start = offset;
    offset += line.length + 1;
    const t =
      /\d/.test(line) && line.trim().length < 160 ? tierOf(ctx, line, start, run.at(-1)?.value.upTo ?? null) : null;
    if (t) run.push(t);
    else if (line.trim() !== '' || run.length === 0) {
      if (run.length) runs.push(run);
      run = [];
    }
  }
  if (run.length) runs.push(run);
  const fromLines = runs.find(contiguous) ?? [];
  // A sentence the PDF text layer wrapped may read as list lines that miss its last band: the longer reading wins.
  const fromSentences = sentenceTiers(ctx);
  return withUnit(fromSentences.length > fromLines.length ? fromSentences : fromLines, ctx);
}

/** Tiers in one sentence's clauses, or []. */
function sentenceTiers(ctx: RuleContext): Found<UsageTier>[] {
  // Sentences: clauses apart by semicolons (the sentence splitter may already cut there), or by commas before
  // "the next", "above", "every"; a clause that is no tier ends a run.
  let tiers: Found<UsageTier>[] = [];
  for (const s of ctx.sentences) {
    const sentence = ctx.current.slice(s.start, s.end);
    let at = s.start;
    for (const clause of sentence
      .split(/(?<=;)|,\s+(?=(?:and\s+)?(?:the\s+)?(?:next|every|all|any|above|beyond|over|from)\b)/i)
      .flatMap((c) => afterPrice(c, ctx))) {
      const t = /\d/.test(clause) ? tierOf(ctx, clause, at, tiers.at(-1)?.value.upTo ?? null) : null;
      at += clause.length;
      if (t) {
        tiers.push(t);
        continue;
      }
      if (contiguous(tiers)) return tiers;
      tiers = [];
    }
  }
  return contiguous(tiers) ? tiers : [];
}

/** A word that opens a band's bounds: "de 2 001 à …", "plus de 8 000", "from 10,001", "bis 5.000", "über 40.000". */
const BOUND_START =
  /\s+(?=(?:from|over|above|beyond|more\s+than|up\s+to|de|dès|plus\s+de|au-delà\s+de|jusqu'à|von|ab|bis|über|mehr\s+als)\s+\d)/giu;

/**
 * A clause cut again before each band's bounds once it holds a price: list lines the PDF text layer ran together
 * ("jusqu'à 2 000 réservations …… 1,20 € par réservation de 2 001 à 8 000 réservations …… 0,95 € …").
 */
function afterPrice(clause: string, ctx: RuleContext): string[] {
  const out: string[] = [];
  let from = 0;
  for (const m of clause.matchAll(BOUND_START)) {
    const cut = (m.index ?? 0) + m[0].length;
    if (findMoney(clause.slice(from, cut), ctx.numberStyle).length === 0) continue;
    out.push(clause.slice(from, cut));
    from = cut;
  }
  out.push(clause.slice(from));
  return out;
}

/** The billed unit of tiers in words: the noun after "per" in their text. */
function withUnit(tiers: Found<UsageTier>[], ctx: RuleContext): Found<UsageTier>[] {
  if (tiers.length === 0) return [];
  const text = ctx.current.slice(tiers[0]?.start ?? 0, tiers.at(-1)?.end ?? 0);
  const unit = /\b(?:per|pro|je|par)\s+([\p{L}][\p{L}-]*)/iu.exec(text)?.[1]?.toLowerCase() ?? 'unit';
  return tiers.map((t) => ({ ...t, value: { ...t.value, unit } }));
}
