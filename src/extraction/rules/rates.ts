import type { Rate } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { columnSide, sentenceAt } from './context.ts';
import { OLD_LEAD_BEFORE, roleAtLineStart } from './line-role.ts';
import { findMoney, MONEY, parseMoney } from './money.ts';
import { parseAmount } from './numbers.ts';
import { alignToHeader, findTables, tableRowSpans, type Table } from './tables.ts';
import type { Span } from '../text/sentences.ts';
import { unitOf } from './units.ts';
import { columnMeaning } from './columns.ts';
import { findDates } from './dates.ts';
import { labelledItemRates, listedRates } from './rate-items.ts';
import { cellAmount, changeTableRates } from './rate-lists.ts';
import { roleInSentence } from './rate-roles.ts';
import { tableRates } from './rate-tables.ts';
import { billedItemRates } from './rate-billed.ts';
import { pronounClauseRates, roleAboveLeads } from './rate-pronouns.ts';

export interface RateFound
  extends Found<
    Omit<Rate, 'currency' | 'effectiveFrom'> & {
      currency: string | null;
      changed: boolean;
      effectiveFrom?: string | null;
    }
  > {}

/** Between an amount and its unit: a closing parenthesis ("($350.00) per hour") or a tax qualifier ("EUR HTVA par jour", "net per day"). */
const QUALIFIER = `\\)?(?:\\s*(?:HT|HTVA|TTC|net|netto|excl\\.?\\s+VAT|exkl\\.?\\s+VAT|zzgl\\.?\\s+VAT|plus\\s+VAT|\\+\\s*VAT|ex\\.?\\s+VAT|\\(excl\\.?\\s+VAT\\)))?`;
// The unit in German and French too, where the text was not rewritten: "par jour", "de l'heure", "pro Stunde", "je Tag".
const PER_UNIT = `${QUALIFIER}\\s*(?:\\/\\s*|per\\s+|an?\\s+|par\\s+|de\\s+l['’]|pro\\s+|je\\s+)(hour|hr|h|day|person[- ]day|man[- ]day|week|heure|jour|[Ss]tunde|[Tt]ag|[Pp]ersonentag)\\b`;
const RATE_SENTENCE = new RegExp(`(?:${MONEY})(?:${PER_UNIT}|\\s+(hourly|daily))`, 'g');
const UNIT_RATE_WORD = /\b(hourly|daily|day|per\s+diem|weekly)\s+rates?\b/i;
const NOT_A_RATE =
  /\b(?:retainer|in\s+excess\s+of|beyond\s+the\s+included|(?:above|over)\s+the\s+included|beyond\s+the|overage|included\s+hours|additional\s+hours|extra\s+hours|termination)\b/i;
/** Hours beyond a package or an hours bank ("Further hours", "Heures excédentaires"): overage, not a role's rate. */
const OVERAGE_HOURS =
  /\b(?:further\s+hours|hours\s+(?:above|beyond)|(?:above|beyond)\s+(?:the\s+)?(?:\d+|monthly|quarterly|contracted|agreed)\b)|(?<![\p{L}])(?:excédentaires?|hinausgehende\w*|mehrstunden\w*)(?![\p{L}])/iu;
/** The text of a table cell from its start to an offset, or null outside a cell. */
const cellBefore = (text: string, offset: number): string | null => {
  const start = Math.max(
    text.lastIndexOf('|', offset - 1),
    text.lastIndexOf('\t', offset - 1),
    text.lastIndexOf('\n', offset - 1),
  );
  return start >= 0 && text[start] !== '\n' ? text.slice(start + 1, offset) : null;
};
/** Whether an amount is in its row's last cell with an amount: a before/after row states the rate in force last. */
const lastAmountCell = (ctx: RuleContext, at: number): boolean => {
  const end = ctx.current.indexOf('\n', at);
  const rest = ctx.current.slice(at, end < 0 ? ctx.current.length : end);
  const next = rest.search(/[|\t]/);
  return next < 0 || !/\d/.test(rest.slice(next));
};
/** A label and its colon or dash before the amount: "Développeur confirmé : ", "Lead – ". */
const LABEL_SEPARATOR = /\p{L}\S*\s*(?::|\s[–—-])\s*$/u;

