/**
 * Milestone schedules written as lists (one item a line, or numbered items): each item read by what its
 * parts hold. Tables and flattened tables are in milestones.ts, which merges what both find.
 */
import type { Milestone } from '../sow-terms.ts';
import type { RuleContext } from './context.ts';
import { matches } from './context.ts';
import { DATE, findDates, parseDate } from './dates.ts';
import { findMoney } from './money.ts';
import { parseNumber } from './numbers.ts';
import { type MilestoneFound, originalText, SCHEDULE_CONTEXT, sameName } from './milestones.ts';

const LIST_LINE = new RegExp(
  `^[ \\t]*(?:\\d{1,2}[.)]|[-*•])[ \\t]+(\\d{1,3}(?:[.,]\\d+)?)[ \\t]?%[ \\t]*(?:\\(([^)\\n]*)\\)[ \\t]*)?(?:(?:is\\s+)?(?:due|payable|invoiced)\\s+)?(?:on|upon|at|after|bei|nach|mit|à(?:[ \\t]+(?:la|le|les)(?=[ \\t]))?|au|aux|lors\\s+de|après)[ \\t]+([^\\n]+?)(?:,?[ \\t]+(?:on\\s+or\\s+before|by|due|no\\s+later\\s+than|spätestens\\s+am|(?:planned|scheduled|expected|targeted)\\s+(?:for|on|by)|geplant\\s+(?:am|für\\s+den)|voraussichtlich\\s+am|completion\\s+date:)[ \\t]+(${DATE}))?[ \\t]*[;.,]?[ \\t]*$`,
  'gimu',
);

export function listMilestones(ctx: RuleContext): MilestoneFound[] {
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

/** One item of a bulleted, numbered or lettered ("a)") list: its marker and its text. */
const LIST_ITEM = /^[ \t]*(?:\d{1,2}[.)]|[a-z]\)|[-*•–])[ \t]+(\S[^\n]*)$/gmu;
const PER_UNIT =
  /\b(?:per|pro|je|par)\s+(?:hour|day|month|week|year|unit|person|man|heure|jour|stunde|tag)|\/\s*(?:h|hr|hour|day|d)\b|\b(?:de|à)\s+l['’]heure\b|\ban\s+hour\b/iu;
const LIST_MARKER = /^[ \t]*(?:\d{1,2}[.)]|[a-z]\)|[-*•–])[ \t]+/u;
const ITEM_PERCENT = /(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)[ \t\u00a0]?%/u;
/** Where an item's name ends: a dash between spaces, a colon, an opening bracket, a comma. */
const NAME_END = /[ \t]+[—–-][ \t]+|:[ \t]|[ \t]*\(|,[ \t]/u;

/**
 * A schedule written as a list, name first: "- Data migration completed: €28,000.00 (25%), planned
 * for 12 February 2027;", "2. Approbation de la conception — 20 % — prévu le 2026-10-23". Each item
 * names an event and gives a share or an amount (and maybe a date); a run of such items is a
 * schedule when its shares make the whole or words before it announce one.
 */
export function scheduleListMilestones(ctx: RuleContext): MilestoneFound[] {
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
    // Figures first ("£19,440.00 (30%) on acceptance of this proposal;"): the item is read by what its parts hold.
    // A price per unit ("890,00 EUR per day for an architect", "68,00 € de l'heure") is a rate, not an instalment.
    const figuresFirst =
      (pct || money) && nameEnd === 0 && !PER_UNIT.test(text)
        ? scheduleItemParts(originalText(ctx, textAt, textAt + text.length), ctx.numberStyle, ctx.dateOrder)
        : null;
    const item: MilestoneFound | null = figuresFirst
      ? /\p{L}{3}/u.test(figuresFirst.name) && figuresFirst.name.length <= 120
        ? {
            value: {
              ...figuresFirst,
              amount: money?.amount ?? figuresFirst.amount,
              dueDate: findDates(text, ctx.dateOrder)[0]?.iso ?? figuresFirst.dueDate,
            },
            start: m.index,
            end: m.index + m[0].length,
          }
        : null
      : (pct || money) && !PER_UNIT.test(text) && /\p{L}{3}/u.test(name) && name.length <= 120 && nameEnd > 0
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
    const before = ctx.current.slice(Math.max(0, first.start - 400), first.start);
    const announced = SCHEDULE_CONTEXT.test(before) && !RATE_INTRO.test(before.trimEnd().split('\n').at(-1) ?? '');
    if (whole || (announced && b.every((f) => f.value.amount !== null))) return b;
  }
  return [];
}

/** A line that introduces rates, not instalments: "Interventions hors forfait, au taux horaire HT :", "Day rates:". */
const RATE_INTRO =
  /\b(?:hourly|daily)\s+rates?\b|\brates?\s*(?:\([^)]*\))?\s*:\s*$|\b(?:stunden|tages)s[aä]tze?\b|\btaux\b/iu;

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
        // A dash left at the start once the figures between two dashes are gone: "40% – 8.000,00 € – upon kick-off".
        .replace(/^[\s—–-]+/u, '')
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
export function refineListItems(ctx: RuleContext, items: MilestoneFound[]): MilestoneFound[] {
  return items.map((f) => {
    const lineStart = ctx.current.lastIndexOf('\n', f.start) + 1;
    let lineEnd = ctx.current.indexOf('\n', f.start);
    if (lineEnd < 0) lineEnd = ctx.current.length;
    const rewritten = ctx.current.slice(lineStart, lineEnd).replace(LIST_MARKER, '');
    const original = originalText(ctx, lineStart, lineEnd).replace(LIST_MARKER, '');
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
