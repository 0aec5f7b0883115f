import mammoth from 'mammoth';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DocumentText } from './document-text.ts';
import { problem, type DocumentProblem } from './errors.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

const decodeEntities = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });

const stripTags = (s: string): string => decodeEntities(s.replace(/<[^>]+>/g, '')).replace(/\s+/g, ' ').trim();

/** A paragraph's text; runs of two or more spaces (column-aligned text) become a tab like a table cell gap. */
const paragraphText = (s: string): string =>
  decodeEntities(s.replace(/<[^>]+>/g, ''))
    .split(/ {2,}|\t+/)
    .map((c) => c.replace(/\s+/g, ' ').trim())
    .filter((c) => c !== '')
    .join('\t');

/**
 * Turns mammoth's HTML into text: one line per paragraph, list item or heading, and one line per
 * table row with cells separated by tabs (consecutive rows on consecutive lines), so table rows
 * stay together as in the PDF path.
 */
export function htmlToText(html: string): string {
  const lines: string[] = [];
  const blocks = html.match(/<table[\s\S]*?<\/table>|<(p|h[1-6]|li)[^>]*>[\s\S]*?<\/\1>/gi) ?? [];
  for (const block of blocks) {
    if (/^<table/i.test(block)) {
      for (const row of block.match(/<tr[^>]*>[\s\S]*?<\/tr>/gi) ?? []) {
        const cells = [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => stripTags(c[1] ?? ''));
        lines.push(cells.join('\t'));
      }
      continue;
    }
    const text = paragraphText(block);
    if (text !== '') lines.push(/^<li/i.test(block) ? `- ${text}` : text);
  }
  return lines.join('\n').trim();
}

/** Extracts a DOCX's text with mammoth; DOCX has no fixed pages, so the text is one unnumbered page. */
export async function docxText(bytes: Uint8Array): Promise<Result<DocumentText, DocumentProblem>> {
  try {
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
    return ok({ kind: 'docx', pages: [{ number: null, text: htmlToText(value) }] });
  } catch (e) {
    return err(problem('CORRUPT_DOCUMENT', 'The DOCX file is damaged and cannot be read.', { reason: e instanceof Error ? e.message : String(e) }));
  }
}
