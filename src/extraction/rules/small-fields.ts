import type { Found, RuleContext } from './context.ts';
import { matches, sentenceAt } from './context.ts';
import { COUNT, parseNumber } from './numbers.ts';

// The label may be a local purchase order (LPO), carry an abbreviation in parentheses ("(BANF)"), stand in bold or in
// its own table cell ("**Purchase Order No.:** X", "| Customer PO | X |"); a number may lead with letters ("BC 2027/118").
const PO =
  /(?:\b[Pp]urchase\s+[Oo]rder|\bL?PO\b|\bP\.O\.|\b(?:[A-Z][a-z]+['’]s|[Yy]our|[Cc]ustomer|[Cc]lient|[Bb]uyer)\s+[Oo]rder\s+[Rr]ef(?:erence)?\b\.?)(?:\s*(?:[Nn]umber|[Nn]o\.?|[Nn]r\.?|#|[Rr]ef(?:erence)?\.?)){0,2}(?:\s*\([^)\n]{2,30}\))?(?:\s+(?:des|der|du|de\s+la|de\s+l['’]|of\s+the)\s+\p{L}+(?=\s*(?:[:#]|\*\*|\.{3,}))|\s+\p{Lu}{2,6}(?=\s*[:#]))?\s*(?:[:#]|\.{3,}|…[.…]*)?\s*(?:\*\*|\|)?\s*(?:PO(?:\s*[#:]\s*|\s+))?((?:(?!PO\b|NO\b|NR\b)[A-Z]{2,4}\s(?=\d))?[A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9])\b/gu;

/** A document titled as a purchase order: "Purchase Order", "Bon de commande", "Bestellung". */
export const isOrderForm = (ctx: RuleContext): boolean =>
  [ctx.current, ctx.original].some((text) =>
    /^(?:(?:local\s+)?purchase\s+order|bon\s+de\s+commande|bestellung)\b/i.test(
      /^[\s#*>|]*([^\n]*)/.exec(text)?.[1] ?? '',
    ),
  );

/** A value the ranker must not override: a number stated as replacing the old one, or an order form's own number. */
export type RuledPo = Found<string> & { keep?: true };

/**
 * A purchase order's own number is its PO number: a document titled "Purchase Order" (after the lexicon also "Bon de
 * commande", "Bestellung") whose reference was read, and no other PO number stated.
 */
export function orderFormNumber(ctx: RuleContext, reference: Found<string> | null): RuledPo | null {
  if (!reference || !isOrderForm(ctx)) return null;
  return { value: reference.value, start: reference.start, end: reference.end, confidence: 0.7, keep: true };
}

/**
 * The purchase order number invoices must quote, as written ("PO No. BH-PO-77812", "purchase order number
 * 4500123987", "Purchase Order PO-77812"); a separate "PO" label ("PO #: 4500", "Purchase Order PO 4500") is not part of it.
 */
export function findPoNumber(ctx: RuleContext): RuledPo | null {
  for (const m of matches(ctx, PO)) {
    const id = m[1] ?? '';
    if (!/\d/.test(id) || /^P\.?O\.?\s*Box/i.test(m[0])) continue;
    // A replaced number: "PO: A -> B", "Purchase Order No. A is replaced by B", "Bestellnummer A wird ersetzt durch B".
    const next = REPLACED_BY.exec(ctx.current.slice(m.index + m[0].length, m.index + m[0].length + 80));
    if (next?.[1] && /\d/.test(next[1]))
      return { value: next[1], start: m.index, end: m.index + m[0].length + next[0].length, keep: true };
    // The number in a before/after row's old cell ("County purchase order | PO-1 | PO-2"): the row's next number.
    const at = m.index + m[0].length - id.length;
    if (ctx.supersededSpans.some((x) => x.start <= at && at < x.end)) {
      const line = ctx.current.slice(m.index + m[0].length, ctx.current.indexOf('\n', m.index + m[0].length) >>> 0);
      const after = /^[^|\t]*[|\t]\s*([A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9])(?![\w/-])/u.exec(line);
      if (after?.[1] && /\d/.test(after[1]))
        return { value: after[1], start: m.index, end: m.index + m[0].length + after[0].length, keep: true };
    }
    return { value: id, start: m.index, end: m.index + m[0].length };
  }
  // The number before its label: "2026-PO-00731 is the purchase order number", "4501877620 (Bestellnummer des Auftraggebers …)".
  for (const m of matches(ctx, PO_AFTER)) {
    const id = m[1] ?? m[2] ?? '';
    if (/\d/.test(id)) return { value: id, start: m.index, end: m.index + m[0].length, confidence: 0.7 };
  }
  // The label and the number apart by a few words: "our order number 4711-X", "purchase order reference for this
  // schedule is NHC/PO/1", "référence de commande du Client, BC-1". Less sure than a label right before the number.
  for (const m of matches(ctx, PO_LOOSE)) {
    const id = m[1] ?? '';
    if (!/\d/.test(id) || /^(?:19|20)\d\d$/.test(id)) continue;
    return { value: id, start: m.index, end: m.index + m[0].length, confidence: 0.6 };
  }
  return null;
}

const REPLACED_BY =
  /^\s*(?:->|=>|→|⇒|is\s+(?:replaced|superseded)\s+by|is\s+changed\s+to|becomes|wird\s+(?:ersetzt\s+durch|geändert\s+(?:in|auf))|est\s+remplacée?\s+par|devient)\s+(?:(?:the\s+)?(?:new\s+)?(?:number\s+|PO\s*[#:]?\s*))?([A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9])(?![\w/-])/u;

/**
 * An order label (maybe with its abbreviation: "Local Purchase Order (LPO) number") and a few words before the number. A bare "Order No." or "Order reference" is the document's own
 * number (an order form's); only someone's order ("our order number", "the Customer's order reference") is a PO.
 */
const PO_LOOSE =
  /(?:\b[Pp]urchase\s+[Oo]rder|\bPO\b|\b[Qq]uot(?:e|ing)\s+(?:the\s+|our\s+|your\s+|its\s+)?order\s+(?:[Nn]umber|[Nn]o\.|[Rr]ef(?:erence)?)|\b(?:[Oo]ur|[Yy]our|[Tt]heir|[Cc]ustomer['’]?s?|[Cc]lient['’]?s?|[Bb]uyer['’]?s?|\p{Lu}\p{L}+['’]s)\s+order\s+(?:[Nn]umber|[Nn]o\.|[Rr]ef(?:erence)?))(?:\s*\(\p{Lu}{2,6}\))?(?:\s+(?:[Nn]umber|[Nn]o\.|[Rr]ef(?:erence)?))?(?:\s+(?!\d)[\p{L}'’]+){0,6}?\s*(?:[:,]|\bis\b)?\s*((?:(?!PO\b|NO\b|NR\b)[A-Z]{2,4}\s(?=\d))?[A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9])(?![\w/-])/gu;

const PO_AFTER =
  /(?<![\w/-])([A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9])\s*(?:\(\s*(?:the\s+)?(?:[A-Z][a-z]+\s+)?(?:[A-Z][a-z]+['’]?s?\s+)?|is\s+(?:the|our|your)\s+|,\s*)(?:[Pp]urchase\s+[Oo]rder|PO)\b|(?<=^[ \t]*\|?[ \t]*)([A-Z0-9][A-Z0-9/-]{3,}[A-Z0-9])(?:[ \t]*\||\t)[ \t]*(?:(?:[\p{L}'’]+[ \t]+){0,2}(?:[Pp]urchase[ \t]+[Oo]rder|P\.?O\.?)(?:[ \t]+(?:[Nn]umber|[Nn]o\.?|#))?|(?:[\p{L}'’]+[ \t]+){1,2}[Oo]rder[ \t]+(?:[Nn]umber|[Nn]o\.?|[Rr]ef(?:erence)?))[ \t]*(?:\||$)/gmu;

const PCT = `(?:(?:${COUNT}(?:\\s+and\\s+(?:one-|a\\s+)?(?:half|quarter))?)\\s+percent\\s*\\(\\s*(\\d{1,2}(?:[.,]\\d+)?)\\s?%\\s*\\)|(\\d{1,2}(?:[.,]\\d+)?)\\s?(?:%|percent))`;
const LATE = new RegExp(
  `${PCT}\\s*(?:per|a|each|every|\\/)\\s*(month|annum|year|yr)\\b|${PCT}\\s+(monthly|annually|per\\s+annum)\\b|\\b(monthly|per\\s+annum|annual|yearly|jährlich(?:e[nr]?)?|monatlich(?:e[nr]?)?)\\s+(?:(?:interest|late)\\s+)?(?:rate\\s+)?(?:of|de|von|in\\s+Höhe\\s+von)?\\s*${PCT}`,
  'gi',
);
// "Tout retard de paiement entraîne des pénalités …", "bei Zahlungsverzug": a delay in French and German too.
const LATE_CONTEXT =
  /\b(?:late|overdue|past\s+due|not\s+paid\s+when\s+due|unpaid|delay\w*\s+payment|interest)\b|(?<![\p{L}])(?:retards?|(?:Zahlungs)?verzug|verzugszins\p{L}*)(?![\p{L}])/iu;
const VARIABLE_RATE =
  /^\s*(?:(?:above|over|plus)\s+(?:the\s+)?(?:base|prime|reference|statutory|ECB|Bank\s+of\s+England|SOFR|EURIBOR|LIBOR)|über\s+dem\s+(?:jeweiligen\s+)?(?:Basis|Referenz|Leit)zins|au-dessus\s+du\s+taux|(?:en\s+sus\s+du|de\s+plus\s+que\s+le)\s+taux)/iu;

/** Interest or a fee on overdue amounts as a fixed percent per month or year; a rate over a base rate is not fixed. */
export function findLateFee(ctx: RuleContext): Found<{ percent: number; period: 'month' | 'year' }> | null {
  for (const m of matches(ctx, LATE)) {
    const s = sentenceAt(ctx, m.index);
    if (!LATE_CONTEXT.test(ctx.current.slice(s.start, s.end))) continue;
    if (VARIABLE_RATE.test(ctx.current.slice(m.index + m[0].length, m.index + m[0].length + 60))) continue;
    // A rate changed from one value to another is the new one: "reduced from 1.5% per month to 1.25% per month",
    // "est ramené de 12 % l'an à 8 % l'an", "actuellement de 1,5 % par mois, est réduit à 1 % par mois".
    const next = changedTo(ctx, m, s.end);
    const found = next ?? m;
    const pct = parseNumber(found[1] ?? found[2] ?? found[4] ?? found[5] ?? found[8] ?? found[9] ?? '');
    const per = (found[3] ?? found[6] ?? found[7] ?? '').toLowerCase();
    if (pct === null) continue;
    return {
      value: { percent: pct, period: /month|monat/.test(per) ? 'month' : 'year' },
      start: m.index,
      end: found.index + found[0].length,
    };
  }
  return null;
}

/** Words between an old rate and its new one: "to", "à", "auf", "is reduced to", "est réduit à", "wird auf … gesenkt". */
const TO_NEW_RATE =
  /^\s*(?:,\s*)?(?:(?:is|are|will\s+be|shall\s+be|est|sont|sera|wird|werden)\s+)?(?:(?:now\s+)?(?:reduced|increased|raised|lowered|changed|amended|revised|réduite?|ramenée?|portée?|abaissée?|augmentée?|relevée?|modifiée?|fixée?|gesenkt|erhöht|herabgesetzt|angehoben|geändert)\s+)?(?:to|à|auf)\s*$/iu;

/** The late rate a sentence changes the matched one to, when the words between them say so; else null. */
function changedTo(ctx: RuleContext, m: RegExpExecArray, sentenceEnd: number): RegExpExecArray | null {
  const end = m.index + m[0].length;
  const re = new RegExp(LATE.source, 'giu');
  re.lastIndex = end;
  const n = re.exec(ctx.current);
  if (!n || n.index + n[0].length > sentenceEnd) return null;
  return TO_NEW_RATE.test(ctx.current.slice(end, n.index)) ? n : null;
}

// Tax names: written out in English, German (rewritten to VAT by the lexicon) and French, and the abbreviations, read
// case-sensitively ("GET" is Hawaii's general excise tax, "get" a verb).
const TAX =
  "(?:VAT|value[- ]added\\s+tax|GST|HST|QST|(?:general\\s+)?sales(?:\\s+and\\s+use)?\\s+tax|(?:general\\s+)?consumption\\s+tax|(?:general\\s+)?excise\\s+tax|goods\\s+tax|MwSt\\.?|USt\\.?|TVA|IVA|goods\\s+and\\s+services\\s+tax|taxe\\s+sur\\s+(?:la\\s+valeur\\s+ajoutée|le\\s+chiffre\\s+d['’]affaires)|taxe\\s+générale\\s+sur\\s+la\\s+consommation)";
const TAX_ABBR = '(?:IVU|GCT|GET|TCA|TGC|VAGST|MVA|ITBIS|ITBMS|IGV|KDV)';
// The gap may cross a line break: PDF text wraps a sentence ("… which is added at\n20%"); the match must stay in one
// sentence. A dot leader ("TVA ........ 20 %") is a gap too.
const GAP = '(?:[^.;\\n]|\\.{3,}|\\n(?!\\n)){0,80}?';
const RATE = '(\\d{1,2}(?:[.,]\\d{1,3})?)\\s?%';
const taxRate = (names: string, flags: string): RegExp =>
  new RegExp(`\\b${names}\\b${GAP}${RATE}|${RATE}\\s+(?:${names})\\b`, flags);
const TAX_RATES = [taxRate(TAX, 'gi'), taxRate(TAX_ABBR, 'g')];
/** Reverse charge: the customer accounts for the tax, the invoice states none (0 %). */
const REVERSE_CHARGE =
  /\breverse[- ]charge|\bautoliquidation\b|\bauto-liquidation\b|\bSteuerschuldnerschaft\s+des\s+Leistungsempfängers\b|\bself-account\b|\binversione\s+contabile\b|\binversión\s+del\s+sujeto\s+pasivo\b/i;
const NOT_APPLYING =
  /\b(?:does|do|shall|will)\s+not\s+apply\b|\bnot\s+applicable\b|\bfindet\s+keine\b|\bnicht\s+anwendbar\b|\bne\s+s['’]applique\s+pas\b|\bn['’]est\s+pas\s+applicable\b/i;

/**
 * The VAT/GST/sales or consumption tax rate stated in the document; 0 where the reverse-charge mechanism applies (the
 * customer self-accounts), whatever rate the sentence names.
 */
export function findTaxRate(ctx: RuleContext): Found<number> | null {
  for (const s of ctx.sentences) {
    const sentence = ctx.current.slice(s.start, s.end);
    const m = REVERSE_CHARGE.exec(sentence);
    if (m && !NOT_APPLYING.test(sentence))
      return { value: 0, start: s.start + m.index, end: s.start + m.index + m[0].length };
  }
  let best: Found<number> | null = null;
  for (const source of TAX_RATES) {
    const re = new RegExp(source.source, source.flags);
    for (let m = re.exec(ctx.current); m; m = re.exec(ctx.current)) {
      if (best && m.index >= best.start) break;
      const s = sentenceAt(ctx, m.index);
      if (s.end < m.index + m[0].length) {
        re.lastIndex = m.index + 1; // a later tax mention in the skipped text may state the rate
        continue;
      }
      if (/\bwithholding\b/i.test(ctx.current.slice(s.start, s.end))) continue;
      const pct = parseNumber(m[1] ?? m[2] ?? '');
      if (pct !== null && pct > 0 && pct < 40) {
        best = { value: pct, start: m.index, end: m.index + m[0].length };
        break;
      }
    }
  }
  return best ?? namedTaxRate(ctx);
}

/**
 * A tax the name lists do not know, read by meaning: a tax word in English, German or French ("impôt général
 * indirect (IGI)", "taxe sur la consommation (TC)", "Dienstleistungssteuer") and a rate in the same sentence, which
 * adds the tax to the amounts; not a tax on income, withholding or stamp duty, nor a late-payment rate.
 */
const TAX_WORD = /(?<![\p{L}])(?:tax|taxes|taxe|taxes|impôts?|\p{L}*steuer)(?![\p{L}])/giu;
const NOT_SALES_TAX =
  /(?<![\p{L}])(?:withholding|income|stamp|retenue|revenus?|timbre|quellen\p{L}*|einkommen\p{L}*|körperschaft\p{L}*|late|interest|pénalités?|retard|verzug\p{L}*|penalt\p{L}*)(?![\p{L}])/iu;
const ADDED =
  /(?<![\p{L}])(?:added|plus|in\s+addition|on\s+top|s['’]ajoute\p{L}*|ajoutée?s?|en\s+sus|majorée?s?|au\s+taux|zuzüglich|zzgl|hinzu\p{L}*|applies|applicable|charged|factur\p{L}*|invoiced|at\s+(?:the\s+)?rate)(?![\p{L}])/iu;
function namedTaxRate(ctx: RuleContext): Found<number> | null {
  for (const m of matches(ctx, TAX_WORD)) {
    const s = sentenceAt(ctx, m.index);
    const sentence = ctx.current.slice(s.start, s.end);
    if (NOT_SALES_TAX.test(sentence) || !ADDED.test(sentence)) continue;
    const r = new RegExp(`^${GAP}${RATE}`, 'u').exec(ctx.current.slice(m.index + m[0].length, s.end));
    const pct = r ? parseNumber(r[1] ?? '') : null;
    if (r && pct !== null && pct > 0 && pct < 40)
      return { value: pct, start: m.index, end: m.index + m[0].length + r[0].length, confidence: 0.7 };
  }
  return null;
}
