/**
 * The built-in embedding, used when no embedding model is configured so search works offline:
 * feature hashing of words, word pairs and character trigrams into a fixed number of dimensions,
 * signed to cancel collisions, L2-normalised. Lexical, deterministic and dependency-free.
 */

export const LOCAL_EMBEDDING_MODEL = 'local-hash-v1';

const STOP = new Set(
  'a an and are as at be by do does for from has have how in is it its of on or our shall should that the their this to under was what when where which who will with within would about any all may must not no per such than then there these they those us we you your'.split(
    ' ',
  ),
);

/** FNV-1a, 32 bit. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Crude English stemming so "expenses", "expensed" and "expense" meet. */
const stem = (w: string): string =>
  w.length > 4 ? w.replace(/(?:ies|es|s|ing|ed)$/, (m) => (m === 'ies' ? 'y' : '')) : w;

/** Lower-cased, stemmed content words of a text. */
export function tokens(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .match(/[a-z0-9]+/g) ?? []
  )
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem);
}

/** Embeds one text into `dimensions` numbers with unit length (all zeros for a text without content words). */
export function localEmbedding(text: string, dimensions: number): number[] {
  const v = new Float64Array(dimensions);
  const add = (feature: string, weight: number): void => {
    const h = hash(feature);
    v[h % dimensions] = (v[h % dimensions] ?? 0) + ((h & 0x80000000) !== 0 ? -weight : weight);
  };
  const words = tokens(text);
  words.forEach((w, i) => {
    add(`w:${w}`, 1);
    const padded = `#${w}#`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, 0.25);
    const next = words[i + 1];
    if (next) add(`b:${w} ${next}`, 0.5);
  });
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm);
  return Array.from(v, (x) => (norm === 0 ? 0 : x / norm));
}
