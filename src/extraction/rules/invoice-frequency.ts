import type { BillingModel, InvoiceFrequency } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { matches } from './context.ts';

/** An invoice, also a professional's "fee note". */
const INVOICE = '(?:invoic\\w*|bill(?:s|ed|ing)?|fee\\s+notes?)';
const RULES: [InvoiceFrequency | 'arrears' | 'month_start' | 'yearly', RegExp][] = [
  [
    'other',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,60}?\\b(?:twice\\s+(?:a|per|each)\\s+month|semi-?monthly|bi-?weekly|weekly|every\\s+(?:two|2|four|4)\\s+weeks|every\\s+(?:other|second)\\s+(?:week|Monday|Tuesday|Wednesday|Thursday|Friday)|every\\s+fortnight|fortnightly|aux\\s+deux\\s+semaines|toutes\\s+les\\s+deux\\s+semaines|alle\\s+(?:zwei|2|vier|4)\\s+Wochen|on\\s+the\\s+\\d{1,2}(?:st|nd|rd|th)?\\s+and\\s+(?:the\\s+)?(?:last|\\d{1,2}(?:st|nd|rd|th)?)\\s+day\\s+of\\s+(?:each|every|the)\\s+month)\\b`,
      'gi',
    ),
  ],
  // German and French put the verb last: "wird jährlich im Voraus in Rechnung gestellt" (read as "… invoiced"), also
  // with words between ("jährlich im Voraus zu Beginn jedes Vertragsjahres in Rechnung gestellt"), and a yearly fee is
  // invoiced "once": "invoice the annual fee once, in advance"; half-yearly invoicing in three languages ("invoiced in
  // two half-yearly instalments", "facturée par semestre", "halbjährlich").
  [
    'yearly',
    new RegExp(
      `\\b(?:jährlich|halbjährlich|per\\s+annum|annually|yearly)\\s+(?:in\\s+(?:advance|arrears),?\\s+)?(?:(?!monthly|quarterly|per\\s+(?:month|quarter|calendar|hour|day))[\\p{L}\\d.]+,?\\s+){0,8}?${INVOICE}\\b|\\b${INVOICE}\\b[^.;]{0,40}?(?<![\\p{L}])(?:half-?yearly|semi-?annual(?:ly)?|six-?monthly|every\\s+six\\s+months|par\\s+semestre|semestriel\\p{L}*|halbjährlich|pro\\s+Halbjahr|per\\s+(?:half-?year|semester))(?![\\p{L}])|\\b${INVOICE}\\s+the\\s+annual\\s+(?:fee|charge|subscription|licen[cs]e\\s+fee)\\s+once\\b|\\b${INVOICE}\\s+(?:once,?\\s+)?(?:annually|yearly|once\\s+a\\s+year|(?:each|every)\\s+year|per\\s+annum|semi-?annually|half-?yearly)\\b`,
      'giu',
    ),
  ],
  [
    'in_advance_monthly',
    new RegExp(
      `\\b${INVOICE}\\b[^.;\\n]{0,40}?\\bmonthly,?\\s+in\\s+advance\\b|\\bmonthly,?\\s+in\\s+advance\\b|\\b${INVOICE}\\b[^.;]{0,40}?\\bin\\s+advance\\s+(?:on|at)\\s+the\\s+(?:first|beginning|start)\\b[^.;]{0,30}\\bmonth|\\b${INVOICE}\\b[^.;]{0,40}?\\bin\\s+advance\\b[^.;]{0,30}?\\bmonth|\\b${INVOICE}\\b[^.;]{0,60}?\\bmonth\\b[^.;]{0,20}?\\bfor\\s+the\\s+(?:month\\s+ahead|(?:coming|upcoming|following|next)\\s+month)\\b`,
      'gi',
    ),
  ],
  // Invoiced at the start of each month: in advance for a recurring fee, for the month before for hours worked.
  [
    'month_start',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,60}?\\b(?:on|at)\\s+the\\s+(?:start|beginning|first(?:\\s+(?:business|working|calendar))?\\s+day|1st(?:\\s+(?:business|working|calendar))?(?:\\s+day)?)\\s+of\\s+(?:each|every|the)\\s+(?:calendar\\s+)?month\\b`,
      'gi',
    ),
  ],
  [
    'month_start',
    new RegExp(
      `\\b(?:(?:on|at)\\s+the\\s+(?:start|beginning|first(?:\\s+(?:business|working|calendar))?\\s+day)\\s+of\\s+(?:each|every|the)\\s+(?:calendar\\s+)?month|(?:zum|am)\\s+Monats(?:anfang|beginn)|au\\s+début\\s+de\\s+chaque\\s+mois)\\s+(?:in\\s+advance\\s+)?${INVOICE}\\b`,
      'giu',
    ),
  ],
  // "Monthly in arrears" names an invoicing cadence wherever it stands ("Invoicing. Monthly, in arrears").
  [
    'arrears',
    new RegExp(
      `\\b${INVOICE}\\b[^.;\\n]{0,40}?\\bmonthly\\s+in\\s+arrears\\b|\\bmonthly,?\\s+in\\s+arrears\\b|\\b${INVOICE}\\s*[.:]\\s*\\**\\s*monthly\\b`,
      'gi',
    ),
  ],
  [
    'monthly',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,60}?\\b(?:monthly|(?:each|every|per|a)\\s+(?:calendar\\s+)?month)\\b|\\bmonthly\\s+invoices?\\b|\\bon\\s+a\\s+monthly\\s+basis\\b[^.;]{0,80}?\\binvoice|\\bone\\s+invoice\\s+per\\s+month\\b`,
      'gi',
    ),
  ],
  // "stellt monatlich Rechnung", "werden jeweils Ende Monat gemeinsam in Rechnung gestellt", "établit en fin de mois une
  // facture", "rechnet monatlich im Nachhinein ab" (read as "per month invoice", "Ende Monat … invoiced" …).
  [
    'monthly',
    new RegExp(
      `\\b(?:monthly|per\\s+month)\\s+(?:(?:an?|one|eine)\\s+)?invoices?\\b|\\b(?:monthly|per\\s+month|(?:jeweils\\s+)?(?:am\\s+)?Ende\\s+(?:des\\s+|jedes\\s+)?Monats?|Monatsende)\\s+(?:(?!quarterly|annually|yearly|per\\b)\\p{L}+\\s+){0,6}?${INVOICE}\\b|\\ben\\s+fin\\s+de\\s+(?:chaque\\s+)?mois\\s+(?:une\\s+)?invoice|\\bend\\s+of\\s+(?:each|every)\\s+month,?\\s+invoice\\b|\\b(?:monthly|per\\s+month)\\s+(?:im\\s+Nachhinein|nachträglich)\\b`,
      'giu',
    ),
  ],
  // German bills with the separable "rechnet … ab": "rechnet jeweils zum Monatsende ab", "rechnet nach Ablauf jedes
  // Monats ab", "rechnet kalendermonatlich nachträglich ab".
  [
    'monthly',
    new RegExp(
      `\\b(?:rechnet|rechnen)\\s+(?:\\p{L}+\\s+){0,3}?(?:(?:kalender)?monatlich|monthly|per\\s+(?:calendar\\s+)?month|(?:zum|am)\\s+(?:Monatsende|Ende\\s+(?:des|jedes)\\s+Monats)|nach\\s+Ablauf\\s+(?:jedes|eines|des)\\s+(?:Kalender)?[Mm]onats)(?![\\p{L}])[^.;]{0,60}?(?<![\\p{L}])ab(?![\\p{L}])`,
      'giu',
    ),
  ],
  [
    'quarterly',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,60}?\\b(?:quarterly|(?:each|every|per|a)\\s+(?:calendar\\s+)?quarter)\\b|\\bquarterly\\s+invoices?\\b|\\bquarterly,?\\s+in\\s+(?:advance|arrears)\\b`,
      'gi',
    ),
  ],
  // German puts the verb last: "wird vierteljährlich im Voraus in Rechnung gestellt", "stellt nach Ablauf jedes
  // Kalenderquartals Rechnung" (read as "per quarter in advance invoiced", "at the end of each calendar quarter invoice").
  [
    'quarterly',
    new RegExp(
      `\\b(?:quarterly|per\\s+(?:calendar\\s+)?quarter|(?:at\\s+the\\s+end\\s+of\\s+)?(?:each|every)\\s+(?:calendar\\s+)?quarter)(?:\\s+in\\s+(?:advance|arrears))?\\s+(?:\\p{L}+\\s+){0,6}?${INVOICE}\\b|\\b(?:Quartals(?:beginn|anfang|ende)|(?:au\\s+)?début\\s+de\\s+(?:chaque\\s+)?(?:trimestre|quarterly))\\s+(?:in\\s+advance\\s+)?${INVOICE}\\b|\\bpayable\\s+(?:in\\s+advance\\s+)?(?:au\\s+début\\s+de\\s+)?(?:quarterly|(?:each|every|per)\\s+(?:calendar\\s+)?quarter)\\b`,
      'giu',
    ),
  ],
  [
    'milestone',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,60}?\\b(?:upon|on|after)\\s+(?:the\\s+)?(?:written\\s+)?(?:completion|acceptance|achievement)\\b[^.;]{0,40}?\\bmilestones?\\b|\\bmilestones?\\s+(?:is|are|will\\s+be|shall\\s+be)\\s+invoiced\\b|\\bmilestones?\\s+(?:\\w+\\s+)?(?:is|are|will\\s+be|shall\\s+be)\\s+invoiced\\s+(?:when|once|upon|on|after)\\b|\\b${INVOICE}\\b[^.;]{0,20}?\\b(?:according\\s+to|in\\s+line\\s+with|as\\s+per|following)\\s+(?:the\\s+)?(?:following\\s+)?(?:payment\\s+schedule|milestone\\s+schedule|milestones)\\b`,
      'gi',
    ),
  ],
  // Each instalment or milestone is invoiced when it falls due: "Jede Rate wird nach der jeweiligen Abnahme in Rechnung
  // gestellt", "Chaque jalon est facturé après sa validation", "Milestone invoices are issued on acceptance",
  // "facturé selon l'échéancier suivant".
  [
    'milestone',
    new RegExp(
      `\\b(?:each|every|jede|eine|die|chaque|les|the)\\s+(?:Rate|Raten|Teilzahlung(?:en)?|Teilbeträge|Meilensteine?|jalons?|tranches?|échéances?|milestones?|instal(?:l)?ments?)\\b[^.;]{0,80}?\\b(?:${INVOICE}|donne\\s+lieu\\s+à\\s+une\\s+invoice)\\b|\\bmilestone\\s+invoices?\\b|\\b${INVOICE}\\s+(?:selon|suivant)\\s+l['’]échéancier\\b|\\b(?:gemäss|gemäß|nach)\\s+(?:dem\\s+)?Zahlungsplan\\s+(?:\\p{L}+\\s+){0,3}?${INVOICE}\\b`,
      'giu',
    ),
  ],
  [
    'on_completion',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,30}?\\b(?:upon|on|after)\\s+(?:final\\s+)?completion\\s+of\\s+the\\s+(?:services|project|work)\\b|\\bupon\\s+completion\\b[^.;]{0,60}?\\b${INVOICE}\\b|\\b${INVOICE}\\b[^.;]{0,30}?\\bupon\\s+completion\\b|\\b${INVOICE}\\s+(?:the\\s+)?(?:full|entire|whole|total)\\s+(?:fixed\\s+)?(?:price|fee|amount)\\b[^.;]{0,30}?\\b(?:once|when|upon|after|on)\\b[^.;]{0,80}?\\b(?:delivered|accepted|completed|completion|acceptance)\\b`,
      'gi',
    ),
  ],
  // The whole price at once, when the work is delivered: "invoiced in full when we deliver the final report", "one
  // invoice for the full price after … accepted", "payable en une seule fois, après la réception de l'ouvrage".
  [
    'on_completion',
    new RegExp(
      `\\b(?:${INVOICE}|payable)\\b[^.;]{0,20}?\\b(?:in\\s+full|in\\s+(?:a\\s+)?(?:single|one)\\s+(?:installment|instalment|payment|amount|sum)|en\\s+une\\s+(?:seule\\s+)?fois|in\\s+einer\\s+Summe|for\\s+the\\s+(?:full|entire|whole|total)\\s+(?:fixed\\s+)?(?:price|fee|amount))[^.;]{0,40}?\\b(?:upon|on|when|after|once|après|nach)\\b[^.;]{0,60}?(?:accept|deliver|complet|réception|Abnahme|livraison)|\\bpayable\\s+(?:on|upon)\\s+(?:delivery|completion|acceptance)\\s+of\\s+the\\s+final\\s+(?:report|deliverable|work)\\b`,
      'giu',
    ),
  ],
];

/** A minimum stated per period ("minimum de facturation mensuel", "Mindestrechnungsbetrag") is no invoicing cadence. */
const MINIMUM_BEFORE = /\b(?:minimum|minimal|Mindest\p{L}*)\b[^.;\n]{0,25}$/iu;
/** A minimum between the invoicing word and its period: "invoiced minimale monthly" (facturation minimale mensuelle). */
const MINIMUM_IN = /(?<![\p{L}])(?:minimum|minimale?s?|Mindest\p{L}*)(?![\p{L}])/iu;
/** The first match of a cadence pattern that is not a minimum's period. */
function cadence(ctx: RuleContext, re: RegExp): RegExpExecArray | undefined {
  for (const m of matches(ctx, re))
    if (!MINIMUM_BEFORE.test(ctx.current.slice(Math.max(0, m.index - 40), m.index)) && !MINIMUM_IN.test(m[0])) return m;
  return undefined;
}

/**
 * How often invoices go out. "Monthly in advance" is the cadence when the recurring charge is the
 * main charge (retainer, fixed fee); when arrears billing runs beside it in a blended document the
 * cadence is plain monthly. An invoice at the start of each month is in advance unless the document
 * bills hours or usage, which are invoiced for the month before. A milestone schedule with no other
 * cadence is invoiced by milestone.
 */
export function findInvoiceFrequency(
  ctx: RuleContext,
  model: BillingModel | null,
  milestoneEvidence: Found<unknown> | null,
): Found<InvoiceFrequency> | null {
  const found = new Map<string, Found<InvoiceFrequency>>();
  for (const [freq, re] of RULES) {
    const m = found.has(freq) ? null : cadence(ctx, re);
    if (m) {
      const value = freq === 'arrears' || freq === 'month_start' ? 'monthly' : freq === 'yearly' ? 'other' : freq;
      found.set(freq, { value, start: m.index, end: m.index + m[0].length });
    }
  }
  const other = found.get('other');
  if (other) return other;
  const start = found.get('month_start');
  const advance =
    found.get('in_advance_monthly') ??
    (start && model !== 'time_and_materials' && model !== 'usage'
      ? { ...start, value: 'in_advance_monthly' as const }
      : undefined);
  if (advance && (model === 'retainer' || model === 'fixed_fee' || !found.has('arrears'))) return advance;
  const monthly = found.get('arrears') ?? found.get('monthly') ?? start;
  if (monthly) return { ...monthly, value: 'monthly' };
  if (advance) return { ...advance, value: 'monthly' };
  const rest = found.get('quarterly') ?? found.get('milestone') ?? found.get('on_completion') ?? found.get('yearly');
  if (rest) return rest;
  if (milestoneEvidence && model === 'milestone')
    return { value: 'milestone', start: milestoneEvidence.start, end: milestoneEvidence.end };
  return null;
}
