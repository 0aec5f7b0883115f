import type { DocumentType } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';

const TITLES: [RegExp, DocumentType][] = [
  [
    /\bchange\s+(?:order|request|(?:control\s+)?note|notice)\b|\bcontract\s+change\s+note\b|\bvariation\s+(?:order|request)\b/i,
    'change_order',
  ],
  // An addendum "to" an agreement that says it amends it is an amendment; one that adds services ("This Addendum to the
  // Master Subscription Agreement" ordering storage) orders work.
  // So is an addendum that changes a stated value ("is increased from …"), its "to …" on the title's next line or not
  // stated at all where a clause "is amended to read" or "is deleted and replaced", a supplementary agreement (German
  // "Zusatzvereinbarung"), an amending agreement, a modification of a contract or order, and a memorandum of change.
  [
    /\bamendment\b|\bvariation\b|\baddendum\b(?=[^\n]{0,40}?(?:\n[\s*_#]*)?\bto\s+(?:(?:the|our|your|an?)\b|[A-Z]))(?=[\s\S]{0,900}?\b(?:amend(?:s|ed|ing)?|(?:is|are)\s+(?:hereby\s+)?(?:increased|decreased|reduced|extended|changed|replaced|modified|revised))\b)|\baddendum\b(?=[\s\S]{0,900}?\b(?:is|are)\s+(?:hereby\s+)?(?:amended\s+to\s+read|deleted\s+and\s+replaced)\b)|\bamending\s+agreement\b|\bsupplement(?:ary|al)\s+agreement\b|\bzusatzvereinbarung\b|\bmodification\s+(?:of|to)\s+(?:the\s+)?(?:contract|agreement|(?:task|purchase|work)\s+order)\b|\bmodification\s+no\b|\bmemorandum\s+(?:on|of)\s+(?:the\s+)?change\b/i,
    'amendment',
  ],
  [/\bengagement\s+letter\b|\bletter\s+of\s+engagement\b/i, 'consulting_agreement'],
  [/\bperformance\s+work\s+statement\b/i, 'other'],
  [
    /\bstatement\s+of\s+work\b|\bSOW\b|\bwork\s+order\b|\bservice\s+order\b|\border\s+form\b|\bleistungsschein\b|\btask\s+order\b/i,
    'sow',
  ],
  // "MSA" on its own, not inside a document number ("Agreement No. ABS-MSA-28/114").
  [/\bmaster\s+(?:professional\s+)?(?:services?|consulting)\s+agreement\b|(?<![\w/-])MSA(?![\w/-])/i, 'msa'],
  [
    /\b(?:consulting|consultancy|independent\s+contractor|advisory|professional\s+services)\s+(?:services\s+)?agreement\b/i,
    'consulting_agreement',
  ],
];

/** Words by which a document changes another one, in English, German and French. */
const AMENDS =
  /\b(?:is|are)\s+(?:hereby\s+)?(?:amended|modified|changed)\s+as\s+follows\b|\bagree\s+to\s+(?:amend|change|modify)\s+the\b|\bwird\s+(?:hiermit\s+)?wie\s+folgt\s+(?:geändert|ergänzt)|\b(?:est|sont)\s+modifiée?s?\s+(?:comme\s+suit|ainsi\s+qu)/i;

/**
 * A change-order word used as an attribute of the work a contract prices, not as the document's name: "change request
 * charges shall not exceed …", "change order hours", "the change request procedure".
 */
const PRICED_CHANGE =
  /^[\s*_]+(?:charges?|hours?|rates?|fees?|work|costs?|budgets?|pricing|procedures?|process(?:es)?)\b/i;
/** A change-order word after an article or quantifier speaks of any such change, not of this document: "on a change request". */
const GENERIC_BEFORE = /\b(?:an?|any|each|every|per|such|further|additional|written|approved)\s+$/i;
const priced = (head: string, m: RegExpExecArray): boolean =>
  /\b(?:order|request|note|notice)$/i.test(m[0]) &&
  (PRICED_CHANGE.test(head.slice(m.index + m[0].length, m.index + m[0].length + 30)) ||
    GENERIC_BEFORE.test(head.slice(Math.max(0, m.index - 20), m.index)));

/** How far into the document the title may start (cover notes and exhibit numbers come first). */
const HEAD = 700;

/**
 * A title line that names a contract for services by its kind, in German or French: a "-vertrag" compound
 * ("BETREUUNGSVERTRAG WEBSERVER", "# Supportvertrag mit Stundenkontingent", "Lizenz- und Wartungsvertrag") or "Contrat
 * de/d'…" leading its line. A framework, consulting or amending contract is named otherwise (the lexicon's titles).
 */
const SERVICE_CONTRACT_TITLE =
  /^[ \t#*_>|]*(?:(?!rahmen|berat|nachtrag|änderung|ergänzung)\p{L}+-\s+und\s+)?(?!rahmen|berat|nachtrag|änderung|ergänzung)\p{L}{3,}vertrag(?![\p{L}])|^[ \t#*_>|]*contrat\s+(?:de\s+|d['’])(?!conseil)\p{L}+/gimu;

/** The document type from its title: the type keyword that appears earliest in the first lines. */
export function findDocumentType(ctx: RuleContext, hasBillingTerms = false): Found<DocumentType> | null {
  const stated = statedType(ctx) ?? serviceContract(ctx);
  // A master or framework agreement that itself sets rates or fees is the priced contract: a statement of work.
  if (stated?.value === 'msa' && hasBillingTerms) return { ...stated, value: 'sow', confidence: 0.6 };
  if (stated || !hasBillingTerms) return stated;
  // An order form, schedule, addendum or service contract that sets billing terms is a statement of work.
  const title = /^[^\n]*\S[^\n]*/.exec(ctx.current.trimStart());
  const at = ctx.current.length - ctx.current.trimStart().length;
  return title ? { value: 'sow', start: at, end: at + title[0].length, confidence: 0.6 } : null;
}

function statedType(ctx: RuleContext): Found<DocumentType> | null {
  const head = ctx.current.slice(0, HEAD);
  let best: Found<DocumentType> | null = null;
  for (const [re, type] of TITLES) {
    const m = [...head.matchAll(new RegExp(re.source, 'gi'))].find(
      (x) => !(type === 'change_order' && priced(head, x)),
    );
    if (m && (best === null || m.index < best.start))
      best = { value: type, start: m.index, end: m.index + m[0].length };
  }
  if (best) return best;
  const self =
    /\bthis\s+(statement\s+of\s+work|change\s+order|amendment|master\s+services?\s+agreement|consulting\s+agreement)\b/i.exec(
      ctx.current,
    );
  if (!self) {
    // Untitled, but it changes another contract: "the Agreement is amended as follows", "wird wie folgt geändert".
    const amends = AMENDS.exec(ctx.current);
    return amends
      ? { value: 'amendment', start: amends.index, end: amends.index + amends[0].length, confidence: 0.7 }
      : null;
  }
  const phrase = (self[1] ?? '').toLowerCase();
  const type: DocumentType = phrase.startsWith('statement')
    ? 'sow'
    : phrase.startsWith('change')
      ? 'change_order'
      : phrase.startsWith('amendment')
        ? 'amendment'
        : phrase.startsWith('master')
          ? 'msa'
          : 'consulting_agreement';
  return { value: type, start: self.index, end: self.index + self[0].length };
}

/** A contract for services titled by its kind (SERVICE_CONTRACT_TITLE) sets the terms of that work: a statement of work. */
function serviceContract(ctx: RuleContext): Found<DocumentType> | null {
  const m = new RegExp(SERVICE_CONTRACT_TITLE.source, SERVICE_CONTRACT_TITLE.flags).exec(ctx.current.slice(0, HEAD));
  return m ? { value: 'sow', start: m.index, end: m.index + m[0].length, confidence: 0.6 } : null;
}
