import { CHUNK_SEARCH_LANGUAGES } from '../../db/schema/documents.ts';

/** The text-search configurations a passage can be indexed with: the document's language, or 'simple' when unsure. */
export const SEARCH_LANGUAGES = CHUNK_SEARCH_LANGUAGES;
export type SearchLanguage = (typeof SEARCH_LANGUAGES)[number];

// Frequent function words that belong to one language only (words shared by two, like "des" or "in", are left out).
const MARKERS: Record<Exclude<SearchLanguage, 'simple'>, Set<string>> = {
  english: new Set('the and of to shall is be by for with this that will any or are which from'.split(' ')),
  german: new Set(
    'der die das und ist den dem nicht mit für von zu auf werden wird eine einer ein bei nach sind oder'.split(' '),
  ),
  french: new Set('le la les et est du un une pour par sur dans au aux ne pas sont qui ou être'.split(' ')),
};

/**
 * The language of a document's text, by counting function words: the language with the most, when it
 * has at least 5 and twice as many as the next; otherwise 'simple' (indexed as simple plus English).
 * @example detectSearchLanguage('Die Rechnung ist nach 30 Tagen fällig und wird ...') // 'german' once the text is long enough
 */
export function detectSearchLanguage(text: string): SearchLanguage {
  const counts = { english: 0, german: 0, french: 0 };
  for (const word of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    for (const lang of ['english', 'german', 'french'] as const) if (MARKERS[lang].has(word)) counts[lang]++;
  }
  const [first, second] = Object.entries(counts).sort((a, b) => b[1] - a[1]) as [keyof typeof counts, number][];
  if (!first || !second || first[1] < 5 || first[1] < 2 * second[1]) return 'simple';
  return first[0];
}
