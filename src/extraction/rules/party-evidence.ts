/**
 * Evidence of a party's role that lies outside the role words (features of the party ranker, party-ranker.ts): the
 * firm whose name the document's own number abbreviates, and a name that says the firm sells the kind of services a
 * statement of work buys. An amendment or change order that only says "made between X and Y" ("zwischen X und Y",
 * "entre X et Y") often carries the supplier's number ("Amendment No. 1 to contract VAL-AT-2028-08" of Valira
 * Sistemes SL) and names a software or consulting house beside a customer of another trade. Neither decides a role on
 * its own: the ranker weighs them against the order of naming, labels and signature blocks, as learned by author.
 */

import { ORDER_VERBS } from './party-frames.ts';

const plain = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();

/** Order-number labels: a code after one of them is the buyer's order number, not the document's own number. */
const ORDER_BEFORE =
  /(?<![\p{L}])(?:PO|P\.O\.|LPO|purchase\s+order|(?<!change\s)order\s+(?:no|number|ref)|Bestell\p{L}*|bon\s+de\s+commande|commande|ordre)[^\n]{0,25}$/iu;
/** Code prefixes that name a kind of document or a number, not a firm. */
const GENERIC =
  /^(?:SOW|MSA|PSA|SLA|CO|PO|LPO|REF|NO|NR|AM|AMD|CR|RFP|RFQ|INV|ORD|WO|TO|DO|AV|ÄV|ÄA|VAT|TVA|USD|EUR|GBP|CHF|ISO|IT|ID|HRB|HRA|CHE|RCS|UID|SIRET|SIREN|IBAN|BIC)$/;

/** The letter prefixes of the codes of a text ("GVWC/ICT/2028/07" → GVWC), each marked if an order label comes before it. */
function codePrefixes(text: string): Array<{ prefix: string; order: boolean }> {
  const out: Array<{ prefix: string; order: boolean }> = [];
  for (const m of text.matchAll(/(?<![\p{L}\d/-])(\p{Lu}[\p{Lu}\p{Ll}]{1,5})(?=[-/][\p{Lu}\d])/gu)) {
    const code = m[1] ?? '';
    // A prefix in capitals is a code; "Contract-" is a word.
    if (!/^\p{Lu}{2,6}$/u.test(code) || GENERIC.test(code) || GENERIC.test(plain(code))) continue;
    const order = ORDER_BEFORE.test(text.slice(Math.max(0, (m.index ?? 0) - 40), m.index ?? 0));
    out.push({ prefix: plain(code), order });
  }
  return out;
}

/**
 * The letter prefixes of the codes in a document's head that are not order numbers: its own number, the contract it
 * amends ("Contract No. GVWC/ICT/2028/07", "Nachtrag RL-NV-2028-031-N1", "Réf. : VAL-AT-2028-08/A1").
 */
export function referencePrefixes(head: string): Set<string> {
  return new Set(
    codePrefixes(head)
      .filter((c) => !c.order)
      .map((c) => c.prefix),
  );
}

/**
 * The letter prefixes of the codes written after an order-number label ("PO: LAD/PO/27/0455" → LAD): the buyer's own
 * order number usually starts with the buyer's initials. Matched to names by `abbreviates`, as the head's own numbers.
 */
export function orderPrefixes(text: string): Set<string> {
  return new Set(
    codePrefixes(text)
      .filter((c) => c.order)
      .map((c) => c.prefix),
  );
}

const SMALL = /^(?:OF|AND|THE|FOR|DE|DU|DES|D|LA|LE|LES|L|ET|FUR|DER|DIE|DAS|UND|VON|DEL|Y|&)$/;

/**
 * Whether a code prefix abbreviates a name: its first letter is the name's, its second continues the first word or
 * starts the second, and all its letters are found in order in the name ("KPL" Kombo PayLink, "BGS" Balbala
 * Géoservices, "CHI" Chinguetti Informatique, "SLC" Sarnia Ledger Consulting LP).
 */
export function abbreviates(prefix: string, name: string): boolean {
  const p = plain(prefix);
  const ws = plain(name.replace(/\([^)]*\)/g, ' '))
    .split(/[^A-Z0-9]+/)
    .filter((w) => w && !SMALL.test(w));
  const first = ws[0] ?? '';
  if (p.length < 2 || ws.length < 2 || first[0] !== p[0]) return false;
  if (p[1] !== first[1] && p[1] !== ws[1]?.[0]) return false;
  const letters = ws.join('');
  let i = 0;
  for (const ch of letters) if (ch === p[i]) i++;
  return i >= p.length;
}

