import type { Cap } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { matches, sentenceAt } from './context.ts';
import { findMoney, MONEY } from './money.ts';
import { COUNT, parseCount, parseNumber } from './numbers.ts';
import { periodOf } from './units.ts';
import { changeTableCaps } from './rate-lists.ts';
import { clauseAround, scopePeriodBefore, sentenceHoursCaps } from './cap-sentences.ts';
import { findTables } from './tables.ts';

const CAP_WORDS =
  '(?:not[- ]to[- ]exceed|(?:shall|will|may|must|does|do|to)\\s+not\\s+exceed|not\\s+exceed|capped\\s+at|cap\\s+of|ceiling|maximum\\s+(?:total\\s+)?(?:fees?|budget|amount|contract\\s+value|of)|up\\s+to\\s+a\\s+maximum\\s+of|(?:of\\s+)?more\\s+than|limited\\s+to|(?:the\\s+)?(?:cap|limit)\\s+(?:on|for)|(?:contract|fee|price|cost|spending)\\s+(?:limit|ceiling|cap)|maximum\\s+(?:charges?|price|contract\\s+price)|maximi[sz]ed\\s+at|in\\s+no\\s+event\\s+(?:shall|will)\\b[^.;]{0,40}?\\bexceed)';
const MONEY_CAP = new RegExp(`\\b${CAP_WORDS}\\b[^.;]{0,80}?(?:${MONEY})`, 'gi');
/** An expense allowance as a share of fees: "will not exceed 8% of our professional fees", "up to 10% of professional services fees", "5 % der abgerechneten Honorare", "5 % des honoraires". */
const PERCENT_OF_FEES = new RegExp(
  `(?:\\b(?:capped\\s+at|not\\s+exceed|up\\s+to|maximum\\s+of|limited\\s+to)\\s+)?(?:(?:${COUNT})\\s+percent\\s*\\(\\s*)?(\\d{1,3}(?:[.,]\\d+)?)\\s?%\\)?\\s+(?:of|der|des|du)\\s+(?:[\\p{L}-]+\\s+){0,3}?(?:fees|charges|Honorar(?:e|en|s)?|Vergütung|honoraires|prix)(?![\\p{L}])`,
  'giu',
);
/** A cap the document defines after its amount: "$210,000.00 (the "Fee Ceiling")", "€80,000 (the "Budget Cap")". */
const DEFINED_CAP = new RegExp(
  `(${MONEY})\\s*\\(\\s*(?:the\\s+|a\\s+)?["“'‘]?(?:[\\p{L}-]+\\s+){0,3}?(?:ceiling|cap|limit|not[- ]to[- ]exceed|maximum)["”'’]?\\s*\\)`,
  'giu',
);
/**
 * A cap stated after its amount: "$612,000.00 — Revised Not-to-Exceed amount", "(171 700,00 € HT) constitue un plafond",
 * a key table's value cell before its label ("| $90,000.00 | Not-to-exceed amount for all work |").
 */
const MONEY_THEN_CAP = new RegExp(
  `(${MONEY})\\)?\\s*(?:[—–:|-]\\s*)?(?:[\\p{L}]+\\s+){0,3}?(?:not[- ]to[- ]exceed|maximum\\s+amount|ceiling)\\b`,
  'giu',
);
/** A German cap stated around its amount: "Die Gesamtvergütung ist mit EUR 165.000,00 begrenzt", "auf 90.000 € gedeckelt". */
const MONEY_LIMITED = new RegExp(
  `(?<![\\p{L}])(?:mit|auf)\\s+(?:insgesamt\\s+|maximal\\s+|höchstens\\s+)?(${MONEY})\\s+(?:netto\\s+|brutto\\s+|\\(?[\\p{L}.]+\\)?\\s+)?(?:begrenzt|gedeckelt|beschränkt|limitiert)(?![\\p{L}])`,
  'giu',
);
/**
 * A cap whose verb follows the amount, as German puts it last: "dürfen den Betrag von 92.000,00 EUR netto nicht
 * überschreiten", "darf 40.000 € nicht übersteigen". The amount is the last before the verb in its sentence.
 */
