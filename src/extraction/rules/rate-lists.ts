import type { Cap, RateUnit } from '../sow-terms.ts';
import { columnSide, type Found, type RuleContext } from './context.ts';
import { findDates } from './dates.ts';
import { findMoney, parseMoney } from './money.ts';
import { parseAmount, parseCount } from './numbers.ts';
import type { Table } from './tables.ts';
import { periodOf, unitOf } from './units.ts';
import { mayBeRole } from './line-role.ts';

/**
 * Rates and caps stated outside a rate card's usual shape: a list of role and amount under a heading that names the
 * rate and its unit ("TAGESSÄTZE (je Beratertag) / Senior Consultant ...... EUR 1.240,00", "facturées aux taux
 * suivants : / - 98,00 € : Consultante BI"), and the rows of a before/after change table whose label names a rate
 * and its role ("Stundensatz Senior-Entwickler/in | 132,00 € | 138,00 €", "Lead Developer, per hour | … | …",
 * "TJM HT Développeur confirmé"), a ceiling ("Deckel der Vergütung", "Montant total maximal", "Total fee ceiling") or
 * hours per period ("Hours in any calendar month, at most | 400 | 480").
 */

/** The unit a rate word names, before any hours a heading mentions ("Tagessätze, je Beratertag zu 8 Stunden" is a day rate). */
export function rateUnitOfWords(text: string): RateUnit | null {
  const t = text.toLowerCase();
  if (
    /tagess[aä]tz|\bday\s+rates?\b|\bdaily\s+rates?\b|\btjm\b|taux\s+journalier|prix\s+de\s+journée|\bpar\s+jour\b|\bper\s+(?:person[- ])?day\b|\b(?:je|pro)\s+(?:berater|personen)?tag\b|beratertag|personentag|\bjournées?\b|\bjours?\b|\bdays?\b|\btage\b/.test(
      t,
    )
  )
    return 'day';
  if (
    /stundens[aä]tz|\bhourly\s+rates?\b|taux\s+horaire|\bpar\s+heure\b|\bper\s+hour\b|\b(?:je|pro)\s+stunde\b|\bheures?\b|\bhours?\b/.test(
      t,
    )
  )
    return 'hour';
  return unitOf(t);
}

interface ListedRate {
  role: string;
  amount: string;
  unit: RateUnit;
  currency: string | null;
  changed: boolean;
  effectiveFrom?: string | null;
}

/** A line that introduces rates: a rate word ("rates", "taux", "Tagessätze", "tarifs", "prix"). */
export const RATE_INTRO =
  /\b(?:rates?|taux|tarifs?|prix|tjm)\b|s[aä]tze?\b|(?:hourly|daily|day)\s+rates?|taux\s+(?:horaire|journalier)/iu;
export const NOT_ROLE_LABEL =
  /\b(?:total|summe|gesamt\w*|expenses?|travel|frais|spesen|reise\w*|budget|cap|ceiling|plafond|deckel|höchst\w*|maxim\w*|minim\w*|retainer|forfait|pauschal\w*|discount|rabatt|remise)\b/iu;

export const isRole = (s: string): boolean =>
  /^\p{L}/u.test(s) && !/\d/.test(s) && s.split(/\s+/).length <= 6 && !NOT_ROLE_LABEL.test(s);

/** A clause reference or rate word a change row's label holds besides the role: "§ 4 Abs. 1", "4.1 –", "Hourly rate", "TJM HT". */
const LABEL_NOISE =
  /^\s*\(?[ivx]{1,4}\)\s*|,?\s*\(?(?:per|pro|je|par|a)\s+(?:person|man)[- ]?months?\)?|,\s*(?:hourly|daily)\s*$|§\s*\d+(?:\s*(?:Abs\.|al\.|para\.?)\s*\d+)?|^\s*(?:art(?:icle|\.)?\s*)?\d+(?:\.\d+)*\s*[–—:-]?|\b(?:hourly|daily|day)\s+rates?\b|\brates?\b|stundens[aä]tz\w*|tagess[aä]tz\w*|\btjm\b|taux(?:\s+(?:horaire|journalier))?|prix\s+de\s+journée|\b(?:HT|HTVA|net|netto)\b|,?\s*\(?\b(?:per|pro|je|par|a)\s+(?:hour|day|stunde|tag|heure|jour)\)?/giu;
