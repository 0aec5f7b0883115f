import { columnSide, type RuleContext } from '../rules/context.ts';
import { findDates } from '../rules/dates.ts';
import { findMoney } from '../rules/money.ts';
import { parseAmount } from '../rules/numbers.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { VOLUME_RANGE } from './change-field.ts';
import { rangeOfPriceLabel, withoutAttribute } from './change-labels.ts';

/** A change table's row as the change rules read it: its label, its table's header line and the start its row states. */
export interface ChangeRow {
  /** The row's first named cell: "Senior Developer hourly rate", "10,001 – 50,000", "New resource: Data Architect". */
  label: string | null;
  /** The table's header line, read with the row for the field's words ("Price per check"). */
  header: string;
  /** The date in the row's column of starts ("With effect from", "Gültig ab", "À partir du"), if any. */
  ownDate: string | null;
  /** The line that announces the table ("The payment schedule is amended as follows:"), read for the field's words. */
  lead: string;
  /** A row of a before/after table whose before cells are all empty ("—"): an item the change adds. */
  added: boolean;
  /** Amounts written bare in a column whose header states the currency ("Amount (S$)", "Rate (HK$)"). */
  bareAmounts: Array<{ amount: string; start: number }>;
}

const isRowLine = (line: string): boolean => /^\s*\|.*\|/.test(line) || line.includes('\t');
const cellsOf = (line: string): string[] =>
  line
    .split(/\||\t/)
    .map((c) => c.trim())
    .filter((c) => c !== '' && !/^:?-{2,}:?$/.test(c));
/** A header stating the currency of its column's amounts: "Amount (S$)", "Hourly rate (HK$)", "Betrag in CHF". */
const CURRENCY_HEADER =
  /\((?:[A-Z]{1,3}\$|[$€£¥₹]|[A-Z]{3}|[A-Z][a-z]{1,2}\.?)\)|\b(?:in|en)\s+(?:[A-Z]{3}|[$€£])(?:\s|$)/u;

/** A header naming its currency by code after a comma or a space at its end: "Amount (now), MNT", "Montant EUR". */
const currencyHeader = (h: string): boolean => {
  const code = /[\s,]([A-Z]{3})\s*$/u.exec(h)?.[1];
  return CURRENCY_HEADER.test(h) || (code !== undefined && isKnownCurrency(code));
};

/** Every cell of a pipe or tab row, empty ones too, without the outer pipes. */
const rawCellsOf = (line: string): string[] =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/\||\t/)
    .map((c) => c.trim());
