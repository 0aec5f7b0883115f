import type { Milestone } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { columnSide, matches } from './context.ts';
import { parseDate } from './dates.ts';
import { parseMoney } from './money.ts';
import { parseAmount, parseNumber } from './numbers.ts';
import { alignToHeader, findTables, type Table } from './tables.ts';
import { type ColumnMeaning, columnMeanings, namesMilestone } from './columns.ts';
import { listMilestones, refineListItems, scheduleListMilestones } from './milestone-lists.ts';
import { tidyMilestone } from './milestone-names.ts';
import { proseMilestones } from './milestone-prose.ts';
import { mergeAttributeRows, sentenceMilestones } from './milestone-sentences.ts';

export { scheduleItemParts } from './milestone-lists.ts';

export type MilestoneFound = Found<Milestone>;

const MILESTONE_HEADER =
  /\b(?:milestones?|deliverables?|payment\s+events?|events?|phases?|stages?|instal?lments?|meilenstein\w*|zahlungsplan|teilzahlung\w*|jalons?|échéancier|étapes?|livrables?|fait\s+générateur|auslösendes\s+ereignis|triggering\s+event)\b/iu;

/** The document's own words for a span of the rules' text (names stay as written, not as the lexicon reads them). */
export const originalText = (ctx: RuleContext, start: number, end: number): string =>
  ctx.original.slice(ctx.toOriginal(start), ctx.toOriginal(end));

/**
 * A milestone row read by header meaning: the share, target date and amount columns wherever they
 * stand, the name from the milestone column, or from the deliverable column when the milestone
 * column only numbers the rows. Null when the header does not say which column is which.
 */
