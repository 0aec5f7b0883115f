import type { DocumentText } from '../text/document-text.ts';

export interface Passage {
  ordinal: number;
  page: number | null;
  text: string;
}

/**
 * Splits a document into search passages of about `target` characters, never across a page, cut at
 * line ends (a table row stays whole) and with the previous line repeated for context.
 */
export function toPassages(doc: DocumentText, target = 700): Passage[] {
  const out: Passage[] = [];
  for (const page of doc.pages) {
    const lines = page.text.split('\n').filter((l) => l.trim() !== '');
    let current: string[] = [];
    let size = 0;
    const flush = (): void => {
      const text = current.join('\n').trim();
      if (text) out.push({ ordinal: out.length, page: page.number, text });
    };
    for (const line of lines) {
      if (size + line.length > target && current.length > 0) {
        flush();
        const last = current.at(-1) ?? '';
        current = last.length < target / 3 ? [last] : [];
        size = current.reduce((n, l) => n + l.length + 1, 0);
      }
      current.push(line);
      size += line.length + 1;
    }
    flush();
  }
  return out;
}
