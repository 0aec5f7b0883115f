import type { PeriodicAmount } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { findMoney } from './money.ts';
import { parseAmount } from './numbers.ts';
import { periodOf } from './units.ts';

/**
 * Minimum commitments: the floor a contract puts under its charges per period ("minimum monthly charge", "commits to
 * at least", "Mindestabnahme", "minimum de facturation"), and the sentences that deny one.
 */

/** Words that make a sentence's amount a floor: "minimum", "commits to … at least", "no less than", "mindestens", "au minimum". */
const FLOOR =
  /\bminimum\b|\bcommit\w*\b[^.;]{0,80}?\b(?:at\s+least|no\s+less\s+than|not\s+less\s+than|minimum)\b|\b(?:pay|pays|paid|charged|invoiced|billed)\b[^.;]{0,40}?\b(?:at\s+least|no\s+less\s+than|not\s+less\s+than)\b|\b(?:committed|guaranteed)\s+(?:spend|spending|revenue|usage|volume)\b|\b(?:spend|spending|usage|volume|revenue)\s+commitment\b|\b(?:monthly|quarterly|annual|yearly)\s+floor\b|\bmindest\w*|\babnahmeverpflichtung\b|\bminimal\w*|\bengagement\s+minimum\b|\bau\s+moins\b|\bplancher\b/i;
/** A minimum that is no floor on charges: a term, a notice, hours, an increment, a period in days, insurance cover. */
const NOT_FLOOR =
  /\bminimum\s+(?:term|notice|period|hours?|billing\s+increment|increment)\b|\bat\s+least\s+\d+\s+days\b|\binsurance\b|\binsured\b|\b(?:late|overdue|interest|intérêts?|retard|verzug\w*)\b/i;
/** A floor the sentence denies: "There is no minimum monthly commitment", "kein Mindestumsatz", "aucun minimum de facturation". */
const NO_FLOOR =
  /(?<![\p{L}])(?:no|not\s+any|without|kein\p{L}*|ohne|aucun\p{L}*|sans|pas\s+de)\s+(?:[\p{L}-]+\s+){0,2}?(?:minimum|mindest\p{L}*|minimal\p{L}*|floor|plancher)(?![\p{L}])/iu;

/** Whether the document says it has no minimum: then no ranked amount stands in for one either. */
export const deniesMinimum = (ctx: RuleContext): boolean =>
  ctx.sentences.some((s) => NO_FLOOR.test(ctx.current.slice(s.start, s.end)));

/**
 * A currency written as one to three capitals the money table does not read, before an amount shaped as money (grouped
 * thousands or cents, lakh grouping too): the kwacha's "K 30,000.00", the dalasi's "D 95,000.00", or a symbol a PDF font
 * could not map ("?50,000.00", "\uFFFD 1,50,000.00"). Read only after a floor word, where the
 * sentence holds no other money, so a count ("a minimum of 1,000 checks") never becomes one.
 */
const LETTER_MONEY =
  /(?:(?<![\p{L}\d])[A-Z]{1,3}\$?|[?\uFFFD])\s?(\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?(?![\d,])|\d{1,3}(?:[,.'\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d+[.,]\d{2}(?!\d))/gu;
function letterMoney(
  sentence: string,
  from: number,
  offset: number,
  ctx: RuleContext,
): { amount: string; start: number; end: number }[] {
  const out: { amount: string; start: number; end: number }[] = [];
  for (const m of sentence.slice(from).matchAll(LETTER_MONEY)) {
    const amount = parseAmount(m[1] ?? '', ctx.numberStyle);
    const start = offset + from + (m.index ?? 0);
    if (amount) out.push({ amount, start, end: start + m[0].length });
  }
  return out;
}

/** The words before a changed amount's old value and its new one, in English, German and French. */
const FROM_OLD = /(?<![\p{L}])(?:from|von|de|du)\s*$/iu;
const TO_NEW = /(?<![\p{L}])(?:to|auf|à)\s*$/iu;
/** A verb of change right before the new amount, where no "from" names the old one: "stands revised to", "erhöht auf". */
const CHANGED_TO =
  /(?<![\p{L}])(?:revised|increased|reduced|raised|lowered|amended|changed|adjusted|erhöht|gesenkt|angehoben|herabgesetzt|geändert|porté|portée|relevé|relevée|abaissé|abaissée|ramené|ramenée|modifié|modifiée)\s+(?:to|auf|à)\s*$/iu;

/**
 * The minimum charge per period: "minimum monthly charge of ¥600,000", "commits to usage fees of at
 * least $3,500.00 per month", "Mindestabnahme … mindestens 2.000,00 EUR monatlich". The period comes
 * from the words after the amount, else from the sentence or the heading just before it.
 */
export function findMinimumCommitment(ctx: RuleContext): Found<PeriodicAmount> | null {
  for (const s of ctx.sentences) {
    const sentence = ctx.current.slice(s.start, s.end);
    const floor = FLOOR.exec(sentence);
    if (!floor || NOT_FLOOR.test(sentence) || NO_FLOOR.test(sentence)) continue;
    const found = findMoney(sentence, ctx.numberStyle, s.start).filter((m) => m.start >= s.start + floor.index - 120);
    const moneys = found.length > 0 ? found : letterMoney(sentence, floor.index, s.start, ctx);
    // A floor changed from one amount to another is the new one: "steigt von CHF 1'800.00 auf CHF 2'400.00", "porté de
    // 600 000 FCFA à 900 000 FCFA", "increases from K 30,000.00 to K 36,000.00", "von … wird auf … erhöht".
    const last = moneys.at(-1);
    const changed =
      moneys.length === 2 &&
      last !== undefined &&
      TO_NEW.test(ctx.current.slice(Math.max(s.start, last.start - 24), last.start)) &&
      (FROM_OLD.test(ctx.current.slice(Math.max(s.start, (moneys[0]?.start ?? 0) - 12), moneys[0]?.start ?? 0)) ||
        CHANGED_TO.test(ctx.current.slice(Math.max(s.start, last.start - 40), last.start)));
    const money = changed ? last : moneys[0];
    if (!money) continue;
    const after = ctx.current.slice(money.end, Math.min(s.end, money.end + 40));
    const heading = ctx.current.slice(Math.max(0, s.start - 80), s.start);
    const period =
      periodOf(
        /^\s*(?:\([^)]*\)\s*)?(?:per|a|each|every|\/|pro|je|par)?\s*(?:calendar\s+|contract\s+)?\w+/i.exec(
          after,
        )?.[0] ?? '',
      ) ??
      periodOf(sentence.slice(0, money.start - s.start)) ??
      periodOf(heading) ??
      periodOf(after);
    // Last, the period a little after the amount: "a minimum of CHF 15'000.00 in compute charges per quarter", "1 800,00 € HT par mois".
    if (!period) continue;
    return {
      value: { amount: money.amount, period },
      start: s.start + floor.index,
      end: Math.max(money.end, s.start + floor.index + floor[0].length),
    };
  }
  return null;
}
