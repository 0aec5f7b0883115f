import type { Found, RuleContext } from './context.ts';
import { matches, sentenceAt } from './context.ts';
import { addMonthsToDate, DATE, parseDate } from './dates.ts';
import { COUNT, parseCount } from './numbers.ts';

const D = `(${DATE})`;
const LABEL = `\\((?:the\\s+)?["“]Effective\\s+Date["”]\\)`;

const B = '\\**\\s*';
/**
 * Between a label and its value: a colon or dash, or the cell border of a two-column table ("| Service start | 1 Mar 2027 |"),
 * also past an empty cell (a change table's "before" cell, blanked as superseded).
 */
const SEP = '[:\\-–|\\t](?:[ \\t]*\\|)*';
/** A range: "Period of performance: D through D", "Leistungszeitraum: D bis D", "pour la période du D au D", "D ~ D". */
const RANGE_TO = '\\s*(?:to|through|until|au|bis|–|-|~|up\\s+to\\s+and\\s+including|and)\\s+';
/** A few words inside one sentence, across a wrapped line but not a blank line. */
const GAP = (n: number): string => `(?:[^.;\\n]|\\n(?![ \\t]*\\n)){0,${n}}?`;
/** What a start or end label may name: "Start of works", "Planned end of the project", "Commencement of services". */
const OF_WORK = '(?:\\s+of\\s+(?:the\\s+)?(?:works?|services|project|engagement|assignment|activities|contract|term))?';
/**
 * A term heading or label followed by its range: "## Period\\n\\nApril 1, 2027 to September 30, 2027", a table row
 * "| Term | 5 March 2027 until 4 March 2028 |", "The contract period is D ~ D".
 */
const TERM_HEAD =
  '\\b(?:period|term|duration|contract\\s+period|service\\s+period|period\\s+of\\s+(?:performance|services))\\s*\\**\\s*(?::|\\n|[ \\t]*\\||\\s+is\\s+)\\s*\\**\\s*(?:from\\s+)?';
