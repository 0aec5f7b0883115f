/**
 * A retainer's details read by the role of each clause rather than by its phrasing. The region after a retainer's fee
 * is cut into units (a sentence or clause of prose, or one table row with all its cells, label and value in either
 * order) and each unit is given at most one role by the meaning words it holds and the kind of value it states:
 *
 * - carry-over: unused hours or hours moved into the next period, with a bound ("may never exceed 8", "höchstens 5",
 *   "report maximal") and one count: the rollover limit;
 * - overage: a word of going beyond the included hours next to the hour ("each additional hour", "darüber hinaus
 *   geleistete Stunde", "heure excédentaire") and one amount: the overage rate;
 * - included: a word of inclusion or of a pool of hours ("covered", "compris", "Kontingent", "volume", "bank") and one
 *   count of hours (or a bare count where the unit names the hours, as a table row's value cell): the included hours.
 *
 * The text is the rule context's current text, after the lexicon (German and French hour words read "hour(s)", many
 * verbs read in English) and with values an amendment replaced masked. Callers use these roles only for the details
 * the phrase rules left empty.
 */

import { regionClauses } from '../text/sentences.ts';
import { findMoney } from './money.ts';
import type { NumberStyle } from './numbers.ts';

export interface RoleFound<T> {
  value: T;
  start: number;
  end: number;
}

export interface RetainerRoles {
  includedHours: RoleFound<number> | null;
  overageRate: RoleFound<string> | null;
  rolloverHoursMax: RoleFound<number> | null;
  approvalPercent: RoleFound<number> | null;
  /** The approval point stated as a count of hours beyond the included ones, for the caller to make a share of. */
  approvalHours: RoleFound<number> | null;
}

interface Unit {
  text: string;
  start: number;
  row: boolean;
}

/** Prose cut into clauses, each table row (pipes, or tabs as a PDF's text layer gives them) one unit of its own. */
export function retainerUnits(region: string): Unit[] {
  const out: Unit[] = [];
  let pos = 0;
  let prose: { text: string; start: number } | null = null;
  const flush = (): void => {
    if (prose)
      for (const c of regionClauses(prose.text)) out.push({ text: c.text, start: prose.start + c.start, row: false });
    prose = null;
  };
  for (const line of region.split('\n')) {
    const row = /\|/.test(line) || /\S\t+\S/.test(line);
    if (row) {
      flush();
      out.push({ text: line, start: pos, row: true });
    } else if (prose) prose.text += `\n${line}`;
    else prose = { text: line, start: pos };
    pos += line.length + 1;
  }
  flush();
  return out;
}

const W = (words: string): RegExp => new RegExp(`(?<![\\p{L}])(?:${words})(?![\\p{L}])`, 'iu');
/** The hour as a unit, after the lexicon ("Stunde", "heure" read "hour"). */
const HOUR = 'hours?|hrs?|stunden?|heures?';
/** Hours left unused, or moved into a later period. */
const CARRY = W(
  'unused|not\\s+used|unconsumed|nicht\\s+(?:genutzt|verbraucht|in\\s+anspruch\\s+genommen)\\p{L}*|non\\s+(?:consomm|utilis)\\p{L}*|carr(?:y|ies|ied|ying)|carry-?over|roll(?:s|ed)?(?:\\s+over)?|roll-?over|übertrag\\p{L}*|report(?:é|ée|és|ées|able|ables)?|transferr?\\p{L}*|banked|next\\s+(?:month|quarter|period)|following\\s+(?:month|quarter|period)|folge(?:monat|quartal)\\p{L}*|mois\\s+suivant|trimestre\\s+suivant',
);
/**
 * A carry-over denied or hours lost: a negation right before the carrying verb ("ne sont ni reportées", "are no longer
 * carried over", "werden nicht übertragen") or a word of lapsing ("forfeited", "verfallen", "sont perdues").
 */
