/** The text of one uploaded document, page by page, plus helpers to locate offsets on pages. */

export type DocumentKind = 'pdf' | 'docx' | 'text';

export interface PageText {
  /** 1-based page number; null when the format has no pages (DOCX, plain text without form feeds). */
  number: number | null;
  text: string;
}

export interface DocumentText {
  kind: DocumentKind;
  pages: PageText[];
}

/** The pages joined into one string, with each page's start offset, so a match can be mapped to its page. */
export interface JoinedText {
  text: string;
  /** Start offset of each page in `text`, ascending. */
  starts: number[];
  numbers: (number | null)[];
}

/** Separator between pages: a blank line and a form feed, so no match spans two pages by accident. */
export const PAGE_SEPARATOR = '\n\f\n';

/** Joins the pages of a document into one string. */
export function joinPages(doc: DocumentText): JoinedText {
  const starts: number[] = [];
  const numbers: (number | null)[] = [];
  let text = '';
  doc.pages.forEach((p, i) => {
    if (i > 0) text += PAGE_SEPARATOR;
    starts.push(text.length);
    numbers.push(p.number);
    text += p.text;
  });
  return { text, starts, numbers };
}

/** The page number an offset of the joined text falls on (null for unpaged formats). */
export function pageAt(joined: JoinedText, offset: number): number | null {
  let lo = 0;
  let hi = joined.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((joined.starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return joined.numbers[lo] ?? null;
}

/** A document made of plain text (tests, the CLI on .txt, the rules extractor on strings). */
export function textDocument(text: string): DocumentText {
  const parts = text.split('\f');
  if (parts.length === 1) return { kind: 'text', pages: [{ number: null, text }] };
  return { kind: 'text', pages: parts.map((t, i) => ({ number: i + 1, text: t })) };
}
