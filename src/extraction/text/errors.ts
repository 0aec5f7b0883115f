/** Why a document could not be turned into text. Every code maps to a 4xx at the API and a CLI exit code. */
export type DocumentProblemCode =
  | 'EMPTY_DOCUMENT'
  | 'CORRUPT_DOCUMENT'
  | 'ENCRYPTED_DOCUMENT'
  | 'IMAGE_ONLY_DOCUMENT'
  | 'DOCUMENT_TOO_LARGE'
  | 'TOO_MANY_PAGES'
  | 'DOCUMENT_TEXT_TOO_LONG'
  | 'DOCUMENT_UNZIPPED_TOO_LARGE'
  | 'DOCUMENT_TOO_COMPLEX'
  | 'DOCUMENT_TIMEOUT'
  | 'UNSUPPORTED_DOCUMENT_TYPE';

export interface DocumentProblem {
  code: DocumentProblemCode;
  message: string;
  details: Record<string, unknown>;
}

/** Builds a DocumentProblem. */
export const problem = (code: DocumentProblemCode, message: string, details: Record<string, unknown> = {}): DocumentProblem => ({
  code,
  message,
  details,
});

/** HTTP status for each problem: 413 for size and resource limits, 415 for the type, 422 for the rest. */
export const problemHttpStatus: Readonly<Record<DocumentProblemCode, 413 | 415 | 422>> = {
  EMPTY_DOCUMENT: 422,
  CORRUPT_DOCUMENT: 422,
  ENCRYPTED_DOCUMENT: 422,
  IMAGE_ONLY_DOCUMENT: 422,
  DOCUMENT_TOO_LARGE: 413,
  TOO_MANY_PAGES: 413,
  DOCUMENT_TEXT_TOO_LONG: 413,
  DOCUMENT_UNZIPPED_TOO_LARGE: 413,
  DOCUMENT_TOO_COMPLEX: 413,
  DOCUMENT_TIMEOUT: 413,
  UNSUPPORTED_DOCUMENT_TYPE: 415,
};

/** Thrown inside a reader when a limit is crossed mid-read; the reader's caller turns it back into its problem. */
export class DocumentLimitError extends Error {
  constructor(readonly problem: DocumentProblem) {
    super(problem.message);
    this.name = 'DocumentLimitError';
  }
}