const NO_CARRY = new RegExp(
  `(?<![\\p{L}])(?:not|ni|plus|pas|nicht|weder|no\\s+longer|never|cannot|can't|won't)\\s+(?:[\\p{L}'-]+\\s+){0,2}?(?:carr\\p{L}*|roll\\p{L}*|übertrag\\p{L}*|report\\p{L}*|transferr?\\p{L}*|moved)(?![\\p{L}])|(?<![\\p{L}])(?:forfeit\\p{L}*|lapse[sd]?|expire[sd]?|(?:are|is|be)\\s+lost|perdue?s?|verfallen|verfällt|annulée?s?)(?![\\p{L}])`,
  'iu',
);
/** A bound from above. */
const BOUND = W(
  'up\\s+to|never\\s+more\\s+than|(?:nie|niemals)\\s+mehr\\s+als|jamais\\s+plus\\s+de|maximum|maximal\\p{L}*|max\\.?|at\\s+most|never\\s+exceed|not\\s+(?:to\\s+)?exceed|no\\s+more\\s+than|not\\s+more\\s+than|limited\\s+to|capped\\s+at|höchstens|bis\\s+zu|dans\\s+la\\s+limite|à\\s+concurrence|au\\s+plus|plafonn\\p{L}*|exceed|begrenzt|beschränkt|limitiert|gedeckelt|limitée?s?',
);
/** Going beyond the included hours, said of the hour itself. */
const BEYOND =
  'additional|extra|further|excess|overage|beyond|over|above|past|exceeding|hinaus\\p{L}*|hinausgehend\\p{L}*|weitere[nr]?|zusätzliche[nr]?|mehr|au-del[àa]|excédentaires?|supplémentaires?|en\\s+dépassement|dépassant|excédant|en\\s+plus';
const BEYOND_HOUR = new RegExp(
  `(?<![\\p{L}])(?:${BEYOND})(?![\\p{L}])(?:\\s+[\\p{L}'-]+){0,3}?\\s+(?:${HOUR})(?![\\p{L}])|(?<![\\p{L}])(?:${HOUR})(?:\\s+[\\p{L}'-]+){0,3}?\\s+(?:${BEYOND})(?![\\p{L}])|(?<![\\p{L}])(?:mehrstunden\\p{L}*|overage)(?![\\p{L}])`,
  'iu',
);
/** Inclusion, or a pool of hours a fee buys. */
const INCLUDED = W(
  'included|include[sd]?|including|inclus\\p{L}*|compris\\p{L}*|covered|covers?|enthalten\\p{L}*|inklusive|inbegriffen|abgegolten|kontingent\\p{L}*|stundenkontingent|stundenpool|contingent|volume|pool|bank|banque|package|paket|bundle|block|allowance|allotment|pays?\\s+for|buys?|bought|purchased|entitle\\p{L}*|retainer',
);
/** Consent, shares and money bounds, whose counts are not the hours included or carried. */
const OTHER = W(
  'approv\\p{L}*|consent\\p{L}*|authori[sz]\\p{L}*|zustimm\\p{L}*|genehmig\\p{L}*|freigabe|autoris\\p{L}*|validation|notice|notify|days?|tage[ns]?|jours?|weeks?|response|respond\\p{L}*|reaction|minimum|at\\s+least|mindestens',
);
/** A value cell that says there is none. */
const NONE = /^\s*(?:none|no|nil|not\s+applicable|n\/a|aucun\p{L}*|néant|keine?[nr]?|entfällt)(?![\p{L}])/iu;
/** A price for another unit than the hour. */
const OTHER_UNIT =
  /^\s*(?:HT|HTVA|net|netto|excl\.?\s+\p{L}+)?\s*(?:per|a|an|each|\/|par|pro|je)\s*(?:day|month|quarter|year|annum|week|jour|mois|tag|monat)(?![\p{L}])/iu;
const NOT_PRICE = W(
  'cap|capped|ceiling|maximum|not\\s+to\\s+exceed|budget|minimum|total|instead\\s+of|statt|au\\s+lieu',
);

