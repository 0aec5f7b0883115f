/** Finds a quote in document text verbatim, or modulo whitespace and typographic quotes/dashes. */

export interface Located {
  start: number;
  end: number;
}

const canon = (c: string): string => {
  if (/\s/.test(c)) return ' ';
  if (c === '’' || c === '‘' || c === '`' || c === '´') return "'";
  if (c === '“' || c === '”' || c === '„') return '"';
  if (c === '–' || c === '—' || c === '‑') return '-';
  return c;
};

/** The text with whitespace runs collapsed to one space, and for each kept character its original offset. */
export function normalizeWithMap(text: string): { norm: string; map: number[] } {
  let norm = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = canon(text[i] ?? '');
    if (c === ' ' && (norm.endsWith(' ') || norm === '')) continue;
    norm += c;
    map.push(i);
  }
  return { norm, map };
}

const normalizeQuote = (q: string): string => normalizeWithMap(q.trim()).norm.trim();

/** The page line the LLM chunker puts before each page's text (llm/chunk.ts); not part of the document. */
const PAGE_MARKER = /\[page \d+\]/;
const PAGE_MARKER_ALL = /\s*\[page \d+\]\s*/g;

/** Cache of normalized documents, since one document is searched for many quotes. */
const cache = new WeakMap<object, { text: string; norm: string; map: number[] }>();

/**
 * Locates a quote: first verbatim, then with whitespace collapsed (PDF line breaks) and curly quotes
 * and dashes folded. Returns the span in the original text, so the stored quote can be the exact
 * document text. Null when the quote does not occur.
 */
export function locateQuote(text: string, quote: string, key: object = { text }): Located | null {
  const q = quote.trim();
  if (q.length < 3) return null;
  const exact = text.indexOf(q);
  if (exact >= 0) return { start: exact, end: exact + q.length };
  let entry = cache.get(key);
  if (!entry || entry.text !== text) {
    entry = { text, ...normalizeWithMap(text) };
    cache.set(key, entry);
  }
  let nq = normalizeQuote(q);
  let at = entry.norm.indexOf(nq);
  if (at < 0 && PAGE_MARKER.test(q)) {
    // A quote copied across a page break of a chunk carries the "[page N]" line the chunk added.
    nq = normalizeQuote(q.replace(PAGE_MARKER_ALL, ' '));
    at = nq.length >= 3 ? entry.norm.indexOf(nq) : -1;
  }
  if (at < 0) return null;
  const start = entry.map[at] ?? 0;
  const end = (entry.map[at + nq.length - 1] ?? start) + 1;
  return { start, end };
}
