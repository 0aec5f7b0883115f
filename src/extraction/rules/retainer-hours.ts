/**
 * The hours a retainer's fee includes, read by meaning where no "includes"/"covers" verb names them: a label naming
 * the included hours or the hour bank ("Included hours: 40", "Stundenpaket: neu 22 Stunden", "Banque d'heures : 40
 * heures"), a changed count after such a label ("the hours included each month go from 40 to 46", "le nombre d'heures
 * comprises passe de 12 à 14 heures"), and verbs of holding hours available or entitling the client to them ("holds
 * 40 hours of support time available", "ouvre droit à 25 heures", "erhält monatlich 18 Stunden"). The text is the
 * rule context's current text, after the lexicon (German and French "Stunden"/"heures" read "hours") and with values
 * a change replaced masked ("(bisher 18 Stunden)", "anstelle von 32 Stunden").
 */

import { COUNT, parseCount } from './numbers.ts';

/** Labels naming the included hours or the pool of hours a fee buys, in English, German and French. */
const LABEL =
  "(?:included\\s+(?:[\\p{L}-]+\\s+)?hours|hours\\s+included|(?:hours?|time)\\s+bank|bank\\s+of\\s+hours|(?:block|pool|bundle|package)\\s+of\\s+hours|enthaltene[nr]?\\s+hours|stundenkontingent|stundenpaket|kontingent|banque\\s+d'\\s?hours|hours\\s+(?:compris\\p{L}*|inclus\\p{L}*))";
/** A count changed from one value to another: the new one is the second. */
const FROM_TO = `(?:from|de|von)\\s+(${COUNT})\\s+(?:hours\\s+)?(?:to|à|auf)\\s+(${COUNT})`;
const LABEL_COUNT = new RegExp(
  `(?<![\\p{L}])${LABEL}(?![\\p{L}])(?:\\s*:\\s*(?:(?:neu|new|nouveau|désormais)\\s+)?(${COUNT})(?!\\s*%|[.,]\\d)|[^.;:\\n\\d%]{0,60}?(?:${FROM_TO}|(?:(?:neu|new|now|désormais)\\s+)?(${COUNT})\\s+hours))`,
  'iu',
);
/** "the 40 included support hours by 48 hours": the count a replacement names. */
const REPLACED_BY = new RegExp(
  `(?<![\\d.,])${COUNT}\\s+included\\s+(?:[\\p{L}-]+\\s+)?hours\\s+(?:(?:is|are)\\s+)?(?:replaced\\s+)?by\\s+(${COUNT})\\s+hours`,
  'iu',
);
/** Verbs that hold hours available to the client or entitle the client to them. */
const ENTITLES =
  '(?:holds?|reserves?|entitle[sd]?\\s+(?:[\\p{L}]+\\s+){0,3}?to|(?:ouvre|donne)\\s+droit\\s+à|a\\s+droit\\s+à|réserve|erhält|Anspruch\\s+auf)';
const ENTITLED = new RegExp(
  `(?<![\\p{L}])${ENTITLES}(?![\\p{L}])[^.;\\d]{0,30}?(?<![\\d.,])(${COUNT})\\s+(?:[\\p{L}'-]+\\s+){0,3}?hours(?![\\p{L}])`,
  'iu',
);
/** Words that make a count a bound, an overrun or a carried balance rather than the hours included. */
const NOT_INCLUDED =
  /(?<![\p{L}])(?:beyond|over|above|exceed\p{L}*|more\s+than|carr\p{L}*|roll\p{L}*|unused|maximum|max\.?|höchstens|au-delà|report\p{L}*)(?![\p{L}])/iu;

export interface HoursFound {
  value: number;
  index: number;
  length: number;
}

/** The included hours a region names by label, by a changed count after the label or by a verb of entitlement. */
export function includedHoursByMeaning(region: string): HoursFound | null {
  const replaced = REPLACED_BY.exec(region);
  if (replaced) return found(replaced, replaced[1]);
  const label = LABEL_COUNT.exec(region);
  if (label && !NOT_INCLUDED.test(label[0])) return found(label, label[1] ?? label[3] ?? label[4]);
  const verb = ENTITLED.exec(region);
  if (verb && !NOT_INCLUDED.test(verb[0])) return found(verb, verb[1]);
  return null;
}

function found(m: RegExpExecArray, count: string | undefined): HoursFound | null {
  const value = parseCount(count ?? '');
  return value === null || value <= 0 ? null : { value, index: m.index, length: m[0].length };
}

/** A carry-over limit changed from one count to another; the new one: "le report … est porté de 5 à 8 heures au maximum". */
const ROLL_CHANGED = new RegExp(
  `(?<![\\p{L}])(?:carr\\p{L}*|roll\\p{L}*|rollover)(?![\\p{L}])[^.;\\d]{0,80}?${FROM_TO}\\s+hours`,
  'iu',
);

export function rolloverChanged(region: string): HoursFound | null {
  const m = ROLL_CHANGED.exec(region);
  return m ? found(m, m[2]) : null;
}

/** Words of the client's consent, in English, German and French (the lexicon reads Freigabe/Zustimmung as approval). */
const CONSENT =
  /(?<![\p{L}])(?:approv\p{L}*|go-ahead|consent\p{L}*|authori[sz]\p{L}*|sign-off|accord|autoris\p{L}*|validation|valid[ée]\p{L}*|approbation|zustimm\p{L}*|genehmig\p{L}*|freigabe)(?![\p{L}])/iu;
/** Words of working beyond the included hours. */
const OVERRUN =
  /(?<![\p{L}])(?:over|beyond|above|exceed\p{L}*|excess|more\s+than|overage|additional\s+hours|extra\s+hours|d[ée]pass\p{L}*|au-del[àa]|exc[ée]dentaires?|übersteig\p{L}*|überschreit\p{L}*|mehrstunden|hinaus)(?![\p{L}])/iu;
/** Sentences about tax, interest or discounts, whose percent is never an approval share. */
const OTHER_PERCENT =
  /(?<![\p{L}])(?:VAT|GST|tax\p{L}*|interest|TVA|taxes?|MWST|MwSt|USt|Umsatzsteuer|Zins\p{L}*|intérêts?|discount|remise|Rabatt|Skonto)(?![\p{L}])/iu;

/**
 * The share of the included hours beyond which work needs the client's consent, read from one sentence that names the
 * consent, the overrun and a single percentage, in any order: "We will not work more than 25% over the quarter's
 * included hours without your written go-ahead", "Tout dépassement de plus de 20 % … doit être autorisé par écrit".
 */
export function approvalShareBySentence(region: string): HoursFound | null {
  let offset = 0;
  for (const sentence of region.split(/(?<=[.;])\s+/)) {
    const start = region.indexOf(sentence, offset);
    offset = start + sentence.length;
    if (!CONSENT.test(sentence) || !OVERRUN.test(sentence) || OTHER_PERCENT.test(sentence)) continue;
    const shares = [...sentence.matchAll(/(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s?%/g)];
    if (shares.length !== 1 || !shares[0]) continue;
    const value = Number((shares[0][1] ?? '').replace(',', '.'));
    if (!(value > 0 && value <= 100)) continue;
    return { value, index: start, length: sentence.length };
  }
  return null;
}
