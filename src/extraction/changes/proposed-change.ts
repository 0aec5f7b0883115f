import { buildContext, quoteOf, type RuleContext } from '../rules/context.ts';
import { findDates, parseDate } from '../rules/dates.ts';
import type { Span } from '../evidence/instruction-spans.ts';
import { findMoney } from '../rules/money.ts';
import { COUNT, formatAmount, parseCount, parseNumber } from '../rules/numbers.ts';
import { isKnownCurrency, minorUnits } from '../../shared/currency.ts';
import type { SowTerms } from '../sow-terms.ts';
import type { DocumentText } from '../text/document-text.ts';
import { fieldOf, type Kind } from './change-field.ts';
import { MILESTONE_WORDS } from './change-milestones.ts';
import { addedScheduleRows, changeRowAt, poChangeIn } from './change-rows.ts';
import {
  changeStart,
  laterStarts,
  OWN_EFFECTIVE,
  OWN_EFFECTIVE_AFTER,
  OWN_EFFECTIVE_LEAD,
  OWN_EFFECTIVE_TAIL,
} from './change-start.ts';
import { addRowChanges } from './row-changes.ts';
import { leadRateChanges } from './change-leads.ts';
import { bareCounts, FROM_BEFORE, originalKey, TO_BEFORE, type Value, valuesIn, wasSpans } from './change-values.ts';
import { finalAcceptance } from './final-acceptance.ts';
import { pairClauses, rewordedSpans, sentenceUnits } from './change-units.ts';
import { joinOldAndNew, oldSides } from './old-sides.ts';
import { ARROW_BETWEEN, insteadThen } from './value-order.ts';

export { rewordedSpans } from './change-units.ts';

/**
 * A change an amendment or change order proposes to the contract. It is a proposal only: applying
 * it to a contract is a separate, approved write (policy decides who may), never a side effect of
 * reading the document.
 */
export interface ProposedContractChange {
  status: 'proposed';
  /**
   * The field that changes, from the change vocabulary (docs/extraction.md): rates (key role), endDate, effectiveDate,
   * caps.not_to_exceed, caps.expenses, caps.hours_per_period, recurringFee.amount, retainer.amount,
   * retainer.includedHours, retainer.rolloverHoursMax, retainer.overageRate, retainer.overageApprovalThresholdPercent,
   * minimumCommitment.amount, usageTiers (key the tier's label or range as written, from/to its unit price),
   * milestones.amount (key the milestone's name; from null for a new milestone), milestones.dueDate (key the name),
   * paymentTerms.netDays, lateFee.percent, taxRatePercent, poNumber.
   */
  field: string;
  /** Which item of a list field: the role of a rate, the label of a usage tier, the name of a milestone. */
  key: string | null;
  /** The value before the change as the document states it; null when the document does not say (a new role). */
  from: string | null;
  to: string;
  /** When the change takes effect: the document's effective date. */
  effectiveDate: string | null;
  quote: string;
  page: number | null;
}

const MONEY_FIELDS = new Set([
  'rates',
  'caps.not_to_exceed',
  'caps.expenses',
  'recurringFee.amount',
  'retainer.amount',
  'minimumCommitment.amount',
  'retainer.overageRate',
  'milestones.amount',
]);

/**
 * Change language in English and in the German and French words the lexicon leaves as written:
 * "increases", "replaced by", "wird … ersetzt", "erhöht", "verlängert", "passe de … à", "est remplacé par", "ajouté".
 */