const START_COLUMN =
  /^(?:with\s+effect\s+from|effective(?:\s+(?:from|date|as\s+of))?|as\s+of|valid\s+from|from\s+date|gültig\s+ab|ab|à\s+partir\s+du|à\s+compter\s+du|date\s+d'effet)\b/iu;

/** The table row a sentence is, or null: pipe or tab cells on one line under a header line of the same kind. */
export function changeRowAt(ctx: RuleContext, start: number, end: number): ChangeRow | null {
  const line = ctx.text.slice(start, end).trim();
  if (!isRowLine(line)) return null;
  const lines = ctx.text.slice(0, start).split('\n');
  lines.pop();
  let header: string | null = null;
  let i = lines.length - 1;
  for (; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (!isRowLine(l)) break;
    if (cellsOf(l).length) header = l;
  }
  if (header === null) return null;
  while (i >= 0 && (lines[i] ?? '').trim() === '') i--;
  const lead = i >= 0 && !/^\s*#/.test(lines[i] ?? '') ? (lines[i] ?? '') : '';
  const cells = cellsOf(line);
  const named = cells.findIndex(
    (c) => /\p{L}/u.test(c) || /\d[\s\d.,'’]*[–-]/.test(c) || /\d\s+(?:and|or|und|et)\b/.test(c),
  );
  // A short code ("M2", "P-3") names the item less well than the words in the next cell ("Asset data model").
  const next = cells[named + 1] ?? '';
  // A band's letter or number before its range ("| B | 50,001 – 250,000 | K 0.62 | K 0.58 |"): the range keys the tier.
  const band =
    /^(?:[A-Z]|[IVX]{1,4}|\d{1,2})\.?$/.test(cells[named] ?? '') &&
    VOLUME_RANGE.test(next) &&
    /\d[\s\d.,'’]*\d/.test(next);
  const label = band
    ? next
    : /^[A-Z]{1,3}[-.]?\d{1,3}$/.test(cells[named] ?? '') &&
        /^\p{L}{3}/u.test(next) &&
        findDates(next, ctx.dateOrder, 0).length === 0 &&
        findMoney(next, ctx.numberStyle, 0).length === 0
      ? next
      : withoutAttribute(rangeOfPriceLabel(cells[named] ?? '', (r) => VOLUME_RANGE.test(r) && /\d/.test(r)));
  const headerCells = cellsOf(header);
  let ownDate: string | null = null;
  const at = headerCells.findIndex((h) => START_COLUMN.test(h));
  if (at >= 0 && headerCells.length === cells.length) {
    const cell = cells[at] ?? '';
    ownDate = findDates(cell, ctx.dateOrder, 0)[0]?.iso ?? null;
  }
  const raw = rawCellsOf(line);
  const headers = rawCellsOf(header);
  const sides = headers.map((h) => columnSide(h));
  // The new column's header may state when its values start: "Rate from 1 July 2027", "Taux à compter du 1er octobre".
  if (ownDate === null && sides.includes('old'))
    for (const [k, h] of headers.entries())
      if (sides[k] === 'new' && /(?<![\p{L}])(?:from|ab|du|dès\s+le)\s+\d/iu.test(h))
        ownDate = findDates(h, ctx.dateOrder, 0)[0]?.iso ?? ownDate;
  const added =
    sides.length === raw.length &&
    sides.includes('old') &&
    sides.includes('new') &&
    !/^\W*(?:total|summe|gesamt|montant\s+total)\b/iu.test(label ?? '') &&
    raw.every((c, k) => sides[k] !== 'old' || /^[\s—–-]*(?:\((?:new|neu\w*|nouve\w*)\))?\s*$/iu.test(c)) &&
    raw.some((c, k) => sides[k] === 'new' && /\d/.test(c));
  const bareAmounts: Array<{ amount: string; start: number }> = [];
  if (headers.length === raw.length) {
    let at = start + ctx.text.slice(start, end).indexOf(line);
    for (const [k, cell] of line
      .replace(/^\||\|$/g, '')
      .split(/\||\t/)
      .entries()) {
      const m = /^\s*(\d{1,3}(?:[,.'’ ]\d{3})*[.,]\d{2,3})(?=\s*(?:\(|$))/.exec(cell);
      if (m && currencyHeader(headers[k] ?? '') && findMoney(cell, ctx.numberStyle, 0).length === 0) {
        const amount = parseAmount(m[1] ?? '', ctx.numberStyle);
        if (amount) bareAmounts.push({ amount, start: at + 1 + (m.index ?? 0) + (m[0].length - (m[1] ?? '').length) });
        // The old amount noted in the same cell: "12,000.000 (previously 14,400.000)", "(bisher 990.00)".
        const old =
          /\(\s*(?:previously|formerly|was|bisher|vorher|auparavant|précédemment|au\s+lieu\s+de)\s*:?\s*(\d{1,3}(?:[,.'’ ]\d{3})*[.,]\d{2,3})\s*\)/iu.exec(
            cell,
          );
        const was = old ? parseAmount(old[1] ?? '', ctx.numberStyle) : null;
        if (old && was)
          bareAmounts.push({ amount: was, start: at + 1 + (old.index ?? 0) + old[0].indexOf(old[1] ?? '') });
      }
      at += cell.length + 1;
    }
  }
  return {
    label: label && !/^\d{1,2}\.?$/.test(label) ? label : null,
    header,
    ownDate,
    lead,
    added,
    bareAmounts,
  };
}

// The label is a word of its own ("CPDC-PO-26-00874" is a number that holds "PO", not a label before "-26-00874"); a
// number may lead with several letter groups ("CPDC-PO-28-00031").
const PO_NUMBER =
  /(?<![\w/-])(?:purchase\s+order|PO|LPO|Bestellung|Bestellnummer|bon\s+de\s+commande)\s*(?:No\.?|Number|Nr\.?|n°|#)?\s*:?\s*((?:[A-Z]{1,6}[-/])*[A-Z]{0,4}[-/ ]?\d[\w/-]{3,})/gi;

const PO_WORD = String.raw`(?:purchase\s+order|(?<![\w-])PO(?![\w-])|(?<![\w-])LPO(?![\w-])|bestell\p{L}*|bon\s+de\s+commande)`;
const ORDER_ID = String.raw`((?:[A-Z]{1,6}[-/])*[A-Z]{0,4}[-/ ]?\d[\w/-]{3,})`;
const INSTEAD_OF = String.raw`(?:instead\s+of|in\s+place\s+of|in\s+replacement\s+of|en\s+remplacement\s+d(?:e|u)|anstelle(?:\s+(?:von|der|des))?|statt|au\s+lieu\s+d(?:e|u))`;
const INSTEAD_OF_RE = new RegExp(INSTEAD_OF, 'iu');
/** A change table's row: "| Client purchase order | A | B |" (before, then after). */
const PO_ROW = new RegExp(
  `^\\s*\\|?[^|\\t\\n]*${PO_WORD}[^|\\t\\n]*[|\\t]\\s*${ORDER_ID}\\s*(?:\\([^()|\\t\\n]*\\)\\s*)?[|\\t]\\s*${ORDER_ID}\\s*(?:\\([^()|\\t\\n]*\\)\\s*)?\\|?\\s*$`,
  'iu',
);
const PO_ADDED_ROW = new RegExp(
  `^\\s*\\|?[^|\\t\\n]*${PO_WORD}[^|\\t\\n]*[|\\t]\\s*[—–-]?\\s*[|\\t]([^|\\t\\n]*\\d[^|\\t\\n]*?)\\|?\\s*$`,
  'iu',
);
const ORDER_ID_IN_CELL = new RegExp(`(?<![\\w/.,-])${ORDER_ID}(?![\\w/-])`, 'gu');
/** After a labelled number: the new one after an arrow or "replaced by", the old one after "instead of". */
const PO_ARROW = new RegExp(`^\\s*(?:->|=>|→|⇒|➔)\\s*${ORDER_ID}`, 'u');
const PO_INSTEAD_OF = new RegExp(
  `^\\s*,?\\s*${INSTEAD_OF}\\s+(?:(?:the|der|die|le|du|old|previous|bisherigen?|ancien)\\s+)*(?:(?:number|No\\.?|Nr\\.?|n°)\\s*)?${ORDER_ID}`,
  'iu',
);
const PO_REPLACED_BY = new RegExp(
  `^\\s*,?\\s*(?:(?:is|are|shall\\s+be|will\\s+be|est|sont)\\s+)?(?:hereby\\s+)?(?:replaced\\s+(?:by|with)|remplacée?s?\\s+par)\\s+${ORDER_ID}`,
  'iu',
);

/**
 * A new order number: "Purchase Order No. B replaces Purchase Order No. A", "PO A is replaced by PO B", "from PO A to
 * PO B". The order number is not money or a date, so it has its own reading.
 */
export function poChangeIn(sentence: string): { from: string | null; to: string } | null {
  const row = PO_ROW.exec(sentence);
  if (row?.[1] && row[2] && row[1] !== row[2]) return { from: row[1], to: row[2] };
  // A change table's row with nothing before and the order's number after, in words or alone: "| Bestellnummer | – |
  // Jede Rechnung nennt die Bestellung Nr. PBS-OBJ-2031-007 |". The number is the cell's last.
  const added = PO_ADDED_ROW.exec(sentence)?.[1];
  const ids = added ? [...added.matchAll(ORDER_ID_IN_CELL)].map((m) => m[1] ?? '') : [];
  const id = ids.at(-1)?.replace(/[.,;]$/, '');
  if (id && /\d{3}/.test(id)) return { from: null, to: id };
  const numbers = [...sentence.matchAll(PO_NUMBER)].map((m) => (m[1] ?? '').replace(/[.,;]$/, ''));
  // One labelled number and the other after an arrow or "instead of": "PO: A -> B", "new PO number B instead of A".
  if (numbers.length === 1 && numbers[0]) {
    const a = numbers[0];
    const rest = sentence.slice(sentence.indexOf(a) + a.length);
    const arrow = PO_ARROW.exec(rest)?.[1];
    if (arrow && arrow !== a) return { from: a, to: arrow.replace(/[.,;]$/, '') };
    const instead = PO_INSTEAD_OF.exec(rest)?.[1];
    if (instead && instead !== a) return { from: instead.replace(/[.,;]$/, ''), to: a };
    // "The LPO number A is replaced by B", "… est remplacé par B": the new number unlabelled after the verb.
    const replaced = PO_REPLACED_BY.exec(rest)?.[1];
    if (replaced && replaced !== a) return { from: a, to: replaced.replace(/[.,;]$/, '') };
    return null;
  }
  if (numbers.length !== 2 || numbers[0] === numbers[1]) return null;
  const [a, b] = numbers as [string, string];
  const between = sentence.slice(sentence.indexOf(a) + a.length, sentence.lastIndexOf(b));
  if (
    (/\breplaces\b|\bersetzt\b(?!\s+durch)|\bremplace\b/i.test(between) && !/\breplaced\b/i.test(between)) ||
    INSTEAD_OF_RE.test(between)
  )
    return { from: b, to: a };
  if (/\breplaced\s+(?:by|with)\b|\bto\b|\bauf\b|(?<![\p{L}])à(?![\p{L}])|\bdurch\b|remplacée?\s+par/iu.test(between))
    return { from: a, to: b };
  return null;
}

/** Values a schedule adds in the table after a sentence such as "The payment schedule is supplemented by:". */
export function addedScheduleRows(
  ctx: RuleContext,
  sentenceEnd: number,
): Array<{ name: string; amount: string; start: number; end: number }> {
  const after = ctx.text.slice(sentenceEnd);
  const out: Array<{ name: string; amount: string; start: number; end: number }> = [];
  let offset = sentenceEnd;
  let seenRow = false;
  for (const raw of after.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    if (raw.trim() === '') {
      if (seenRow) break;
      continue;
    }
    const cells = /\||\t/.test(raw) ? cellsOf(raw) : raw.trim().split(/\s{2,}/);
    if (cells.length < 2) {
      if (seenRow) break;
      continue;
    }
    seenRow = true;
    const money = findMoney(raw, ctx.numberStyle, lineStart)[0];
    const name = cells[0] ?? '';
    if (!money || !/\p{L}/u.test(name) || /^[-:| ]+$/.test(name)) continue;
    out.push({ name, amount: money.amount, start: lineStart, end: lineStart + raw.length });
  }
  return out;
}