/**
 * Words of a firm that sells the services statements of work buy (software, IT, data, consulting), in English, German
 * and French, also inside compounds ("Hafeninformatik", "Datenwerk", "Logistik-IT", "Infogestion"); "TI" is French
 * for IT ("Solutions TI Estrie inc.").
 */
const TRADE =
  /(?:software|softwarehaus|informati[kq]|infog[eé]|(?<![\p{L}])(?:IT|TI)(?![\p{L}])|digital|num[eé]rique|(?<![\p{L}])data|daten|system|sistem|syst[eè]me|consult|beratung|analytic|(?<![\p{L}])tech|technolog|cloud|(?<![\p{L}])code|logiciel|(?<![\p{L}])web|g[eé]oservice|netzwerk|networks?)/iu;
/**
 * A singular "System" or "Network" that ends a name is the kind of body it is ("Harbourside Health Network", "Redfern
 * County Health System", "Verkehrsnetzwerk"), not a trade: a firm that sells them says "Systems", "Networks" or
 * "Network Services".
 */
const BODY_TAIL =
  /[ \t-]*(?:System|Network|Netzwerk|Système)(?:,?[ \t]+(?:Inc\.?|LLC|Ltd\.?|Limited|Corp\.?|GmbH|AG|SA|SAS))?\.?$/iu;
export const tradeName = (name: string): boolean => TRADE.test(name.trim().replace(BODY_TAIL, ''));

/** The verbs by which the party that orders engages the one that delivers: the candidates' own (party-frames.ts). */
const ENGAGE = ORDER_VERBS;
const ORDERS_AFTER = new RegExp(`^\\s*(?:\\([^)]{0,60}\\)\\s*)?,?\\s*(?:hereby\\s+)?${ENGAGE}(?![\\p{L}])`, 'iu');
const ORDERED_BEFORE = new RegExp(
  `(?<![\\p{L}])${ENGAGE}\\s+(?:the\\s+|die\\s+|den\\s+|das\\s+|der\\s+|la\\s+|le\\s+|l['’]\\s*)?$`,
  'iu',
);
/** A name followed by "engages", "beauftragt", "confie à" orders; a name right after such a verb delivers. */
export const engageFeatures = (before: string, after: string): string[] => [
  ORDERS_AFTER.test(after) ? 'verb-orders' : '',
  ORDERED_BEFORE.test(before) ? 'verb-ordered' : '',
];

/** "… by X", "… von X", "… par X" right before a name: the one who prepared, issued or offers the document. */
const BY_BEFORE = /(?:^|[\s,(])(?:by|von|par|from|de\s+la\s+part\s+de)\s*:?\s*\**\s*$/i;
/** A letter's close: the signature block after it is the writer's. */
const CLOSE =
  /(?:yours\s+(?:sincerely|faithfully|truly)|sincerely|kind\s+regards|best\s+regards|mit\s+freundlichen\s+grüßen|freundliche\s+grüsse|cordialement|veuillez\s+agréer|salutations\s+distinguées)/i;
/** The other side's countersignature: "Agreed for X", "Accepted by", "Lu et approuvé", "Einverstanden". */
const ACCEPTS =
  /(?:agreed|accepted|acknowledged|confirmed|approved|countersigned|einverstanden|akzeptiert|bestätigt|angenommen|accepté|approuvé|bon\s+pour\s+accord|lu\s+et\s+approuvé)/i;

/**
 * Where a name stands in the document's own frame, whatever the role words: after "by"/"von"/"par" (the writer of a
 * proposal "prepared for A by B"), in the signature block that follows a letter's close (the writer's), on a
 * countersignature line ("Agreed for A", the reader's), and on the line right after another label's line (the second
 * of two labelled parties, whatever its label's word: "Client: A" then "Agency: B").
 */
export function frameFeatures(text: string, start: number, lead: string, prevLine: string, before: string): string[] {
  const block = text.slice(Math.max(0, start - 300), start);
  return [
    BY_BEFORE.test(before) ? 'by-before' : '',
    CLOSE.test(block) && !ACCEPTS.test(lead) ? 'after-close' : '',
    ACCEPTS.test(lead) || ACCEPTS.test(prevLine) ? 'accepts' : '',
    /^\s*\**[\p{L}][\p{L} '’-]{1,40}\**\s*:\s*\**\s*\S/u.test(prevLine) && /:\s*\**\s*$/.test(lead)
      ? 'label-second'
      : '',
  ];
}
