/**
 * A retainer's overage rate read by meaning where no "per hour" follows the amount: one sentence whose subject is the
 * hours worked beyond those included, whose verb prices them and which names a single amount, in any order: "the
 * additional hours cost MNT 310,000.00 each", "Toute heure au-delà du volume mensuel est facturée 95 000 FCFA HT",
 * "Jede weitere Stunde wird mit CHF 160.00 verrechnet". The text is the rule context's current text, after the lexicon
 * (German "Mehrstunden" and French "heures supplémentaires" read "additional hours", "au-delà du" reads "beyond the",
 * "Stunde"/"heure" read "hour(s)") and with the value an amendment replaced masked.
 */

import { regionClauses } from '../text/sentences.ts';
import { findMoney } from './money.ts';
import type { NumberStyle } from './numbers.ts';

/** Hours beyond the included ones, named as the sentence's subject or its frame ("beyond the 40 hours, each hour …"). */
const BEYOND_HOURS =
  /(?<![\p{L}])(?:(?:additional|extra|further|excess|overage|weitere|zusätzliche)\s+hours?|hours?\s+(?:beyond|over|above|in\s+excess|exceeding|past|en\s+dépassement|dépassant|excédant|excédentaires?|supplémentaires?)|(?:each|every|any|toute|chaque|jede)\s+(?:additional\s+|extra\s+|further\s+|weitere\s+)?hours?\s+(?:beyond|over|above|in\s+excess|exceeding|past|more)|overage\s+(?:hours?|time)|hours\s+en\s+plus|(?:beyond|above|in\s+excess\s+of)\s+(?:the\s+)?\d{1,4}\s+(?:included\s+|contracted\s+)?hours?)(?![\p{L}])/iu;
/** Verbs that price them. */
const PRICED =
  /(?<![\p{L}])(?:charged|billed|invoiced|costs?|priced|payable|factur\p{L}*|kostet|kosten|vergütet|rémunérée?s?)(?![\p{L}])/iu;
/** An amount per another unit than the hour is a fee or a day rate, not the overage rate. */
const OTHER_UNIT =
  /^\s*(?:HT|HTVA|net|netto|excl\.?\s+\p{L}+)?\s*(?:per|a|an|each|\/|par|pro|je)\s*(?:day|month|quarter|year|annum|week|jour|mois|tag|monat)(?![\p{L}])/iu;
/** Sentences about bounds, caps or minimums, whose amount is not a price for an hour. */
const NOT_PRICE = /(?<![\p{L}])(?:cap|capped|ceiling|maximum|not\s+to\s+exceed|budget|minimum|total)(?![\p{L}])/iu;

export interface OverageFound {
  amount: string;
  start: number;
  end: number;
}

/** The overage rate of the first sentence in a region that prices the hours beyond the included ones. */
export function overageRateBySentence(region: string, style: NumberStyle, offset = 0): OverageFound | null {
  for (const { text: sentence, start } of regionClauses(region)) {
    if (!BEYOND_HOURS.test(sentence) || !PRICED.test(sentence) || NOT_PRICE.test(sentence)) continue;
    const moneys = findMoney(sentence, style, offset + start);
    const money = moneys[0];
    if (moneys.length !== 1 || !money) continue;
    if (OTHER_UNIT.test(region.slice(money.end - offset, money.end - offset + 40))) continue;
    return { amount: money.amount, start: offset + start, end: offset + start + sentence.length };
  }
  return null;
}
