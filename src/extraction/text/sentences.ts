/** Sentence boundaries in extracted document text, where PDF line wraps are not sentence ends. */

export interface Span {
  start: number;
  end: number;
}

const ABBREVIATIONS =
  /(?:\b(?:Inc|Ltd|Co|Corp|No|Nos|Nr|Dr|Fr|SFr|Rs|Mr|Mrs|Ms|St|Sec|Art|e\.g|i\.e|etc|approx|incl|excl|vs|U\.S|S\.A|B\.V|N\.V|K\.K|G\.K|Lda|Pty|p\.a|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])\.$/;

/**
 * Sentence spans: a sentence ends at . ! ? ; followed by space and a capital/digit/quote (not after an
 * abbreviation or inside a number), at a blank line, and at every line that holds a table row.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  const push = (end: number): void => {
    if (text.slice(start, end).trim() !== '') spans.push({ start, end });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      const lineEnd = text.indexOf('\n', i + 1);
      const nextLine = text.slice(i + 1, lineEnd < 0 ? text.length : lineEnd);
      const thisLineStart = text.lastIndexOf('\n', i - 1) + 1;
      const thisLine = text.slice(thisLineStart, i);
      // Table rows, headings-like short lines, blank lines and form feeds end a sentence.
      if (
        thisLine.includes('\t') ||
        nextLine.includes('\t') ||
        nextLine.trim() === '' ||
        nextLine.startsWith('\f') ||
        /^\s*(?:[-•*]|\(?[a-z0-9]{1,3}[.)])\s/.test(nextLine) ||
        (thisLine.trim().length < 45 && !/[,;:]$/.test(thisLine.trim()) && /^[A-Z0-9]/.test(nextLine.trim()))
      ) {
        push(i + 1);
      }
      continue;
    }
    if (c === '.' || c === '!' || c === '?' || c === ';') {
      // A closing quote or bracket right after the stop belongs to the sentence it ends.
      const close = /^["”’)\]]/.test(text.slice(i + 1, i + 2)) ? 1 : 0;
      const after = text.slice(i + 1 + close, i + 3 + close);
      if (!/^\s+[A-Z0-9"“(]/.test(after) && !/^\s*$/.test(after)) continue;
      if (c === '.' && ABBREVIATIONS.test(text.slice(Math.max(0, i - 6), i + 1))) continue;
      // A "?" before a figure is a currency sign the PDF font could not map ("of not less than ? 1,50,000.00"): no end.
      if (c === '?' && /^\s*\d/.test(after)) continue;
      // A dot leader ("Payment ........ 30 days") joins a label to its value on one line: no sentence ends there.
      if (c === '.' && text.slice(Math.max(0, i - 3), i + 1) === '....') continue;
      if (c === '.' && /\d$/.test(text.slice(i - 1, i)) && /^\d/.test(text.slice(i + 1, i + 2))) continue;
      push(i + 1 + close);
      i += close;
    }
  }
  push(text.length);
  return spans;
}

/**
 * A region cut into clauses with their offsets: after every "." or ";" followed by space, and before a line that opens
 * a list item ("- ", "1.", "a)"). Coarser than sentenceSpans and blind to abbreviations: for rules that read one short
 * region (a retainer's paragraph) clause by clause.
 */
export function regionClauses(region: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  let from = 0;
  for (const text of region.split(/(?<=[.;])\s+|\n(?=\s*(?:[-*•]|\d+[.)]|[a-z]\))\s)/)) {
    const start = region.indexOf(text, from);
    from = start + text.length;
    out.push({ text, start });
  }
  return out;
}
