import type { Span } from '../evidence/instruction-spans.ts';
import type { RuleContext } from '../rules/context.ts';
import { findDates } from '../rules/dates.ts';
import { findMoney } from '../rules/money.ts';
import { COUNT, parseCount, parseNumber } from '../rules/numbers.ts';
import type { Kind } from './change-field.ts';

/**
 * The values a change sentence holds, typed (money, dates, percentages, days, hours), read from the rules' text with the
 * old values left in; and the document's own words for a key the rules read in English.
 */

/** A value a change sentence holds, with its type and where it starts. */
export interface Value {
  kind: Kind;
  value: string;
  start: number;
}

/** The old value comes first: "from A to B", "von A auf B", "de A à B". */
export const FROM_BEFORE = /(?:\bfrom|\bvo[nm]|(?<![\p{L}])d(?:e|u))\s+\S{0,4}\s*$/iu;
// French "de 60 jours à 45 jours" reaches the rules as "de 60 days within 45 days".
export const TO_BEFORE = /(?:\bto|\bauf|(?<![\p{L}])(?:à|au)|\bwithin)\s+\S{0,4}\s*$/iu;
const NONE = /\b(?:none|nil|no|aucun|aucune|kein|keine|keiner)\b/i;
/** A count of days: "30 days", "45 calendar days". */
const DAYS_COUNT = new RegExp(`(${COUNT})\\s+(?:calendar\\s+)?days`, 'gi');

/** "was 160 hours per calendar month, becomes 200 hours", "was 22 December 2028, now 30 March 2029": the old value first. */
const WAS_BECOMES = /\bwas\s+([^,;\n]{1,60}?)(?=,\s*(?:becomes|now|is\s+now|will\s+be)\b)/gi;

