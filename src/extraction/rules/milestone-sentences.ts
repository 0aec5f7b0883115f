/**
 * Payment schedules written in one sentence, and schedule rows split by attribute. Read after tables and lists
 * (milestones.ts merges what they find).
 */
import type { Milestone } from '../sow-terms.ts';
import type { RuleContext } from './context.ts';
import { findDates } from './dates.ts';
import { scheduleItemParts } from './milestone-lists.ts';
import { type MilestoneFound, originalText, SCHEDULE_CONTEXT } from './milestones.ts';

const SHARE = /(?<![\d.,])\d{1,3}(?:[.,]\d+)?[ \t\u00a0]?%/gu;
/** Articles and a trailing "of" left around an instalment's own name: "une avance forfaitaire de" → "avance forfaitaire". */
const LEAD_ARTICLE = /^(?:an?|the|un|une|le|la|les|l['’]|ein|eine|einer|der|die|das)\s+/iu;
const TRAILING_OF = /\s+(?:of|de|du|des|d['’]|von|in\s+Höhe\s+von)$/iu;

/**
 * One sentence that lists every instalment, each between semicolons with its share: "Le paiement s'effectue comme
 * suit : une avance de 15 %, soit …, à la signature ; 35 %, soit …, à la recette, prévue le 30 avril 2030 ; …",
 * "Payment: 30% on signing; 40% on acceptance of the design, due 3 May 2027; 30% on go-live". Each part is read by
 * what it holds (share, amount, marked date, the event's words); the sentence is a schedule when its shares make the
 * whole or words before it announce one.
 */
export function sentenceMilestones(ctx: RuleContext): MilestoneFound[] {
  // The sentence splitter may cut at a semicolon: a sentence that ends with one runs on into the next.
  const runs: Array<{ start: number; end: number }> = [];
  for (const s of ctx.sentences) {
    const last = runs.at(-1);
    if (last && /;\s*$/.test(ctx.current.slice(last.start, last.end))) last.end = s.end;
    else runs.push({ start: s.start, end: s.end });
  }
  for (const s of runs) {
    const text = ctx.current.slice(s.start, s.end);
    if (!text.includes(';') || (text.match(SHARE) ?? []).length < 2) continue;
    const items: MilestoneFound[] = [];
    let at = s.start;
    for (const part of text.split(';')) {
      const partStart = at;
      at += part.length + 1;
      const share = part.search(SHARE);
      if (share < 0) {
        if (items.length > 0) break;
        continue;
      }
      // The sentence's lead-in ("Le paiement s'effectue comme suit :") is no part of the first item.
      const colon = part.slice(0, share).lastIndexOf(':');
      const from = partStart + (colon >= 0 ? colon + 1 : 0);
      const end = partStart + part.length;
      const own = originalText(ctx, from, end);
      const parts = scheduleItemParts(own, ctx.numberStyle, ctx.dateOrder);
      if (!parts || parts.percent === null) break;
      // Dates as the rules read them (a French or German month name is rewritten to be parsed).
      const dates = scheduleItemParts(ctx.current.slice(from, end), ctx.numberStyle, ctx.dateOrder);
      const name = parts.name.replace(LEAD_ARTICLE, '').replace(TRAILING_OF, '').trim();
      // "20% of the remuneration", "30 % du prix": what the share is of, not the event it is paid on.
      if (!/\p{L}{3}/u.test(name) || name.length > 100 || /^(?:of|de|du|des|d['’]|von|vom)\s/iu.test(name)) break;
      items.push({
        value: {
          ...parts,
          name,
          dueDate: dates?.dueDate ?? findDates(ctx.current.slice(from, end), ctx.dateOrder)[0]?.iso ?? parts.dueDate,
        },
        start: from,
        end,
      });
    }
    if (items.length < 2) continue;
    const total = items.reduce((n, f) => n + (f.value.percent ?? 0), 0);
    const before = ctx.current.slice(Math.max(0, s.start - 400), s.start + 80);
    if (Math.abs(total - 100) <= 0.5 || SCHEDULE_CONTEXT.test(before)) return items;
  }
  return [];
}

/** What a row names after its instalment when a change table gives one attribute a row: amount, date or share. */
const ATTRIBUTE =
  /\s+[—–-]\s+(?:amount|price|sum|due\s+date|target\s+date|date|due|share|betrag|summe|termin|datum|fälligkeit|spätestens|anteil|montant|échéance|date\s+prévue|prévue?|part|pourcentage)\s*$/iu;

/**
 * Rows that split one instalment by attribute ("Abnahme Pilotbetrieb – Betrag", "Abnahme Pilotbetrieb – spätestens",
 * "Go-live – due date"): one milestone with the amount, share and date its rows give.
 */
export function mergeAttributeRows(found: MilestoneFound[]): MilestoneFound[] {
  if (!found.some((f) => ATTRIBUTE.test(f.value.name))) return found;
  const out: MilestoneFound[] = [];
  for (const f of found) {
    const name = f.value.name.replace(ATTRIBUTE, '').trim();
    const same = out.find((o) => o.value.name === name);
    if (!same) {
      out.push({ ...f, value: { ...f.value, name } });
      continue;
    }
    const v: Milestone = same.value;
    same.value = {
      ...v,
      amount: v.amount ?? f.value.amount,
      percent: v.percent ?? f.value.percent,
      dueDate: v.dueDate ?? f.value.dueDate,
    };
    same.end = Math.max(same.end, f.end);
  }
  return out;
}
