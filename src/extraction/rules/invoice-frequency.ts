import type { BillingModel, InvoiceFrequency } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { matches } from './context.ts';

const INVOICE = '(?:invoic\\w*|bill(?:s|ed|ing)?)';
const RULES: [InvoiceFrequency | 'arrears' | 'month_start', RegExp][] = [
  [
    'other',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,60}?\\b(?:twice\\s+(?:a|per|each)\\s+month|semi-?monthly|bi-?weekly|weekly|every\\s+(?:two|2)\\s+weeks|every\\s+(?:other|second)\\s+week|every\\s+fortnight|fortnightly|on\\s+the\\s+\\d{1,2}(?:st|nd|rd|th)?\\s+and\\s+(?:the\\s+)?(?:last|\\d{1,2}(?:st|nd|rd|th)?)\\s+day\\s+of\\s+(?:each|every|the)\\s+month)\\b`,
      'gi',
    ),
  ],
  [
    'in_advance_monthly',
    new RegExp(
      `\\b${INVOICE}\\b[^.;\\n]{0,40}?\\bmonthly\\s+in\\s+advance\\b|\\bmonthly\\s+in\\s+advance\\b|\\b${INVOICE}\\b[^.;]{0,40}?\\bin\\s+advance\\s+(?:on|at)\\s+the\\s+(?:first|beginning|start)\\b[^.;]{0,30}\\bmonth|\\b${INVOICE}\\b[^.;]{0,40}?\\bin\\s+advance\\b[^.;]{0,30}?\\bmonth`,
      'gi',
    ),
  ],
  // Invoiced at the start of each month: in advance for a recurring fee, for the month before for hours worked.
  [
    'month_start',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,60}?\\b(?:on|at)\\s+the\\s+(?:start|beginning|first(?:\\s+(?:business|working|calendar))?\\s+day)\\s+of\\s+(?:each|every|the)\\s+(?:calendar\\s+)?month\\b`,
      'gi',
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
  [
    'quarterly',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,60}?\\b(?:quarterly|(?:each|every|per|a)\\s+(?:calendar\\s+)?quarter)\\b|\\bquarterly\\s+invoices?\\b`,
      'gi',
    ),
  ],
  // German puts the verb last: "wird vierteljährlich im Voraus in Rechnung gestellt", "stellt nach Ablauf jedes
  // Kalenderquartals Rechnung" (read as "per quarter in advance invoiced", "at the end of each calendar quarter invoice").
  [
    'quarterly',
    new RegExp(
      `\\b(?:quarterly|per\\s+(?:calendar\\s+)?quarter|(?:at\\s+the\\s+end\\s+of\\s+)?(?:each|every)\\s+(?:calendar\\s+)?quarter)(?:\\s+in\\s+(?:advance|arrears))?\\s+(?:\\p{L}+\\s+){0,2}?${INVOICE}\\b`,
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
  [
    'on_completion',
    new RegExp(
      `\\b${INVOICE}\\b[^.;]{0,30}?\\b(?:upon|on|after)\\s+(?:final\\s+)?completion\\s+of\\s+the\\s+(?:services|project|work)\\b|\\bupon\\s+completion\\b[^.;]{0,60}?\\b${INVOICE}\\b|\\b${INVOICE}\\b[^.;]{0,30}?\\bupon\\s+completion\\b|\\b${INVOICE}\\s+(?:the\\s+)?(?:full|entire|whole|total)\\s+(?:fixed\\s+)?(?:price|fee|amount)\\b[^.;]{0,30}?\\b(?:once|when|upon|after|on)\\b[^.;]{0,80}?\\b(?:delivered|accepted|completed|completion|acceptance)\\b`,
      'gi',
    ),
  ],
];

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
    const m = found.has(freq) ? null : matches(ctx, re).next().value;
    if (m) {
      const value = freq === 'arrears' || freq === 'month_start' ? 'monthly' : freq;
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
  const rest = found.get('quarterly') ?? found.get('milestone') ?? found.get('on_completion');
  if (rest) return rest;
  if (milestoneEvidence && model === 'milestone')
    return { value: 'milestone', start: milestoneEvidence.start, end: milestoneEvidence.end };
  return null;
}
