import type { ErrorCodeOf } from '../../shared/error-codes.ts';

/**
 * Why a document could not be turned into text. Each code's kind (src/shared/error-codes.ts) gives its
 * HTTP status: too_large (413) for size and resource limits, unsupported (415) for the type, unprocessable (422) for the rest.
 */
export type DocumentProblemCode = ErrorCodeOf<
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
  | 'UNSUPPORTED_DOCUMENT_TYPE'
>;

export interface DocumentProblem {
  code: DocumentProblemCode;
  message: string;
  details: Record<string, unknown>;
}

/** Builds a DocumentProblem. */
export const problem = (
  code: DocumentProblemCode,
  message: string,
  details: Record<string, unknown> = {},
): DocumentProblem => ({
  code,
  message,
  details,
});

/** Thrown inside a reader when a limit is crossed mid-read; the reader's caller turns it back into its problem. */
export class DocumentLimitError extends Error {
  constructor(readonly problem: DocumentProblem) {
    super(problem.message);
    this.name = 'DocumentLimitError';
  }
}
