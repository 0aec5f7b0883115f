import { err, type Result } from '../../shared/result.ts';
import { decodeText, detectDocumentType } from './detect-type.ts';
import { textDocument, type DocumentText } from './document-text.ts';
import { docxText } from './docx-text.ts';
import { problem, type DocumentProblem } from './errors.ts';
import { pdfText, type PdfParseModule } from './pdf-text.ts';

/** What reading one document may cost, checked while it is read (the worker adds time and heap caps). */
export interface ReadLimits {
  maxPages: number;
  maxTextChars: number;
  maxUnzippedBytes: number;
  maxXmlElements: number;
}

const hasVisibleText = (doc: DocumentText): boolean => doc.pages.some((p) => /\S/.test(p.text));

/**
 * Turns a document's bytes into page texts, in the document worker. The type is decided by content;
 * pages are checked before any text is read, and the text, unzipped bytes and XML elements while it
 * is read. Every refusal is a typed DocumentProblem.
 */
export async function readDocumentText(
  pdfParse: PdfParseModule,
  bytes: Uint8Array,
  limits: ReadLimits,
): Promise<Result<DocumentText, DocumentProblem>> {
  let result: Result<DocumentText, DocumentProblem>;
  switch (detectDocumentType(bytes)) {
    case 'pdf':
      result = await pdfText(pdfParse, bytes, limits);
      break;
    case 'docx':
      result = await docxText(bytes, limits);
      break;
    case 'text': {
      const text = (decodeText(bytes) ?? '').replace(/\r\n?/g, '\n');
      if (text.length > limits.maxTextChars) {
        return err(
          problem(
            'DOCUMENT_TEXT_TOO_LONG',
            `The text has ${text.length} characters; the limit is ${limits.maxTextChars}.`,
            { chars: text.length, maxTextChars: limits.maxTextChars },
          ),
        );
      }
      result = { ok: true, value: textDocument(text) };
      break;
    }
    case 'encrypted_office':
      return err(problem('ENCRYPTED_DOCUMENT', 'The Office document is password-protected.'));
    case 'unsupported':
      return err(problem('UNSUPPORTED_DOCUMENT_TYPE', 'Only PDF, DOCX and plain text documents are accepted.'));
  }
  if (result.ok && !hasVisibleText(result.value))
    return err(problem('EMPTY_DOCUMENT', 'The document contains no text.'));
  if (result.ok && result.value.kind === 'text' && result.value.pages.length > limits.maxPages) {
    const pages = result.value.pages.length;
    return err(
      problem('TOO_MANY_PAGES', `The document has ${pages} pages; the limit is ${limits.maxPages}.`, {
        pages,
        maxPages: limits.maxPages,
      }),
    );
  }
  return result;
}