/** Counts in a unit outside amounts, shares, dates and section numbers; those followed by the hour first. */
function counts(
  unit: string,
  style: NumberStyle,
): { withHour: number[]; bare: number[]; all: number[]; from: boolean } {
  const money = findMoney(unit, style).map((m) => [m.start, m.end] as const);
  const withHour: number[] = [];
  const bare: number[] = [];
  const all: number[] = [];
  for (const m of unit.matchAll(/(?<![\d.,:/'-])\d{1,4}(?:[.,]\d{1,2})?(?![\d%/]|[.,:]\d|\s?%|\s*\))/g)) {
    const at = m.index ?? 0;
    if (money.some(([s, e]) => at >= s && at < e)) continue;
    const before = unit.slice(Math.max(0, at - 14), at);
    const after = unit.slice(at + m[0].length, at + m[0].length + 16);
    if (
      /(?:paragraph|section|clause|article|art\.|ziffer|ziff\.|§|nr\.|no\.|n°|annex|schedule|anhang|annexe)\s*$/iu.test(
        before,
      )
    )
      continue;
    if (
      /^\s*(?:\.\s|\)|[.\s]*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)\p{L}*)/iu.test(
        after,
      )
    )
      continue;
    if (/^\s*[-*•]?\s*$/.test(unit.slice(0, at)) && /^[.)]/.test(after)) continue;
    const n = Number(m[0].replace(',', '.'));
    if (!(n > 0 && n < 2000)) continue;
    (new RegExp(`^\\s*(?:${HOUR}|h)(?![\\p{L}])`, 'iu').test(after) ? withHour : bare).push(n);
    all.push(n);
  }
  const from = /(?<![\p{L}])(?:from|de|von)\s+\d[^.;]{0,30}?(?<![\p{L}])(?:to|à|auf)\s+\d/iu.test(unit);
  return { withHour, bare, all, from };
}

/** The one count a unit states: the one followed by the hour, a changed count's new value, or a table cell's count. */
function oneCount(unit: Unit, style: NumberStyle): number | null {
  const { withHour, bare, all, from } = counts(valueText(unit), style);
  if (from) return all.at(-1) ?? null;
  if (withHour.length === 1) return withHour[0] ?? null;
  if (
    withHour.length === 0 &&
    bare.length === 1 &&
    new RegExp(`(?<![\\p{L}])(?:${HOUR})(?![\\p{L}])`, 'iu').test(unit.text)
  )
    return bare[0] ?? null;
  return null;
}

/**
 * Where a unit's value is: a row of three or more cells (a label, then the value before and after a change, or a value
 * and a note) states its value in its last filled cell; "| Carry-over | 5 hours maximum | none |" states none.
 */
function valueText(unit: Unit): string {
  if (!unit.row) return unit.text;
  const cells = unit.text.split(/[|\t]/).filter((c) => c.trim() !== '');
  return cells.length >= 3 ? (cells.at(-1) ?? '') : unit.text;
}

