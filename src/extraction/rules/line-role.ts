import { MONEY } from './money.ts';

/**
 * The role a rate line starts with, in plain-text and markdown rate lists where each line (or each
 * ";"-separated item) is "Role: $X per hour", "Role – $X/hour", "Role ...... $X per day" or
 * "Roles are billed at $X per hour".
 */

const BULLET = String.raw`(?:[-*•]\s+|\(?[a-z0-9]{1,3}[.)]\s+)?`;
/** "Senior Consultant:", "**Analyst** –", "Project Manager ......": a label and its separator. */
const LABEL = new RegExp(
  String.raw`^\s*${BULLET}(?:\*\*|__)?([A-Z][^\n:–—…|\t;]{0,60}?)(?:\*\*|__)?\s*(?::|\s[-–—]|[–—]|\.{2,}|…)\s*(?:\*\*|__)?`,
);
/** A list item's label in lower case, as French and German lists write roles ("- chef de projet : CHF 165.– …"). */
const LOWER_LABEL = new RegExp(
  String.raw`^\s*(?:[-*•]\s+|\(?[a-z0-9]{1,3}[.)]\s+)(\p{Ll}[^\n:–—…|\t;\d]{1,60}?)\s*(?::|\s[-–—]|\.{2,}|…)\s*`,
  'u',
);
/** "Senior Consultant $260 per hour": title-case words and nothing else before the amount. */
const TITLE = new RegExp(
  String.raw`^\s*${BULLET}([A-Z][\w&/'’.-]*(?:[ \t]+(?:[A-Z][\w&/'’.-]*|of|and|&)){0,4})[ \t]+$`,
);
/** "Senior Consultants are billed at $260 per hour", "Data Engineer hours are charged at $160 per hour". */
const BILLED_AT = new RegExp(
  String.raw`^\s*${BULLET}([A-Z][A-Za-z&/-]+?(?:\s+[A-Z][A-Za-z&/-]+?){0,3}?)(?:(?<!s)s)?(?:\s+(?:hours|time|work|services))?\s+(?:(?:are|is|will\s+be|shall\s+be)\s+)?(?:billed|charged|invoiced|paid|priced)\s+(?:at|@)\s+(?:(?:a|the)\s+(?:\w+\s+)?rate\s+of\s+)?$`,
);

/** Words that make a label a heading or a phrase rather than a role: "Hourly rate:", "Fees –", "Payment is due". */
const NOT_A_ROLE =
  /\b(?:is|are|was|be|will|shall|may|must|pay|paid|payable|bill|billed|billing|billable|charged?|invoiced?|at|to|the|this|each|all|a|an|for|per|by|with|in|on|from|as|follows|rates?|fees?|prices?|pricing|costs?|totals?|subtotal|amounts?|compensation|remuneration|overage|overtime|weekend|holiday|notes?|sum|budget|cap|maximum|minimum|retainer|expenses?|travel|hourly|daily|weekly|monthly|discount|tax|vat|gst|deposit|payment|invoice)\b/i;
/** The same heading words in German and French: "taux horaire :", "Stundensatz –", "montant maximal :". */
const NOT_A_ROLE_DE_FR =
  /(?<![\p{L}])(?:taux|tarifs?|prix|montants?|frais|honoraires?|plafond|forfait|redevance|remise|tva|sätze|satz|betrag|summe|pauschale|gebühr\w*|vergütung|spesen|rabatt|höchstbetrag|gesamt\w*|mwst|ust)(?![\p{L}])|s[aä]tze?(?![\p{L}])/iu;
/** Labels that are a party or a kind of work as a whole ("Client:", "Services –"); "Client Partner" is a role. */
const NOT_A_ROLE_LABEL =
  /^(?:client|customer|company|buyer|services?|work|labou?r|standard|blended|base|other|others)$/i;
/** "Senior Consultant rate:", "Analyst hourly rate –", "Developer time:" name the role and then the term. */
const TRAILING_TERM = /\s+(?:(?:standard|hourly|daily|day|billing|blended)\s+)?(?:rates?|fees?|time|hours)$/i;
/** What may stand between the label and the amount: other amounts and units ("$260 per hour / ", "from £950 to "). */
const FILLER =
  /\b(?:per|an?|hours?|hrs?|h|days?|daily|hourly|person[- ]days?|weeks?|or|and|plus|onsite|on-site|remote|offsite|from|to|now|increased|decreased|changed)\b|(?<![\p{L}])(?:de|à|von|auf)(?![\p{L}])/giu;

