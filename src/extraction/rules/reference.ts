import type { Found, RuleContext } from './context.ts';

/**
 * An identifier: letters and digits joined by dashes or slashes, containing a digit, at least 4 characters; the letters
 * may be German or French capitals ("KLU-ÄA-2028-02", "WV-2028-07-ÄV1").
 */
const UP = 'A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE';
/** A segment of capitals and digits, or an acronym written in mixed case with two capitals or more ("SaaS", "DoV"). */
const SEG = `(?:[${UP}0-9]+|[${UP}][a-z]*[${UP}][${UP}a-z]*)`;
const ID = `(?=[${UP}a-z0-9/-]*\\d)${SEG}(?:[-/]${SEG})+|[A-Z]{1,5}\\d{3,}|(?=[A-Z0-9]{8})\\d+[A-Z]+[A-Z0-9]*\\d|\\d{4,}(?:[-/]\\d+)*`;
/** Not part of an identifier: the identifier ends here ("LDV-2027-VgV-0144" is not cut to "LDV-2027"). */
const END = `(?![\\w${UP}/-])`;
const KINDS =
  'Statement\\s+of\\s+Work|SOW|Change\\s+Order|Change\\s+Request|Change\\s+(?:Control\\s+)?Note|File|Work\\s+Order|Service\\s+Order|Order|Amendment|Variation(?:\\s+Agreement)?|Document|Contract|Agreement|Reference|Ref';
const LABELLED = new RegExp(
  // The kind stands on its own ("SOW ID: TLR-SOW-2026-14" is not "SOW-2026-14"), apart from the identifier.
  `(?<![\\w/-])(?:${KINDS})\\.?(?:\\s*(?:No\\.?|Number|Nr\\.?|#|ID))?(?:\\s*[:#|]\\s*\\**\\s*|\\s*\\.{3,}\\s*|\\s+[–—-]\\s+|\\s+)(${ID})${END}`,
  'gi',
);
/**
 * The same in German and French, capitalised as a title or label writes them (case-sensitive, so the words inside a
 * sentence, "le contrat X", are left to the parent rule): "Vertrag No. RL-NV-2028-031", "Auftrag AI-2028-14:",
 * "Réf. TCS-AB-2029-003", "Änderungsauftrag AI-2028-14-ÄA1".
 */
const LOCAL_KINDS =
  '(?:Vertrag|VERTRAG|Auftrag|AUFTRAG|Nachtrag|NACHTRAG|Änderungs\\p{Ll}+|ÄNDERUNGS\\p{Lu}+|Contrat|CONTRAT|Marché|MARCHÉ|Avenant|AVENANT|Réf|RÉF|Référence|RÉFÉRENCE)';
/** The kinds among them that name a base contract rather than the amending document or a reference. */
const BASE_KIND = /^(?:Vertrag|VERTRAG|Auftrag|AUFTRAG|Contrat|CONTRAT|Marché|MARCHÉ)(?![\p{L}])/u;
const LABELLED_LOCAL = new RegExp(
  `(?<![\\p{L}\\d/-])${LOCAL_KINDS}\\.?(?:\\s*(?:No\\.?|Nr\\.?|N°|n°|#))?(?:\\s*[:#|]\\s*|\\s+[–—-]\\s+|\\s+)(${ID})${END}`,
  'gu',
);
/**
 * A title-block line that ends in an identifier after a short label of any wording, or holds it
 * alone: "Order Schedule ID: VRD-OS-2026-0031", "GZ: HKB-PV-2026/14", "Réf. : CP-GDS-2026-014",
 * "**Contrat n° CSG/2026/118**", "SOW-CLV-2026-03".
 */