/** A two-column row whose label follows the date: "| 06/05/2028 | Start of services |". */
const ROW_DATE = `^[ \\t]*(?:\\|[ \\t]*)?${D}(?:[ \\t]*\\||\\t)[ \\t]*\\**[ \\t]*`;
/** The row ends after its label: the next cell border, or the line's end where a PDF's table lost its borders (tabs). */
/** What a row's start or end label may name first: "Subscription start", "Contract end". */
const ROW_OF = '(?:(?:subscription|service|contract|agreement|licen[cs]e|engagement|project|term)\\s+)?';
const ROW_END = '[ \\t]*\\**[ \\t]*(?:\\||$)';
const RANGE_LEAD = `(?::\\s*${B}(?:from\\s+)?|\\bdu\\s+|\\b(?:from|between)\\s+)`;
const EFFECTIVE: RegExp[] = [
  new RegExp(
    `\\b(?:Effective|Start(?:\\s+date)?|Project\\s+start|Commencement(?:\\s+date)?|Starts?|Begins?|(?:Start|Commencement|Beginning)${OF_WORK})\\s*${B}${SEP}\\s*${B}(?:the\\s+)?${D}`,
    'gi',
  ),
  new RegExp(
    `\\b(?:Effective\\s+date|Start\\s+date|Commencement\\s+date)\\s+(?:is|ist\\s+der|est\\s+le)\\s+${D}`,
    'gi',
  ),
  new RegExp(`${D}\\s*\\((?:Start\\s+date|Effective\\s+date|Commencement)\\)`, 'gi'),
  new RegExp(
    `${ROW_DATE}${ROW_OF}(?:Effective(?:\\s+date)?|Start(?:\\s+date)?|Commencement(?:\\s+date)?|(?:Start|Commencement|Beginning)${OF_WORK})${ROW_END}`,
    'gim',
  ),
  // A date defined by a parenthesis: 'from 03/01/2027 (the "Commencement Date")'.
  // Also a defined term of a few words: '- June 1, 2027 (the "SOW Effective Date")'.
  new RegExp(
    `${D},?\\s*\\((?:the\\s+)?["“]?(?:[A-Za-z-]+\\s+){0,3}?(?:Commencement|Start|Effective)\\s+Date["”]?\\)`,
    'gi',
  ),
  // "enters into force on", "comes into force as of".
  new RegExp(
    `\\b(?:enter(?:s|ed)?|come(?:s)?|came)\\s+into\\s+(?:force|effect)\\s+(?:on\\s+|as\\s+of\\s+|from\\s+)?${D}`,
    'gi',
  ),
  new RegExp(
    `\\b(?:with\\s+effect\\s+from\\s+|takes?\\s+effect\\s+(?:on|from|as\\s+of)\\s+|(?:valid|applies|applicable)\\s+(?:from|as\\s+of)\\s+|(?:made\\s+)?effective\\s+(?:as\\s+of\\s+|as\\s+from\\s+|from\\s+|on\\s+)?)(?:this\\s+)?${D}`,
    'gi',
  ),
  new RegExp(`${D},?\\s*${LABEL}`, 'gi'),
  new RegExp(`\\bEffective\\s+(?:Date|from)(?:\\s+of\\s+this\\s+[A-Za-z ]{2,30}?)?\\s*${B}${SEP}\\s*${B}${D}`, 'gi'),
  new RegExp(`\\bEffective\\s+Date\\s+of\\s+this\\s+\\w+\\s+(?:is|shall\\s+be)\\s+${D}`, 'gi'),
  // A bilingual label: "Effective date / Date d'entrée en vigueur : January 17, 2028 / 17 janvier 2028".
  new RegExp(`\\bEffective\\s+date\\s*/\\s*[^:|\\n]{1,40}?${SEP}\\s*${B}${D}`, 'gi'),
  // "Date of this Change Order: D" where the document takes effect "on the date of this Change Order".
  new RegExp(
    `\\bDate\\s+of\\s+this\\s+(?:change\\s+(?:order|request)|amendment|variation|addendum)\\s*${B}${SEP}\\s*${B}${D}(?=[\\s\\S]*\\beffective\\s+(?:on|from|as\\s+of)\\s+the\\s+date\\s+of\\s+this\\b)`,
    'gi',
  ),
  // "This Addendum is made on D between … and takes effect on that date" (or "on signature").
  new RegExp(
    `\\bthis\\s+(?:[A-Za-z-]+\\s+){1,2}?(?:is\\s+)?made\\s+on\\s+${D}(?=[^.]{0,300}\\btakes?\\s+effect\\s+(?:on|upon)\\s+(?:that\\s+date|(?:its\\s+)?signature))`,
    'gi',
  ),
  // A change document's own label: "Change effective from: 1 June 2026", "| Change effective | March 16, 2026 |",
  // "Effective date of change:", "Date change takes effect", "Variation effective date".
  new RegExp(
    `\\b(?:(?:change|variation|amendment|modification)\\s+(?:is\\s+)?effective(?:\\s+(?:from|date|on|as\\s+of))?|effective\\s+date\\s+of\\s+(?:the\\s+|this\\s+)?(?:change|variation|amendment)|date\\s+(?:the\\s+|this\\s+)?(?:change|variation|amendment)\\s+takes\\s+effect|date\\s+of\\s+effect)\\s*${B}(?:[:|\\t\\-–]\\s*${B})?(?:the\\s+)?${D}`,
    'gi',
  ),
];
/** The document says when it itself takes effect (German and French reach the rules in English words). */
const SELF_EFFECTIVE = new RegExp(
  `\\b(?:this|le\\s+présent|la\\s+présente|dieser|diese|dieses)\\s+(?:[A-Za-zÀ-ÿ-]+\\s+){0,2}?(?:takes?\\s+effect|enters?\\s+into\\s+force|(?:is|shall\\s+be|becomes?)\\s+effective)\\s+(?:(?:on|from|as\\s+of)\\s*(?::\\s*)?\\**\\s*)?${D}`,
  'gi',
);
/** An amendment that applies to what happens from a date on: "This amendment applies to orders placed on or after D". */
const SELF_APPLIES = new RegExp(
  `\\bthis\\s+(?:[A-Za-z-]+\\s+){1,2}?appl(?:y|ies)\\s+to\\s+[^.;\\n]{1,80}?\\s+(?:on\\s+or\\s+after|from)\\s+${D}`,
  'gi',
);
const START: RegExp[] = [
  new RegExp(`\\b(?:entered\\s+into|made(?:\\s+and\\s+entered\\s+into)?)\\s+(?:as\\s+of|effective)\\s+${D}`, 'gi'),

  new RegExp(`${RANGE_LEAD}${D}${RANGE_TO}(?:${DATE})`, 'gi'),
  new RegExp(`\\b(?:start|commencement|begin)(?:\\s+date)?\\s*[:\\-–]\\s*${D}`, 'gi'),
  new RegExp(`\\b(?:start|commencement)\\s+date\\s+${D}`, 'gi'),
  new RegExp(`\\b(?:from|between)\\s+${D}\\s+(?:to|until|through|and)\\s+(?:${DATE})`, 'gi'),
  new RegExp(`\\bTerm\\s*:\\s*(?:from\\s+)?${D}\\s*(?:to|until|through|-|–)\\s*(?:${DATE})`, 'gi'),
  new RegExp(
    `\\b(?:commenc\\w*|start\\w*|begin\\w*)\\s+(?:on\\s+(?:the\\s+)?|as\\s+of\\s+|from\\s+|the\\s+)?${D}`,
    'gi',
  ),
  new RegExp(`${TERM_HEAD}${D}${RANGE_TO}(?:${DATE})`, 'gi'),
  new RegExp(`\\b(?:from|commences\\s+on)\\s+${D}${GAP(30)}\\buntil\\s+(?:${DATE})`, 'gi'),
  // A period opened by "from": "Access is granted from 15 March 2027 and ends on …".
  new RegExp(`\\bfrom\\s+${D}\\s+(?:and\\s+)?(?:ends?|expires?|terminates?|runs?|continues?)\\b`, 'gi'),
];
const END_LABEL: RegExp[] = [
  new RegExp(
    `\\b(?:(?:planned|scheduled|expected|estimated|target)\\s+)?(?:end|expiry|expiration|expires?|termination|completion|finish|end\\s+of\\s+term)(?:\\s+date)?${OF_WORK}\\s*${B}${SEP}\\s*${B}(?:the\\s+)?${D}`,
    'gi',
  ),
  new RegExp(`${D}\\s*\\((?:End\\s+date|Expiry|Completion)\\)`, 'gi'),
  new RegExp(
    `${ROW_DATE}${ROW_OF}(?:end|expiry|expiration|completion|termination)(?:\\s+date)?${OF_WORK}${ROW_END}`,
    'gim',
  ),
  // A defined term after the date: '- November 30, 2027 (the "SOW End Date")'.
  new RegExp(
    `${D},?\\s*\\((?:the\\s+)?["“]?(?:[A-Za-z-]+\\s+){0,3}?(?:End|Expiry|Expiration|Completion|Termination)\\s+Date["”]?\\)`,
    'gi',
  ),
  new RegExp(`${RANGE_LEAD}(?:${DATE})${RANGE_TO}${D}`, 'gi'),
  new RegExp(`${TERM_HEAD}(?:${DATE})${RANGE_TO}${D}`, 'gi'),
  new RegExp(
    `\\bTerm\\s*:\\s*(?:from\\s+)?(?:${DATE}|the\\s+Effective\\s+Date)\\s*(?:to|until|through|-|–)\\s*${D}`,
    'gi',
  ),
  new RegExp(`\\bextend(?:s|ed|ing)?\\b[^.;]{0,40}?\\b(?:to|until|through)\\s+${D}`, 'gi'),
  // The verb last, as German and French put it: "Der Vertrag wird bis 28.02.2031 verlängert" (read "until D verlängert").
  new RegExp(
    `\\b(?:until|through|to|jusqu['’]au)\\s+${D}\\s+(?:verlängert|prolongée?|reconduite?|extended)(?![\\p{L}])`,
    'giu',
  ),
];
const END: RegExp[] = [
  new RegExp(`\\bending\\s+(?:on\\s+)?${D}`, 'gi'),
  new RegExp(
    `\\b(?:expect\\w*|anticipat\\w*|planned|scheduled|targeted)\\b${GAP(40)}\\b(?:complet(?:e|ed|ion)|finish(?:ed)?|conclude[ds]?)\\b${GAP(40)}\\b(?:by|on(?:\\s+or\\s+(?:around|about|before))?|around|no\\s+later\\s+than)\\s+${D}`,
    'gi',
  ),
  new RegExp(
    `\\b(?:complet(?:e|ed|ion)|finish(?:ed)?|conclude[ds]?)\\b[^.;\\n]{0,40}?\\b(?:expect\\w*|anticipat\\w*|planned|scheduled|targeted)\\b[^.;\\n]{0,40}?\\b(?:by|on(?:\\s+or\\s+(?:around|about|before))?|around|no\\s+later\\s+than)\\s+${D}`,
    'gi',
  ),
  new RegExp(
    `\\b(?:end(?:s|ing)?|expir(?:e|es|ing)|terminat(?:e|es|ing)|finish(?:es|ing)?|conclud(?:e|es|ing))\\s+(?:on\\s+)?${D}`,
    'gi',
  ),
  new RegExp(`\\b(?:end|expiry|completion)\\s+date\\s+${D}`, 'gi'),
  new RegExp(`\\b(?:from|between)\\s+(?:${DATE})\\s+(?:to|until|through|and)\\s+${D}`, 'gi'),
  new RegExp(
    `\\b(?:continu\\w*|remain\\w*\\s+in\\s+(?:full\\s+force\\s+and\\s+)?effect|run\\w*|in\\s+effect)\\s+(?:from\\s+[^.;\\n]{0,40}?\\s+)?(?:until|through|to)\\s+(?:and\\s+including\\s+)?${D}`,
    'gi',
  ),
  new RegExp(`\\bTerm\\s*:[^.\\n]{0,60}?\\b(?:until|through)\\s+${D}`, 'gi'),
  // A start and its end in one sentence: "from 1 April 2027 and until 31 December 2027" (French "et jusqu'au").
  new RegExp(`\\b(?:from|commences\\s+on)\\s+(?:${DATE})${GAP(30)}\\buntil\\s+${D}`, 'gi'),
  // "for a fixed term until 31.07.2030".
  new RegExp(`\\bterm\\s+(?:until|through|ending\\s+on)\\s+${D}`, 'gi'),
];
/** The work's completion promised by a date: likely the end of the term, not stated as such. */
const COMPLETED_BY: RegExp[] = [
  // "We start on 3 May 2027 and will finish no later than 30 July 2027."
  new RegExp(
    `\\b(?:will|shall|must|to)\\s+(?:finish|complete\\s+(?:the\\s+)?(?:work|services|project))\\b${GAP(30)}\\b(?:by|on\\s+or\\s+before|no\\s+later\\s+than)\\s+${D}`,
    'gi',
  ),
  new RegExp(
    `\\b(?:shall|will|must|is\\s+to|are\\s+to)\\s+be\\s+(?:completed|finished)\\b[^.;\\n]{0,50}?\\b(?:by|on\\s+or\\s+before|no\\s+later\\s+than)\\s+${D}`,
    'gi',
  ),
  new RegExp(
    `\\b(?:final\\s+(?:report|deliverable)|work|services|project)\\s+(?:is|are|will\\s+be|shall\\s+be)\\s+(?:completed|finished|delivered)\\b[^.;\\n]{0,50}?\\b(?:by|on\\s+or\\s+before|no\\s+later\\s+than)\\s+${D}`,
    'gi',
  ),
];
const DERIVED = new RegExp(
  `\\b(?:expire|end|terminate)s?\\s+on\\s+the\\s+(?:day|date)\\s+(?:that\\s+is\\s+)?(${COUNT})\\s+(months?|years?)\\s+(?:from|after)\\s+(that\\s+date|the\\s+Effective\\s+Date|${DATE})`,
  'gi',
);