const lineAt = (text: string, offset: number): string => {
  const end = text.indexOf('\n', offset);
  return text.slice(text.lastIndexOf('\n', offset) + 1, end < 0 ? text.length : end);
};
const linePrefixAt = (text: string, offset: number): string =>
  text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);

/** A word that starts a date from which a value applies: "ab dem", "effective from", "à compter du", "as of", "beginning". */
const START_BEFORE_DATE =
  /(?<![\p{L}])(?:ab(?:\s+dem)?|(?:with\s+effect\s+|effective\s+|valid\s+|applicable\s+)?from|effective(?:\s+(?:as\s+of|on))?|as\s+of|(?:starting|beginning|commencing)(?:\s+on)?|à\s+compter\s+du|à\s+partir\s+du|dès\s+le)\s+$/iu;

/**
 * The date a rate's own clause says it applies from ("der Tagessatz steigt ab dem 01.08.2028 von … auf …", "Für die
 * Projektleitung gilt ab dem 01.07.2028 ein Tagessatz von …"): the clause is the part of the sentence between
 * semicolons that holds the amount, so a start the sentence gives another value is not the rate's.
 */
function ownStart(ctx: RuleContext, sentence: Span, at: number): string | null {
  const body = ctx.current.slice(sentence.start, sentence.end);
  const rel = at - sentence.start;
  const from = body.lastIndexOf(';', rel) + 1;
  const next = body.indexOf(';', rel);
  const clause = body.slice(from, next < 0 ? body.length : next);
  const date = findDates(clause, ctx.dateOrder).find((d) =>
    START_BEFORE_DATE.test(clause.slice(Math.max(0, d.start - 30), d.start)),
  );
  return date?.iso ?? null;
}

