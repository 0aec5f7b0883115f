import { err, type Result } from '../../shared/result.ts';
import { decodeText, detectDocumentType } from './detect-type.ts';
import { textDocument, type DocumentText } from './document-text.ts';
import { docxText } from './docx-text.ts';
import { problem, type DocumentProblem } from './errors.ts';
import { pdfText } from './pdf-text.ts';

export interface TextLimits {
  maxBytes: number;
  maxPages: number;
}

const hasVisibleText = (doc: DocumentText): boolean => doc.pages.some((p) => /\S/.test(p.text));

/**
 * Turns uploaded bytes into page texts. The type is decided by content; size is checked before
 * anything is parsed and pages before any text is read. Every refusal is a typed DocumentProblem.
 */
export async function extractText(bytes: Uint8Array, limits: TextLimits): Promise<Result<DocumentText, DocumentProblem>> {
  if (bytes.length > limits.maxBytes) {
    return err(problem('DOCUMENT_TOO_LARGE', `The file is ${bytes.length} bytes; the limit is ${limits.maxBytes}.`, { bytes: bytes.length, maxBytes: limits.maxBytes }));
  }
  if (bytes.length === 0) return err(problem('EMPTY_DOCUMENT', 'The file is empty.'));
  const type = detectDocumentType(bytes);
  let result: Result<DocumentText, DocumentProblem>;
  switch (type) {
    case 'pdf':
      result = await pdfText(bytes, limits.maxPages);
      break;
    case 'docx':
      result = await docxText(bytes);
      break;
    case 'text':
      result = { ok: true, value: textDocument((decodeText(bytes) ?? '').replace(/\r\n?/g, '\n')) };
      break;
    case 'encrypted_office':
      return err(problem('ENCRYPTED_DOCUMENT', 'The Office document is password-protected.'));
    case 'unsupported':
      return err(problem('UNSUPPORTED_DOCUMENT_TYPE', 'Only PDF, DOCX and plain text documents are accepted.'));
  }
  if (result.ok && !hasVisibleText(result.value)) return err(problem('EMPTY_DOCUMENT', 'The document contains no text.'));
  if (result.ok && result.value.kind === 'text' && textDocumentPages(result.value) > limits.maxPages) {
    const pages = textDocumentPages(result.value);
    return err(problem('TOO_MANY_PAGES', `The document has ${pages} pages; the limit is ${limits.maxPages}.`, { pages, maxPages: limits.maxPages }));
  }
  return result;
}

const textDocumentPages = (doc: DocumentText): number => doc.pages.length;
