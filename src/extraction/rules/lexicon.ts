/**
 * German and French contract wording read through the English rules. A German or French document's
 * labels and stock phrases ("tritt am … in Kraft", "innerhalb von 30 Tagen nach Rechnungseingang",
 * "ci-après dénommée « le Client »", "à 45 jours fin de mois") are rewritten to their English
 * counterparts in the text the rules read; an offset map takes every span back to the document, so
 * quotes and pages are the document's own words. Values (names, roles, milestones) are left as
 * written: the entries are labels and phrases, not content. English documents are not touched.
 */

import { DE_DATES, DE_TERM, FR_DATES, FR_EFFECT, FR_TERM } from './lexicon-dates.ts';
import { DE_FEES, FR_FEES } from './lexicon-fees.ts';
import { DE_DOCUMENTS, DE_PARTIES, FR_DOCUMENTS, FR_PARTIES, FR_TITLE } from './lexicon-parties.ts';
import { DE_PAYMENT, FR_PAYMENT } from './lexicon-payment.ts';

export type Language = 'en' | 'de' | 'fr';

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

/** The document's language from its function words; English unless German or French clearly dominate. */
export function detectLanguage(text: string): Language {
  const en = count(text, /\b(?:the|and|of|to|shall|will|is|are|for|with)\b/gi);
  const de = count(text, /\b(?:der|die|das|und|des|dem|den|ist|wird|werden|für|mit|von|zu|nach|bei)\b/gi);
  const fr = count(text, /\b(?:le|la|les|des|du|et|est|sont|pour|avec|au|aux|sera|seront|dans|une?)\b/gi);
  if (de > en * 1.2 && de >= fr) return 'de';
  if (fr > en * 1.2 && fr > de) return 'fr';
  return 'en';
}

/** A label or phrase and its English rewrite (a string with $1… or a function of the match). */
export type Entry = [RegExp, string | ((...m: string[]) => string)];

/** Typographic quotes to plain ones: „Auftraggeber“, « le Client », ‚x‘. */
const QUOTES: Entry[] = [[/„|“|”|«\s?|\s?»/g, '"']];

/** German entries, applied in this order (a later entry reads the text the earlier ones rewrote). */
const DE: Entry[] = [...QUOTES, ...DE_DATES, ...DE_DOCUMENTS, ...DE_PARTIES, ...DE_TERM, ...DE_FEES, ...DE_PAYMENT];

/** French entries, applied in this order. */
const FR: Entry[] = [
  ...QUOTES,
  ...FR_DATES,
  ...FR_TITLE,
  ...FR_EFFECT,
  ...FR_DOCUMENTS,
  ...FR_PARTIES,
  ...FR_TERM,
  ...FR_FEES,
  ...FR_PAYMENT,
];

const WORD = '[\\p{L}\\p{N}_]';
/** \\b in these patterns means a Unicode word boundary: "à", "été" and "Kündigung" have letters JavaScript's \\b does not know. */
const unicode = (re: RegExp): RegExp =>
  new RegExp(
    re.source.replace(/\\b/g, `(?:(?<!${WORD})(?=${WORD})|(?<=${WORD})(?!${WORD}))`),
    re.flags.includes('u') ? re.flags : `${re.flags}u`,
  );

interface Segment {
  /** Start in the rewritten text. */
  out: number;
  /** Start in the document text. */
  orig: number;
  outLen: number;
  origLen: number;
}

export interface Rewritten {
  language: Language;
  text: string;
  /** Offset in the rewritten text → offset in the document text. */
  toOriginal: (offset: number) => number;
}

/** Rewrites a German or French document's labels to English; English text comes back as it is. */
export function rewriteLabels(text: string, language: Language = detectLanguage(text)): Rewritten {
  if (language === 'en') return { language, text, toOriginal: (o) => o };
  const entries = (language === 'de' ? DE : FR).map(([re, repl]) => [unicode(re), repl] as Entry);
  let current = text;
  // Each entry is applied in turn; the map composes back through every pass.
  const passes: Segment[][] = [];
  for (const [re, repl] of entries) {
    const segs: Segment[] = [];
    let out = '';
    let last = 0;
    let shift = 0;
    for (const m of current.matchAll(re)) {
      const at = m.index ?? 0;
      const replacement =
        typeof repl === 'string'
          ? repl.replace(/\$(\d)/g, (_, i: string) => m[Number(i)] ?? '')
          : repl(...Array.from(m, (x) => x ?? ''));
      if (replacement === m[0]) continue;
      out += current.slice(last, at) + replacement;
      segs.push({ out: at + shift, orig: at, outLen: replacement.length, origLen: m[0].length });
      shift += replacement.length - m[0].length;
      last = at + m[0].length;
    }
    if (segs.length === 0) continue;
    current = out + current.slice(last);
    passes.push(segs);
  }
  const back = (segs: Segment[], o: number): number => {
    let shift = 0;
    for (const s of segs) {
      if (o < s.out) break;
      if (o < s.out + s.outLen) return s.orig + Math.min(o - s.out, s.origLen);
      shift = s.orig + s.origLen - (s.out + s.outLen);
    }
    return o + shift;
  };
  return { language, text: current, toOriginal: (o) => passes.reduceRight((acc, segs) => back(segs, acc), o) };
}
