import mammoth from 'mammoth';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DocumentText } from './document-text.ts';
import { DocumentLimitError, problem, type DocumentProblem } from './errors.ts';
import { openLimitedZip } from './zip-reader.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

const decodeEntities = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });

const stripTags = (s: string): string =>
  decodeEntities(s.replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();

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

/** What a DOCX may cost to read. */
export interface DocxLimits {
  maxTextChars: number;
  maxUnzippedBytes: number;
  maxXmlElements: number;
}

/** Images are never inflated: the text does not need them, and mammoth would inline them as base64. */
const skipImages = mammoth.images.imgElement(async () => ({ src: '' }));

/**
 * Extracts a DOCX's text with mammoth, which reads the archive through openLimitedZip: the unzipped
 * bytes, XML elements and text are counted as each part inflates, and a crossed limit stops the read
 * with its typed problem. DOCX has no fixed pages, so the text is one unnumbered page.
 */
export async function docxText(bytes: Uint8Array, limits: DocxLimits): Promise<Result<DocumentText, DocumentProblem>> {
  try {
    // Text outside tags is counted in bytes; four UTF-8 bytes per character bound the characters from above.
    const file = openLimitedZip(bytes, {
      maxUnzippedBytes: limits.maxUnzippedBytes,
      maxXmlElements: limits.maxXmlElements,
      maxXmlTextBytes: limits.maxTextChars * 4,
    });
    // mammoth's documented inputs are path and buffer; `file` is the JSZip-shaped object it opens them into (lib/unzip.js).
    const input = { file } as unknown as { buffer: Buffer };
    const { value } = await mammoth.convertToHtml(input, { convertImage: skipImages });
    const text = htmlToText(value);
    if (text.length > limits.maxTextChars) {
      return err(
        problem(
          'DOCUMENT_TEXT_TOO_LONG',
          `The DOCX holds ${text.length} characters of text; the limit is ${limits.maxTextChars}.`,
          { chars: text.length, maxTextChars: limits.maxTextChars },
        ),
      );
    }
    return ok({ kind: 'docx', pages: [{ number: null, text }] });
  } catch (e) {
    if (e instanceof DocumentLimitError) return err(e.problem);
    return err(
      problem('CORRUPT_DOCUMENT', 'The DOCX file is damaged and cannot be read.', {
        reason: e instanceof Error ? e.message : String(e),
      }),
    );
  }
}
