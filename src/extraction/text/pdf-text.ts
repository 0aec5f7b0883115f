import type * as PdfParseLib from 'pdf-parse';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DocumentText } from './document-text.ts';
import { DocumentLimitError, problem, type DocumentProblem } from './errors.ts';
import { type PdfTextItem, rejoinWrappedCells } from './pdf-cells.ts';

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
  return rejoinBrokenTokens(
    raw
      .replace(CELL_GAP, '\t')
      .replace(ITEMS, '')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );
}

/**
 * A writer wraps a line at a hyphen or slash inside a token, so a reference such as
 * "SHL-DV-2028-014" or "TFC/EL/2027/118-V1" comes out as "SHL-" and "DV-2028-014" on two lines.
 * The token's rest is moved back up to its head and the next line starts after it; a line that held
 * nothing else disappears. Table rows (lines with a tab) are left to `pdf-cells.ts`.
 */
export function rejoinBrokenTokens(text: string): string {
  return text
    .split('\n')
    .reduce<string[]>((lines, line) => {
      const prev = lines[lines.length - 1];
      const rest = /^([^\s]+)(?: +(.*))?$/su.exec(line);
      if (prev !== undefined && rest && !prev.includes('\t') && !line.includes('\t') && /[\p{L}\d][-/]$/u.test(prev)) {
        lines[lines.length - 1] = prev + rest[1];
        if (rest[2]) lines.push(rest[2]);
        return lines;
      }
      lines.push(line);
      return lines;
    }, [])
    .join('\n');
}

const visibleChars = (s: string): number => s.replace(/\s+/g, '').length;

/**
 * pdf-parse, as the worker loaded it: natively, because through tsx's loader (which the worker uses
 * for our TypeScript) pdf.js takes seconds longer to load.
 */
export type PdfParseModule = typeof PdfParseLib;

/** What reading a PDF may cost beyond the worker's heap cap and time limit. */
export interface PdfLimits {
  maxPages: number;
  maxTextChars: number;
}

/** pdf.js's page, as far as the text budget needs it. */
interface TextPage {
  streamTextContent(params?: object): ReadableStream<{ items: PdfTextItem[]; styles: object; lang: string | null }>;
  getTextContent(params?: object): Promise<{ items: PdfTextItem[]; styles: object; lang: string | null }>;
}

/**
 * Makes the parser read each page's text as pdf.js streams it (getTextContent as pdf.js writes it,
 * plus a count), so a page whose content stream inflates to 100 MB of text stops at the document's
 * budget instead of being read whole first; the page's items then have their wrapped table cells
 * rejoined (`pdf-cells.ts`) before pdf-parse assembles the text.
 */
function budgetText(parser: PdfParseLib.PDFParse, maxTextChars: number): void {
  let chars = 0;
  const inner = parser as unknown as { getPageText(page: TextPage, ...rest: unknown[]): Promise<string> };
  const getPageText = inner.getPageText.bind(parser);
  inner.getPageText = (page, ...rest) => {
    page.getTextContent = async (params) => {
      const reader = page.streamTextContent(params).getReader();
      const content = {
        items: [] as PdfTextItem[],
        styles: Object.create(null) as object,
        lang: null as string | null,
      };
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        content.lang ??= r.value.lang;
        Object.assign(content.styles, r.value.styles);
        for (const item of r.value.items) {
          chars += item.str?.length ?? 0;
          content.items.push(item);
        }
        if (chars > maxTextChars) {
          // pdf.js asserts that a cancel has an Error for its reason.
          await reader.cancel(new Error('the document text limit was reached')).catch(() => undefined);
          throw new DocumentLimitError(
            problem('DOCUMENT_TEXT_TOO_LONG', `The PDF holds more than ${maxTextChars} characters of text.`, {
              maxTextChars,
            }),
          );
        }
      }
      content.items = rejoinWrappedCells(content.items);
      return content;
    };
    return getPageText(page, ...rest);
  };
}

/**
 * Extracts the text of a PDF page by page with pdf-parse (pdf.js), in the document worker: the page
 * limit is checked before any text is read and the text limit while it is read.
 */
export async function pdfText(
  lib: PdfParseModule,
  bytes: Uint8Array,
  limits: PdfLimits,
): Promise<Result<DocumentText, DocumentProblem>> {
  const { FormatError, InvalidPDFException, PasswordException, PDFParse } = lib;
  const parser = new PDFParse({ data: bytes, verbosity: 0 });
  let raw: { num: number; text: string }[];
  try {
    const info = await parser.getInfo();
    if (info.total > limits.maxPages) {
      return err(
        problem('TOO_MANY_PAGES', `The PDF has ${info.total} pages; the limit is ${limits.maxPages}.`, {
          pages: info.total,
          maxPages: limits.maxPages,
        }),
      );
    }
    budgetText(parser, limits.maxTextChars);
    raw = (await parser.getText({ itemJoiner: ITEM, pageJoiner: '' })).pages;
  } catch (e) {
    if (e instanceof DocumentLimitError) return err(e.problem);
    if (e instanceof PasswordException || (e instanceof Error && /Password/i.test(e.name)))
      return err(problem('ENCRYPTED_DOCUMENT', 'The PDF is password-protected.'));
    const reason = e instanceof Error ? e.message : String(e);
    if (e instanceof InvalidPDFException || e instanceof FormatError)
      return err(problem('CORRUPT_DOCUMENT', 'The PDF is damaged and cannot be read.', { reason }));
    // Anything else pdf.js throws on bytes that start with %PDF is a broken file, not a bug of ours.
    return err(problem('CORRUPT_DOCUMENT', 'The PDF cannot be read.', { reason }));
  } finally {
    await parser.destroy().catch(() => undefined);
  }
  const pages = raw.map((p) => ({ number: p.num, text: pageTextFromItems(p.text) }));
  if (pages.length === 0) return err(problem('EMPTY_DOCUMENT', 'The PDF has no pages.'));
  if (!pages.some((p) => visibleChars(p.text) >= MIN_PAGE_CHARS)) {
    return err(
      problem('IMAGE_ONLY_DOCUMENT', 'The PDF has no text layer (scanned or image-only); run OCR and upload again.', {
        pages: pages.length,
      }),
    );
  }
  return ok({ kind: 'pdf', pages });
}

// A one-page PDF with one line of text; pdf.js rebuilds its (omitted) cross-reference table.
export const TINY_PDF =
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
  '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n' +
  '4 0 obj<</Length 44>>stream\nBT /F1 12 Tf 10 50 Td (warm up text layer) Tj ET\nendstream endobj\n' +
  '5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