/** A date an amendment replaces, its new one after: "the completion date 30 April 2029 is replaced by 31 July 2029". */
const REPLACED_BY = new RegExp(
  `^\\s*(?:is|shall\\s+be|will\\s+be|est|sera)\\s+(?:hereby\\s+)?(?:replaced\\s+by|changed\\s+to|moved\\s+to|extended\\s+to|postponed\\s+to|deferred\\s+to|amended\\s+to|remplacée?\\s+par|reportée?\\s+(?:au|à)|portée?\\s+(?:au|à))\\s+(?:the\\s+|le\\s+)?(${DATE})`,
  'i',
);
/**
 * A milestone or payment moved from one date to another ("Le jalon J2 est décalé du D au D", "milestone 3 is moved
 * from D to D"): its dates are the schedule's, not the term's.
 */
const MOVED_BEFORE =
  /\b(?:moved|postponed|deferred|shifted|rescheduled|carried\s+over|brought\s+forward|décalée?s?|reportée?s?|déplacée?s?|avancée?s?|verschoben|verlegt)\s*$/i;
const SCHEDULE_ITEM =
  /(?<![\p{L}])(?:milestones?|jalons?|meilensteine?|deliverables?|livrables?|instal(?:l)?ments?|tranches?|teilzahlung\p{L}*|échéances?)(?![\p{L}])/iu;

