import type { Found, RuleContext } from './context.ts';

/** An identifier: letters and digits joined by dashes or slashes, containing a digit, at least 4 characters. */
const ID = '(?=[A-Z0-9/-]*\\d)[A-Z0-9]+(?:[-/][A-Z0-9]+)+|[A-Z]{1,5}\\d{3,}|\\d{4,}(?:[-/]\\d+)*';
const LABELLED = new RegExp(
  `\\b(?:Statement\\s+of\\s+Work|SOW|Change\\s+Order|Change\\s+Request|Work\\s+Order|Service\\s+Order|Order|Document|Contract|Agreement|Reference|Ref)\\.?(?:\\s*(?:No\\.?|Number|Nr\\.?|#|ID))?\\s*[:#–—-]?\\s*(${ID})\\b`,
  'gi',
);
/** The own number sits in the title block: the first lines of the document. */
const HEAD = 900;

/** The document's own number (SOW-2026-014, CO-007), from a labelled identifier in the title block. */
export function findReference(ctx: RuleContext): Found<string> | null {
  const head = ctx.current.slice(0, HEAD);
  for (const m of head.matchAll(LABELLED)) {
    const id = m[1] ?? '';
    if (id.length < 4 || /^\d{4}$/.test(id)) continue; // a bare year is not a number
    const start = (m.index ?? 0) + m[0].lastIndexOf(id);
    return { value: id, start: m.index ?? 0, end: start + id.length };
  }
  // A label line in any language ("Vertragsnummer: WV-2026-0815", "N° de contrat : GVA-CPS-2026-07",
  // "Schedule No.: FW-OS-0003"), else an identifier in the title line ("… — LS-BTR-2026-03", "# SOW-7731: …").
  const label = new RegExp(`^[ \\t*]*[\\p{L} .'-]{0,30}?(?:No\\.?|Nr\\.?|Number|[Nn]ummer|N°|Ref(?:erence)?\\.?|Référence|Numéro)[\\p{L} .'-]{0,20}?\\s*\\**\\s*:\\s*\\**\\s*(${ID})\\b`, 'gmu');
  for (const m of head.matchAll(label)) {
    const id = m[1] ?? '';
    if (id.length < 4 || /^\d{4}$/.test(id)) continue;
    return { value: id, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length };
  }
  const lead = head.length - head.trimStart().length;
  const title = /^[^\n]*/.exec(head.slice(lead))?.[0] ?? '';
  const inTitle = new RegExp(`(?<![\\w-])(${ID})(?![\\w-])`).exec(title);
  if (inTitle && !/^\d{4}$/.test(inTitle[1] ?? '') && (inTitle[1] ?? '').length >= 4) {
    const start = lead + inTitle.index;
    return { value: inTitle[1] ?? '', start, end: start + (inTitle[1] ?? '').length, confidence: 0.65 };
  }
  return null;
}