const CHANGE_WORDS =
  /\b(?:from\b[\s\S]{0,80}?\bto|von\b[\s\S]{0,80}?\bauf|increase[sd]?|decrease[sd]?|becomes|in\s+(?:its|their)\s+place|carried\s+over|extend(?:s|ed)?|change[sd]?|amend(?:s|ed)?|replace[sd]?|supersede[sd]?|revise[sd]?|adjust(?:s|ed)?|raise[sd]?|reduce[sd]?|added|new)\b|\((?:was|previously|formerly)\b|^\s*previously\b|(?:ersetzt|geändert|erhöht|verringert|gesenkt|verlängert|angepasst|hinzugefügt|ergänzt|erweitert|neue[nrs]?|complétée?s?|supplemented|remplacée?s?|modifiée?s?|passe(?:nt)?\s+(?:ainsi\s+|donc\s+|désormais\s+)?de|portée?s?|prolongée?s?|ajoutée?s?|nouveau|nouvelle|angehoben|herabgesetzt|verschoben|verlegt|repoussée?s?|décalée?s?|reportée?s?|postponed|deferred|rescheduled|moved|reduziert|aufgenommen|zusätzlich|ramenée?s?|réduite?s?|augmentée?s?|relevée?s?|diminuée?s?|abaissée?s?|lowered|an\s+(?:seine|ihre|deren)\s+Stelle|à\s+(?:sa|leur)\s+place|statt\s+(?:am|dem)\s+\d)(?![\p{L}])|\s(?:->|→|⇒|➔|⟶)\s/iu;
/** "A is replaced by B", "A … durch B ersetzt", "A est remplacé par B": the old value first. */
const REPLACED_BY =
  /\b(?:replaced|superseded)\s+(?:in\s+full\s+|entirely\s+|in\s+its\s+entirety\s+)?(?:by|with)\b|\breplacing\b[^;\n]{0,80}?\bwith\b|\bdurch\b[\s\S]*\bersetzt\b|\bersetzt\s+durch\b|\bremplacée?s?\s+(?:\p{L}+\s+){0,2}?par\b/iu;
/** "The minimum of A (words) is increased to B", "… of A stands revised to B": the old value first. */
const OF_BEFORE = /\bof\s+\S{0,4}\s*$/i;
const RAISED_TO =
  /^(?:[^.;]|(?<=\d)\.(?=\d)){0,80}?\b(?:is|are|stands?)\s+(?:hereby\s+)?(?:increased|decreased|reduced|revised|raised|lowered|changed)\s+to\s+\S{0,4}\s*$/i;
/** Carry-over that ends: "Hours no longer roll over", "ne sont plus reportées", "werden nicht mehr übertragen". */
const NO_LONGER =
  /\bno\s+longer\b|\bne\s+(?:sont|seront)\s+plus\b|\bnicht\s+mehr\b|\bare\s+forfeited\b|\blapses?\b|\bare\s+lost\b|(?<![\p{L}])(?:verfallen|verfällt|sont\s+perdues)(?![\p{L}])/iu;
/** The old carry-over was none, said in a sentence of the past: "Bisher verfielen sie am Monatsende", "Previously, unused hours lapsed". */
const NONE_BEFORE =
  /(?<![\p{L}])(?:previously|formerly|until\s+now|bisher|bislang|auparavant|jusqu['’](?:ici|à\s+présent))(?![\p{L}])[^.\d]{0,60}?(?<![\p{L}])(?:verfielen|lapsed|were\s+forfeited|were\s+lost|could\s+not\s+be\s+carried|étaient\s+perdues|n['’]étaient\s+pas\s+reportées|konnten\s+nicht)(?![\p{L}])/iu;
/** A new end without the old one: "is extended to D", "wird bis D verlängert", "est prolongé jusqu'au D". */
const EXTENDED_TO =
  /\b(?:extended|postponed|moved|changed|carried\s+over|prolongée?|prorogée?|repoussée?|reportée?|décalée?|verlängert|verschoben)\s+(?:\S+\s+){0,3}?(?:to|until|bis(?:\s+zum)?|au|jusqu'au|ends\s+on)\s*$/iu;
/** The German order, the verb last: "Die Vertragsdauer … wird bis zum D verlängert" (by then "wird until D verlängert"). */
const EXTENDED_VERB_LAST = /\b(?:wird|werden)\s+(?:\S+\s+){0,2}?(?:until|to|bis(?:\s+zum)?|auf(?:\s+den)?)\s*$/iu;
/** An end stated right before its date: "… that the SOW terminates on D", "endet am D". */
const END_BEFORE = /(?:terminat\w*|ends?|expires?|endet|prend\s+fin\s+le)\s+(?:on\s+)?$/iu;
/** A sentence that only states the old wording: "Previously, …", "Bisher war …", "Auparavant, …", "Jusqu'ici, …". */
const OLD_SENTENCE =
  /^\s*(?:previously|formerly|bisher|vormals|auparavant|précédemment|jusqu['’](?:ici|à\s+présent))(?![\p{L}])/iu;

/** A sentence of its own stating the old value: "The fee limit was previously $240,000.00." */
const OLD_STATED = /^[^.;:\d|]{0,80}?\b(?:was|were)\s+(?:previously|formerly)\s+[^.;:]{0,30}\d[^a-z]*$/i;
/** The old value named as such: "The previous monthly fee was £2,000.00", "La redevance précédente s'élevait à A". */
const OLD_NAMED =
  /^\s*(?:the|die|der|das|le|la|l['’])\s*(?:[\p{L}-]+\s+){0,3}?(?:bisherige\p{L}*|previous|prior|former|précédente?|ancienne?)(?:\s+[\p{L}-]+){0,3}\s+(?:was|were|betrug|belief\s+sich\s+auf|s['’]élevait\s+à|était(?:\s+de)?)\s[^;:]{0,40}\d[^;:]*$/iu;
/** The old value withdrawn in a sentence of its own: "Die bisherige Begrenzung auf A entfällt", "The previous cap of A no longer applies". */
const OLD_WITHDRAWN =
  /^\s*(?:the|die|der|das|le|la)\s+(?:bisherige\w*|previous|prior|former|précédente?|ancienne?)\s[^;:]{0,60}?\d[^;:]{0,40}?(?:entfällt|entfallen|no\s+longer\s+applies|(?:is|are)\s+withdrawn|(?:est|sont)\s+supprimée?s?|ne\s+s['’]applique\s+plus)/iu;

/** An old value dropped in a sentence of its own, its successor in the next: "The ceiling of A is withdrawn." */
const OLD_DROPPED =
  /^\s*(?:the|die|der|das|le|la|l['’])\s[^;:]{0,60}?\d[^;:]{0,40}?(?:\b(?:is|are)\s+(?:hereby\s+)?(?:withdrawn|deleted|revoked|cancelled)\b|(?<![\p{L}])(?:entfällt|entfallen|wird\s+aufgehoben|(?:est|sont)\s+(?:supprimée?s?|retirée?s?|abrogée?s?))(?![\p{L}]))(?=[^\d]*$)/iu;
/** The sentence after names the new value as the old one's successor: "In its place, …", "An seine Stelle tritt …". */
const IN_ITS_PLACE =
  /\bin\s+(?:its|their)\s+place\b|\binstead\b|(?<![\p{L}])(?:an\s+(?:seine|ihre|deren)\s+Stelle|à\s+(?:sa|leur)\s+place|en\s+remplacement)(?![\p{L}])/iu;

/** A term the contract did not have before: "jusqu'ici aucun …", "previously no …", "bisher kein…". */
const ABSENT_BEFORE =
  /(?<![\p{L}])(?:previously|formerly|until\s+now|so\s+far|bisher|bislang|auparavant|jusqu['’](?:ici|à\s+présent))(?![\p{L}])[^.]{0,60}?(?<![\p{L}])(?:no|none|kein\w*|aucune?|pas\s+d['’e])(?![\p{L}])|(?<![\p{L}])(?:no|kein\w*|aucune?)(?![\p{L}])[^.]{0,60}?(?<![\p{L}])(?:previously|until\s+now|bisher|bislang|jusqu['’]ici)(?![\p{L}])/iu;

/** The current value of a field in the extracted terms, as a string. */
function currentValue(terms: SowTerms, field: string): string | null {
  switch (field) {
    case 'paymentTerms.netDays':
      return terms.paymentTerms.netDays === null ? null : String(terms.paymentTerms.netDays);
    case 'lateFee.percent':
      return terms.lateFee ? String(terms.lateFee.percent) : null;
    case 'endDate':
      return terms.endDate;
    case 'taxRatePercent':
      return terms.taxRatePercent === null ? null : String(terms.taxRatePercent);
    default:
      return null;
  }
}

/**
 * The changes an amendment or change order proposes: "increases from £950 to £1,025", "is
 * increased to $210 per hour (was $195 per hour)", "until December 31, 2026 (previously June 30,
 * 2026)", "Previously, invoices were payable within sixty (60) days", "a new role is added at …".
 * Each comes with the quote and page it was read from. Other documents propose nothing.
 */
export function findProposedChanges(doc: DocumentText, terms: SowTerms): ProposedContractChange[] {
  if (terms.documentType !== 'amendment' && terms.documentType !== 'change_order') return [];
  const ctx = buildContext(doc);
  // The start the document states for its changes as a whole, before the one the date rules chose for the document.
  const base = changeStart(ctx) ?? terms.effectiveDate;
  const out: ProposedContractChange[] = [];
  const digits = terms.currency && isKnownCurrency(terms.currency) ? minorUnits(terms.currency) : null;
  const money = (v: string | null): string | null => (v === null ? null : formatAmount(v, digits));
  const push = (
    field: { field: string; key: string | null },
    from: string | null,
    to: string | null,
    start: number,
    end: number,
    effectiveDate: string | null,
  ): void => {
    // A rate change that names no role cannot be told from the others.
    if (to === null || from === to || (field.field === 'rates' && field.key === null)) return;
    if (MONEY_FIELDS.has(field.field)) {
      from = money(from);
      to = money(to) ?? to;
      // An old amount of nothing is a figure a line break cut ("1 950\n000 FCFA" reads "000 FCFA"), not a value.
      if (from !== null && Number(from) === 0) return;
    }
    if (from === null && dropped.has(field.field)) {
      from = dropped.get(field.field) ?? null;
      dropped.delete(field.field);
      if (from !== null && MONEY_FIELDS.has(field.field)) from = money(from);
    }
    const same = out.find((c) => c.field === field.field && c.key === field.key && c.to === to);
    // A later sentence may state the old value of a change read before ("… replaced by: …" then "Previously, …").
    if (same && same.from === null && from !== null) same.from = from;
    if (same) return;
    const key = field.key === null ? null : originalKey(ctx, field.key, start, end);
    out.push({ status: 'proposed', field: field.field, key, from, to, effectiveDate, ...quoteOf(ctx, start, end) });
  };
  // A fee that includes hours is a retainer even where the document does not restate the retainer ("Heures comprises").
  // A bank or package of hours is a retainer too ("contrat d'assistance par banque d'heures", "Stundenpaket").
  const includesHours =
    /\b(?:includes?|included)\b[^.\n]{0,60}\bhours\b|(?:enthalten\w*|inbegriffen\w*)\s+(?:\p{L}*kontingent|hours)|\b(?:hours|heures)\s+(?:compris|inclus)|banque\s+d['’](?:heures|hours)|\b(?:bank|block|pool)\s+of\s+hours\b|\bhours?\s+(?:bank|pool)\b|stunden(?:paket|pool)|kontingent\s+(?:von|of|de)\s+\d+\s+hours/iu.test(
      ctx.text,
    );
  // Old values named by meaning ("it replaces the previous cap of A", "(bisheriges Vertragsende D)") are old too.
  const was = [...wasSpans(ctx.text), ...oldSides(ctx.text)];
  const inOld = (at: number): boolean =>
    ctx.supersededSpans.some((sp) => at >= sp.start && at < sp.end) || was.some((sp) => at >= sp.start && at < sp.end);
  // Old values dropped in a sentence before their successor's ("The ceiling of A is withdrawn. In its place, …").
  const dropped = new Map<string, string>();
  const units = sentenceUnits(ctx, inOld);
  const rewording = rewordedSpans(ctx.text);
  for (const s of joinOldAndNew(ctx, units, was, NONE_BEFORE).flatMap((u) => pairClauses(ctx, u))) {
    const sentence = ctx.text.slice(s.start, s.end);
    // A clause given its new wording ("… is amended to read: "…"", "erhält folgende Fassung", "est modifié comme suit").
    // A sentence may hold the announcement of a numbered clause and its quoted wording on the same line ("1. § 3 erhält
    // folgende Fassung: „…""), no value before it.
    const wording = /[|\t]/.test(sentence)
      ? undefined
      : rewording.find(
          (sp) =>
            (s.start >= sp.start && s.start < sp.end) ||
            (s.start < sp.start &&
              s.end > sp.start &&
              /§|\b(?:Absatz|Ziffer|Art(?:icle|ikel)?|Section|Clause)\b/u.test(ctx.text.slice(s.start, sp.start)) &&
              /^[ \t:]*["“„«]/u.test(ctx.text.slice(sp.start, sp.end)) &&
              !valuesIn(ctx, s.start, sp.start, inOld).length),
        );
    const reworded = wording !== undefined;
    const oldSentence =
      OLD_SENTENCE.test(sentence) ||
      OLD_STATED.test(sentence) ||
      OLD_NAMED.test(sentence) ||
      OLD_WITHDRAWN.test(sentence) ||
      OLD_DROPPED.test(sentence) ||
      (reworded &&
        /^\s*\(/.test(sentence) &&
        /\b(?:previously|formerly|bisher|vormals|auparavant|précédemment)(?![\p{L}])/iu.test(sentence));
    const named = sentence.replace(/\bchange\s+(?:order|request|note)s?\b/gi, '');
    const hasOld = [...ctx.supersededSpans, ...was].some((sp) => sp.start >= s.start && sp.start < s.end);
    const po = /\b(?:purchase\s+order|PO|LPO)\b|bestell|bon\s+de\s+commande/i.test(sentence)
      ? poChangeIn(sentence)
      : null;
    if (po) push({ field: 'poNumber', key: null }, po.from, po.to, s.start, s.end, base);
    // "The payment schedule is supplemented by the following instalment:" and the table after it.
    if (
      /:\s*$/.test(sentence) &&
      /\b(?:added|supplemented|adds?)\b|ergänzt|hinzugefügt|ajoutée?s?|complétée?/iu.test(sentence) &&
      /payment\s+schedule|milestone|instalment|zahlungsplan|teilzahlung|meilenstein|échéancier|jalon/iu.test(sentence)
    )
      for (const row of addedScheduleRows(ctx, s.end))
        push({ field: 'milestones.amount', key: row.name }, null, row.amount, row.start, row.end, base);
    // "Change Order" and "Change Request" name the document; they are not change language. A value that "remains" is
    // no change, unless the sentence also states an old value ("remains A$27,000.00 but is now due on D instead of D").
    if (
      (!CHANGE_WORDS.test(named) && !hasOld && !reworded && !oldSentence) ||
      (!hasOld && /\bremains?\b|\bunchanged\b|\bcontinue\s+to\b|\brestent?\b|\bbleib(?:t|en)\b/i.test(sentence))
    )
      continue;
    // "le contrat ne prévoyait jusqu'ici aucun intérêt de retard", "bisher waren keine Verzugszinsen vereinbart": a term
    // the contract did not have, whose value the document states elsewhere (a reworded clause).
    for (const clause of sentence.split(';'))
      if (!/\d/.test(clause) && ABSENT_BEFORE.test(clause)) {
        const f = fieldOf(clause, 'percent', terms, includesHours, null);
        if (f) push(f, null, currentValue(terms, f.field), s.start, s.end, base);
      }
    const row = changeRowAt(ctx, s.start, s.end);
    const fieldSentence = row ? `${row.header}\n${sentence}\n${row.lead}` : sentence;
    const own =
      OWN_EFFECTIVE.exec(sentence) ??
      OWN_EFFECTIVE_LEAD.exec(sentence) ??
      OWN_EFFECTIVE_AFTER.exec(sentence) ??
      OWN_EFFECTIVE_TAIL.exec(sentence);
    const ownDate = own ? parseDate(own[1] ?? own[2] ?? '', ctx.dateOrder) : (row?.ownDate ?? null);
    const ownAt = own ? s.start + own.index : -1;
    const cells: Value[] = (row?.bareAmounts ?? []).map((b) => ({ kind: 'money', value: b.amount, start: b.start }));
    const read = valuesIn(ctx, s.start, s.end, inOld);
    // A row whose label counts hours holds them as bare numbers: "| enthaltene Stunden pro Monat | 32 | 35 |".
    if (row?.label && /\b(?:hours|stunden|heures)\b/iu.test(row.label) && !read.some((v) => v.kind === 'hours'))
      cells.push(...bareCounts(ctx.text.slice(s.start, s.end), s.start));
    const values = [...read, ...cells]
      .sort((a, b) => a.start - b.start)
      .filter(
        (v) =>
          !(own && v.kind === 'date' && v.start >= ownAt && v.start < ownAt + own[0].length) &&
          !(row?.ownDate && v.kind === 'date' && v.value === row.ownDate && !inOld(v.start)),
      );
    const effectiveDate = ownDate ?? base;
    for (const kind of ['money', 'date', 'percent', 'days', 'hours'] as const) {
      const ofKind = values.filter((v) => v.kind === kind);
      if (ofKind.length === 0) continue;
      const field = fieldOf(fieldSentence, kind, terms, includesHours, row?.label ?? null);
      if (!field) continue;
      const old = ofKind.filter((v) => oldSentence || inOld(v.start));
      const current = ofKind.filter((v) => !oldSentence && !inOld(v.start));
      const before = (v: Value | undefined): string =>
        v ? ctx.text.slice(Math.max(s.start, v.start - 12), v.start) : '';
      const between = (vs: Value[]): string => ctx.text.slice(vs[0]?.start ?? 0, vs[1]?.start ?? 0);
      const fromTo = ofKind.length >= 2 && FROM_BEFORE.test(before(ofKind[0])) && TO_BEFORE.test(before(ofKind[1]));
      const at = (from: string | null, to: string | null): void => push(field, from, to, s.start, s.end, effectiveDate);
      if (old.length && current.length) at(old[0]?.value ?? null, current[0]?.value ?? null);
      else if (field.field === 'retainer.rolloverHoursMax' && old.length && NO_LONGER.test(sentence))
        at(old[0]?.value ?? null, '0');
      else if (field.field === 'retainer.rolloverHoursMax' && current.length === 1 && NONE_BEFORE.test(sentence))
        at('0', current[0]?.value ?? null);
      // "statt am A am B", "instead of A on B": both dates read as replaced; the one after "statt" is the old.
      // A named stage's date is not the end, even where the stage is the final acceptance ("Endabnahme").
      else if (
        kind === 'date' &&
        ofKind.length === 2 &&
        insteadThen(ctx.text, s.start, ofKind) &&
        !(field.field === 'endDate' && MILESTONE_WORDS.test(sentence))
      )
        at(ofKind[0]?.value ?? null, ofKind[1]?.value ?? null);
      // "Unused hours lapse at month end. Previously up to 8 hours could be carried over.": the old allowance, now none.
      else if (
        field.field === 'retainer.rolloverHoursMax' &&
        oldSentence &&
        old.length &&
        !current.length &&
        NO_LONGER.test(ctx.text.slice(Math.max(0, s.start - 160), s.start))
      )
        at(old[0]?.value ?? null, '0');
      else if (old.length && /^\s*previously\b/i.test(sentence) && currentValue(terms, field.field) !== null)
        at(old[0]?.value ?? null, currentValue(terms, field.field));
      else if (old.length && current.length === 0) {
        // "The prior not-to-exceed amount was $980,000.00.": the old value of a change read just before.
        const earlier = out.findLast((c) => c.field === field.field && c.from === null);
        const v = old[0]?.value ?? null;
        if (earlier && v !== null) earlier.from = MONEY_FIELDS.has(field.field) ? money(v) : v;
        else if (!earlier && v !== null && OLD_DROPPED.test(sentence)) dropped.set(field.field, v);
      } else if (
        fromTo ||
        (ofKind.length >= 2 && /\bfrom\b([\s\S]*?)\bto\b/i.test(sentence)) ||
        // "End date: 31-Oct-2028 -> 31-Mar-2029", "520 hours -> 640 hours": the old value before the arrow (amounts in
        // arrow lines are the rows' reading, change-rows.ts).
        (kind !== 'money' && ofKind.length === 2 && ARROW_BETWEEN.test(between(ofKind)))
      )
        at(ofKind[0]?.value ?? null, ofKind[1]?.value ?? null);
      else if (
        ofKind.length === 2 &&
        (REPLACED_BY.test(sentence) ||
          /\bbecomes?\b|(?<![\p{L}])devien(?:t|nent)(?![\p{L}])/iu.test(
            ctx.text.slice(ofKind[0]?.start ?? s.start, ofKind[1]?.start ?? s.start),
          ))
      )
        at(ofKind[0]?.value ?? null, ofKind[1]?.value ?? null);
      else if (
        ofKind.length === 2 &&
        OF_BEFORE.test(before(ofKind[0])) &&
        RAISED_TO.test(ctx.text.slice(ofKind[0]?.start ?? s.start, ofKind[1]?.start ?? s.start))
      )
        at(ofKind[0]?.value ?? null, ofKind[1]?.value ?? null);
      else if (
        kind === 'date' &&
        current.length === 1 &&
        EXTENDED_TO.test(ctx.text.slice(s.start, current[0]?.start ?? s.start))
      )
        at(null, current[0]?.value ?? null);
      // "The term, which would end on A, is extended to B": the earlier date is the old one.
      else if (
        kind === 'date' &&
        current.length === 2 &&
        (EXTENDED_TO.test(ctx.text.slice(s.start, current[1]?.start ?? s.start)) ||
          (/verlängert|verschoben/iu.test(sentence) &&
            EXTENDED_VERB_LAST.test(ctx.text.slice(s.start, current[1]?.start ?? s.start))))
      )
        at(current[0]?.value ?? null, current[1]?.value ?? null);
      // Where the old wording was quoted before the announcement ('"Start: A. End: B." is amended to read "…"'), a
      // value alone cannot be told from the others it pairs with: no change is guessed.
      else if (
        reworded &&
        !wording?.quotedOld &&
        !row &&
        current.length === 1 &&
        (kind !== 'date' || field.field === 'endDate' || field.field === 'effectiveDate')
      )
        at(null, current[0]?.value ?? null);
      else if (current.length === 1 && dropped.has(field.field) && IN_ITS_PLACE.test(sentence))
        at(null, current[0]?.value ?? null);
      // A row of a before/after table with nothing before: the item is new ("| Playbook | — | 7,400.00 | — | 10 Dec |").
      else if (row?.added && current.length === 1 && (kind !== 'date' || field.field === 'milestones.dueDate'))
        at(null, current[0]?.value ?? null);
      else if (
        (kind !== 'date' || field.field === 'milestones.dueDate') &&
        /\b(?:added|new|supplemented)\b|(?:ajoutée?s?|complétée?s?|hinzugefügt|ergänzt|erweitert|aufgenommen|neue[nrs]?)(?![\p{L}])/iu.test(
          sentence,
        ) &&
        current.length === 1
      )
        at(null, current[0]?.value ?? null);
      else if (
        (kind !== 'date' ||
          (field.field === 'endDate' &&
            current.length === 1 &&
            END_BEFORE.test(ctx.text.slice(Math.max(s.start, (current[0]?.start ?? 0) - 40), current[0]?.start)))) &&
        /\b(?:increase|decrease|change|amend|revise|adjust|raise|reduce|replace|insert)\w*\b|(?:erhöht|geändert|angepasst|modifiée?s?|portée?s?|eingefügt|insérée?)(?![\p{L}])/iu.test(
          named,
        ) &&
        current.length === 1
      )
        at(null, current[0]?.value ?? null);
    }
  }
  leadRateChanges(ctx, push, base);
  addRowChanges(ctx, out, push, money, base);
  laterStarts(ctx, out);
  finalAcceptance(ctx, out, terms, includesHours, inOld, push);
  return out;
}
