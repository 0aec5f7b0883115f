import type { DocumentText } from '../text/document-text.ts';

export interface Chunk {
  index: number;
  text: string;
  firstPage: number | null;
  lastPage: number | null;
}

/**
 * Splits a document into chunks of at most maxChars, on page and then paragraph (line) boundaries,
 * each page marked with a "[page N]" line so the model can cite pages. Pages longer than a chunk
 * are split at line breaks.
 */
export function chunkDocument(doc: DocumentText, maxChars = 12_000): Chunk[] {
  const chunks: Chunk[] = [];
  let text = '';
  let first: number | null = null;
  let last: number | null = null;
  const flush = (): void => {
    if (text.trim() !== '') chunks.push({ index: chunks.length, text: text.trim(), firstPage: first, lastPage: last });
    text = '';
    first = null;
    last = null;
  };
  for (const page of doc.pages) {
    const header = page.number === null ? '' : `[page ${page.number}]\n`;
    const pieces: string[] = [];
    let piece = '';
    for (const line of page.text.split('\n')) {
      if (piece.length + line.length + 1 > maxChars - header.length && piece !== '') {
        pieces.push(piece);
        piece = '';
      }
      piece += (piece ? '\n' : '') + line.slice(0, maxChars - header.length);
    }
    if (piece !== '') pieces.push(piece);
    for (const p of pieces) {
      const add = `${header}${p}\n`;
      if (text.length + add.length > maxChars) flush();
      text += add;
      first ??= page.number;
      last = page.number;
    }
  }
  flush();
  return chunks;
}
