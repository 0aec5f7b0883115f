import { findInstructionSpans, maskSpans, type Span } from '../evidence/instruction-spans.ts';
import { joinPages, pageAt, type DocumentText, type JoinedText } from '../text/document-text.ts';
import type { DateOrder } from './dates.ts';
import type { NumberStyle } from './numbers.ts';
import { sentenceSpans } from '../text/sentences.ts';
import { findTablesIn, tableRowSpans } from './tables.ts';
import { rewriteLabels, type Language } from './lexicon.ts';
import { markLetterSymbols } from './currency-evidence.ts';

/** Everything the rules share about one document: its text (masked), sentences, locale and spans to skip. */
export interface RuleContext {
  joined: JoinedText;
  /** The document's text; evidence quotes are cut from it (through toOriginal). */
  original: string;
  /** The document's language; German and French labels are read in English (lexicon.ts). */
  language: Language;
  /** The text the rules read, before masking: the document's, with German/French labels in English. */
  rewritten: string;
  /** Offset in the rules' text → offset in the document's text. */
  toOriginal: (offset: number) => number;
  /** The text with instruction spans blanked: what the rules read. */
  text: string;
  /** The text with instruction spans and superseded values ("previously 60 days") blanked. */
  current: string;
  instructionSpans: Span[];
  supersededSpans: Span[];
  sentences: Span[];
  numberStyle: NumberStyle;
  dateOrder: DateOrder;
}