function milestoneByColumns(
  ctx: RuleContext,
  cells: string[],
  header: string[],
  meanings: ColumnMeaning[] = columnMeanings(header).meanings,
): Milestone | null {
  if (cells.length !== header.length) return null;
  // Of a before and an after column of one meaning ("Échéance avant | Échéance après"), the after one is in force.
  const pick = (m: ColumnMeaning): number => {
    const cols = meanings.flatMap((x, i) => (x === m ? [i] : []));
    return (
      cols.find((i) => columnSide(header[i] ?? '') === 'new') ??
      cols.find((i) => columnSide(header[i] ?? '') !== 'old') ??
      cols[0] ??
      -1
    );
  };
  const named = meanings
    .map((m, i) => ((m === 'name' || m === 'deliverable') && /\p{L}{2}/u.test(cells[i] ?? '') ? i : -1))
    .filter((i) => i >= 0);
  // The column whose header's head noun is the milestone names it; then a name column; then the deliverable.
  const nameCol =
    named.find((i) => namesMilestone(header[i] ?? '')) ?? named.find((i) => meanings[i] === 'name') ?? named[0];
  const amounts = meanings.flatMap((m, i) =>
    (m === 'amount' || m === 'price') && /\d/.test(cells[i] ?? '') ? [i] : [],
  );
  const amountCol =
    amounts.find((i) => columnSide(header[i] ?? '') === 'new') ??
    amounts.find((i) => columnSide(header[i] ?? '') !== 'old') ??
    amounts[0] ??
    -1;
  if (nameCol === undefined || (pick('percent') < 0 && amountCol < 0)) return null;
  const pct = pick('percent') >= 0 ? shareOf(cells[pick('percent')] ?? '') : null;
  const dateCell = pick('date') >= 0 ? (cells[pick('date')] ?? '') : '';
  const amountCell = amountCol >= 0 ? (cells[amountCol] ?? '') : '';
  return {
    name: (cells[nameCol] ?? '').replace(/[*_]+/g, '').trim(),
    amount: amountCell
      ? (parseMoney(amountCell, ctx.numberStyle)?.amount ??
        parseAmount(amountCell.replace(/[^\d.,'’ ]/g, '').trim(), ctx.numberStyle))
      : null,
    percent: pct,
    dueDate: dateCell ? parseDate(dateCell, ctx.dateOrder) : null,
  };
}
const PERCENT_CELL = /^(\d{1,3}(?:[.,]\d+)?)\s?%$/;
/** A share in a column its header calls the share ("%", "Anteil", "Part"): "20 %", or "20" alone, up to 100. */
function shareOf(cell: string): number | null {
  const m = /^(\d{1,3}(?:[.,]\d+)?)\s?%?$/.exec(cell.trim());
  const n = m ? parseNumber(m[1] ?? '') : null;
  return n !== null && n > 0 && n <= 100 ? n : null;
}
const REDACTED = /^\[\*+\]$/;

function milestoneFromCells(ctx: RuleContext, cells: string[], header: string[]): Milestone | null {
  const names: string[] = [];
  let percent: number | null = null;
  let amount: string | null = null;
  let dueDate: string | null = null;
  cells.forEach((cell, i) => {
    const col = header[header.length - cells.length + i] ?? '';
    const pct = PERCENT_CELL.exec(cell);
    if (pct && percent === null) {
      percent = parseNumber(pct[1] ?? '');
      return;
    }
    const date = parseDate(cell, ctx.dateOrder);
    if (date && dueDate === null) {
      dueDate = date;
      return;
    }
    const money = parseMoney(cell, ctx.numberStyle);
    if (money && amount === null) {
      amount = money.amount;
      return;
    }
    if (/^\d+\.?$/.test(cell) && /^(?:no\.?|#|nr\.?|item)$/i.test(col.trim())) return; // the row number column
    if (
      /amount|price|fee|value|sum|betrag|usd|eur|gbp|chf|jpy|cad/i.test(col) &&
      /^[\d.,'’ ]+$/.test(cell) &&
      amount === null
    ) {
      amount = parseAmount(cell, ctx.numberStyle);
      return;
    }
    if (REDACTED.test(cell) || /^\d+\.?$/.test(cell)) return;
    names.push(cell);
  });
  const name = names.join(' ').trim();
  if (!/[A-Za-z]{2}/.test(name)) return null;
  return { name, amount, percent, dueDate };
}

/** A cell that numbers its row: "1", "2.", "P1", "M 2", "Rate 3", "#4". */
const ROW_ID = /^(?:[\p{L}#]{0,8}\s?)?(\d{1,2})\.?$/u;
/** Words before a table that say it is a schedule of payments (fixed price, instalments). */
export const SCHEDULE_CONTEXT =
  /\b(?:instal?lments?|milestones?|payment\s+schedule|schedule\s+of\s+payments|payable\s+(?:in|as|on)|paid\s+as\s+follows|fixed[- ]price|lump[- ]sum|festpreis|pauschal\w*|raten|zahlungsplan|teilzahlung\w*|abschlagszahlung\w*|échéancier|jalons?|forfait\w*|prix\s+ferme)\b/iu;

const RATE_HEADER =
  /\b(?:rates?|role|rolle|profil\w*|grade|level|stundensatz|tagessatz|satz|taux|tjm|tarif\w*|hourly|daily)\b/iu;
const PER_UNIT =
  /\/\s*(?:h|hr|hour|day|d|month|unit)\b|\bper\s+(?:hour|day|month|person)|\bpro\s+(?:stunde|tag)|\bpar\s+(?:heure|jour)/iu;

/**
 * What each column holds, by its content where its header does not say: a column of row numbers is
 * "number" whatever its header ("Payment" over P1, P2, …; "Rate" over 1, 2, 3), a column of
 * percentages is the share, of dates the target date, of amounts the amount; a text column without
 * a known header is the name. Headers say it first where their content agrees.
 */
function scheduleMeanings(ctx: RuleContext, header: string[], rows: string[][]): ColumnMeaning[] {
  const meanings = columnMeanings(header).meanings;
  return meanings.map((m, i) => {
    const col = rows.map((r) => (r[i] ?? '').trim()).filter(Boolean);
    if (col.length === 0) return m;
    const ids = col.map((c) => ROW_ID.exec(c)?.[1]);
    if (ids.every((d, k) => d !== undefined && Number(d) === k + 1)) return 'number';
    if (col.every((c) => PERCENT_CELL.test(c))) return 'percent';
    const dated = col.filter((c) => parseDate(c, ctx.dateOrder) !== null).length;
    if (dated === col.length) return m === 'date' || m === 'other' || m === 'to' || m === 'from' ? 'date' : m;
    // A target-date column may open with an event rather than a date ("on signature", "à la signature").
    if (dated > 0 && (m === 'date' || (m === 'other' && dated >= 2 && dated >= col.length - 1))) return 'date';
    if (col.every((c) => parseMoney(c, ctx.numberStyle) !== null))
      return m === 'amount' || m === 'price' ? m : m === 'other' ? 'amount' : m;
    // Words in every cell and no figure: a name, whatever the header seemed to say ("What has to happen").
    if (col.every((c) => /\p{L}{3}/u.test(c) && !/\d[\d.,'’ ]*\s?(?:%|[$€£])|[$€£]\s?\d/u.test(c)))
      return m === 'name' || m === 'deliverable' ? m : 'name';
    return m;
  });
}

/**
 * A table is a payment schedule when its header says so (milestones, instalments, events), or when
 * its shares add up to the whole (100 %), or when it pairs amounts with target dates or events right
 * after words that announce a schedule (a fixed price payable in instalments), whatever its columns
 * are called.
 */
function isSchedule(ctx: RuleContext, table: Table, header: string[], meanings: ColumnMeaning[], rows: string[][]) {
  if (MILESTONE_HEADER.test(header.join(' '))) return true;
  if (rows.length < 2 || meanings.includes('price') || meanings.includes('unit')) return false;
  // A rate card (role and rate, a price per hour or day) is not a schedule, however it is announced.
  if (header.some((h, i) => meanings[i] !== 'number' && RATE_HEADER.test(h))) return false;
  if (rows.some((r) => r.some((c) => PER_UNIT.test(c)))) return false;
  const pct = meanings.indexOf('percent');
  if (pct >= 0) {
    const total = rows.reduce((n, r) => n + (shareOf(r[pct] ?? '') ?? NaN), 0);
    if (Math.abs(total - 100) <= 0.5) return true;
  }
  const before = ctx.current.slice(Math.max(0, table.start - 400), table.start);
  return (
    meanings.includes('amount') &&
    (meanings.includes('date') || meanings.includes('name')) &&
    SCHEDULE_CONTEXT.test(`${before} ${table.caption}`)
  );
}

const TOTAL_ROW =
  /^[*_\s]*(?:grand\s+total|total(?:\s+(?:général|contract\s+price|price|fee))?|sum|summe|gesamt(?:summe|betrag|preis)?|montant\s+total)[*_\s:]*$/iu;

function tableMilestones(ctx: RuleContext, table: Table): MilestoneFound[] {
  const header = table.header?.cells ?? [];
  if (header.length === 0) return [];
  const aligned = table.rows.map((row) => alignToHeader(row, header.length));
  const meanings = scheduleMeanings(ctx, header, aligned);
  if (!isSchedule(ctx, table, header, meanings, aligned)) return [];
  const byHeader = MILESTONE_HEADER.test(header.join(' '));
  return table.rows.flatMap((row) => {
    const cells = alignToHeader(row, header.length);
    if (ctx.language !== 'en') {
      // Names as the document writes them: the row's cells from the document's own text.
      const own = alignToHeader(
        {
          ...row,
          cells: originalText(ctx, row.start, row.end)
            .replace(/^\s*\|/, '')
            .replace(/\|\s*$/, '')
            .split(/\||\t/)
            .map((c) => c.trim())
            .filter(Boolean),
        },
        header.length,
      );
      // Figures and dates stay as the rules read them (a French month name is rewritten to be parsed).
      if (own.length === cells.length)
        own.forEach((c, i) => {
          if (meanings[i] === 'name' || meanings[i] === 'deliverable' || meanings[i] === 'other') cells[i] = c;
        });
    }
    const m =
      milestoneByColumns(ctx, cells, header, meanings) ?? (byHeader ? milestoneFromCells(ctx, cells, header) : null);
    // A table's closing "Total" row sums the milestones; it is none of them.
    if (m && TOTAL_ROW.test(m.name ?? '')) return [];
    return m && (m.percent !== null || m.amount !== null || m.dueDate !== null)
      ? [{ value: m, start: row.start, end: row.end }]
      : [];
  });
}

/** "Signature of Contract: 20% of Professional Fees" – a milestone stated as name and percent. */
const NAMED_PERCENT =
  /(?<![\w-])([A-Z][\w'’-]*(?:[ \t]+[\w'’-]+){0,4}?)[ \t]*:[ \t]*(\d{1,3}(?:\.\d+)?)\s?%\s+of\s+(?:the\s+)?(?:[Tt]otal\s+|[Pp]rofessional\s+|[Pp]roject\s+)?(?:[Ff]ees?|[Pp]rice|[Cc]ontract\s+(?:[Vv]alue|[Pp]rice)|[Tt]otal)/gm;
/** "20% on signature", "30% upon acceptance of the design" in a payment schedule sentence. */
const PERCENT_ON =
  /\b(\d{1,3}(?:\.\d+)?)\s?%\s+(?:of\s+the\s+(?:fixed\s+)?(?:fee|price|total)\s+)?(?:(?:is\s+|shall\s+be\s+|will\s+be\s+)?(?:payable|due|invoiced)\s+)?(?:up)?on\s+([^,.;\n]{3,60})/gi;
/** A flattened schedule: "Milestone Percentage USD ( amount) Name 15% [***] Name 5% [***] …". */
const FLAT_HEADER =
  /\bMilestones?\s+(?:Percentage|%|Share)(?:\s+(?:[A-Z]{3}|Amount|\(\s*amount\s*\)|Date)){0,4}\s*(?:\(\s*amount\s*\))?/g;

function flattenedMilestones(ctx: RuleContext, known: MilestoneFound[]): MilestoneFound[] {
  const out: MilestoneFound[] = [];
  for (const h of matches(ctx, FLAT_HEADER)) {
    const regionStart = h.index + h[0].length;
    const regionEnd = Math.min(
      ctx.current.length,
      regionStart + 1200,
      ...[ctx.current.indexOf('\f', regionStart)].filter((i) => i > 0),
    );
    const region = ctx.current.slice(regionStart, regionEnd);
    let at = 0;
    for (const seg of region.split(/(\[\*+\])/)) {
      const segStart = regionStart + at;
      at += seg.length;
      if (REDACTED.test(seg.trim()) || seg.trim() === '') continue;
      let text = seg.replace(/\s+/g, ' ').trim();
      // A name already known from an earlier line ("Signature of Contract: 20% …") is split off the front.
      for (const k of known) {
        if (text.toLowerCase().startsWith(k.value.name.toLowerCase()) && text.length > k.value.name.length + 2) {
          text = text.slice(k.value.name.length).trim();
        }
      }
      const m = /^(.*?)\s*(\d{1,3}(?:\.\d+)?)\s?%$/.exec(text);
      const name = (m ? m[1] : text)?.replace(/\s+Final\s+Payment$/i, '').trim() ?? '';
      if (!/[A-Za-z]{2}/.test(name) || name.length > 80 || /confidential|page\s+\d/i.test(name)) break;
      out.push({
        value: { name, amount: null, percent: m ? parseNumber(m[2] ?? '') : null, dueDate: null },
        start: segStart,
        end: segStart + seg.length,
      });
    }
  }
  return out;
}

/**
 * "1. 30 % bei Vertragsunterzeichnung", "2. 35% ($26,250.00) on approval of the strategy, on or before March 13, 2026;",
 * "- 40 % (…) on go-live, planned for 25 June 2027" (the date after the event is its due date, not part of its name).
 */
export const sameName = (a: string, b: string): boolean =>
  a.toLowerCase().replace(/\W+/g, ' ').trim() === b.toLowerCase().replace(/\W+/g, ' ').trim();

/**
 * The milestone schedule: milestone tables, named percentages, lists, milestones restated in prose,
 * flattened schedules and "N% on <event>".
 */
export function findMilestones(ctx: RuleContext): MilestoneFound[] {
  const out: MilestoneFound[] = mergeAttributeRows(findTables(ctx).flatMap((t) => tableMilestones(ctx, t)));
  const named: MilestoneFound[] = [];
  for (const m of matches(ctx, NAMED_PERCENT)) {
    const name = (m[1] ?? '').trim();
    const start = m.index + m[0].indexOf(name);
    named.push({
      value: { name, amount: null, percent: parseNumber(m[2] ?? ''), dueDate: null },
      start,
      end: m.index + m[0].length,
    });
  }
  const add = (list: MilestoneFound[]): void => {
    for (const f of list) if (!out.some((o) => sameName(o.value.name, f.value.name))) out.push(f);
  };
  add(named);
  if (out.length === 0) add(refineListItems(ctx, listMilestones(ctx)));
  if (out.length === 0) add(refineListItems(ctx, scheduleListMilestones(ctx)));
  if (out.length === 0) add(sentenceMilestones(ctx));
  if (out.length === 0) add(proseMilestones(ctx));
  add(flattenedMilestones(ctx, named));
  if (out.length === 0) {
    for (const m of matches(ctx, PERCENT_ON)) {
      const sentence = ctx.current.slice(Math.max(0, m.index - 120), m.index + m[0].length);
      if (
        !/\b(?:pay\w*|invoice\w*|fee|price|milestone|instal?lment)\b/i.test(sentence) ||
        /\bper\s+(?:month|annum|year)\b/i.test(m[0])
      )
        continue;
      add([
        {
          value: { name: (m[2] ?? '').trim(), amount: null, percent: parseNumber(m[1] ?? ''), dueDate: null },
          start: m.index,
          end: m.index + m[0].length,
        },
      ]);
    }
  }
  return out.map((f) => ({ ...f, value: tidyMilestone(ctx, f.value) }));
}
