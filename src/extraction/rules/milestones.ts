import type { Milestone } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { matches } from './context.ts';
import { parseDate } from './dates.ts';
import { parseMoney } from './money.ts';
import { parseAmount, parseNumber } from './numbers.ts';
import { alignToHeader, findTables, type Table } from './tables.ts';
import { type ColumnMeaning, columnMeanings } from './columns.ts';
import { DATE, findDates } from './dates.ts';
import { findMoney } from './money.ts';

export type MilestoneFound = Found<Milestone>;

const MILESTONE_HEADER =
  /\b(?:milestones?|deliverables?|payment\s+events?|events?|phases?|stages?|instal?lments?|meilenstein\w*|zahlungsplan|teilzahlung\w*|jalons?|échéancier|étapes?|livrables?)\b/iu;

/** The document's own words for a span of the rules' text (names stay as written, not as the lexicon reads them). */
const originalText = (ctx: RuleContext, start: number, end: number): string =>
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
  const pick = (m: string): number => meanings.indexOf(m as never);
  const named = meanings
    .map((m, i) => ((m === 'name' || m === 'deliverable') && /\p{L}{2}/u.test(cells[i] ?? '') ? i : -1))
    .filter((i) => i >= 0);
  const nameCol = named.find((i) => meanings[i] === 'name') ?? named[0];
  const amountCol = meanings.findIndex((m, i) => (m === 'amount' || m === 'price') && /\d/.test(cells[i] ?? ''));
  if (nameCol === undefined || (pick('percent') < 0 && amountCol < 0)) return null;
  const pct = PERCENT_CELL.exec((cells[pick('percent')] ?? '').trim());
  const dateCell = pick('date') >= 0 ? (cells[pick('date')] ?? '') : '';
  const amountCell = amountCol >= 0 ? (cells[amountCol] ?? '') : '';
  return {
    name: (cells[nameCol] ?? '').replace(/[*_]+/g, '').trim(),
    amount: amountCell
      ? (parseMoney(amountCell, ctx.numberStyle)?.amount ??
        parseAmount(amountCell.replace(/[^\d.,'’ ]/g, '').trim(), ctx.numberStyle))
      : null,
    percent: pct ? parseNumber(pct[1] ?? '') : null,
    dueDate: dateCell ? parseDate(dateCell, ctx.dateOrder) : null,
  };
}
const PERCENT_CELL = /^(\d{1,3}(?:[.,]\d+)?)\s?%$/;
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
const SCHEDULE_CONTEXT =
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
    const dates = col.every((c) => parseDate(c, ctx.dateOrder) !== null);
    if (dates) return m === 'date' || m === 'other' || m === 'to' || m === 'from' ? 'date' : m;
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
    const total = rows.reduce(
      (n, r) => n + (parseNumber(PERCENT_CELL.exec((r[pct] ?? '').trim())?.[1] ?? '') ?? NaN),
      0,
    );
    if (Math.abs(total - 100) <= 0.5) return true;
  }
  const before = ctx.current.slice(Math.max(0, table.start - 400), table.start);
  return (
    meanings.includes('amount') &&
    (meanings.includes('date') || meanings.includes('name')) &&
    SCHEDULE_CONTEXT.test(`${before} ${table.caption}`)
  );
}

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
const LIST_LINE = new RegExp(
  `^[ \\t]*(?:\\d{1,2}[.)]|[-*•])[ \\t]+(\\d{1,3}(?:[.,]\\d+)?)[ \\t]?%[ \\t]*(?:\\(([^)\\n]*)\\)[ \\t]*)?(?:(?:is\\s+)?(?:due|payable|invoiced)\\s+)?(?:on|upon|at|after|bei|nach|mit|à(?:[ \\t]+(?:la|le|les)(?=[ \\t]))?|au|aux|lors\\s+de|après)[ \\t]+([^\\n]+?)(?:,?[ \\t]+(?:on\\s+or\\s+before|by|due|no\\s+later\\s+than|spätestens\\s+am|(?:planned|scheduled|expected|targeted)\\s+(?:for|on|by)|geplant\\s+(?:am|für\\s+den)|voraussichtlich\\s+am|completion\\s+date:)[ \\t]+(${DATE}))?[ \\t]*[;.,]?[ \\t]*$`,
  'gimu',
);

function listMilestones(ctx: RuleContext): MilestoneFound[] {
  const out: MilestoneFound[] = [];
  for (const m of matches(ctx, LIST_LINE)) {
    const nameAt = m.index + m[0].indexOf(m[3] ?? '');
    const name = originalText(ctx, nameAt, nameAt + (m[3] ?? '').length).trim();
    if (!/\p{L}{2}/u.test(name) || name.length > 120) continue;
    const money = m[2] ? findMoney(m[2], ctx.numberStyle)[0] : undefined;
    out.push({
      value: {
        name,
        amount: money?.amount ?? null,
        percent: parseNumber(m[1] ?? ''),
        dueDate: m[4] ? parseDate(m[4], ctx.dateOrder) : null,
      },
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return out.length >= 2 ? out : [];
}

/** One item of a bulleted or numbered list: its marker and its text. */
const LIST_ITEM = /^[ \t]*(?:\d{1,2}[.)]|[-*•–])[ \t]+(\S[^\n]*)$/gmu;
const ITEM_PERCENT = /(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)[ \t\u00a0]?%/u;
/** Where an item's name ends: a dash between spaces, a colon, an opening bracket, a comma. */
const NAME_END = /[ \t]+[—–-][ \t]+|:[ \t]|[ \t]*\(|,[ \t]/u;

/**
 * A schedule written as a list, name first: "- Data migration completed: €28,000.00 (25%), planned
 * for 12 February 2027;", "2. Approbation de la conception — 20 % — prévu le 2026-10-23". Each item
 * names an event and gives a share or an amount (and maybe a date); a run of such items is a
 * schedule when its shares make the whole or words before it announce one.
 */
function scheduleListMilestones(ctx: RuleContext): MilestoneFound[] {
  const blocks: MilestoneFound[][] = [];
  let block: MilestoneFound[] = [];
  let lastEnd = -1;
  for (const m of matches(ctx, LIST_ITEM)) {
    const text = m[1] ?? '';
    const textAt = m.index + m[0].length - text.length;
    const pct = ITEM_PERCENT.exec(text);
    const money = findMoney(text, ctx.numberStyle)[0];
    const cut = NAME_END.exec(text);
    const firstFigure = Math.min(pct?.index ?? text.length, money?.start ?? text.length);
    const nameEnd = Math.min(cut?.index ?? text.length, firstFigure);
    const name = originalText(ctx, textAt, textAt + nameEnd)
      .replace(/[*_]+/g, '')
      .trim();
    const item: MilestoneFound | null =
      (pct || money) && /\p{L}{3}/u.test(name) && name.length <= 120 && nameEnd > 0
        ? {
            value: {
              name,
              amount: money?.amount ?? null,
              percent: pct ? parseNumber(pct[1] ?? '') : null,
              dueDate: findDates(text.slice(nameEnd), ctx.dateOrder)[0]?.iso ?? null,
            },
            start: m.index,
            end: m.index + m[0].length,
          }
        : null;
    const contiguous = lastEnd >= 0 && /^\s*$/.test(ctx.current.slice(lastEnd, m.index));
    if (!contiguous && block.length > 0) blocks.push(block);
    if (!contiguous) block = [];
    if (item) block.push(item);
    else if (block.length > 0) {
      blocks.push(block);
      block = [];
    }
    lastEnd = m.index + m[0].length;
  }
  if (block.length > 0) blocks.push(block);
  for (const b of blocks) {
    if (b.length < 2) continue;
    const shares = b.map((f) => f.value.percent);
    const whole =
      shares.every((p) => p !== null) && Math.abs(shares.reduce<number>((n, p) => n + (p ?? 0), 0) - 100) <= 0.5;
    const first = b[0] as MilestoneFound;
    const announced = SCHEDULE_CONTEXT.test(ctx.current.slice(Math.max(0, first.start - 400), first.start));
    if (whole || (announced && b.every((f) => f.value.amount !== null))) return b;
  }
  return [];
}

/** Words that name an instalment, not the event that triggers it ("Abschlag – 20 % bei Auftragserteilung"). */
const INSTALMENT_WORD =
  /^(?:(?:first|second|third|final|last|\d+(?:st|nd|rd|th)?)\s+)?(?:deposit|down\s+payment|instal?lment|payment|balance|abschlag(?:szahlung)?|anzahlung|teilzahlung|schlusszahlung|restzahlung|rate|acompte|versement|solde|paiement)(?:\s+\d+)?$/iu;
/** What introduces the triggering event: "at the", "upon", "bei", "nach", "à la", "lors de". */
const EVENT_LEAD =
  /^(?:(?:is\s+)?(?:due|payable|invoiced)\s+)?(?:on|upon|at|after|with|when|bei|nach|mit|à|au|aux|lors\s+de|après|dès)\s+(?:(?:the|la|le|les|der|die|das|dem|den)\s+|l['’])?/iu;
/** A due date and the word that marks it: "(target 14 May 2027)", "foreseen for 15/06/2027", "prévue le 2027-09-15". */
const DATE_MARK = `(?:target(?:ed)?(?:\\s+(?:for|on|by))?|foreseen\\s+(?:for|on)|planned\\s+(?:for|on)|scheduled\\s+(?:for|on)|expected\\s+(?:on|by)|due|on\\s+or\\s+before|by|no\\s+later\\s+than|prévue?s?\\s+(?:pour\\s+)?le|au\\s+plus\\s+tard\\s+le|geplant\\s+(?:am|für\\s+den)|spätestens\\s+(?:am|bis)|voraussichtlich\\s+am|bis)`;

/**
 * One schedule item read by what its parts hold, in any order: the share (a percentage), the amount (money), the due date
 * (a date after a marker word), and the event's name (what is left, from the part that an event word introduces, else the
 * first part that is not an instalment word). "1. Abschlag – 20 % (16.800,- €) bei Auftragserteilung",
 * "- 25 % à la signature du contrat, soit 16 000,00 $;", "2. UAT signed off (target 14 May 2027) — 35% — R273,000.00".
 */
export function scheduleItemParts(
  text: string,
  style: RuleContext['numberStyle'],
  order: RuleContext['dateOrder'],
): Milestone | null {
  const pct = ITEM_PERCENT.exec(text);
  const money = findMoney(text, style)[0];
  let rest = text;
  let dueDate: string | null = null;
  const marked = new RegExp(`[(,]?\\s*\\b${DATE_MARK}\\s+(${DATE})\\s*\\)?`, 'iu').exec(rest);
  if (marked) {
    dueDate = parseDate(marked[1] ?? '', order);
    rest = rest.slice(0, marked.index) + rest.slice(marked.index + marked[0].length);
  }
  if (money) rest = rest.replace(text.slice(money.start, money.end), ' ');
  if (pct) rest = rest.replace(pct[0], ' ');
  // Connectors and brackets left around the figures: "(…)", "soit", "i.e.", "d.h.", "that is".
  rest = rest.replace(/\(\s*\)|\b(?:soit|i\.e\.|d\.\s?h\.|that\s+is|equal\s+to|entspricht)(?=\s|$)/giu, ' ');
  const parts = rest
    .split(/\s+[—–-]\s+|[,;:]\s*|\s*\(|\)\s*/u)
    .map((p) =>
      p
        .replace(/[*_]+/g, '')
        .replace(/\s+/g, ' ')
        .replace(/[\s.;,]+$/u, '')
        .trim(),
    )
    .filter((p) => /\p{L}{3}/u.test(p) && !new RegExp(`^(?:${DATE})$`, 'iu').test(p));
  const event = parts.find((p) => EVENT_LEAD.test(p));
  let name = event ? event.replace(EVENT_LEAD, '') : parts.find((p) => !INSTALMENT_WORD.test(p));
  if (!name || (!pct && !money)) return null;
  name = name.replace(/^(?:the|la|le|les|l['’])\s*(?=\p{L})/iu, '').trim();
  if (!dueDate) dueDate = findDates(rest, order)[0]?.iso ?? null;
  return {
    name,
    amount: money?.amount ?? null,
    percent: pct ? parseNumber(pct[1] ?? '') : null,
    dueDate,
  };
}

/** A list schedule's items re-read part by part, filling the amount and date and trimming the name they left out. */
function refineListItems(ctx: RuleContext, items: MilestoneFound[]): MilestoneFound[] {
  return items.map((f) => {
    const lineStart = ctx.current.lastIndexOf('\n', f.start) + 1;
    let lineEnd = ctx.current.indexOf('\n', f.start);
    if (lineEnd < 0) lineEnd = ctx.current.length;
    const rewritten = ctx.current.slice(lineStart, lineEnd).replace(/^[ \t]*(?:\d{1,2}[.)]|[-*•–])[ \t]+/u, '');
    const original = originalText(ctx, lineStart, lineEnd).replace(/^[ \t]*(?:\d{1,2}[.)]|[-*•–])[ \t]+/u, '');
    const parts = scheduleItemParts(original, ctx.numberStyle, ctx.dateOrder);
    if (!parts) return f;
    const dates = scheduleItemParts(rewritten, ctx.numberStyle, ctx.dateOrder);
    const v = f.value;
    // The re-read name only trims the one found (articles, figures, dates) or replaces an instalment word.
    const trimmed = sameName(v.name, parts.name) || v.name.toLowerCase().includes(parts.name.toLowerCase());
    return {
      ...f,
      value: {
        name: trimmed || INSTALMENT_WORD.test(v.name) ? parts.name : v.name,
        amount: v.amount ?? parts.amount,
        percent: v.percent ?? parts.percent,
        dueDate: v.dueDate ?? dates?.dueDate ?? parts.dueDate,
      },
    };
  });
}

const sameName = (a: string, b: string): boolean =>
  a.toLowerCase().replace(/\W+/g, ' ').trim() === b.toLowerCase().replace(/\W+/g, ' ').trim();

/** The milestone schedule: milestone tables, named percentages, flattened schedules and "N% on <event>". */
export function findMilestones(ctx: RuleContext): MilestoneFound[] {
  const out: MilestoneFound[] = findTables(ctx).flatMap((t) => tableMilestones(ctx, t));
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
  return out;
}