/** A date named as the one replaced: "(bisheriges Vertragsende D)", "the previous end date D", "l'ancienne date". */
const OLD_BEFORE =
  /(?<![\p{L}])(?:bisherig\p{L}*|ursprünglich\p{L}*|alte[nrs]?|previous|former|old|original|current|ancien\p{L}*|précédent\p{L}*|initial\p{L}*)\s+$/iu;
/** A schedule item's own date in an amendment that moves it ("L'échéance « X » est prévue le D au lieu du D"). */
const ITEM_MOVED = /(?<![\p{L}])(?:instead\s+of|rather\s+than|statt|anstelle|au\s+lieu\s+(?:du|de|d['’]))(?![\p{L}])/iu;

function first(ctx: RuleContext, patterns: RegExp[]): Found<string> | null {
  let best: Found<string> | null = null;
  for (const re of patterns) {
    for (const m of matches(ctx, re)) {
      const s = sentenceAt(ctx, m.index);
      const sentence = ctx.current.slice(s.start, m.index);
      if (MOVED_BEFORE.test(sentence.slice(-40)) && SCHEDULE_ITEM.test(sentence)) continue;
      if (OLD_BEFORE.test(ctx.current.slice(Math.max(0, m.index - 30), m.index))) continue;
      // The old date may be masked in the current text; the unmasked text still says "au lieu du".
      if (SCHEDULE_ITEM.test(sentence) && ITEM_MOVED.test(ctx.text.slice(m.index, s.end))) continue;
      const replaced = REPLACED_BY.exec(ctx.current.slice(m.index + m[0].length, m.index + m[0].length + 90));
      const raw = replaced?.[1] ?? m[1] ?? '';
      const iso = parseDate(raw, ctx.dateOrder);
      if (!iso) continue;
      if (best === null || m.index < best.start) best = { value: iso, start: m.index, end: m.index + m[0].length };
      break;
    }
  }
  return best;
}

/** When the terms take effect: an explicit effective date wins over a commencement or start date. */
export function findEffectiveDate(ctx: RuleContext): Found<string> | null {
  // The document's own start ("This Amendment takes effect on D", "Le présent avenant prend effet le D") wins over a
  // clause's ("Effective January 1, 2028, the rate …"), wherever it stands.
  const own = first(ctx, [SELF_EFFECTIVE, SELF_APPLIES]);
  if (own) return own;
  const stated = first(ctx, EFFECTIVE);
  if (stated) return stated;
  // A start, commencement or signature date stands in for the effective date: likely, not stated.
  const start = first(ctx, START);
  return start ? { ...start, confidence: 0.7 } : null;
}

/**
 * Dates the work is to be completed by where the document states no start: the rules do not take them for the term's
 * end ("The project shall be completed by D" alone is a deadline), so neither does the date ranker.
 */
export function deadlineDates(ctx: RuleContext): Set<string> {
  if (first(ctx, START)) return new Set();
  const out = new Set<string>();
  for (const re of COMPLETED_BY)
    for (const m of matches(ctx, re)) {
      const iso = parseDate(m[1] ?? '', ctx.dateOrder);
      if (iso) out.add(iso);
    }
  return out;
}

/**
 * When the term ends: a labelled end date or an extension, else "ends/expires on", "continues
 * until"; an end stated as "the day that is N months from <date>" is computed from that date.
 */
export function findEndDate(ctx: RuleContext, effective: string | null): Found<string> | null {
  const stated = first(ctx, END_LABEL) ?? first(ctx, END);
  if (stated) return stated;
  // Completion by a date ends the term only where the document also says when the work starts (the work's period):
  // "The services shall commence on … and shall be completed on or before …".
  const completed = first(ctx, START) ? first(ctx, COMPLETED_BY) : null;
  if (completed) return { ...completed, confidence: 0.7 };
  // A completion date that replaces an older one is the term's new end: "The work is to be finished by D instead of D".
  for (const re of COMPLETED_BY)
    for (const m of matches(ctx, re)) {
      const iso = parseDate(m[1] ?? '', ctx.dateOrder);
      const after = ctx.text.slice(m.index + m[0].length, m.index + m[0].length + 30);
      if (iso && new RegExp(`^\\s*,?\\s*${ITEM_MOVED.source}\\s+(?:the\\s+)?(?:${DATE})`, 'iu').test(after))
        return { value: iso, start: m.index, end: m.index + m[0].length, confidence: 0.7 };
    }
  for (const m of matches(ctx, DERIVED)) {
    const n = parseCount(m[1] ?? '');
    if (n === null) continue;
    const months = /year/i.test(m[2] ?? '') ? n * 12 : n;
    const anchor = m[3] ?? '';
    let base = parseDate(anchor, ctx.dateOrder);
    if (!base && /that\s+date/i.test(anchor)) {
      // "commence on January 10th, 2019 and shall expire on the day that is 24 months from that date"
      const before = ctx.current.slice(Math.max(0, m.index - 200), m.index);
      const dates = [...before.matchAll(new RegExp(DATE, 'gi'))];
      const last = dates.at(-1);
      base = last ? parseDate(last[0], ctx.dateOrder) : null;
    }
    base ??= effective;
    if (base) return { value: addMonthsToDate(base, months), start: m.index, end: m.index + m[0].length };
  }
  return null;
}
