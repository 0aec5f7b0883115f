import type { Cap } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { sentenceAt } from './context.ts';
import { COUNT, parseCount } from './numbers.ts';
import { periodOf } from './units.ts';

/**
 * Caps read by a sentence's meaning rather than one phrasing: a limit word, an amount (of money or of hours), what it
 * limits and over which period, in English, German and French. Round eighteen (issue 15).
 */

type Period = Cap['period'];

/**
 * The period a cap applies to, named before its amount with a word that makes it each single period: "in any fiscal
 * year", "for each contract quarter", "au titre d'un même mois civil", "par exercice", "je Geschäftsjahr",
 * "in jedem Kalenderquartal". A bare period noun ("the monthly invoice") is no scope.
 */
const SCOPE_BEFORE = new RegExp(
  [
    '\\b(?:in|for|during|within|over)\\s+(?:any|each|every|a|one|a\\s+single|any\\s+one)\\s+(?:single\\s+)?(?:fiscal|financial|contract|billing|calendar)\\s+(month|quarter|year)\\b',
    "(?<![\\p{L}])(?:au\\s+titre\\s+d['’]|au\\s+cours\\s+d['’]|pour\\s+|dans\\s+|sur\\s+)(?:une?)\\s+(?:même\\s+)?(mois|trimestre|année|exercice)(?![\\p{L}])",
    '(?<![\\p{L}])(?:par|chaque)\\s+(?:même\\s+)?(exercice|mois|trimestre|année)(?![\\p{L}])',
    '(?<![\\p{L}])(?:je|pro|in\\s+jedem|in\\s+einem|im\\s+selben)\\s+(?:Kalender|Geschäfts|Vertrags|Abrechnungs)?(monat|quartal|jahr)(?![\\p{L}])',
  ].join('|'),
  'iu',
);

/** A period word as the scope regex captured it: "exercice" (a financial year) reads as a year. */
const periodWord = (w: string): Period => (/^exercice$/i.test(w) ? 'year' : periodOf(w));

/** The period of the scope phrase in `before` (the text of the cap's sentence up to its amount), or null. */
export function scopePeriodBefore(before: string): Period {
  const m = SCOPE_BEFORE.exec(before);
  if (!m) return null;
  const word = m.slice(1).find((g) => g !== undefined) ?? '';
  return periodWord(word);
}

/**
 * The part of a sentence an amount stands in, where the sentence splitter missed a stop: before a capital, or after
 * an amount and its currency before any word ("… 1 160 000,00 Kč. Reisekosten …", which the lexicon may have made
 * "… Kč. travel expenses …").
 */
export function clauseAround(sentence: string, at: number): string {
  let start = 0;
  let end = sentence.length;
  const stop = /\.\s+(?=\p{Lu})|(?<=\d(?:\s?[^\s\d]{1,4})?)\.\s+(?=\p{L})/gu;
  for (let m = stop.exec(sentence); m; m = stop.exec(sentence)) {
    const cut = m.index + m[0].length;
    if (cut <= at) start = cut;
    else {
      end = m.index + 1;
      break;
    }
  }
  return sentence.slice(start, end);
}

/**
 * Words that bound an amount from above, before it: "not more than", "no more than", "at most", "not exceed",
 * "ne peut facturer plus de", "pas plus de", "au plus", "au maximum", "dans la limite de", "höchstens",
 * "nicht mehr als", "maximal", "begrenzt auf".
 */
const LIMIT_BEFORE =
  "(?:\\b(?:not|no|never)\\s+(?:[\\p{L}]+\\s+){0,2}?(?:more\\s+than|exceed)|\\bat\\s+most|\\b(?:a\\s+)?maximum\\s+of|\\blimited\\s+to|\\bcapped\\s+at|(?<![\\p{L}])(?:ne|n['’])\\s*(?:[\\p{L}]+\\s+){0,3}?(?:pas\\s+)?plus\\s+de|(?<![\\p{L}])pas\\s+plus\\s+de|(?<![\\p{L}])au\\s+(?:plus|maximum)|dans\\s+la\\s+limite\\s+de|plafonnée?s?\\s+à|limitée?s?\\s+à|(?<![\\p{L}])(?:höchstens|maximal|nicht\\s+mehr\\s+als|begrenzt\\s+auf|gedeckelt\\s+auf))";

const HOURS_WORD = '(?:hours?|Stunden|Std\\.?|heures?)';

/** An hours limit in any of the three languages: the limit word, then up to three words, then the count of hours. */
const HOURS_LIMIT = new RegExp(
  `${LIMIT_BEFORE}\\s+(?:[\\p{L}]+\\s+){0,3}?(${COUNT})\\s+${HOURS_WORD}(?![\\p{L}])`,
  'giu',
);

/** The period after the hours: "per quarter", "in any calendar month", "au titre d'un même trimestre civil". */
const SCOPE_AFTER = new RegExp(
  [
    '^\\s*(?:(?:in\\s+total|in\\s+all|overall)\\s+)?(?:per|a|each|every|in\\s+any|in\\s+a|during\\s+any|in\\s+each|pro|je|par)\\s+(?:calendar\\s+|fiscal\\s+|contract\\s+|Kalender|Vertrags|Geschäfts)?(month|quarter|year|monat|quartal|jahr|mois|trimestre|année)(?![\\p{L}])',
    "^[^.;]{0,30}?(?<![\\p{L}])(?:au\\s+titre\\s+d['’]|au\\s+cours\\s+d['’]|dans\\s+|sur\\s+|pour\\s+)une?\\s+(?:même\\s+)?(mois|trimestre|année)(?![\\p{L}])",
    '^\\s*(monthly|quarterly|annually|yearly|monatlich|vierteljährlich|jährlich|mensuellement|trimestriellement|annuellement)(?![\\p{L}])',
  ].join('|'),
  'iu',
);

/**
 * Hours per period by sentence meaning, where no fixed phrasing read one: a limit word before a count of hours and a
 * period as the scope, after the hours or before them ("Le Prestataire ne peut facturer plus de 420 heures au titre
 * d'un même trimestre civil", "In any calendar quarter the Supplier bills no more than 300 hours"). Hours carried over
 * (a rollover limit) and sentences that name something else (`skip`) are no cap.
 */
export function sentenceHoursCaps(ctx: RuleContext, skip: (sentence: string) => boolean): Found<Cap>[] {
  const out: Found<Cap>[] = [];
  const re = new RegExp(HOURS_LIMIT.source, HOURS_LIMIT.flags);
  for (let m = re.exec(ctx.current); m; m = re.exec(ctx.current)) {
    const s = sentenceAt(ctx, m.index);
    const sentence = ctx.current.slice(s.start, s.end);
    if (skip(sentence)) continue;
    const hours = parseCount(m[1] ?? '');
    const end = m.index + m[0].length;
    const after = SCOPE_AFTER.exec(ctx.current.slice(end, s.end));
    const period = after
      ? periodWord(after.slice(1).find((g) => g !== undefined) ?? '')
      : scopePeriodBefore(ctx.current.slice(s.start, m.index));
    if (hours === null || hours <= 0 || !period) continue;
    out.push({
      value: { kind: 'hours_per_period', amount: String(hours), period, percentOfFees: null },
      start: m.index,
      end: end + (after ? after[0].length : 0),
    });
  }
  return out;
}
