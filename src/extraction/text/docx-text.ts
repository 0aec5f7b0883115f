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

/**
 * Turns mammoth's HTML into text: one line per paragraph, list item or heading, and one line per
 * table row with cells separated by tabs, so table rows stay together as in the PDF path.
 */
export function htmlToText(html: string): string {
  const withRows = html.replace(/<tr[^>]*>([\s\S]*?)<\/tr>/gi, (_m, row: string) => {
    const cells = [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((c) => stripTags(c[1] ?? ''));
    return `\n${cells.join('\t')}\n`;
  });
  return withRows
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<\/(p|h[1-6]|li|table|ul|ol)>/gi, '\n')
    .replace(/<br\s*\/?>/gi, '\n')
    .split('\n')
    .map((line) => (line.includes('\t') ? line.split('\t').map((c) => stripTags(c)).join('\t') : stripTags(line)))
    .filter((line, i, all) => line !== '' || (i > 0 && all[i - 1] !== ''))
    .join('\n')
    .trim();
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