const MONEY_NOT_EXCEEDED = new RegExp(
  `(${MONEY})\\)?\\s+(?:(?:netto|brutto|HT|HTVA|zzgl\\.?\\s+VAT|\\([^)]{0,30}\\))\\s+)?nicht\\s+(?:überschreiten|übersteigen|überschritten|überstiegen)(?![\\p{L}])`,
  'giu',
);
const HOURS_CAP = [
  new RegExp(
    `\\b(${COUNT})\\s+hours?\\s+(?:cap|maximum|max\\.?|limit)\\s+(monthly|per\\s+month|quarterly|per\\s+quarter|annually|per\\s+year)`,
    'gi',
  ),
  new RegExp(
    `\\b(?:not|no)\\s+(?:\\w+\\s+){0,3}more\\s+than\\s+(${COUNT})\\s+hours\\s+(?:(?:in\\s+total|in\\s+all|overall|altogether|of\\s+work)\\s+)?(?:in|per|a|each|during)\\s+(?:any\\s+)?(?:calendar\\s+)?(month|quarter|year)`,
    'gi',
  ),
  // "shall not exceed 600 hours per month", "will work at most 320 hours per month".
  new RegExp(
    `\\b(?:not\\s+exceed|at\\s+most|no\\s+more\\s+than|a\\s+maximum\\s+of|not\\s+to\\s+exceed)\\s+(${COUNT})\\s+hours\\s+(?:per|a|each|in\\s+any|in\\s+a)\\s+(?:calendar\\s+)?(month|quarter|year)`,
    'gi',
  ),
  // "Monthly hours limit: 220 hours in any calendar month": a label that names the limit, then the hours per period;
  // a changed limit gives its new hours ("Hours cap - was 120 hours a month, now 150 hours a month").
  new RegExp(
    `\\bhours?\\s+(?:limit|cap|ceiling|maximum)\\s*(?::|[-–—])\\s*(?:(?:was|from)\\s+(?:${COUNT})\\s+hours[^.;\\n]{0,40}?\\s(?:becomes|now|to|is\\s+now)\\s+)?(${COUNT})\\s+hours\\s+(?:per|a|each|in\\s+any|in\\s+a)\\s+(?:calendar\\s+)?(month|quarter|year)`,
    'gi',
  ),
  // "höchstens im Umfang von 60 Stunden pro Kalenderquartal", "au maximum 40 heures par mois": German and French,
  // a few words between the limiting word and the hours ("höchstens" reads as "not to exceed").
  new RegExp(
    `(?:\\bnot\\s+to\\s+exceed|(?<![\\p{L}])(?:höchstens|maximal|au\\s+maximum|au\\s+plus))\\s+(?:[\\p{L}]+\\s+){0,3}?(${COUNT})\\s+(?:Stunden|heures|hours)\\s+(?:pro|je|par|per)\\s+(?:Kalender|calendar\\s+)?(monat|quartal|jahr|mois|trimestre|année|month|quarter|year)(?![\\p{L}])`,
    'giu',
  ),
  // "shall not exceed 60 hours quarterly": the period as an adverb.
  new RegExp(
    `\\b(?:not\\s+exceed|at\\s+most|no\\s+more\\s+than|a\\s+maximum\\s+of|not\\s+to\\s+exceed)\\s+(${COUNT})\\s+hours\\s+(monthly|quarterly|annually|yearly)\\b`,
    'gi',
  ),
  new RegExp(
    `\\b(?:maximum|cap|limit)\\s+of\\s+(${COUNT})\\s+hours\\s+(?:per|a|each|in\\s+any)\\s+(?:calendar\\s+)?(month|quarter|year)`,
    'gi',
  ), // "wird je Monat höchstens 160 Stunden abrechnen": the period stated before the hours.
  new RegExp(
    `\\b(?:per|each|every|a|je|pro|par)\\s+(?:calendar\\s+|Kalender)?(month|quarter|year|monat|quartal|jahr|mois|trimestre|année)\\b[^.;\\n]{0,25}?\\b(?:not\\s+to\\s+exceed|no\\s+more\\s+than|at\\s+most|höchstens|maximal|au\\s+maximum|au\\s+plus)\\s+(${COUNT})\\s+(?:hours|Stunden|heures)\\b`,
    'gi',
  ),
];

const EXPENSES = /\b(?:expenses?|travel|out-of-\s?pocket|disbursements?)\b/i;
/** A cap on fees and expenses together ("total charges, including fees and travel expenses", "covering fees and expenses") is a not-to-exceed. */
const FEES_AND_EXPENSES =
  /\b(?:fees?|charges)\b[^.;]{0,40}?\b(?:and|including|inclusive\s+of|plus)\b[^.;]{0,40}?\b(?:expenses?|travel)\b/i;
