/**
 * The hours a retainer's fee includes, read by meaning where no "includes"/"covers" verb names them: a label naming
 * the included hours or the hour bank ("Included hours: 40", "Stundenpaket: neu 22 Stunden", "Banque d'heures : 40
 * heures"), a changed count after such a label ("the hours included each month go from 40 to 46", "le nombre d'heures
 * comprises passe de 12 à 14 heures"), and verbs of holding hours available or entitling the client to them ("holds
 * 40 hours of support time available", "ouvre droit à 25 heures", "erhält monatlich 18 Stunden"). The text is the
 * rule context's current text, after the lexicon (German and French "Stunden"/"heures" read "hours") and with values
 * a change replaced masked ("(bisher 18 Stunden)", "anstelle von 32 Stunden").
 */

import { regionClauses } from '../text/sentences.ts';
import { COUNT, parseCount } from './numbers.ts';

/** Labels naming the included hours or the pool of hours a fee buys, in English, German and French. */
const LABEL =
  "(?:included\\s+(?:[\\p{L}-]+\\s+)?hours|hours\\s+included|(?:monthly|quarterly|annual|hours?)\\s+volume|volume\\s+(?:monthly|quarterly|per\\s+annum|d'\\s?hours|horaire)|stundenvolumen|(?:hours?|time)\\s+bank|bank\\s+of\\s+hours|(?:block|pool|bundle|package)\\s+of\\s+hours|(?:enthaltene[nr]?|inklusive|inkludierte[nr]?)\\s+hours|stundenkontingent|stundenpaket|kontingent|banque\\s+d'\\s?hours|hours\\s+(?:compris\\p{L}*|inclus\\p{L}*)|hours\\s+mis\\p{L}*\\s+à\\s+(?:(?:sa|la|leur|votre|notre)\\s+)?disposition)";
/**
 * A table row's label cell and the first filled cell after it holding a bare count (an amendment's old column is
 * masked, so the count left is the new one): "| Included hours per month |   | 35 |", cells split by pipes or, as a
 * PDF's text layer gives them, by tabs.
 */
const CELL_COUNT = `[^|\\t\\n\\d]{0,40}(?:[ ]*[|\\t])+[ \\t]*(?:(?:neu|new|nouveau)\\s+)?(${COUNT})(?:\\s+hours)?[ \\t]*(?=[|\\t\\n]|$)`;
/** A count changed from one value to another: the new one is the second. */
const FROM_TO = `(?:from|de|von)\\s+(${COUNT})\\s+(?:hours\\s+)?(?:to|à|auf)\\s+(${COUNT})`;
const LABEL_COUNT = new RegExp(
  `(?<![\\p{L}])${LABEL}(?![\\p{L}])(?:\\s*:\\s*(?:(?:neu|new|nouveau|désormais)\\s+)?(${COUNT})(?!\\s*%|[.,]\\d)|${CELL_COUNT}|[^.;:\\n\\d%]{0,60}?(?:${FROM_TO}|(?:(?:neu|new|now|désormais)\\s+)?(${COUNT})\\s+hours))`,
  'iu',
);
/** "the 40 included support hours by 48 hours": the count a replacement names. */
const REPLACED_BY = new RegExp(
  `(?<![\\d.,])${COUNT}\\s+included\\s+(?:[\\p{L}-]+\\s+)?hours\\s+(?:(?:is|are)\\s+)?(?:replaced\\s+)?by\\s+(${COUNT})\\s+hours`,
  'iu',
);
/** A count before a word of inclusion: "the 40 included hours", "les 30 heures incluses", "22 inklusive Stunden". */
const COUNT_BEFORE_LABEL = new RegExp(
  `(?<![\\d.,])(${COUNT})\\s+(?:included|inclusive|enthaltene[nr]?|inklusive|inkludierte[nr]?)\\s+(?:[\\p{L}-]+\\s+)?hours(?![\\p{L}])`,
  'iu',
);
/**
 * Verbs that hold hours available to the client, entitle the client to them, or buy them with the fee: "holds 40
 * hours", "which buys 90 hours", "you may call on up to 40 hours", "ouvre droit à 25 heures", "erhält 18 Stunden".
 */
const ENTITLES =
  '(?:holds?|reserves?|entitle[sd]?\\s+(?:[\\p{L}]+\\s+){0,3}?to|buys?|purchases?|call\\s+(?:up)?on|draw\\s+(?:up)?on|(?:ouvre|donne)\\s+droit\\s+à|a\\s+droit\\s+à|réserve|bénéficie\\s+de|dispose\\s+de|met(?:tent)?\\s+à\\s+(?:sa|la|leur|votre|notre)\\s+disposition|makes?\\s+available|erhält|Anspruch\\s+auf)';
const ENTITLED = new RegExp(
  `(?<![\\p{L}])${ENTITLES}(?![\\p{L}])[^.;\\d]{0,30}?(?<![\\d.,])(${COUNT})\\s+(?:[\\p{L}'-]+\\s+){0,3}?hours(?![\\p{L}])`,
  'iu',
);
/**
 * Hours the provider places at the client's disposal, the verb after the count: "keeps 40 hours available each month",
 * "stellt monatlich 20 Stunden zur Verfügung", "40 heures mises à la disposition du client".
 */