/** Rates stated in sentences: "€500 per hour", "C$195/hour", "day rate … increases from £950 to £1,025". */
function sentenceRates(
  ctx: RuleContext,
  dollar: string,
  fallbackRole: string | null,
  tableRows: Span[],
  withOverage: boolean,
): RateFound[] {
  const out: RateFound[] = [];
  const inTable = (offset: number): boolean => tableRows.some((r) => r.start <= offset && offset < r.end);
  const seen = new Set<number>();
  const candidates: Array<{
    moneyStart: number;
    moneyEnd: number;
    unitWord: string;
    start: number;
    end: number;
    /** Found by a rate word in the sentence rather than by a unit after the amount. */
    byWord?: boolean;
  }> = [];
  for (const m of ctx.current.matchAll(RATE_SENTENCE)) {
    candidates.push({
      moneyStart: m.index,
      moneyEnd: m.index + m[0].length,
      unitWord: m[m.length - 2] ?? m[m.length - 1] ?? m[0],
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  // "The day rate for X … £650" / "hourly rate … from €140 to €155 per hour": the unit is in the words.
  for (const s of ctx.sentences) {
    const body = ctx.current.slice(s.start, s.end);
    const word = UNIT_RATE_WORD.exec(body);
    if (!word) continue;
    // The rate word's own clause, where it has an amount: "… de l'Ingénieur est porté à 90 000 FCFA ; celui de …".
    const semi = body.indexOf(';', word.index);
    const all = findMoney(body, ctx.numberStyle, s.start);
    const money = (semi >= 0 ? all.filter((x) => x.end <= s.start + semi).at(-1) : undefined) ?? all.at(-1);
    if (money)
      candidates.push({
        moneyStart: money.start,
        moneyEnd: money.end,
        unitWord: word[1] ?? '',
        start: s.start + word.index,
        end: money.end,
        byWord: true,
      });
  }
  // An amount with its own unit ("SEK 850 per hour for a junior consultant") is read as such before a rate word
  // earlier in the sentence ("The hourly rates are …") claims the sentence's last amount.
  for (const c of candidates.sort(
    (a, b) => Number(a.byWord ?? false) - Number(b.byWord ?? false) || a.start - b.start,
  )) {
    const sentence = sentenceAt(ctx, c.moneyStart);
    const body = ctx.current.slice(sentence.start, sentence.end);
    // In a table, only a cell that is itself a labelled rate ("| 3 | Développeur confirmé : 720,00 € HT par jour |").
    const tabled = lineAt(ctx.current, c.moneyStart).includes('\t') || inTable(c.moneyStart);
    const cellPrefix = tabled ? cellBefore(ctx.current, c.moneyStart) : null;
    const cellRole = cellPrefix !== null ? roleAtLineStart(cellPrefix) : null;
    if (
      (tabled && (!cellRole || !LABEL_SEPARATOR.test(cellPrefix ?? '') || !lastAmountCell(ctx, c.moneyStart))) ||
      NOT_A_RATE.test(body) ||
      (!withOverage && OVERAGE_HOURS.test(body))
    )
      continue;
    // In "from £950 to £1,025" the rate is the last amount of the sentence; the first is the old one.
    const moneys = findMoney(body, ctx.numberStyle, sentence.start);
    // "von 1.090,00 € auf 1.150,00 €": a decimal point is no sentence end. (French "de … à" also states ranges.)
    const fromTo =
      (/\bfrom\b[^.]{0,40}\bto\b/i.test(body) ||
        /(?<![\p{L}])von\s+(?:[^.\n]|\.(?=\d)){1,30}?\sauf\s+(?:[^.\n]|\.(?=\d)){0,6}\d/iu.test(body)) &&
      moneys.length >= 2;
    const changed =
      fromTo ||
      // "change" as a verb; "change requests are charged at …" is not a changed rate.
      /\b(?:increase[sd]?|decrease[sd]?|changed|changes?(?!\s+(?:requests?|orders?|notes?|control))|amended|adjusted|revised|raised|reduced)\b/i.test(
        body,
      );
    const money = fromTo
      ? moneys.at(-1)
      : (moneys.find((m) => m.start <= c.moneyStart && m.end >= c.moneyStart) ??
        moneys.find((m) => m.start >= c.moneyStart));
    if (!money || seen.has(money.start)) continue;
    // "Old: $140 per hour", "Alt: 140,00 €", "Ancien : 900,00 €": the value before the change, not a rate in force.
    if (OLD_LEAD_BEFORE.test(linePrefixAt(ctx.current, money.start))) continue;
    const unit = unitOf(c.unitWord);
    if (!unit) continue;
    // The line's own label is the most specific: in "Senior Consultant: $260 per hour" it is the role, whatever the sentence says.
    const prefix = linePrefixAt(ctx.current, money.start);
    const labelled = cellRole ?? roleAtLineStart(prefix);
    // "£1,450 a day for the engagement partner", "CHF 2'100.00 per day — Partner", "$245/hr - Principal Engineer".
    const after = ctx.current.slice(c.end, Math.min(sentence.end, c.end + 80));
    const trailing =
      /^\s*(?:(?:for|pour|für)\s+(?:the\s+|a\s+|an\s+|each\s+|un\s+|une\s+|le\s+|la\s+|l'|den\s+|die\s+|einen\s+|eine\s+)?|[—–-]+\s*|:\s*)([\p{L}][\p{L}&/' -]{1,48}?)\s*(?:[;,.]|\n|$|\s(?:and|und|et|or|ou|oder|sowie)\s)/u.exec(
        after,
      );
    const trailingRole =
      trailing?.[1] && !/^(?:work|services?|hours?|days?|each|any|all|additional|time)\b/i.test(trailing[1])
        ? trailing[1].trim()
        : null;
    // "Solution Architect – ₹ 4,800 per hour": a role and a dash just before the amount, in the amount's own clause.
    const clause = ctx.current.slice(sentence.start, money.start).replace(/\s+/g, ' ').split(/[:;]/).at(-1);
    const dashed = /(?:^|\s)([\p{L}][\p{L}&/' -]{1,48}?)\s+[–—-]\s*$/u.exec(clause ?? '')?.[1]?.trim() ?? null;
    const leadingRole =
      dashed && !GENERIC_ROLE.test(dashed) && !NOT_ROLE.test(dashed) && dashed.split(/\s+/).length <= 5 ? dashed : null;
    const role =
      labelled?.role ??
      trailingRole ??
      leadingRole ??
      roleAboveLeads(ctx.current, money.start, prefix) ??
      roleInSentence(body, fallbackRole);
    if (!role) continue;
    seen.add(money.start);
    out.push({
      value: {
        role,
        amount: money.amount,
        unit,
        currency: money.currency ?? dollar,
        changed,
        effectiveFrom: ownStart(ctx, sentence, money.start),
      },
      // A labelled line is quoted from its label, so the quote states the role as well as the amount.
      start: Math.min(
        c.start,
        money.start,
        labelled ? money.start - (cellRole ? (cellPrefix ?? '') : prefix).length + labelled.at : Infinity,
      ),
      end: Math.max(c.end, money.end),
    });
  }
  return out;
}

/** Words before an amount that make it something other than a role's rate. */
const NOT_ROLE =
  /\b(?:expenses?|travel|cap\w*|total|budget|exceed\w*|minimum|maximum|fees?|retainer|deposit|discount|overage|spesen|reisekosten|frais|plafond|höchst\w*|gesamt\w*|pauschal\w*|forfait\w*|budget)\b/iu;
/** What follows a role before its amount: a verb of charging or changing and a preposition ("is charged at", "est fixé à", "est porté à"). */
const ROLE_TAIL =
  /(?:\s+(?:is|are|will\s+be|shall\s+be|est|sont|ist|wird|werden))?(?:\s+(?:charged|billed|invoiced|priced|set|fixed|fixée?|facturée?s?|berechnet|vergütet|abgerechnet|raised|increased|reduced|rises|increases|portée?s?|maintenue?s?|ramenée?s?|passe|erhöht|angehoben|gesenkt|steigt))?(?:\s+(?:at|à|a|zu|mit|of|for|von|de|@|=))?(?:\s+(?:the\s+rate\s+of|a\s+rate\s+of|le\s+taux\s+de))?\s*$/iu;
/**
 * A rate word between the role and the amount: "für den Projektleiter gilt ein Tagessatz von", "for the lead the
 * day rate is", "pour le chef de projet, le taux journalier est de": the role is before it.
 */
const RATE_WORD_TAIL =
  /[\s,]+(?:(?:gilt|gelten|beträgt|applies|is|est|s'applique)\s+)?(?:(?:ein|eine|einen|der|die|a|an|the|un|une|le|la)\s+)?(?:Tagessatz|Stundensatz|Satz|day\s+rate|daily\s+rate|hourly\s+rate|rate|taux(?:\s+(?:journalier|horaire))?|tarif(?:\s+(?:journalier|horaire))?|TJM)(?:\s+(?:gilt|gelten|beträgt|applies|is|est|of|von|de))?\s*$/iu;
/** Words that introduce a role ("a", "the", "du", "celui d'un", "für"); the role is what follows the last. */
const ROLE_INTRO =
  /(?<=^|[\s,])(?:(?:and|und|sowie|et|or|ou|a|an|the|each|one|le|la|les|un|une|du|de\s+la|des|der|die|das|den|dem|ein|eine|einen|einem|eines|for|pour|für)\s+|(?:l|d|qu)['’](?:un\s+|une\s+)?)/giu;
const GENERIC_ROLE = /^(?:work|time|services?|hours?|days?|rates?|tarifs?|taux|sätze|stunden|tage|each|all)$/iu;

/** The role named just before an amount in its own clause: "…, a Firmware Engineer at", "; celui d'un développeur confirmé à". */
function roleBefore(segment: string): string | null {
  let t = segment.replace(/\s+/g, ' ');
  t = t.slice(Math.max(t.lastIndexOf(':'), t.lastIndexOf(';'), t.lastIndexOf('('), t.lastIndexOf('.')) + 1);
  t = t.replace(ROLE_TAIL, '').replace(RATE_WORD_TAIL, '');
  // A lower-case word after a last "and"/"et" continues the role ("l'Ingénieur systèmes et réseaux"): the role starts
  // at the intro before it, where a capital follows.
  let from = 0;
  let capital = -1;
  let conjunction = false;
  for (const m of t.matchAll(ROLE_INTRO)) {
    from = m.index + m[0].length;
    conjunction = /^(?:and|und|sowie|et|or|ou)\s/iu.test(m[0]);
    if (/^\p{Lu}/u.test(t.slice(from))) capital = from;
  }
  if (conjunction && /^\p{Ll}/u.test(t.slice(from)) && capital >= 0) from = capital;
  const role = t
    .slice(from)
    .replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, '')
    .trim();
  const words = role.split(/\s+/);
  if (
    !/\p{L}{3}/u.test(role) ||
    /[\d()/$€£]/.test(role) ||
    words.length > 5 ||
    GENERIC_ROLE.test(role) ||
    NOT_ROLE.test(role)
  )
    return null;
  return role;
}

/** The role named just after an amount: "… 780,00 EUR HTVA pour un analyste-développeur et de …", "$90 per hour for a tester". */
function roleAfter(segment: string): string | null {
  const t = segment.replace(/\s+/g, ' ');
  const m =
    /^\s*(?:(?:HT|HTVA|TTC|net|netto|exkl\.?\s+MWST|exkl\.?\s+VAT|excl\.?\s+VAT|plus\s+VAT|zzgl\.?\s+\p{L}+)\s*)?(?:(?:per|pro|je|par|\/)\s*\p{L}+\s+)?(?:for|für|pour)\s+(?:(?:the|a|an|each|die|der|den|das|einen|eine|ein|le|la|les|un|une|l['’])\s*)?([\p{L}][\p{L}&/' -]{1,48}?)\s*(?:[;,.()]|$|\s(?:and|und|et|or|ou|oder|sowie)(?:\s|$))/iu.exec(
      t,
    );
  // Or the role alone after the amount, as a list of rates writes it: "Stundensätze: 132,00 € Beraterin; 109,00 € Entwickler".
  const bare =
    /^\s*(?:(?:HT|HTVA|net|netto|exkl\.?\s+MWST|excl\.?\s+VAT)\s+)?(?!(?:HT|HTVA|TTC|MWST|VAT|TVA|USt|GST)(?![\p{L}]))(\p{Lu}[\p{L}&/-]+(?:\s+[\p{L}&/-]{2,}){0,3})\s*[;,.]/u.exec(
      t,
    );
  const role = m?.[1]?.trim() ?? (bare?.[1] && !unitOf(bare[1]) ? bare[1].trim() : null);
  if (!role || GENERIC_ROLE.test(role) || NOT_ROLE.test(role) || role.split(/\s+/).length > 5) return null;
  return role;
}

/**
 * One sentence that states several rates ("A Principal Engineer is charged at EUR 145 per hour, an
 * Engineer at EUR 118 per hour", "Tagessätze: Architekt 1.380 €, Berater 1.120 €, Entwickler 960 €
 * je Personentag"): each amount takes the role named just before it in its own clause, and an
 * enumeration of role and amount shares the unit the sentence states once. Only when every amount
 * of the sentence has such a role, so a cap or an expense amount in the sentence keeps it as it was.
 */
function enumeratedRates(
  ctx: RuleContext,
  rates: RateFound[],
  dollar: string,
  fallbackRole: string | null,
): RateFound[] {
  const out = [...rates];
  const done = new Set<number>();
  for (const r of rates) {
    if (r.value.changed) continue;
    const sentence = sentenceAt(ctx, Math.max(r.start, r.end - 1));
    if (done.has(sentence.start)) continue;
    done.add(sentence.start);
    const body = ctx.current.slice(sentence.start, sentence.end);
    const moneys = findMoney(body, ctx.numberStyle, sentence.start);
    if (moneys.length < 2) continue;
    const here = out.filter((o) => o.start < sentence.end && o.end > sentence.start);
    if (here.some((o) => o.value.changed)) continue;
    // Each amount already has a role of its own (a role after the amount: "$245/hr - Principal Engineer").
    // (A role that is only the fallback, the provider's label, is no role of its own.)
    if (
      here.length === moneys.length &&
      new Set(here.map((o) => o.value.role.toLowerCase())).size === here.length &&
      !here.some((o) => o.value.role === fallbackRole)
    )
      continue;
    const orig = (a: number, b: number): string => ctx.original.slice(ctx.toOriginal(a), ctx.toOriginal(b));
    // Roles after the amounts ("CHF 245.00 für die Mandatsleitung, CHF 210.00 für einen Data Engineer") when each
    // amount has one; else the role named before each amount in its own clause.
    const after = moneys.map((m, i) => roleAfter(orig(m.end, moneys[i + 1]?.start ?? sentence.end)));
    const before = moneys.map((m, i) =>
      roleBefore(orig(i === 0 ? sentence.start : (moneys[i - 1] as (typeof moneys)[number]).end, m.start)),
    );
    const roles = after.every((role) => role !== null) ? after : before;
    if (roles.some((role) => role === null)) continue;
    const unit = here[0]?.value.unit;
    if (!unit || here.some((o) => o.value.unit !== unit)) continue;
    if (new Set(roles.map((role) => role?.toLowerCase())).size !== roles.length) continue;
    for (const o of here) out.splice(out.indexOf(o), 1);
    moneys.forEach((m, i) =>
      out.push({
        value: { role: roles[i] as string, amount: m.amount, unit, currency: m.currency ?? dollar, changed: false },
        start: m.start,
        end: m.end,
      }),
    );
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The rate card: table rows first, then rates stated in sentences (not in tables, not retainer overage). */
export function findRates(
  ctx: RuleContext,
  dollar: string,
  fallbackRole: string | null,
  /** Also an overage rate: whether the document prices work at all (an hours bank's "Heures excédentaires"). */
  withOverage = false,
): RateFound[] {
  const tables = findTables(ctx);
  const fromTables = tables.flatMap((t) => tableRates(ctx, t, dollar));
  const enumerated = enumeratedRates(
    ctx,
    sentenceRates(ctx, dollar, fallbackRole, tableRowSpans(tables), withOverage),
    dollar,
    fallbackRole,
  );
  // "…; celui du Technicien est maintenu à 11 000 KMF": a clause standing for the rate noun of the one before.
  const fromSentences = [...enumerated, ...pronounClauseRates(ctx, enumerated)].sort((a, b) => a.start - b.start);
  // A rate read from a cell's own label gives way to the table's reading of the same row; a line of labelled items
  // ("Hourly rate: 132,00 € Beraterin; 109,00 € Entwickler") to the sentence reading, where it reads every item.
  const items = labelledItemRates(ctx, dollar);
  const found = [
    ...fromTables,
    ...fromSentences.filter(
      (r) =>
        !fromTables.some((t) => t.start < r.end && r.start < t.end) &&
        !items.some((t) => t.start < r.end && r.start < t.end),
    ),
    ...items,
  ];
  // Rows of a before/after table and role lists under a rate heading, where nothing else read the same lines.
  const free = (r: RateFound): boolean => !found.some((o) => o.start < r.end && r.start < o.end);
  const listed = [...changeTableRates(ctx, tables, dollar), ...listedRates(ctx, dollar)].filter(free);
  const billed = billedItemRates(ctx, dollar).filter(
    (r) => free(r) && !listed.some((o) => o.start < r.end && r.start < o.end),
  );
  return [...found, ...listed, ...billed];
}