/** Expenses a sentence leaves out of what it caps: "(excluding GST and expenses)", "exclusive of travel", "plus expenses". */
const EXPENSES_LEFT_OUT =
  /\b(?:excluding|exclusive\s+of|excl\.|not\s+including|net\s+of|plus)\s+(?:[\w-]+\s+){0,3}?(?:and\s+)?(?:expenses?|travel|out-of-\s?pocket|disbursements?)\b/gi;
const capKind = (sentence: string): Cap['kind'] => {
  const capped = sentence.replace(EXPENSES_LEFT_OUT, ' ');
  return EXPENSES.test(capped) && !FEES_AND_EXPENSES.test(capped) ? 'expenses' : 'not_to_exceed';
};
/** A penalty the provider owes: its maximum is never a cap on fees. */
export const PENALTY =
  /\b(?:penalt\w*|liquidated)\b|(?<![\p{L}])(?:pénalités?|Konventionalstrafe|Vertragsstrafe)(?![\p{L}])/iu;
/** A limit that is not a cap on fees: liability, indemnity, insurance, termination payments, retainers, penalties. */
const NOT_A_CAP = new RegExp(
  String.raw`\b(?:liabilit\w*|indemn\w*|damages|insurance|termination\s+payment|change\s+of\s+control|retainer|included\s+hours|covers?\s+up\s+to)\b|` +
    PENALTY.source,
  'iu',
);
/** Hours carried into the next period are a rollover limit, not a cap on the hours billed. */
const ROLLOVER =
  /\b(?:carr(?:y|ied|ies)\s+(?:over|forward|into)|roll(?:ed|s)?\s*-?\s*over|rollover)\b|(?<![\p{L}])(?:übertr(?:agen|ag|ägt)|reportée?s?|report)(?![\p{L}])/iu;
/** A cap the sentence takes away: "is withdrawn", "is deleted", "wird aufgehoben", "entfällt", "est supprimé". */
const WITHDRAWN =
  /\b(?:withdrawn|deleted|removed|cancell?ed|revoked|struck|no\s+longer\s+appl(?:y|ies))\b|(?<![\p{L}])(?:aufgehoben|entfällt|gestrichen|supprimée?s?|annulée?s?)(?![\p{L}])/iu;
const PER_ITEM = /^\s*(?:individually|each|per\s+(?:item|expense|claim|trip|receipt)|for\s+any\s+single)\b/i;

/**
 * Caps: a not-to-exceed on fees, expense caps (amount or percent of fees) and hours per period.
 * Per-item expense limits are not caps on the total; liability limits are not billing caps.
 * In "increases from £200,000 to £262,000" the cap is the new amount.
 */