/** A label that names its unit by an adjective: "Survey Data Specialist, hourly", "Lead (daily)". */
const UNIT_ADJECTIVE = /(?:,\s*|\(\s*)(?:hourly|daily)\)?\s*$/iu;
/** The man-month or person-month of a resource's rate ("Rate per person-month, Software Engineer"). */
const PERSON_MONTH = /(?:person|man)[- ]?months?|personenmonat|homme[- ]mois|\bm\/m\b/iu;
/** A preposition or article before the role once the rate words are gone: "Stundensatz für den Tester" leaves "den Tester". */
const LEADING_WORDS = /^(?:(?:for|für|pour|du|de\s+la|des|de|of|the|le|la|den|die|der)\s+|l['’])+/iu;
/** A label about hours or days is a quantity ("Hours per month, at most", "Heures comprises par mois"), not a role. */
const QUANTITY_LABEL = /(?<![\p{L}])(?:hours?|heures?|stunden|days?|jours?|tage)(?![\p{L}])/iu;

/** The amount a cell states: money, or a number after a currency letter ("K 3,400.00", "P 1,250.00"). */
export function cellAmount(cell: string, ctx: RuleContext): { amount: string; currency: string | null } | null {
  const money = parseMoney(cell, ctx.numberStyle);
  if (money) return { amount: money.amount, currency: money.currency ?? null };
  const bare = /^\s*(?:\p{Lu}\p{L}{0,2}\$?\.?|[$€£¥₹₱₦])?\s*(\d[\d.,'’ ]*\d(?:[.,]\d{2})?)\s*$/u.exec(
    cell.replace(/[*_]+/g, ''),
  );
  const amount = bare?.[1] ? parseAmount(bare[1], ctx.numberStyle) : null;
  return amount ? { amount, currency: null } : null;
}

/** Before-the-change headers in German and French that the shared reading leaves: "alte Fassung", "ancienne rédaction". */
const OLD_HEADER = /^(?:alte[rsn]?|bisherige[rsn]?|ancienne?|actuelle?)(?![\p{L}])/iu;

/** A column of the date each row's change starts. */
const START_COLUMN =
  /^(?:with\s+effect\s+from|effective(?:\s+(?:from|date|as\s+of))?|as\s+of|valid\s+from|from|gültig\s+ab|ab|à\s+partir\s+du|à\s+compter\s+du|date\s+d['’]effet)(?![\p{L}])/iu;

interface ChangeTableRow {
  label: string;
  /** The table's header and caption ("The hourly rates … are changed as follows"), where a row's label names only a role. */
  context: string;
  /** The value before the change, where the row states it. */
  old: string | null;
  value: string;
  /** The row's cell in a column of starts ("À partir du", "Gültig ab", "Effective from"), if the table has one. */
  startCell: string | null;
  start: number;
  end: number;
}

/** Each row of a before/after table with its label and its value after the change. */
function changeTableRows(table: Table): ChangeTableRow[] {
  const header = table.header?.cells ?? [];
  const sides = header.map((h) => columnSide(h) ?? (OLD_HEADER.test(h) ? 'old' : null));
  // "Rate before this change order | Rate from the effective date": beside a before column, the last column that names
  // the same attribute is the one after the change.
  if (sides.includes('old') && !sides.includes('new')) {
    const oldHeader = header[sides.indexOf('old')] ?? '';
    const word = RATE_INTRO.exec(oldHeader)?.[0]?.toLowerCase();
    const k = word ? header.findLastIndex((h, i) => sides[i] === null && h.toLowerCase().includes(word)) : -1;
    if (k > sides.indexOf('old')) sides[k] = 'new';
  }
  if (!sides.includes('old') || !sides.includes('new')) return [];
  const context = `${header.join(' ')}\n${table.caption}`;
  const newAt = sides.lastIndexOf('new');
  const oldAt = sides.indexOf('old');
  const startAt = header.findIndex((h) => START_COLUMN.test(h.trim()));
  const out: ChangeTableRow[] = [];
  for (const row of table.rows) {
    // The rules' text leaves out a before column's cells, so a row may hold one cell fewer: its last is the new value.
    const full = row.cells.length === header.length;
    if (!full && !(newAt === header.length - 1 && row.cells.length >= 2)) continue;
    // The label is the cell of words, not a clause reference beside it ("§ 4 Abs. 1", "Art. 4.1").
    const letters = (c: string): number => c.replace(/[^\p{L}]/gu, '').length;
    const label = row.cells
      .filter((c, i) => (!full || sides[i] === null) && /\p{L}{3}/u.test(c))
      .sort((a, b) => letters(b) - letters(a))[0];
    const value = full ? row.cells[newAt] : row.cells.at(-1);
    if (value === label) continue;
    const old = full ? (row.cells[oldAt] ?? null) : null;
    const startCell = full && startAt >= 0 ? (row.cells[startAt] ?? null) : null;
    if (label && value) out.push({ label, context, old, value, startCell, start: row.start, end: row.end });
  }
  return out;
}

/** "Developer day rate: K 2,150.00 -> K 2,300.00", "Plafond : 212 000 € → 268 000 €": a labelled value before and after an arrow. */
const ARROW_LINE =
  /^[ \t]*(?:[-*•][ \t]+)?([^:\n|]{3,80}?)[ \t]*:[ \t]*([^\n|]*?\d[^\n|]*?)[ \t]*(?:->|→|⇒|=>|➔|⟶)[ \t]*([^\n|]*?\d[^\n|]*?)[ \t]*(?:[.;](?=\s|$).*)?$/gmu;

function arrowRows(text: string): ChangeTableRow[] {
  return [...text.matchAll(ARROW_LINE)].map((m) => ({
    label: (m[1] ?? '').replace(/[*_]+/g, '').trim(),
    context: '',
    old: (m[2] ?? '').replace(/[*_]+/g, '').trim(),
    startCell: null,
    value: (m[3] ?? '').replace(/[*_]+/g, '').trim(),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

const changeRowsOf = (ctx: RuleContext, tables: readonly Table[], text = ctx.current): ChangeTableRow[] => [
  ...tables.flatMap((t) => changeTableRows(t)),
  ...arrowRows(text),
];

/** The role and unit of a change row whose label names a rate ("Stundensatz Senior-Entwickler/in", "Tester day rate"). */
function rateRow(r: ChangeTableRow, ctx: RuleContext): { role: string; unit: RateUnit } | null {
  if (NOT_ROLE_LABEL.test(r.label)) return null;
  const named =
    RATE_INTRO.test(r.label) || /\b(?:per|pro|je|par)\s+\p{L}+/iu.test(r.label) || UNIT_ADJECTIVE.test(r.label);
  // A label that is a role alone ("Data Conversion Analyst") in a table whose header or caption names the rates, with
  // money in the cell: the rate's unit is the caption's.
  const byContext =
    !named &&
    RATE_INTRO.test(r.context) &&
    mayBeRole(r.label) &&
    isRole(r.label) &&
    findMoney(r.value, ctx.numberStyle, 0).length > 0;
  // A role alone whose cell states the unit ("Chef de projet | 98,00 € HT per hour | 104,00 € HT per hour").
  const bare = r.label.replace(LABEL_NOISE, ' ').replace(/\s+/g, ' ').trim();
  const cellUnit =
    !named && !byContext && mayBeRole(bare) && isRole(bare) && findMoney(r.value, ctx.numberStyle, 0).length > 0
      ? unitOf(r.value.replace(/^[^\d]*\d[\d.,'’ ]*/u, ''))
      : null;
  const unit = named
    ? rateUnitOfWords(r.label)
    : byContext
      ? rateUnitOfWords(r.context)
      : cellUnit === 'hour' || cellUnit === 'day'
        ? cellUnit
        : null;
  // A fee per month ("Wartungspauschale pro Monat") is a recurring fee, not a role's rate; a person-month is a rate.
  const perPerson = unit === 'month' && PERSON_MONTH.test(r.label);
  if (unit !== 'hour' && unit !== 'day' && unit !== 'week' && !perPerson) return null;
  const role = r.label
    .replace(LABEL_NOISE, ' ')
    .replace(/[\s,;:–—-]+$|^[\s,;:–—-]+/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(LEADING_WORDS, '');
  return !isRole(role) || role.length < 3 || QUANTITY_LABEL.test(role) ? null : { role, unit: unit as RateUnit };
}

/** A cell's amount without a trailing note ("CHF 215.– (ab 01.07.2027)"). */
const rowAmount = (cell: string, ctx: RuleContext): ReturnType<typeof cellAmount> =>
  cellAmount(cell.replace(/\s*\([^)]*\)\s*$/, ''), ctx);

/** Rates a change table's rows set after the change: the label names a rate and a role. */
export function changeTableRates(ctx: RuleContext, tables: readonly Table[], dollar: string): Array<Found<ListedRate>> {
  const out: Array<Found<ListedRate>> = [];
  for (const r of changeRowsOf(ctx, tables)) {
    const named = rateRow(r, ctx);
    if (!named) continue;
    const { role, unit } = named;
    const amount = rowAmount(r.value, ctx);
    if (!amount) continue;
    // The value's own start: "CHF 215.– (ab 01.07.2027)", "675,00 € (à partir du 1er octobre 2028)".
    const from = START_WORD.test(r.value) ? (findDates(r.value, ctx.dateOrder)[0]?.iso ?? null) : null;
    out.push({
      value: {
        role,
        amount: amount.amount,
        unit,
        currency: amount.currency ?? (/\$/.test(r.value) ? dollar : null),
        changed: true,
        ...(from ? { effectiveFrom: from } : {}),
      },
      start: r.start,
      end: r.end,
    });
  }
  return out;
}

const CEILING_LABEL =
  /\b(?:ceiling|not[- ]to[- ]exceed|nte|cap|deckel|höchstbetrag|obergrenze|kostendach|plafond|montant\s+(?:total\s+)?maximal|maximum\s+(?:amount|fees?|contract\s+value)|total\s+(?:fee\s+)?(?:ceiling|cap|limit)|(?:monthly|quarterly|annual|yearly|fee|spending|budget|cost|price)\s+(?:limit|cap))\b/iu;
const HOURS_LABEL = /\b(?:hours|stunden|heures)\b/iu;
/** Hours a row caps, not hours a fee includes ("Heures comprises par mois", "Included hours"). */
const HOURS_CAP_LABEL =
  /\b(?:at\s+most|maximum|max\.?|cap|limit|not\s+more\s+than|no\s+more\s+than|höchstens|maximal|obergrenze|au\s+maximum|au\s+plus|plafond)(?![\p{L}])/iu;
const START_WORD = /(?<![\p{L}])(?:from|ab|as\s+of|à\s+partir\s+du|à\s+compter\s+du|dès\s+le|effective)(?![\p{L}])/iu;

/** Caps a change table's rows set after the change: a ceiling on fees, or hours in a period. */
export function changeTableCaps(ctx: RuleContext, tables: readonly Table[]): Found<Cap>[] {
  const out: Found<Cap>[] = [];
  for (const r of changeRowsOf(ctx, tables)) {
    const cap = capRow(r, r.value, ctx);
    if (cap) out.push({ value: cap, start: r.start, end: r.end });
  }
  return out;
}

/** The cap a change row's label names, with the amount or hours of one of its cells. */
function capRow(r: ChangeTableRow, cell: string, ctx: RuleContext): Cap | null {
  if (CEILING_LABEL.test(r.label) && !/\b(?:expenses?|travel|frais|spesen|reise\w*)\b/iu.test(r.label)) {
    const amount = rowAmount(cell, ctx);
    // "Plafond par mois civil", "Ceiling per calendar month", "Höchstbetrag pro Kalendermonat": a ceiling per period.
    const per =
      /(?<![\p{L}])(?:per|pro|je|par|each|chaque|in\s+any)\s+(?:calendar\s+|Kalender)?(month|quarter|year|monat|quartal|jahr|mois|trimestre|année)(?![\p{L}])|(?<![\p{L}])(monthly|quarterly|annual|yearly|mensuel|trimestriel|annuel|Monats|Quartals|Jahres)/iu.exec(
        r.label,
      );
    const period = per ? periodOf(per[1] ?? per[2] ?? '') : null;
    return amount ? { kind: 'not_to_exceed', amount: amount.amount, period, percentOfFees: null } : null;
  }
  if (HOURS_LABEL.test(r.label) && HOURS_CAP_LABEL.test(r.label)) {
    const period = periodOf(r.label);
    const hours = /^\s*(\d[\d,.' ]*)\s*(?:h|hours|stunden|heures)?\s*$/iu.exec(cell)?.[1];
    const n = hours ? parseCount(hours.replace(/[,.' ]/g, '')) : null;
    return period && n !== null ? { kind: 'hours_per_period', amount: String(n), period, percentOfFees: null } : null;
  }
  return null;
}

/** A change a before/after row or an arrow line states: a role's rate, the ceiling or the hours per period. */
export interface RowChange {
  field: 'rates' | 'caps.not_to_exceed' | 'caps.hours_per_period';
  key: string | null;
  from: string;
  to: string;
  /** The date the row gives its new value ("CHF 215.– (ab 01.07.2027)"), if any. */
  effectiveFrom: string | null;
  start: number;
  end: number;
}

/**
 * The changes the before/after tables and arrow lines of a document state, each with its value before and after, read
 * from the text with before values left in (`ctx.text`), for the change rules.
 */
export function rowChanges(ctx: RuleContext, tables: readonly Table[]): RowChange[] {
  const out: RowChange[] = [];
  for (const r of changeRowsOf(ctx, tables, ctx.text)) {
    if (r.old === null) continue;
    const at = { start: r.start, end: r.end };
    const rate = rateRow(r, ctx);
    if (rate) {
      const from = rowAmount(r.old, ctx);
      const to = rowAmount(r.value, ctx);
      const dateIn = (cell: string | null): string | null =>
        cell ? (findDates(cell, ctx.dateOrder)[0]?.iso ?? null) : null;
      const date = (START_WORD.test(r.value) ? dateIn(r.value) : null) ?? dateIn(r.startCell);
      if (from && to && from.amount !== to.amount)
        out.push({ field: 'rates', key: rate.role, from: from.amount, to: to.amount, effectiveFrom: date, ...at });
      continue;
    }
    const before = capRow(r, r.old, ctx);
    const after = capRow(r, r.value, ctx);
    if (before?.amount && after?.amount && before.amount !== after.amount)
      out.push({
        field: after.kind === 'hours_per_period' ? 'caps.hours_per_period' : 'caps.not_to_exceed',
        key: null,
        from: before.amount,
        to: after.amount,
        effectiveFrom: null,
        ...at,
      });
  }
  return out;
}