export function valuesIn(ctx: RuleContext, start: number, end: number, inOld: (at: number) => boolean): Value[] {
  const text = ctx.text.slice(start, end);
  const out: Value[] = [];
  // An amount never spans two table cells ("25'000<tab>CHF 0.120" is a range's end, then a price).
  // Each cell is read on its own: "80'000\tCHF 0.09\tCHF 0.085" must not read "80'000 CHF" and lose the prices.
  const moneys = findMoney(text.replace(/[\t|]/g, '\u00a6'), ctx.numberStyle, start).filter(
    (m) => !/[\t|]/.test(ctx.text.slice(m.start, m.end)),
  );
  const dates = findDates(text, ctx.dateOrder, start);
  // A year before a currency ("ab dem 1. Januar 2028 CHF 245.00") is the date's, not an amount.
  for (const m of moneys)
    if (!dates.some((d) => m.start >= d.start && m.start < d.end))
      out.push({ kind: 'money', value: m.amount, start: m.start });
  for (const d of dates) out.push({ kind: 'date', value: d.iso, start: d.start });
  const inDate = (at: number): boolean => [...dates, ...moneys].some((d) => at >= d.start && at < d.end);
  for (const m of text.matchAll(/(\d{1,3}(?:[.,]\d+)?)\s?%/g))
    out.push({ kind: 'percent', value: String(parseNumber(m[1] ?? '')), start: start + (m.index ?? 0) });
  for (const m of text.matchAll(DAYS_COUNT)) {
    const n = parseCount(m[1] ?? '');
    if (n !== null) out.push({ kind: 'days', value: String(n), start: start + (m.index ?? 0) });
  }
  // "within 20 statt 30 days", "20 instead of 30 days": a bare count paired with a count of days.
  for (const m of text.matchAll(
    /(?<![\d.,'])(\d{1,3})\s+(?:statt|anstelle\s+von|instead\s+of|in\s+place\s+of|au\s+lieu\s+de)\s+\d{1,3}\s+(?:calendar\s+)?days\b/giu,
  ))
    out.push({ kind: 'days', value: String(Number(m[1])), start: start + (m.index ?? 0) });
  // "passe de 30 à 15 jours", "from 30 to 45 days": two bare counts of days paired by from/to.
  for (const m of text.matchAll(
    /\b(?:from|von|de)\s+(\d{1,3})\s+(?:to|auf|à|au|within)\s+(\d{1,3})\s+(?:calendar\s+)?days\b/giu,
  ))
    out.push({ kind: 'days', value: String(Number(m[1])), start: start + (m.index ?? 0) + m[0].indexOf(m[1] ?? '') });
  // "current + 45": days after the end of the invoice's month.
  for (const m of text.matchAll(/\bcurrent\s*\+\s*(\d{1,3})\b/gi))
    out.push({ kind: 'days', value: String(Number(m[1])), start: start + (m.index ?? 0) });
  // Hours: "34 hours", and the bare number an hour change compares with: "from 25 to 34 hours", "(previously 5)", "(au lieu de 15)".
  const hours = [...text.matchAll(/(?<![\d.,'])(\d{1,4})\s+(?:\p{L}+\s+){0,2}?hours\b/giu)];
  // "the hours included each month go from 30 to 36": two bare counts of hours paired by from/to.
  if (hours.length === 0 && /\bhours\b/i.test(text))
    for (const m of text.matchAll(/\b(?:from|von|de)\s+(\d{1,4})\s+(?:to|auf|à)\s+(\d{1,4})\b(?![.,']?\d|\s*%)/giu)) {
      const at = start + (m.index ?? 0);
      out.push({ kind: 'hours', value: String(Number(m[1])), start: at });
      out.push({ kind: 'hours', value: String(Number(m[2])), start: at + m[0].length - (m[2] ?? '').length });
    }
  // "Previously, no unused hours could be carried forward.": none, said of hours.
  for (const sp of ctx.supersededSpans) {
    const said = ctx.text.slice(sp.start, sp.end);
    if (hours.length === 0 && sp.start >= start && sp.start < end && NONE.test(said) && !/\d/.test(said))
      if (/\bhours\b/i.test(said)) out.push({ kind: 'hours', value: '0', start: sp.start });
  }
  if (hours.length) {
    const seen = new Set<number>();
    for (const m of hours) {
      seen.add(start + (m.index ?? 0));
      out.push({ kind: 'hours', value: String(Number(m[1])), start: start + (m.index ?? 0) });
    }
    for (const m of text.matchAll(/(?<![\d.,'$€£%])\b(\d{1,4})\b(?![.,']?\d|\s*%|\s*[-./]\d)/g)) {
      const at = start + (m.index ?? 0);
      if (seen.has(at) || inDate(at)) continue;
      const lead = text.slice(Math.max(0, (m.index ?? 0) - 12), m.index);
      // "go from 40 to 46", "40 anstelle von 32 Stunden", "46 instead of 40": a bare count paired with an hours value.
      const paired =
        TO_BEFORE.test(lead) ||
        /^\s*(?:\(|instead\s+of|in\s+place\s+of|anstelle|statt|au\s+lieu\s+d)/iu.test(
          text.slice((m.index ?? 0) + m[0].length),
        );
      if (inOld(at) || FROM_BEFORE.test(lead) || paired)
        out.push({ kind: 'hours', value: String(Number(m[1])), start: at });
    }
    for (const sp of ctx.supersededSpans) {
      if (
        sp.start >= start &&
        sp.start < end &&
        NONE.test(ctx.text.slice(sp.start, sp.end)) &&
        !/\d/.test(ctx.text.slice(sp.start, sp.end))
      )
        out.push({ kind: 'hours', value: '0', start: sp.start });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * A key as the document writes it: the rules read German and French labels in English ("au-delà de 50 000" as "beyond
 * the 50 000"), but a tier, role or milestone is named in the document's own words.
 */
export function originalKey(ctx: RuleContext, key: string, start: number, end: number): string {
  const at = ctx.text.slice(start, end).indexOf(key);
  if (at < 0) return key;
  const from = ctx.toOriginal(start + at);
  const to = ctx.toOriginal(start + at + key.length);
  const written = ctx.original.slice(from, to).trim();
  if (written === key || written === '' || written.length > key.length * 2 + 10 || /[|\t\n]/.test(written)) return key;
  return /\d/.test(key) === /\d/.test(written) ? written : key;
}

/** The cells of a table row that are a count alone: "| 32 | 35 |", "| 40 h | 45 h |". */
export function bareCounts(line: string, start: number): Value[] {
  const out: Value[] = [];
  let at = 0;
  for (const part of line.split(/(\||\t)/)) {
    const m = /^\s*(\d{1,4})\s*(?:h|hours|stunden|heures)?\s*$/iu.exec(part);
    if (m) out.push({ kind: 'hours', value: String(Number(m[1])), start: start + at + part.indexOf(m[1] ?? '') });
    at += part.length;
  }
  return out;
}

/** The old value of each "was A, becomes B" / "was A, now B" in the text. */
export function wasSpans(text: string): Span[] {
  return [...text.matchAll(WAS_BECOMES)].map((m) => ({
    start: (m.index ?? 0) + m[0].length - (m[1] ?? '').length,
    end: (m.index ?? 0) + m[0].length,
  }));
}