/** Values the document says were replaced: "(previously 0.5% per month)", "Previously, invoices were payable within sixty (60) days." */
export function findSupersededSpans(text: string): Span[] {
  const spans: Span[] = [];
  // "(previously 5)", "(replaces the original amount of $485,000.00)", "(bisher 990,00 EUR)", "(au lieu de 15)", "(auparavant : aucun report)".
  for (const m of text.matchAll(
    /\((?:previously|formerly|was|were|currently|replaces|replacing|instead\s+of|in\s+place\s+of|bisher|vorher|zuvor|statt|anstelle|auparavant|précédemment|anciennement|au\s+lieu\s+d(?:e|u|es)|jusqu'ici|jusqu'à\s+présent|bislang)(?![\p{L}])[^)]*\)/giu,
  )) {
    if (/^\(currently/i.test(m[0])) continue;
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  for (const m of text.matchAll(
    /(?:^|(?<=[.;]["”’)]?\s+)|(?<=\n))(?:Previously|Formerly|Until then|Before this (?:amendment|change order)),?(?:[^.\n]|\n(?![ \t]*\n))*(?:\.|$)/g,
  )) {
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  // "The prior termination date was December 31, 2026.", "The previous amount was $980,000.00."
  for (const m of text.matchAll(
    /(?:^|(?<=[.;]["”’)]?\s+)|(?<=\n))The\s+(?:prior|previous|former|original)\s+[^.\n]{0,60}?\s(?:was|were)\s[^\n]*?(?:\.(?=\s|$)|$)/gm,
  ))
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  // Inline: "ends on 31.03.2027 instead of 30.06.2026", "anstelle von 1.040,00 EUR" (a decimal comma is no clause end), "$2,150,000.00, which replaces the amount of $1,800,000.00 previously stated",
  // "Le contrat, qui devait prendre fin le 30.06.2026, …" (the value before a change, in a clause of its own).
  for (const m of text.matchAll(
    /\b(?:instead\s+of|in\s+place\s+of|rather\s+than|au\s+lieu\s+d(?:e|u|es)|anstelle\s+von|statt)\s+(?:[^,;()\n]|,(?=\d)){1,40}?(?=,(?!\d)|[;)]|\.(?:\s|$)|\n|$)|,\s*(?:which|that)\s+(?:replaces|was\s+(?:to|due\s+to|scheduled\s+to|set\s+to))\b[^;\n]*?(?=[,;]|\.(?:\s|$)|\n|$)|,\s*qui\s+(?:devait|se\s+terminait|expirait|prenait\s+fin|s'achevait|était)\b[^,;\n]*|,\s*previously\s+[^;\n]{1,40}?(?=,\s)|\bno\s+longer\s+[^,;\n]{1,40}?(?=,\s*but\b)|\bnicht\s+(?:mehr\s+)?[^,;\n]{1,40}?(?=,\s*sondern\b)|,\s*(?:der|die|das)\s+(?:ursprünglich|bisher)\b[^,;\n]*/giu,
  )) {
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  // "(from RM 8,250.00)": an amount in parentheses after "from" is the one replaced.
  for (const m of text.matchAll(/\(from\s+(?:[A-Z]{1,3}\$?|[$€£¥₹])\s?\d[^)]{0,30}\)/g))
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  // "is increased from ₱50,000.00 to ₱75,000.00": the amount after "from" is the one replaced, where an amount follows
  // "to". Dates are no money, so a term "from 1 May to 30 June" stays. (French "de … à …" and German "von … auf …" are
  // left: "porté de … à … et couvre 40 heures" read the new fee as an hourly rate, and a PDF's "von … auf …" lost a cap.)
  for (const m of text.matchAll(FROM_AMOUNT_TO_AMOUNT))
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  for (const m of text.matchAll(AMOUNT_CHANGED_TO))
    spans.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  spans.push(...oldColumnCells(text, narrowSide));
  return spans;
}

/** "from <amount> " before "to <amount>", the amount with its currency. */
const FROM_AMOUNT_TO_AMOUNT =
  /(?<![\p{L}])from\s+(?:(?:[A-Z]{1,3}\$?|[$€£¥₹₱₦])\s?\d(?:[\d.,'’ ]*\d)?|\d(?:[\d.,'’ ]*\d)?\s?(?:[$€£]|[A-Z]{3}(?![\p{L}])))(?:\s?(?:HT|HTVA|net|netto))?(?=\s+to\s+(?:[A-Z]{1,3}\$?\s?|[$€£¥₹₱₦]\s?)?\d)/gu;

/**
 * "<amount> per quarter is changed to …", "₹ 2,50,000.00 (Rupees …) stands revised to …": the amount before a verb of
 * change and "to" is the one replaced.
 */
const AMOUNT_CHANGED_TO =
  /(?:(?:[A-Z]{1,3}\$?|[$€£¥₹₱₦])\s?\d(?:[\d.,'’ ]*\d)?|\d(?:[\d.,'’ ]*\d)?\s?(?:[$€£]|[A-Z]{3}(?![\p{L}])))(?:\s+(?:per|a|each)\s+\p{L}+)?(?:\s+\([^)\n]{0,80}\))?(?=\s+(?:is|are|shall\s+be|will\s+be|stands?)\s+(?:hereby\s+)?(?:changed|revised|increased|decreased|reduced|amended|adjusted|raised)\s+to\s)/gu;

/** Header words of a change table's column of values before the change, and of the column after it. */
const OLD_COLUMN =
  /^(?:from\s*\/\s*)?(?:(?:valeur|value|wert|montant|amount|betrag|stand|prix|price|texte|text|wording|rédaction|fassung|wortlaut|version|terms?|disposition|stipulation|clause|bestimmung|regelung)\s+)?(?:bisher\w*|alt|old|previous\w*|current(?:ly)?|existing|before|was|ancien\w*|actuel\w*|avant|original\w*|vorher|ursprünglich\w*|initial\w*|précédent\w*|superseded)(?![\p{L}])/iu;
const NEW_COLUMN =
  /^(?:to\s*\/\s*)?(?:(?:valeur|value|wert|montant|amount|betrag|stand|prix|price|texte|text|wording|rédaction|fassung|wortlaut|version|terms?|disposition|stipulation|clause|bestimmung|regelung)\s+)?(?:neu\w*|new|revised|amended|after|nouveau|nouvelle|après|künftig|now|varied|changed|modified|updated|replacement|geändert\w*|modifié\w*|révisé\w*|rectifié\w*)(?![\p{L}])/iu;

/**
 * The before columns the field rules leave out, in a table with an after column: the first headed by a before word, and
 * in such a table each other that names its attribute first ("Termin bisher", "Échéance avant") beside one that names
 * the same attribute after the change ("Termin neu"), so a schedule's old due dates are not read as its dates.
 */
function narrowSide(headers: string[]): Array<'old' | 'new' | null> {
  const oldAt = headers.findIndex((h) => OLD_COLUMN.test(h.trim()));
  const hasNew = headers.some((h) => NEW_COLUMN.test(h.trim()));
  const sides = headers.map((h) => columnSide(h));
  const attribute = (h: string): string => h.replace(OLD_WORD, '').replace(NEW_WORD, '').trim().toLowerCase();
  const paired = (k: number): boolean =>
    oldAt >= 0 &&
    sides[k] === 'old' &&
    headers.some((h, j) => sides[j] === 'new' && attribute(h) !== '' && attribute(h) === attribute(headers[k] ?? ''));
  return headers.map((_, k) => (k === oldAt || paired(k) ? 'old' : hasNew || sides.includes('new') ? 'new' : null));
}

/**
 * Every before column of a change table, its attribute named first or its period stated ("Fälligkeit bisher",
 * "Hourly rate until 30 September 2027"): the values the change rules read as replaced. The field rules still read
 * these tables as before (only `narrowSide`'s column is masked for them), so no field reading moves with this.
 */
export function pairedOldCells(text: string): Span[] {
  const out = oldColumnCells(text, (headers) => headers.map((h) => columnSide(h)));
  // The old value in a sentence of its own, in French and German: "Le montant maximal précédent était de EUR 210.000,00.",
  // "Der bisherige Höchstbetrag betrug CHF 240.000,00." (English "The previous amount was …" is read above).
  for (const m of text.matchAll(
    /(?:^|(?<=[.;]["”’»)]?\s+)|(?<=\n))(?:(?:Le|La|Les)\s+[^.\n]{0,60}?(?:précédent\w*|antérieur\w*|initia\w*)\s+(?:était|étaient)|(?:Der|Die|Das)\s+(?:bisherige|ursprüngliche|vorherige)\w*\s+[^.\n]{0,60}?(?:betrug|war|lag|belief\s+sich))\s[^\n]*?(?:\.(?=\s|$)|$)/gmu,
  ))
    out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  return out;
}

/** A before or after word anywhere in a header naming its attribute first: "Taux journalier actuel", "Fälligkeit bisher". */
const OLD_WORD =
  /(?<![\p{L}])(?:bisher\w*|alt(?:e[nrs]?)?|was|previous\w*|current(?:ly)?|existing|before|ancien\w*|actuel\w*|avant|original\w*|vorher\w*|ursprünglich\w*|initial\w*|précédent\w*|superseded)(?![\p{L}])|(?<![\p{L}])(?:until|bis(?:\s+zum)?|jusqu['’]au)\s+\d/iu;
const NEW_WORD =
  /(?<![\p{L}])(?:neu\w*|new|now|revised|amended|after|nouveau|nouvelle|après|künftig\w*|varied|changed|modified|updated|replacement|geändert\w*|modifié\w*|révisé\w*|rectifié\w*)(?![\p{L}])|(?<![\p{L}])(?:from|ab(?:\s+dem)?|à\s+compter\s+du|à\s+partir\s+du|dès\s+le)\s+\d/iu;

/** Which side of a change a column's header names: the value before it, after it, or neither. */
export function columnSide(header: string): 'old' | 'new' | null {
  const h = header.trim();
  if (OLD_COLUMN.test(h)) return 'old';
  if (NEW_COLUMN.test(h) || NEW_WORD.test(h)) return 'new';
  return OLD_WORD.test(h) ? 'old' : null;
}

/**
 * The cells of a change table's "before" column ("| Item | bisher | neu |", "| Term | Previous | New |"): values
 * the document says are replaced, like "(previously …)". Only where the table has both columns.
 */
function oldColumnCells(text: string, sideOf: (headers: string[]) => Array<'old' | 'new' | null>): Span[] {
  const out: Span[] = [];
  for (const table of findTablesIn(text)) {
    const header = table.header?.cells ?? [];
    const sides = sideOf(header);
    if (!sides.includes('old') || !sides.includes('new')) continue;
    for (const row of table.rows) {
      if (row.cells.length !== header.length) continue;
      // The k-th non-empty cell of the row line, split as the table reader splits it; every column of values before
      // the change ("Betrag bisher | Betrag neu | Fälligkeit bisher | Fälligkeit neu" pairs them per attribute).
      const line = text.slice(row.start, row.end);
      let k = 0;
      let at = 0;
      for (const part of line.split(/(\||\t)/)) {
        if (part !== '|' && part !== '\t' && part.trim() !== '') {
          if (sides[k] === 'old') {
            const lead = part.length - part.trimStart().length;
            out.push({ start: row.start + at + lead, end: row.start + at + part.trimEnd().length });
          }
          k++;
        }
        at += part.length;
      }
    }
  }
  return out;
}

function detectNumberStyle(text: string): NumberStyle {
  const eu = (text.match(/\b\d{1,3}(?:\.\d{3})+,\d{2}\b/g) ?? []).length;
  const en = (text.match(/\b\d{1,3}(?:,\d{3})+\.\d{2}\b/g) ?? []).length;
  return eu > en ? 'eu' : 'en';
}

function detectDateOrder(text: string): DateOrder {
  // A numeric date with a first part over 12 (20/03/2026) settles it; so does one with a second part over 12.
  for (const m of text.matchAll(/\b(\d{1,2})[/-](\d{1,2})[/-]\d{2,4}\b/g)) {
    if (Number(m[1]) > 12) return 'dmy';
    if (Number(m[2]) > 12) return 'mdy';
  }
  const mdy = (
    text.match(
      /\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}/g,
    ) ?? []
  ).length;
  const dmy = (
    text.match(
      /\b\d{1,2}(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December),?\s+\d{4}/g,
    ) ?? []
  ).length;
  const dotted = (text.match(/\b\d{1,2}\.\d{1,2}\.\d{4}\b/g) ?? []).length;
  if (dmy + dotted !== mdy) return dmy + dotted > mdy ? 'dmy' : 'mdy';
  // Undecided: month-first is a US convention; money in other currencies means day-first.
  return /[€£]|\b(?:EUR|GBP|CHF)\b/.test(text) && !/\$|\bUSD\b/.test(text) ? 'dmy' : 'mdy';
}

/**
 * Ends a sentence at every table row, as the text layer does for tab-separated rows, so a
 * markdown or plain-text pipe table is not read as one long sentence with the text above it.
 */
function splitAtRows(text: string, sentences: Span[], rows: Span[]): Span[] {
  if (rows.length === 0) return sentences;
  const cuts = rows.flatMap((r) => [r.start, r.end + 1]).sort((a, b) => a - b);
  const out: Span[] = [];
  let k = 0;
  for (const s of sentences) {
    let start = s.start;
    while (k < cuts.length && (cuts[k] ?? 0) <= start) k++;
    for (; k < cuts.length && (cuts[k] ?? 0) < s.end; k++) {
      out.push({ start, end: cuts[k] ?? 0 });
      start = cuts[k] ?? 0;
    }
    out.push({ start, end: s.end });
  }
  return out.filter((s) => text.slice(s.start, s.end).trim() !== '');
}

/** Builds the rule context of a document. */
export function buildContext(doc: DocumentText): RuleContext {
  const joined = joinPages(doc);
  const original = joined.text;
  const rewritten = rewriteLabels(original);
  const instructionSpans = findInstructionSpans(original);
  // A letter symbol the document's placement decides ("E48,500.00" signed in Mbabane) is marked as its currency's.
  const text = markLetterSymbols(
    maskSpans(rewritten.text, rewritten.language === 'en' ? instructionSpans : findInstructionSpans(rewritten.text)),
  );
  const replaced = findSupersededSpans(text);
  const supersededSpans = [...replaced, ...pairedOldCells(text)];
  return {
    joined,
    original,
    language: rewritten.language,
    rewritten: rewritten.text,
    toOriginal: rewritten.toOriginal,
    text,
    current: maskSpans(text, replaced),
    instructionSpans,
    supersededSpans,
    sentences: splitAtRows(text, sentenceSpans(text), tableRowSpans(findTablesIn(text))),
    numberStyle: detectNumberStyle(text),
    dateOrder: detectDateOrder(text),
  };
}

/** The sentence containing an offset. */
export function sentenceAt(ctx: RuleContext, offset: number): Span {
  let lo = 0;
  let hi = ctx.sentences.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((ctx.sentences[mid]?.start ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return ctx.sentences[lo] ?? { start: 0, end: ctx.text.length };
}

/** A value found by a rule, with the span of text that states it. */
export interface Found<T> {
  value: T;
  start: number;
  end: number;
  /** Set by a rule that inferred the value from a weak signal; unset means a labelled statement. */
  confidence?: number;
}

/** The page of an offset. */
export const pageOf = (ctx: RuleContext, offset: number): number | null => pageAt(ctx.joined, ctx.toOriginal(offset));

/** The document's own words for a span of the rules' text, and the page it starts on. */
export function quoteOf(
  ctx: RuleContext,
  start: number,
  end: number,
  max = Infinity,
): { quote: string; page: number | null } {
  const a = ctx.toOriginal(start);
  const b = Math.max(a, ctx.toOriginal(end));
  const raw = ctx.original.slice(a, Math.min(b, a + max));
  const lead = raw.length - raw.trimStart().length;
  return { quote: raw.trim(), page: pageAt(ctx.joined, a + lead) };
}

/** All matches of a regex over the current (masked) text. */
export function* matches(
  ctx: RuleContext,
  re: RegExp,
  source: 'current' | 'text' = 'current',
): Generator<RegExpExecArray> {
  const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
  const g = new RegExp(re.source, flags);
  yield* (source === 'current' ? ctx.current : ctx.text).matchAll(g) as Iterable<RegExpExecArray>;
}
