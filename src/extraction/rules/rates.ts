import type { Rate } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { sentenceAt } from './context.ts';
import { roleAtLineStart } from './line-role.ts';
import { findMoney, MONEY, parseMoney } from './money.ts';
import { parseAmount } from './numbers.ts';
import { alignToHeader, findTables, tableRowSpans, type Table } from './tables.ts';
import type { Span } from '../text/sentences.ts';
import { unitOf } from './units.ts';

export interface RateFound extends Found<Omit<Rate, 'currency' | 'effectiveFrom'> & { currency: string | null; changed: boolean }> {}

const PER_UNIT = `\\s*(?:\\/\\s*|per\\s+|an?\\s+)(hour|hr|h|day|person[- ]day|man[- ]day|week)\\b`;
const RATE_SENTENCE = new RegExp(`(?:${MONEY})(?:${PER_UNIT}|\\s+(hourly|daily))`, 'g');
const UNIT_RATE_WORD = /\b(hourly|daily|day|per\s+diem|weekly)\s+rates?\b/i;
const NOT_A_RATE = /\b(?:retainer|in\s+excess\s+of|beyond\s+the\s+included|overage|included\s+hours|termination)\b/i;
const ROLE_LABEL = /\b(?:pay|compensate|bill|reimburse)\s+(?:the\s+)?(Consultant|Contractor|Provider|Supplier|Advisor|Adviser|Vendor)\b/;

/** The role a rate sentence names: "rate for the Lead Architect role", "pay Consultant … at the rate of". */
function roleInSentence(sentence: string, fallback: string | null): string | null {
  const forRole = /\brates?\s+for\s+(?:the\s+|each\s+|all\s+|our\s+)?((?:[A-Z][\w&/-]*)(?:\s+(?:[A-Z][\w&/-]*|of|and))*?)(?:\s+role|\s+set\s+out|\s+is|\s+are|\s+will|\s+shall|\s+remains?|\s+increases?|\s+decreases?|\s+changes?|[,:(]|$)/.exec(sentence);
  if (forRole?.[1]) return forRole[1].trim();
  const named = /\b((?:[A-Z][\w&/-]*\s+){0,4}[A-Z][\w&/-]*)\s+role\b/.exec(sentence);
  if (named?.[1]) return named[1].replace(/^(?:The|A|An|New|Each)\s+/, '').replace(/^(?:New)\s+/, '').trim();
  const perRole = /\bper\s+([a-z][a-z-]+)\s+(?:day|hour)\b/.exec(sentence);
  if (perRole?.[1] && !/^(?:person|man|working|calendar|business)$/.test(perRole[1])) return perRole[1];
  const label = ROLE_LABEL.exec(sentence);
  if (label?.[1]) return label[1];
  const at = /\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})s?\s+(?:at|@)\s+(?:the\s+rate\s+of\s+)?(?=[^\s])/.exec(sentence);
  if (at?.[1] && !/^(?:The|This|Each|All|Services?|Work)$/.test(at[1])) return at[1];
  return fallback;
}

const lineAt = (text: string, offset: number): string => {
  const end = text.indexOf('\n', offset);
  return text.slice(text.lastIndexOf('\n', offset) + 1, end < 0 ? text.length : end);
};
const linePrefixAt = (text: string, offset: number): string => text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);