export function findCaps(ctx: RuleContext): Found<Cap>[] {
  const out: Found<Cap>[] = [];
  const seen = new Set<number>();
  const capRe = new RegExp(MONEY_CAP.source, MONEY_CAP.flags);
  for (let m = capRe.exec(ctx.current); m; m = capRe.exec(ctx.current)) {
    const s = sentenceAt(ctx, m.index);
    // A figure the PDF text layer wrapped at its group space ("un plafond de 164\n000,00 € HT") is one amount.
    const sentence = ctx.current.slice(s.start, s.end).replace(/(\d)\n(?=\d{3}(?!\d))/g, '$1 ');
    const all = findMoney(sentence, ctx.numberStyle, s.start).filter((x) => x.start >= m.index);
    // A heading's cap word ("4. Limit") reached the amount of the next sentence: that sentence is read on its own.
    if (all.length === 0) capRe.lastIndex = m.index + 1;
    if (NOT_A_CAP.test(sentence)) continue;
    // A cap that changes: "from £200,000 to £262,000", "is deleted and replaced by … £165,000",
    // "$612,000.00 — Revised amount (replaces the original … $485,000.00)", "durch … ersetzt".
    // The new amount may come first, its verb active ("sie ersetzt die bisherige Obergrenze von …", "supersedes",
    // "remplace le plafond de …"), or last, its verb passive ("is superseded by", "wird durch … ersetzt").
    // An active verb counts where it stands between the amounts ("X; sie ersetzt die bisherige Obergrenze von Y"), not
    // after both ("von X auf Y angehoben; der neue Höchstbetrag ersetzt den bisherigen").
    const inSentence = findMoney(sentence, ctx.numberStyle);
    const active = /\bsupersedes\b|\bersetzt\s+(?:die|den|das|der|dem)\b|\bremplace\s+(?:le|la|les|l['’])/i.exec(
      sentence,
    );
    const replaces =
      /\breplaces\b|\binstead\s+of\b|\bau\s+lieu\s+de\b|\banstelle\b/i.test(sentence) ||
      (active !== null &&
        active.index > (inSentence[0]?.start ?? Infinity) &&
        active.index < (inSentence.at(-1)?.start ?? -Infinity));
    const replacedBy =
      /\breplaced\s+(?:by|with)\b|\bsuperseded\s+by\b|\bsubstitut\w*\b|\bremplac\w*\b|\bersetzt\b/i.test(sentence) &&
      !replaces;
    // "from £96,000 to £128,500", "porté de 120 000 € à 165 000 €", "von 120 auf 150 erhöht".
    const changed =
      (/\bfrom\b(?:[^.]|\.(?=\d)){0,40}\bto\b|(?<![\p{L}])(?:de|du|von)(?![\p{L}])(?:[^.]|\.(?=\d)){0,40}(?<![\p{L}])(?:à|au|auf)(?![\p{L}])/iu.test(
        sentence,
      ) ||
        replacedBy ||
        replaces) &&
      findMoney(sentence, ctx.numberStyle, s.start).length >= 2;
    const allInSentence = findMoney(sentence, ctx.numberStyle, s.start);
    const candidates = changed
      ? replaces && !replacedBy
        ? allInSentence.slice(0, 1)
        : all.slice(-1)
      : all.filter((x) => !PER_ITEM.test(ctx.current.slice(x.end, x.end + 30)));
    // A cap the sentence withdraws with no amount in its place ("The ceiling of $180,000.00 is withdrawn.") is none.
    const gone = WITHDRAWN.exec(sentence);
    if (gone && !changed && !replacedBy && s.start + gone.index > (all[0]?.start ?? Infinity)) continue;
    const sentenceKind = capKind(sentence);
    if (sentenceKind === 'not_to_exceed' && /\bmore\s+than\b/i.test(m[0]) && !/\bnot\b|\bno\b/i.test(sentence))
      continue;
    for (const money of sentenceKind === 'expenses' ? candidates : candidates.slice(0, 1)) {
      if (seen.has(money.start)) continue;
      seen.add(money.start);
      // Each amount's kind from its own clause, where two sentences ran together ("… höchstens 1 160 000,00 Kč.
      // Reisekosten … höchstens 45 000,00 Kč."): the fee ceiling is no expense cap.
      const kind = sentenceKind === 'expenses' ? capKind(clauseAround(sentence, money.start - s.start)) : sentenceKind;
      const after = ctx.current.slice(money.end, Math.min(s.end, money.end + 40));
      const period =
        /^\s*(?:\.\s*)?(?:(?:HT|HTVA|TTC|net|netto|excl\.?\s+VAT|exkl\.?\s+VAT|\([^)]{0,30}\))\s*)?(?:(?:per|a|each|every|in\s+any|pro|je|par|\/)\s*(?:calendar\s+|contract\s+|financial\s+|Kalender|Vertrags|Geschäfts)?(month|quarter|year|annum|monat|quartal|jahr|mois|trimestre|année)|(monthly|quarterly|annually|yearly))(?![\p{L}])/iu.exec(
          after,
        );
      // "Fees for any calendar month are capped at CHF 60'000.00": the period stated before the amount.
      const before = ctx.current.slice(s.start, money.start);
      const lead = period
        ? null
        : /\b(?:for|in)\s+(?:any|each|every|a)\s+(?:one\s+|single\s+)?(?:calendar\s+)?(month|quarter|year)\b|\b(?:per|each|every)\s+(?:calendar\s+)?(month|quarter|year)\b|(?<![\p{L}])(?:je|pro|par|chaque|für\s+jeden)\s+(?:Kalender|calendar\s+)?(monat|quartal|jahr|mois|trimestre|année|month|quarter|year)(?![\p{L}])|(?<![\p{L}])(?:au\s+cours\s+d['’]une?|dans\s+une?|sur\s+une?|in\s+einem|innerhalb\s+eines)(?:\s+même)?\s+(?:Kalender)?(mois|trimestre|année|monat|quartal|jahr)(?:s|es)?(?![\p{L}])|\b(monthly|quarterly|annual|yearly)\s+(?:cap|ceiling|limit|budget|maximum)\b|\b(?:maximum\s+amount\s+of|cap|ceiling)\s+(monthly|quarterly|annual|yearly)\b/iu.exec(
            before,
          );
      out.push({
        value: {
          kind,
          amount: money.amount,
          period: period
            ? periodOf(period[1] ?? period[2] ?? '')
            : lead
              ? periodOf(lead[1] ?? lead[2] ?? lead[3] ?? lead[4] ?? lead[5] ?? lead[6] ?? '')
              : scopePeriodBefore(before),
          percentOfFees: null,
        },
        start: Math.min(m.index, money.start),
        end: money.end + (period ? period[0].length : 0),
      });
    }
  }
  for (const m of [
    ...matches(ctx, MONEY_NOT_EXCEEDED),
    ...matches(ctx, DEFINED_CAP),
    ...matches(ctx, MONEY_THEN_CAP),
    ...matches(ctx, MONEY_LIMITED),
  ]) {
    const s = sentenceAt(ctx, m.index);
    if (NOT_A_CAP.test(ctx.current.slice(s.start, s.end)) || out.some((o) => o.value.kind === 'not_to_exceed'))
      continue;
    // An amount and a cap word in different sentences ("- Administrateur : 95 000 FCFA HT" and, below it, "Ces
    // interventions ne peuvent dépasser 60 heures") are no cap stated after its amount.
    if (sentenceAt(ctx, m.index + m[0].length - 1).start !== s.start) continue;
    const money = findMoney(m[0], ctx.numberStyle, m.index)[0];
    if (!money || seen.has(money.start)) continue;
    // A list item's amount and a cap word on a later line ("- Administrateur : 95 000 FCFA HT\nCes interventions ne
    // peuvent dépasser 60 heures", where the PDF text layer kept no blank line between them) are no cap.
    const itemLine = ctx.current.slice(ctx.current.lastIndexOf('\n', money.start - 1) + 1, money.start);
    if (/^\s*[-•*]\s/.test(itemLine) && ctx.current.slice(money.end, m.index + m[0].length).includes('\n')) continue;
    // A currency on one line and a number on the next ("760,00 EUR\n3 Höchstbetrag") is a heading's number, no amount.
    if (/\n/.test(ctx.current.slice(money.start, money.end))) continue;
    seen.add(money.start);
    // A verb-final cap's kind is read up to its verb: the next sentence may start in lower case ("… nicht
    // überschreiten. travel expenses werden …") and is no part of it.
    const upTo = m[0].search(/nicht\s/u) > 0 ? m.index + m[0].length : s.end;
    out.push({
      value: {
        kind: capKind(ctx.current.slice(s.start, upTo)),
        amount: money.amount,
        period: null,
        percentOfFees: null,
      },
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  for (const m of matches(ctx, PERCENT_OF_FEES)) {
    const s = sentenceAt(ctx, m.index);
    if (!EXPENSES.test(ctx.current.slice(s.start, s.end))) continue;
    // COUNT has no capturing group, so the digits are group 1.
    const pct = parseNumber(m[1] ?? '');
    if (pct !== null)
      out.push({
        value: { kind: 'expenses', period: null, percentOfFees: pct },
        start: m.index,
        end: m.index + m[0].length,
      });
  }
  for (const re of HOURS_CAP) {
    for (const m of matches(ctx, re)) {
      const s = sentenceAt(ctx, m.index);
      const sentence = ctx.current.slice(s.start, s.end);
      if (NOT_A_CAP.test(sentence) || ROLLOVER.test(sentence)) continue;
      const periodFirst = !/\d/.test(m[1] ?? '') && periodOf(m[1] ?? '') !== null;
      const hours = parseCount((periodFirst ? m[2] : m[1]) ?? '');
      const period = periodOf((periodFirst ? m[1] : m[2]) ?? '');
      if (hours === null || !period || out.some((o) => o.value.kind === 'hours_per_period')) continue;
      out.push({
        value: { kind: 'hours_per_period', amount: String(hours), period, percentOfFees: null },
        start: m.index,
        end: m.index + m[0].length,
      });
    }
  }
  // Hours per period by sentence meaning, where no phrasing above read them.
  if (!out.some((o) => o.value.kind === 'hours_per_period'))
    out.push(...sentenceHoursCaps(ctx, (t) => NOT_A_CAP.test(t) || ROLLOVER.test(t)).slice(0, 1));
  // A before/after table or arrow list sets the ceiling or the hours after the change, where no sentence states one.
  // Another reading of the same row or line took its before value ("Höchstbetrag | 90.000,00 € | 110.000,00 €").
  for (const c of changeTableCaps(ctx, findTables(ctx))) {
    const sameRow = out.filter((o) => o.value.kind === c.value.kind && o.start < c.end && c.start < o.end);
    for (const o of sameRow) out.splice(out.indexOf(o), 1);
    if (!out.some((o) => o.value.kind === c.value.kind)) out.push(c);
  }
  return out.sort((a, b) => a.start - b.start);
}