/** The details of a retainer each unit of a region states by its role; offset is the region's start in the text. */
export function retainerRoles(region: string, style: NumberStyle, offset = 0): RetainerRoles {
  const roles: RetainerRoles = {
    includedHours: null,
    overageRate: null,
    rolloverHoursMax: null,
    approvalPercent: null,
    approvalHours: null,
  };
  for (const unit of retainerUnits(region)) {
    const span = { start: offset + unit.start, end: offset + unit.start + unit.text.length };
    const t = unit.text;
    if (/\d\s?%/.test(t)) {
      const share = roles.approvalPercent ? null : approvalShare(unit);
      if (share !== null) roles.approvalPercent = { value: share, ...span };
      continue;
    }
    if (CONSENT.test(t) && !OTHER_SHARE.test(t) && !CARRY.test(t)) {
      const n = roles.approvalHours ? null : hoursBeyond(t);
      if (n !== null) {
        roles.approvalHours = { value: n, ...span };
        continue;
      }
    }
    if (CARRY.test(t)) {
      // A row whose value cell denies the carry-over: "| Carry-over of unused hours | 5 hours maximum | none |".
      if (!roles.rolloverHoursMax && unit.row && NONE.test(valueText(unit)))
        roles.rolloverHoursMax = { value: 0, ...span };
      if (!roles.rolloverHoursMax && BOUND.test(t)) {
        const n = oneCount(unit, style);
        if (n !== null) roles.rolloverHoursMax = { value: n, ...span };
      }
      // "Les heures non utilisées ne sont ni reportées ni remboursées": no count at all (not "lapse after 30 days").
      if (!roles.rolloverHoursMax && NO_CARRY.test(t) && counts(t, style).all.length === 0)
        roles.rolloverHoursMax = { value: 0, ...span };
      continue;
    }
    if (BEYOND_HOUR.test(t)) {
      if (roles.overageRate || NOT_PRICE.test(t)) continue;
      const v = valueText(unit);
      const moneys = findMoney(v, style);
      const from = /(?<![\p{L}])(?:from|de|von)\s[^.;]{0,40}?(?<![\p{L}])(?:to|à|auf)\s/iu.test(v);
      const money = from ? moneys.at(-1) : moneys.length === 1 ? moneys[0] : undefined;
      if (!money || OTHER_UNIT.test(v.slice(money.end, money.end + 40))) continue;
      roles.overageRate = { value: money.amount, ...span };
      continue;
    }
    if (roles.includedHours || !INCLUDED.test(t) || OTHER.test(t) || BOUND.test(t)) continue;
    if (/(?:per|an|\/|je|par|pro|l')\s*(?:hour|hr|h|stunde|heure)(?![\p{L}])/iu.test(t)) continue;
    const n = oneCount(unit, style);
    if (n !== null) roles.includedHours = { value: n, ...span };
  }
  return roles;
}

/** Words of paying for something, in English, German and French: "zahlt die Kundin", "Monatsvergütung", "paie". */
const PAID = W(
  'fee|pays?|paid|payable|remuneration|compensation|zahlt|bezahlt|entrichtet|\\p{L}*vergütung|\\p{L}*honorar|\\p{L}*entgelt|paie|payée?s?|verse|rémunération|redevance',
);
/**
 * Whether a sentence pays an amount for a period (the hours it names are then what the amount buys) and states no price
 * per hour: "Für das monatliche Stundenkontingent von 35 Stunden zahlt die Kundin 18.500,00 Lei im Monat".
 */
export function paidFor(sentence: string): boolean {
  return PAID.test(sentence) && !/(?:per|an|\/|je|par|pro|l')\s*(?:hour|hr|h|stunde|heure)(?![\p{L}])/iu.test(sentence);
}

/** The period a German compound names, which a word boundary misses: "Monatsvergütung", "Quartalspauschale". */
export function compoundPeriod(sentence: string): 'month' | 'quarter' | 'year' | null {
  if (/(?<![\p{L}])monats\p{L}+/iu.test(sentence)) return 'month';
  if (/(?<![\p{L}])quartals\p{L}+/iu.test(sentence)) return 'quarter';
  if (/(?<![\p{L}])jahres\p{L}+/iu.test(sentence)) return 'year';
  return null;
}

/** The client's consent, or the provider asking for it, in English, German and French (after the lexicon). */
const CONSENT = W(
  'approv\\p{L}*|approuv\\p{L}*|approbation|consent\\p{L}*|authori[sz]\\p{L}*|autoris\\p{L}*|accord|go-ahead|sign-?off|(?:written|prior)\\s+agreement|agree\\p{L}*\\s+in\\s+writing|zustimm\\p{L}*|genehmig\\p{L}*|freigabe\\p{L}*|einverständnis\\p{L}*|einwilligung\\p{L}*|validation|valid[ée]\\p{L}*',
);
/** Going beyond the included hours, or a share of them ("25% of the included hours", "30 % du forfait"). */
const OVERRUN = W(
  'over|beyond|above|past|exceed\\p{L}*|excess|more\\s+than|overage|additional|extra|threshold|d[ée]pass\\p{L}*|au-del[àa]|exc[ée]dentaires?|supplémentaires?|seuil|übersteig\\p{L}*|überschreit\\p{L}*|mehrstunden\\p{L}*|hinaus\\p{L}*|schwelle\\p{L}*|über',
);
const SHARE_OF_HOURS =
  /\d\s?%\s+(?:of|du|des|de\s+l[ae']?|der|des)\s*(?:the\s+)?(?:[\p{L}'-]+\s+){0,2}?(?:hours?|volume|allowance|forfait|pool|bank|kontingent\p{L}*|contingent)(?![\p{L}])/iu;
/** Percentages that are never an approval share: tax, interest, discounts, payments. */
const OTHER_SHARE = W(
  'VAT|GST|tax\\p{L}*|interest|TVA|MWST|MwSt|USt|Umsatzsteuer|Zins\\p{L}*|intérêts?|discount|remise|Rabatt|Skonto|payable|invoiced?|factur\\p{L}*|zahlbar|rechnung\\p{L}*|deposit|acompte|anzahlung|milestone|penalt\\p{L}*|pénalité\\p{L}*|late',
);
/** A share's earlier value in a note: "(was 20%)", "(bisher 20 %)", "(auparavant 20 %)". */
const WAS = /\(\s*(?:was|previously|formerly|bisher|zuvor|auparavant|anciennement)\s[^)]*\)/giu;
/** Wording of a share changed from one value to the next, whose last share is the value. */
const CHANGED = W(
  'becomes?|become|is\\s+(?:replaced|changed|increased|reduced|raised|lowered)|now|to|wird|werden|auf|devient|deviennent|passe|porté\\p{L}*|remplacé\\p{L}*|nouvelle|new|neu\\p{L}*',
);

/**
 * The approval share a unit states: a unit with a word of consent and a share of the included hours (or a share next
 * to a word of going beyond them); a share changed in the unit ("15% … becomes 25%", "von 20 % auf 30 %") is its last.
 */
function approvalShare(unit: Unit): number | null {
  const t = unit.text;
  if (!CONSENT.test(t) || OTHER_SHARE.test(t)) return null;
  if (!OVERRUN.test(t) && !SHARE_OF_HOURS.test(t)) return null;
  const v = valueText(unit).replace(WAS, (m) => ' '.repeat(m.length));
  const shares = [...v.matchAll(/(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s?%/g)].map((m) =>
    Number((m[1] ?? '').replace(',', '.')),
  );
  const value = shares.length === 1 ? shares[0] : shares.length === 2 && CHANGED.test(v) ? shares[1] : undefined;
  return value !== undefined && value > 0 && value <= 100 ? value : null;
}

/** A count of hours beyond the included ones: "more than 6 hours beyond the included hours", "über 5 Stunden hinaus". */
const HOURS_BEYOND = new RegExp(
  `(?<![\\p{L}])(?:more\\s+than|over|beyond|above|exceed\\p{L}*(?:\\s+\\p{L}+){0,3}\\s+by|by\\s+more\\s+than|plus\\s+de|au-del[àa]\\s+de|mehr\\s+als|über)\\s+(\\d{1,3})\\s+(?:(?:additional|extra|further|excess|supplémentaires?|zusätzliche\\p{L}*)\\s+)?(?:${HOUR})(?![\\p{L}])[^.;]{0,60}?(?<![\\p{L}])(?:beyond|above|over|in\\s+excess\\s+of|past|included|covered|au-del[àa]|en\\s+plus|hinaus|zusätzlich)(?![\\p{L}])|(?<![\\p{L}\\d])(\\d{1,3})\\s+(?:additional|extra|further|excess|supplémentaires?|zusätzliche\\p{L}*|weitere\\p{L}*)\\s+(?:${HOUR})(?![\\p{L}])`,
  'iu',
);

/** The one count of hours beyond the included ones a consent unit names. */
function hoursBeyond(t: string): number | null {
  const m = HOURS_BEYOND.exec(t);
  const n = Number(m?.[1] ?? m?.[2] ?? Number.NaN);
  return n > 0 ? n : null;
}