/** Rates stated in sentences: "€500 per hour", "C$195/hour", "day rate … increases from £950 to £1,025". */
function sentenceRates(ctx: RuleContext, dollar: string, fallbackRole: string | null, tableRows: Span[]): RateFound[] {
  const out: RateFound[] = [];
  const inTable = (offset: number): boolean => tableRows.some((r) => r.start <= offset && offset < r.end);
  const seen = new Set<number>();
  const candidates: Array<{ moneyStart: number; moneyEnd: number; unitWord: string; start: number; end: number }> = [];
  for (const m of ctx.current.matchAll(RATE_SENTENCE)) {
    candidates.push({ moneyStart: m.index, moneyEnd: m.index + m[0].length, unitWord: m[m.length - 2] ?? m[m.length - 1] ?? m[0], start: m.index, end: m.index + m[0].length });
  }
  // "The day rate for X … £650" / "hourly rate … from €140 to €155 per hour": the unit is in the words.
  for (const s of ctx.sentences) {
    const body = ctx.current.slice(s.start, s.end);
    const word = UNIT_RATE_WORD.exec(body);
    if (!word) continue;
    const money = findMoney(body, ctx.numberStyle, s.start).at(-1);
    if (money) candidates.push({ moneyStart: money.start, moneyEnd: money.end, unitWord: word[1] ?? '', start: s.start + word.index, end: money.end });
  }
  for (const c of candidates.sort((a, b) => a.start - b.start)) {
    const sentence = sentenceAt(ctx, c.moneyStart);
    const body = ctx.current.slice(sentence.start, sentence.end);
    if (lineAt(ctx.current, c.moneyStart).includes('\t') || inTable(c.moneyStart) || NOT_A_RATE.test(body)) continue;
    // In "from £950 to £1,025" the rate is the last amount of the sentence; the first is the old one.
    const moneys = findMoney(body, ctx.numberStyle, sentence.start);
    const fromTo = /\bfrom\b[^.]{0,40}\bto\b/i.test(body) && moneys.length >= 2;
    const changed = fromTo || /\b(?:increase[sd]?|decrease[sd]?|changed?|amended|adjusted|revised|raised|reduced)\b/i.test(body);
    const money = fromTo ? moneys.at(-1) : moneys.find((m) => m.start <= c.moneyStart && m.end >= c.moneyStart) ?? moneys.find((m) => m.start >= c.moneyStart);
    if (!money || seen.has(money.start)) continue;
    const unit = unitOf(c.unitWord);
    if (!unit) continue;
    // The line's own label is the most specific: in "Senior Consultant: $260 per hour" it is the role, whatever the sentence says.
    const prefix = linePrefixAt(ctx.current, money.start);
    const labelled = roleAtLineStart(prefix);
    const role = labelled?.role ?? roleInSentence(body, fallbackRole);
    if (!role) continue;
    seen.add(money.start);
    out.push({
      value: { role, amount: money.amount, unit, currency: money.currency ?? dollar, changed },
      // A labelled line is quoted from its label, so the quote states the role as well as the amount.
      start: Math.min(c.start, money.start, labelled ? money.start - prefix.length + labelled.at : Infinity),
      end: Math.max(c.end, money.end),
    });
  }
  return out;
}

const RATE_HEADER = /\b(?:rate|fee|price|charge|cost|tarif|satz)\b/i;
const NOT_RATE_TABLE = /\b(?:milestone|share|instal?lment|tier|volume|from|up\s+to|quantity|deliverable)\b|%/i;

/** Rates in rate-card tables: one rate per amount column, unit and currency from the header or the cell. */
function tableRates(ctx: RuleContext, table: Table, dollar: string): RateFound[] {
  const header = table.header?.cells ?? [];
  const headerText = header.join(' ');
  if (!RATE_HEADER.test(headerText) && !table.rows.some((r) => r.cells.some((c) => unitOf(c) && parseMoney(c, ctx.numberStyle)))) return [];
  if (NOT_RATE_TABLE.test(headerText)) return [];
  const out: RateFound[] = [];
  for (const row of table.rows) {
    const cells = alignToHeader(row, header.length);
    const role = cells[0] ?? '';
    // A label with letters; a numeric range ("10,001 – 50,000", "50,001 and above") is a usage tier, not a role.
    if (!/[A-Za-z]{2}/.test(role) || parseMoney(role, ctx.numberStyle) || /^\d[\d,.'’ ]*\s*(?:–|-|—|to\b|and\s+above|and\s+over|or\s+more|\+)/i.test(role)) continue;
    cells.slice(1).forEach((cell, i) => {
      const col = header.length ? header[header.length - (cells.length - 1) + i] ?? '' : '';
      const money = parseMoney(cell, ctx.numberStyle);
      const amount = money?.amount ?? parseAmount(cell.replace(/\s*\/.*$/, ''), ctx.numberStyle);
      if (amount === null || !/\d/.test(cell)) return;
      const unit = unitOf(cell) ?? unitOf(col) ?? unitOf(table.caption);
      if (!unit || unit === 'month' && !unitOf(col)) return;
      const colCurrency = /\(([A-Z]{3})\)/.exec(col)?.[1] ?? null;
      out.push({ value: { role, amount, unit, currency: money ? (money.currency ?? dollar) : colCurrency, changed: false }, start: row.start, end: row.end });
    });
  }
  return out;
}

/** The rate card: table rows first, then rates stated in sentences (not in tables, not retainer overage). */
export function findRates(ctx: RuleContext, dollar: string, fallbackRole: string | null): RateFound[] {
  const tables = findTables(ctx);
  const fromTables = tables.flatMap((t) => tableRates(ctx, t, dollar));
  return [...fromTables, ...sentenceRates(ctx, dollar, fallbackRole, tableRowSpans(tables))];
}
