/** Why a document could not be turned into text. Every code maps to a 4xx at the API and a CLI exit code. */
export type DocumentProblemCode =
  | 'EMPTY_DOCUMENT'
  | 'CORRUPT_DOCUMENT'
  | 'ENCRYPTED_DOCUMENT'
  | 'IMAGE_ONLY_DOCUMENT'
  | 'DOCUMENT_TOO_LARGE'
  | 'TOO_MANY_PAGES'
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

/** HTTP status for each problem: 413 for size limits, 415 for the type, 422 for the rest. */
export const problemHttpStatus: Readonly<Record<DocumentProblemCode, 413 | 415 | 422>> = {
  EMPTY_DOCUMENT: 422,
  CORRUPT_DOCUMENT: 422,
  ENCRYPTED_DOCUMENT: 422,
  IMAGE_ONLY_DOCUMENT: 422,
  DOCUMENT_TOO_LARGE: 413,
  TOO_MANY_PAGES: 413,
  UNSUPPORTED_DOCUMENT_TYPE: 415,
};