const ALONE_LINE = new RegExp(
  `^[ \\t*|#>]*(?:[\\p{L}][\\p{L}.'’°-]*\\s+){0,3}?(?:[\\p{L}][\\p{L}.'’°-]*)?\\s*[:#]?\\s*\\**\\s*(${ID})\\s*\\**[ \\t|]*$`,
  'gmu',
);
/** Lines of the title block searched for an identifier standing alone. */
const ALONE_LINES = 8;
/** A label line in any language ("Vertragsnummer: WV-2026-0815", "N° de contrat : GVA-CPS-2026-07", "| Change Note number | CCN-014 |", "**Nr. WV-LU-2026-004**"). */
const LABEL_LINE = new RegExp(
  `^[ \\t*|#]*(?:[\\p{L} .'/-]{0,30}?(?:No\\.?|no\\.|Nr\\.?|[Nn]umber|[Nn]ummer|N°|Ref(?:erence)?\\.?|[Rr]eference|Référence|Numéro)[\\p{L} .'’/-]{0,20}?\\s*\\**\\s*(?:[:|]|\\.{3,})|(?:No\\.?|Nr\\.?|N°)(?:\\s*\\/\\s*(?:No\\.?|Nr\\.?|N°))?)\\s*\\**\\s*(${ID})${END}`,
  'gmu',
);
/** The parent's number, not the document's own: "Amendment No. 2 to Statement of Work HL-RET-2025-03", "zum Rahmenvertrag RV-2024-11", "au contrat CP-2025-88", "contract ref. X". */
const PARENT_BEFORE =
  /(?:\b(?:to|zu|zum|zur|au|under|relating\s+to|pursuant\s+to|amending)|\bcontract\s+ref\.?|Relating\s+to:\**)\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}(?:(?:No\.?|Nr\.?|N°|#)\s*)?$/iu;
/** A title-block line that ends in a number after its sign: "## MARCHÉ DE PRESTATIONS DE SERVICES N° OKM-2027/MS/017". */
const NUMBERED_LINE = new RegExp(`^[^\\n]*?(?:\\bNo\\.|\\bNr\\.|N°)\\s*(${ID})\\s*\\**[ \\t|]*$`, 'gmu');
/** A table row whose label follows the number: "| SCW-RA-2027-044 | Agreement number |". */
const LABEL_AFTER = new RegExp(
  // Also a PDF's rendering of it, the borders gone and the cells apart by a tab: "SCW-RA-2027-044\tAgreement number".
  `^[ \\t]*\\|?[ \\t]*(${ID})(?:[ \\t]*\\||\\t)[ \\t]*(?:[\\p{L}]+[ \\t]+){0,2}(?:${KINDS})[ \\t]+(?:[Nn]o\\.?|[Nn]umber|[Rr]eference|ID)[ \\t]*(?:\\||$)`,
  'gmu',
);
/** Numbers that are not the document's: registrations, tax and VAT numbers, tenders, accounts. */
const NOT_OWN =
  /\b(?:VAT|USt|UID|TVA|MwSt|MWST|GST|HST|TIN|TPIN|tax|Steuer\w*|reg(?:istration|\.|istered)?|company|Handelsregister|HRB|RCS|SIRE[NT]|IBAN|BIC|SWIFT|account|Konto|compte|tender|Vergabe\w*|Ausschreibung\w*|appel\s+d['’]offres|bid)\b[^\n]{0,30}$/i;
/** A line ending in a tax or registration label, its number wrapped onto the next line. */
const TAX_LABEL_END =
  /\b(?:VAT|USt-?IdNr\.?|UID|TVA|MwSt|MWST|GST|HST|TIN|SIRE[NT]|RCS|HRB|IBAN|BIC|SWIFT)(?:\s+\p{L}+)?\s*(?:No\.?|Nr\.?|n°|number)?\s*[:.]?\s*$/iu;
/** Kinds of document that amend another: their own number is the one to take, not the agreement's. */
const AMENDING =
  /\b(?:amendment|amending|variation|change\s+(?:order|request|(?:control\s+)?note)|addendum|nachtrag|avenant|modification)\b|(?<![\p{L}])änderung\p{L}*/iu;

/** The own number sits in the title block: the first lines of the document. */
const HEAD = 900;

// A bare year (and any bare four digits) is not a number; four digits led by a zero are ("WORK ORDER 0027").
const isYear = (id: string): boolean => /^[1-9]\d{3}$/.test(id);
/** Whether one number is another with segments added before or after it ("X-1-A2" of "X-1", "TLR-SOW-2026-14" of "2026-14"). */
const extends_ = (long: string, short: string): boolean => {
  const a = long.toUpperCase();
  const b = short.toUpperCase();
  return (
    a.length > b.length &&
    (a.startsWith(`${b}-`) || a.startsWith(`${b}/`) || a.endsWith(`-${b}`) || a.endsWith(`/${b}`))
  );
};
/** A date (2026-06-01, 16/03/2026) is not a document number. */
const isDate = (id: string): boolean => /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/.test(id);

/**
 * The document's own number (SOW-2026-014, CO-007, AV-2026-03), from the title block: labelled
 * identifiers and label lines in order of appearance, skipping the parent agreement's number
 * ("Change Order CO-031 to Statement of Work SOW-ATL-2025-118" gives CO-031), else an identifier in the
 * title line; the parent's number only when there is nothing else.
 */
export function findReference(ctx: RuleContext): Found<string> | null {
  const head = ctx.current.slice(0, HEAD);
  const firstLine = /^\s*([^\n]*)/.exec(head)?.[1] ?? '';
  const lead = head.length - head.trimStart().length;
  // The title: the first line, or the first heading under a letterhead ("Chebská softwarová s.r.o.\n\n# Änderungsauftrag").
  const blockEnd = head.split('\n').slice(0, ALONE_LINES).join('\n').length;
  const heading = /^[ \t]*#{1,3}[ \t]+[^\n]*/m.exec(head.slice(0, blockEnd));
  const amending = AMENDING.test(firstLine) || (heading !== null && AMENDING.test(heading[0]));
  const candidates: Array<Found<string> & { parent: boolean; rank: number }> = [];
  const add = (id: string, at: number, idAt: number, end: number, rank: number, ofBase = false): void => {
    if (id.length < 4 || isYear(id) || isDate(id) || candidates.some((c) => c.start === idAt)) return;
    const lineStart = head.lastIndexOf('\n', at - 1) + 1;
    // A purchase order number is the PO, not the document's own number; a title naming the document an order form
    // ("# Bestellschein BF-2027-00942") gives its own.
    const beforeId = head.slice(lineStart, idAt);
    if (
      /\b(?:purchase\s+order|PO|(?:\w+['’]s|your|customer|client|buyer)\s+order\s+ref(?:erence)?)\b[^\n]{0,40}$/i.test(
        beforeId,
      ) ||
      (!/^[\s*]*#/.test(beforeId) &&
        lineStart > lead &&
        /(?:\bbon\s+de\s+commande\b|(?<![\p{L}])Bestell\p{L}*)[^\n]{0,40}$/iu.test(beforeId))
    )
      return;
    const label = head.slice(lineStart, idAt);
    if (NOT_OWN.test(label)) return;
    // A tax or registration number wrapped onto its own line: its label ends the line before ("… · TVA\nFR52…").
    const prevLine = head.slice(head.lastIndexOf('\n', lineStart - 2) + 1, Math.max(0, lineStart - 1));
    if (/^[\s*|#>]*[A-Z]{0,3}\s*$/.test(label) && TAX_LABEL_END.test(prevLine)) return;
    // In a document that amends another, the number a base contract's kind labels ("— Contrat X") is the parent's.
    // "Amending Agreement No.: X" names this document's kind, not the agreement it amends.
    const before = head.slice(Math.max(lineStart, at - 60), at);
    const kindName = /amending\W*$/i.test(before) && /^agreement\b/i.test(head.slice(at, at + 10));
    const parent = (amending && ofBase) || (PARENT_BEFORE.test(before) && !kindName);
    // In an amendment, a label naming the amending kind ("Variation No.:") comes before one naming the agreement.
    const own = amending && AMENDING.test(label.slice(-40)) ? -1 : 0;
    candidates.push({
      value: id,
      start: idAt,
      end,
      parent,
      rank: rank + own,
      ...(rank > 1 ? { confidence: 0.65 } : {}),
    });
  };
  for (const m of head.matchAll(LABELLED)) {
    const id = m[1] ?? '';
    const idAt = (m.index ?? 0) + m[0].lastIndexOf(id);
    add(id, m.index ?? 0, idAt, idAt + id.length, 0);
  }
  for (const m of head.matchAll(LABELLED_LOCAL)) {
    const id = m[1] ?? '';
    const idAt = (m.index ?? 0) + m[0].lastIndexOf(id);
    add(id, m.index ?? 0, idAt, idAt + id.length, 0, BASE_KIND.test(m[0]));
  }
  for (const m of head.matchAll(LABEL_LINE)) {
    const id = m[1] ?? '';
    const idAt = (m.index ?? 0) + m[0].lastIndexOf(id);
    add(id, idAt, idAt, idAt + id.length, 0);
  }
  for (const m of head.matchAll(LABEL_AFTER)) {
    const id = m[1] ?? '';
    const idAt = (m.index ?? 0) + m[0].indexOf(id);
    add(id, idAt, idAt, idAt + id.length, 1);
  }
  for (const m of head.slice(0, blockEnd).matchAll(NUMBERED_LINE)) {
    const id = m[1] ?? '';
    const idAt = (m.index ?? 0) + m[0].lastIndexOf(id);
    // A line that names another number first is an amendment's title; its last number is the parent's.
    const before = m[0].slice(0, m[0].lastIndexOf(id));
    if (new RegExp(`(?<![\\w-])(?:${ID})(?![\\w-])`).test(before) || /\b(?:to|au|aux|zum|zur|under|du)\s/i.test(before))
      continue;
    add(id, idAt, idAt, idAt + id.length, 1);
  }
  for (const m of head.slice(0, blockEnd).matchAll(ALONE_LINE)) {
    const id = m[1] ?? '';
    const idAt = (m.index ?? 0) + m[0].lastIndexOf(id);
    add(id, idAt, idAt, idAt + id.length, 1);
  }
  const titles: Array<[string, number]> = [[/^[^\n]*/.exec(head.slice(lead))?.[0] ?? '', lead]];
  // Every heading of the title block under a letterhead ("# Erzgebirgische Geodaten GmbH\n…\n## Nutzungsvereinbarung — EGG-NV-2030-02").
  for (const h of head.slice(0, blockEnd).matchAll(/^[ \t]*#{1,3}[ \t]+[^\n]*/gm))
    if ((h.index ?? 0) > lead) titles.push([h[0], h.index ?? 0]);
  // In the title line, the first identifier that is not the parent's ("# Leistungsschein zum Rahmenvertrag RV-2024-11: LS-07/2026").
  for (const [title, start] of titles)
    for (const m of title.matchAll(new RegExp(`(?<![\\w-])(${ID})(?![\\w-])`, 'g'))) {
      const id = m[1] ?? '';
      const at = start + (m.index ?? 0);
      add(id, at, at, at + id.length, 2);
      if (!candidates.find((c) => c.start === at)?.parent) break;
    }
  // A number built on another the document names ("AI-2028-14-ÄA1" beside "AI-2028-14", "TLR-SOW-2026-14" beside
  // "2026-14") is the fuller one, the document's own: an amendment numbers itself after its parent.
  for (const c of candidates) {
    if (c.parent) continue;
    for (const other of candidates) {
      // Not a piece of the same text ("00917" read inside "LHC-00917").
      const inside = other.start >= c.start && other.start < c.end;
      if (!inside && extends_(c.value, other.value)) c.rank = Math.min(c.rank, other.rank) - 1;
    }
  }
  const order = (a: (typeof candidates)[number], b: (typeof candidates)[number]): number =>
    Number(a.parent) - Number(b.parent) || a.rank - b.rank || a.start - b.start;
  const best = candidates.sort(order)[0];
  if (!best) return null;
  const { parent: _parent, rank: _rank, ...found } = best;
  return found;
}
