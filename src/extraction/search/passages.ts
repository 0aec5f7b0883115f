import type { DocumentText } from '../text/document-text.ts';
import { splitSentences } from './sentences.ts';

export interface Passage {
  ordinal: number;
  page: number | null;
  text: string;
}

/** A block longer than this is cut at sentences, into pieces of at most PIECE characters where sentences allow. */
const MAX = 900;
const PIECE = 600;
/** A text block shorter than this joins its neighbour under the same heading on the same page. */
const MIN = 80;
/** Headings kept as context: a title above a section heading, say. */
const HEADING_DEPTH = 2;

/** 1., 2.1, 2.1., (a), (iv), a), A., §3, Article 5, Section 2.1 and the German and French words for them. */
const ENUMERATOR =
  /^(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]|\d{1,3}(?:\.\d{1,3})+|\(?[a-z]{1,2}\)|\([ivx]{1,5}\)|[A-Z][.)]|§\s*\d+[a-z]?|(?:Article|Section|Clause|Schedule|Annex|Exhibit|Artikel|Ziffer|Anlage|Annexe|Art\.)\s+[\dIVX]+[.:)]?)\s+\S/;
/** A numbered clause ("3. Term", "2.1 Fees") starts a block even after a line without a full stop. */
const CLAUSE = /^(?:\d{1,3}(?:\.\d{1,3})*\.|\d{1,3}(?:\.\d{1,3})+)\s+\p{Lu}/u;
const BULLET = /^[-•*–]\s+\S/;
const SENTENCE_END = /[.:;!?)"”»]$/;
const TABLE_SEPARATOR = /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/;
/** Page furniture that says nothing: "Page 3 of 7" footers, a page number alone. */
const FURNITURE = /\bpage \d+ of \d+\b|^\d{1,3}$/i;
/** A numbered clause with a title of its own ("11. Background Check."): it opens a section, as a heading does. */
const TITLED_CLAUSE = /^\d{1,3}\.\s+(?:\p{Lu}[\p{L}'’-]*\s*(?:and\s+|of\s+|\s)?){1,6}\.\s/u;
const leadingNumber = (t: string): string | null => /^(\d{1,3})[.\s]/.exec(t)?.[1] ?? null;

type Kind = 'heading' | 'row' | 'separator' | 'start' | 'text' | 'blank' | 'furniture';

const isRowLike = (t: string): boolean => t.includes('\t') || (t.startsWith('|') && t.endsWith('|') && t.length > 2);
const cells = (t: string): string => t.replace(/\*\*/g, '');

/** Whether a short line reads as a heading: markdown, all capitals, or an enumerator with a title of a few words. */
function headingLike(t: string): boolean {
  if (/^#{1,6}\s/.test(t)) return true;
  if (t.length > 80 || /:\s/.test(t) || !/^[\p{Lu}\d§]/u.test(t)) return false;
  if (/^[^\p{Ll}]*\p{Lu}[^\p{Ll}]*$/u.test(t) && /\p{Lu}{2}/u.test(t)) return true;
  if (!/[.,;:]$/.test(t)) return true;
  // "4. Confidential Information." is a title; "3. The fee is due." is a clause.
  return ENUMERATOR.test(t) && t.split(/\s+/).length <= 6 && /^\S+\s+(?:\p{Lu}\S*\s*)+\.?$/u.test(t);
}

/** The width of a full line of the page (its 90th percentile; outliers such as long URLs aside). */
function typicalWidth(lines: string[]): number {
  const widths = lines
    .map((l) => l.trim())
    .filter((t) => t !== '' && !t.includes('|') && !t.includes('\t'))
    .map((t) => t.length)
    .sort((a, b) => a - b);
  return widths[Math.floor(widths.length * 0.9)] ?? 0;
}

/** Kinds of the lines of one page; `widest` is its longest line, to tell a short heading from a wrapped line. */
function classify(lines: string[], widest: number): Kind[] {
  const kinds: Kind[] = [];
  lines.forEach((line, i) => {
    const t = line.trim();
    const prev = kinds[i - 1];
    const prevText = (lines[i - 1] ?? '').trim();
    const ended =
      prev === undefined ||
      prev === 'blank' ||
      prev === 'heading' ||
      prev === 'row' ||
      prev === 'separator' ||
      prev === 'furniture' ||
      SENTENCE_END.test(prevText);
    const next = (lines[i + 1] ?? '').trim();
    if (t === '') kinds.push('blank');
    else if (FURNITURE.test(t) && t.length < 90) kinds.push('furniture');
    else if (TABLE_SEPARATOR.test(t) && t.includes('-')) kinds.push('separator');
    else if (isRowLike(t) || (t.includes('|') && (prev === 'row' || TABLE_SEPARATOR.test(next)))) kinds.push('row');
    else if (
      ended &&
      headingLike(t) &&
      (/^#{1,6}\s/.test(t) || next === '' || (/^[\p{Lu}\d§(#|-]/u.test(next) && t.length < 0.6 * widest))
    )
      kinds.push('heading');
    else if ((ended && ENUMERATOR.test(t)) || CLAUSE.test(t) || BULLET.test(t)) kinds.push('start');
    else kinds.push('text');
  });
  return kinds;
}

interface Block {
  page: number | null;
  heading: string[];
  text: string;
  row: boolean;
}

/** Cuts a long block at sentence ends (and before an inline "7.2." clause), each piece led by the block's clause title. */
function cut(block: Block): Block[] {
  if (block.text.length <= MAX) return [block];
  const sentences = splitSentences(block.text);
  const title = /^(\S+\s+[^.]{3,60}\.)\s/.exec(block.text)?.[1] ?? null;
  const pieces: string[] = [];
  let current = '';
  for (const s of sentences) {
    const clause = /^\d{1,3}(?:\.\d{1,3})*\.?\s+\p{Lu}/u.test(s);
    // A clause number starts a piece, unless the piece so far is only a title ("2. Confidentiality.").
    if (current.length >= MIN && (current.length + s.length > PIECE || clause)) {
      pieces.push(current);
      current = '';
    }
    current = current ? `${current} ${s}` : s;
  }
  if (current) {
    if (current.length < MIN && pieces.length > 0) pieces[pieces.length - 1] += ` ${current}`;
    else pieces.push(current);
  }
  return pieces.map((text, i) => ({
    ...block,
    text: i > 0 && title && !/^\d{1,3}(?:\.\d{1,3})+/.test(text) ? `${title} … ${text}` : text,
  }));
}

/** Joins text blocks shorter than MIN to the previous (else the next) text block under the same heading on the same page. */
function mergeSmall(blocks: Block[]): Block[] {
  const out: Block[] = [];
  const sameSection = (a: Block, b: Block): boolean =>
    !a.row && !b.row && a.page === b.page && a.heading.join('\n') === b.heading.join('\n');
  for (const b of blocks) {
    const prev = out.at(-1);
    if (
      prev &&
      sameSection(prev, b) &&
      (b.text.length < MIN || prev.text.length < MIN) &&
      prev.text.length + b.text.length <= MAX
    )
      prev.text = `${prev.text}\n${b.text}`;
    else out.push({ ...b });
  }
  return out;
}

/**
 * Splits a document into search passages on its structure: a numbered clause, a paragraph, a list item
 * or a table row (with the table's header row) is one passage, led by the heading it sits under;
 * a clause longer than MAX characters is cut at sentences. PDF line wraps are joined, page furniture
 * ("Page 3 of 7") is dropped, and no passage crosses a page.
 */
export function toPassages(doc: DocumentText): Passage[] {
  const blocks: Block[] = [];
  let heading: string[] = [];
  let headingUsed = true;
  let clause: string | null = null;
  for (const page of doc.pages) {
    const lines = page.text.split('\n');
    const widest = typicalWidth(lines);
    const kinds = classify(lines, widest);
    let current: Block | null = null;
    let header: string | null = null;
    const close = (): void => {
      if (current && current.text.trim()) blocks.push(current);
      current = null;
    };
    lines.forEach((line, i) => {
      const t = line.trim();
      const kind = kinds[i];
      if (kind !== 'row' && kind !== 'separator') header = null;
      switch (kind) {
        case 'blank':
        case 'furniture':
          close();
          return;
        case 'separator':
          return;
        case 'heading': {
          close();
          const title = t.replace(/^#{1,6}\s+/, '');
          heading = headingUsed ? [title] : [...heading, title].slice(-HEADING_DEPTH);
          headingUsed = false;
          clause = null;
          return;
        }
        case 'row': {
          close();
          const row = cells(t);
          headingUsed = true;
          if (header === null) {
            header = row;
            // A table of one row, or the header of rows to come: the header is kept with every row.
            if (kinds[i + 1] !== 'row' && kinds[i + 1] !== 'separator')
              blocks.push({ page: page.number, heading, text: row, row: true });
            return;
          }
          blocks.push({ page: page.number, heading, text: `${header}\n${row}`, row: true });
          return;
        }
        case 'start': {
          close();
          // Clause 7.2 is not under heading "5. Termination"; a titled clause leaves the heading above it.
          const under = heading.length > 0 ? leadingNumber(heading[heading.length - 1]!) : null;
          const own = leadingNumber(t);
          const titled = TITLED_CLAUSE.exec(t);
          if (own !== null && (under !== null ? own !== under : titled !== null)) heading = [];
          // A titled clause's title leads its later paragraphs; another numbered clause ends it.
          if (titled) clause = titled[0].trim();
          else if (own !== null) clause = null;
          break;
        }
        default:
          break;
      }
      headingUsed = true;
      current = current
        ? { ...current, text: `${current.text} ${t}` }
        : { page: page.number, heading: clause ? [...heading, clause] : heading, text: t, row: false };
      // In wrapped text (PDF), a sentence-final line well short of the widest line ends its paragraph.
      if (widest > 60 && t.length < widest * 0.7 && /[.!?]["”)]?$/.test(t)) close();
    });
    close();
  }
  if (!headingUsed && heading.length > 0)
    blocks.push({ page: doc.pages.at(-1)?.number ?? null, heading: [], text: heading.join('\n'), row: false });
  return mergeSmall(blocks)
    .flatMap(cut)
    .map((b, ordinal) => ({
      ordinal,
      page: b.page,
      text: [...b.heading.filter((h) => !b.text.startsWith(h)), b.text].join('\n'),
    }));
}