const AT_DISPOSAL = new RegExp(
  `(?<![\\d.,])(${COUNT})\\s+(?:[\\p{L}'-]+\\s+){0,3}?hours(?![\\p{L}])[^.;\\d]{0,40}?(?<![\\p{L}])(?:available|zur\\s+Verfügung|mis\\p{L}*\\s+à\\s+(?:(?:sa|la|leur|votre|notre)\\s+)?disposition)(?![\\p{L}])`,
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
  if (label && !NOT_INCLUDED.test(label[0])) return found(label, label[1] ?? label[2] ?? label[4] ?? label[5]);
  const before = COUNT_BEFORE_LABEL.exec(region);
  if (before) return found(before, before[1]);
  const verb = ENTITLED.exec(region);
  if (verb && !NOT_INCLUDED.test(verb[0])) return found(verb, verb[1]);
  const disposal = AT_DISPOSAL.exec(region);
  if (disposal && !NOT_INCLUDED.test(disposal[0])) return found(disposal, disposal[1]);
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

/**
 * Words of the client's consent, or of the provider asking for it, in English, German and French (the lexicon reads
 * Freigabe/Zustimmung as approval): "your written go-ahead", "we stop and ask you first", "Rücksprache".
 */
const CONSENT =
  /(?<![\p{L}])(?:approv\p{L}*|go-ahead|consent\p{L}*|authori[sz]\p{L}*|sign-?off|ask|asks|check\s+with|rücksprache|demander|accord|autoris\p{L}*|validation|valid[ée]\p{L}*|approbation|zustimm\p{L}*|genehmig\p{L}*|freigabe)(?![\p{L}])/iu;
/** Words of working beyond the included hours. */
const OVERRUN =
  /(?<![\p{L}])(?:over|beyond|above|past|exceed\p{L}*|excess|more\s+than|overage|additional\s+hours|extra\s+hours|d[ée]pass\p{L}*|au-del[àa]|exc[ée]dentaires?|übersteig\p{L}*|überschreit\p{L}*|mehrstunden|hinaus)(?![\p{L}])/iu;
/** Sentences about tax, interest or discounts, whose percent is never an approval share. */
const OTHER_PERCENT =
  /(?<![\p{L}])(?:VAT|GST|tax\p{L}*|interest|TVA|taxes?|MWST|MwSt|USt|Umsatzsteuer|Zins\p{L}*|intérêts?|discount|remise|Rabatt|Skonto)(?![\p{L}])/iu;

/** A share of the included hours: "25% of the included hours", "20 % du volume mensuel", "30 % der Stunden". */
const SHARE_OF_HOURS =
  /\d\s?%\s+(?:of|du|des|der)\s+(?:the\s+)?(?:[\p{L}'-]+\s+){0,2}?(?:hours|volume|allowance|kontingent\p{L}*)(?![\p{L}])/iu;
/** A threshold noun, which with a consent word names the approval point itself: "seuil d'accord", "Schwelle für die Freigabe". */
const THRESHOLD = /(?<![\p{L}])(?:threshold|seuils?|\p{L}*schwelle|\p{L}*grenze)(?![\p{L}])/iu;
const SHARE_CHANGED =
  /(?<![\p{L}])(?:from|de|von)\s+\d{1,3}(?:[.,]\d+)?\s?%\s+(?:to|à|auf)\s+(\d{1,3}(?:[.,]\d+)?)\s?%/iu;

/**
 * The share of the included hours beyond which work needs the client's consent, read from one sentence that names the
 * consent, the overrun and a single percentage, in any order: "We will not work more than 25% over the quarter's
 * included hours without your written go-ahead", "Tout dépassement de plus de 20 % … doit être autorisé par écrit".
 */
export function approvalShareBySentence(region: string, changedOnly = false): HoursFound | null {
  for (const { text: sentence, start } of regionClauses(region)) {
    if (!CONSENT.test(sentence) || OTHER_PERCENT.test(sentence)) continue;
    if (!OVERRUN.test(sentence) && !SHARE_OF_HOURS.test(sentence) && !THRESHOLD.test(sentence)) continue;
    if (changedOnly && !SHARE_CHANGED.test(sentence)) continue;
    const shares = [...sentence.matchAll(/(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s?%/g)];
    // A share changed from one value to another: "the approval point moves from 20% to 25%", the new one.
    const changed = shares.length === 2 ? SHARE_CHANGED.exec(sentence) : null;
    const share = changed ? changed[1] : shares.length === 1 ? shares[0]?.[1] : undefined;
    if (share === undefined) continue;
    const value = Number(share.replace(',', '.'));
    if (!(value > 0 && value <= 100)) continue;
    return { value, index: start, length: sentence.length };
  }
  return null;
}

/**
 * A sentence or clause that states what a value was before an amendment ("Bisher konnten bis zu 8 Stunden übertragen
 * werden.", "Previously, up to 10 hours could be carried over.", "(Clause 3 previously allowed 8 hours)"), blanked to the next stop so that no
 * detail is read from it; offsets are kept.
 */
const FORMER =
  /(?<=^|[.;:!?]["'»“”]?\s+|\n\s*[-*•]\s+)(?:bisher|previously|formerly|until\s+now|auparavant|anciennement|jusqu'(?:ici|à\s+présent))(?![\p{L}])[^.;]*|\((?:[^()]*?)(?<![\p{L}])(?:bisher|previously|formerly|auparavant|anciennement)(?![\p{L}])[^()]*\)/giu;

export function withoutFormer(region: string): string {
  return region.replace(FORMER, (m) => m.replace(/[^\n]/g, ' '));
}
