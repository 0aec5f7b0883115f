import { FormatError, InvalidPDFException, PasswordException, PDFParse } from 'pdf-parse';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DocumentText } from './document-text.ts';
import { problem, type DocumentProblem } from './errors.ts';

/** Marks text-item boundaries so cell gaps can be told from word spaces; never occurs in PDF text. */
const ITEM = '\u001f';
/** pdf.js emits a separate whitespace item only for gaps wider than an in-line space: a table column gap. */
const CELL_GAP = new RegExp(`${ITEM}[ \\u00a0]+${ITEM}`, 'g');
const ITEMS = new RegExp(ITEM, 'g');
/** A page with fewer visible characters than this is treated as having no text layer. */
const MIN_PAGE_CHARS = 20;

/**
 * Rebuilds one page: rows of a table stay on one line (pdf.js groups items by baseline) and their
 * cells are separated by a tab, so a rate card row reads "Senior Consultant\t250.00\thour".
 */
export function pageTextFromItems(raw: string): string {
  return raw
    .replace(CELL_GAP, '\t')
    .replace(ITEMS, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const visibleChars = (s: string): number => s.replace(/\s+/g, '').length;

/** Extracts the text of a PDF page by page with pdf-parse, enforcing the page limit before reading text. */
export async function pdfText(bytes: Uint8Array, maxPages: number): Promise<Result<DocumentText, DocumentProblem>> {
  // pdf.js may detach the buffer it is given; keep the caller's bytes intact.
  const parser = new PDFParse({ data: bytes.slice(), verbosity: 0 });
  try {
    const info = await parser.getInfo();
    if (info.total > maxPages) {
      return err(problem('TOO_MANY_PAGES', `The PDF has ${info.total} pages; the limit is ${maxPages}.`, { pages: info.total, maxPages }));
    }
    const result = await parser.getText({ itemJoiner: ITEM, pageJoiner: '' });
    const pages = result.pages.map((p) => ({ number: p.num, text: pageTextFromItems(p.text) }));
    if (pages.length === 0) return err(problem('EMPTY_DOCUMENT', 'The PDF has no pages.'));
    if (!pages.some((p) => visibleChars(p.text) >= MIN_PAGE_CHARS)) {
      return err(
        problem('IMAGE_ONLY_DOCUMENT', 'The PDF has no text layer (scanned or image-only); run OCR and upload again.', {
          pages: pages.length,
        }),
      );
    }
    return ok({ kind: 'pdf', pages });
  } catch (e) {
    if (e instanceof PasswordException) return err(problem('ENCRYPTED_DOCUMENT', 'The PDF is password-protected.'));
    if (e instanceof InvalidPDFException || e instanceof FormatError) {
      return err(problem('CORRUPT_DOCUMENT', 'The PDF is damaged and cannot be read.', { reason: e.message }));
    }
    const name = e instanceof Error ? e.name : '';
    if (/Password/i.test(name)) return err(problem('ENCRYPTED_DOCUMENT', 'The PDF is password-protected.'));
    // Anything else pdf.js throws on bytes that start with %PDF is a broken file, not a bug of ours.
    return err(problem('CORRUPT_DOCUMENT', 'The PDF cannot be read.', { reason: e instanceof Error ? e.message : String(e) }));
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

// A one-page PDF with one line of text; pdf.js rebuilds its (omitted) cross-reference table.
const TINY_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
  '4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 10 50 Td (warm up text layer) Tj ET\nendstream endobj\n' +
  '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';

/**
 * Loads pdf.js and reads a tiny PDF once, so the first real upload does not pay the start-up cost
 * (about 2 s under tsx's loader). Call at server start; harmless to call again.
 */
export async function warmUpPdfText(): Promise<void> {
  await pdfText(new TextEncoder().encode(TINY_PDF), 1);
}