/** A lead that says which side of a change follows: "Old:", "New:", "Alt:", "Neu:", "Ancien :", "Nouveau :". */
export const OLD_NEW_LEAD =
  /(?<![\p{L}])(?:old|new|previous|current|alt|neu|bisher|künftig|ancien|nouveau|actuel)\s*:/giu;
/** An old side's lead just before an amount: the amount is the value before the change, no rate in force. */
export const OLD_LEAD_BEFORE = /(?<![\p{L}])(?:old|previous|alt|bisher|ancien)\s*:\s*$/iu;

const OLD_SIDE_WORDS =
  /(?<![\p{L}])(?:par|jour|heure|pro|je|stunde|tag|personentag|HT|HTVA|TTC|netto|net)(?![\p{L}])/giu;

const onlyAmounts = (rest: string): boolean =>
  !/[A-Za-z]/.test(
    rest
      .replace(new RegExp(MONEY, 'g'), ' ')
      .replace(FILLER, ' ')
      .replace(/\b[A-Z]{3}\b/g, ' '),
  );

/**
 * The role label a line starts with, up to the amount, and its offset in `prefix` (the text from
 * the start of the line to the amount); null when the line does not start with a role.
 * @example roleAtLineStart('Senior Consultant: ') // { role: 'Senior Consultant', at: 0 }
 */
export function roleAtLineStart(raw: string): { role: string; at: number } | null {
  // "Lead Developer: Old: $140 per hour; New: $150 per hour": the old/new leads are blanked (offsets kept), and an item
  // that held only a lead gives way to the item before it, which names the role.
  const prefix = raw.replace(OLD_NEW_LEAD, (lead) => ' '.repeat(lead.length));
  const led = prefix !== raw;
  // The items: split at "; ", ", ", a sentence's full stop, or (after a lead) a dash ("… – Neu: ").
  const spans: Array<[number, number]> = [];
  let from = 0;
  for (const m of prefix.matchAll(
    led ? /[;,]\s+|(?<=[a-z]{3})\.\s+|\s[–—]\s+(?=\s*$)/g : /[;,]\s+|(?<=[a-z]{3})\.\s+/g,
  )) {
    spans.push([from, m.index]);
    from = m.index + m[0].length;
  }
  spans.push([from, prefix.length]);
  while (led && spans.length > 1 && !/\S/.test(prefix.slice(...(spans.at(-1) as [number, number])))) spans.pop();
  const [itemAt, end] = spans.at(-1) as [number, number];
  const item = prefix.slice(itemAt, end);
  const labelled = LABEL.exec(item) ?? LOWER_LABEL.exec(item);
  // The old side's amount and its unit stand between the label and a new side ("Chef de projet : 900,00 € HT par jour").
  const rest = item.slice(labelled?.[0].length ?? 0);
  const m =
    labelled && onlyAmounts(end < prefix.length ? rest.replace(OLD_SIDE_WORDS, ' ') : rest)
      ? labelled
      : (TITLE.exec(item) ?? BILLED_AT.exec(item));
  const label = (m?.[1] ?? '')
    .replace(/[*_]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(TRAILING_TERM, '')
    .replace(/^(?:The|New|Current|Revised|Updated)\s+(?=\S)/, '');
  if (!/[A-Za-z]{2}/.test(label) || label.split(' ').length > 6) return null;
  const words = label.replace(/\([^)]*\)/g, ' ').trim();
  if (NOT_A_ROLE.test(words) || NOT_A_ROLE_LABEL.test(words) || NOT_A_ROLE_DE_FR.test(words)) return null;
  return { role: label, at: itemAt + item.search(/\S/) };
}

/** A label with no word of a heading, a fee, a party or a tax: it may name a role ("Data Conversion Analyst"). */
export const mayBeRole = (label: string): boolean =>
  !NOT_A_ROLE.test(label) && !NOT_A_ROLE_LABEL.test(label.trim()) && !NOT_A_ROLE_DE_FR.test(label);
