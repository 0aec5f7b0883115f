import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { getDocument, type DocumentRow } from '../../extraction/documents/store.ts';
import { uploadDocument, type UploadError } from '../../extraction/documents/upload-document.ts';
import type { Embedder } from '../../extraction/search/embedder.ts';
import { searchDocuments } from '../../extraction/search/search-documents.ts';
import { problemHttpStatus, type DocumentProblemCode } from '../../extraction/text/errors.ts';
import type { TextLimits } from '../../extraction/text/extract-text.ts';
import { sendError } from '../error-map.ts';

export interface DocumentRouteDeps {
  database: Database;
  limits: TextLimits;
  /** Queues a stored document for asynchronous extraction. */
  processor: { enqueue(documentId: string): void };
  embedder: Embedder;
}

const uuid = z.string().uuid();
export const uploadFieldsSchema = z.object({
  clientId: uuid.optional().describe('the client the document belongs to'),
  contractId: uuid.optional().describe('the contract the document belongs to'),
});
export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(500).describe('the question or words to look for'),
  clientId: uuid.optional().describe("restrict to one client's documents"),
  limit: z.coerce.number().int().min(1).max(50).default(5),
});

/** Multipart overhead allowed on top of the file size limit before the body is refused unread. */
const MULTIPART_SLACK = 256 * 1024;

function uploadErrorStatus(e: UploadError): 413 | 415 | 422 {
  return e.code in problemHttpStatus ? problemHttpStatus[e.code as DocumentProblemCode] : 422;
}

/** The API view of a document: status, and once processed the SowTerms, proposed changes and cross-check. */
export function documentView(d: DocumentRow) {
  return {
    id: d.id,
    sha256: d.sha256,
    fileName: d.fileName,
    kind: d.kind,
    sizeBytes: d.sizeBytes,
    pageCount: d.pageCount,
    clientId: d.clientId,
    contractId: d.contractId,
    status: d.status,
    extractor: d.extractor,
    terms: d.terms,
    proposedChanges: d.proposedChanges,
    disagreements: d.disagreements,
    error: d.error,
    createdAt: d.createdAt.toISOString(),
    processedAt: d.processedAt ? d.processedAt.toISOString() : null,
  };
}

/** Upload, status and search endpoints for statements of work and other contract documents. */
export function documentRoutes(deps: DocumentRouteDeps) {
  const app = new Hono();
  app.post(
    '/',
    bodyLimit({
      maxSize: deps.limits.maxBytes + MULTIPART_SLACK,
      onError: (c) => sendError(c, 413, 'DOCUMENT_TOO_LARGE', `The upload exceeds the limit of ${deps.limits.maxBytes} bytes.`, { maxBytes: deps.limits.maxBytes }),
    }),
    async (c) => {
      if (!/^multipart\/form-data/i.test(c.req.header('content-type') ?? '')) {
        return sendError(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Upload the document as multipart/form-data with a "file" field.');
      }
      const body = await c.req.parseBody();
      const file = body.file;
      if (!(file instanceof File)) return sendError(c, 400, 'VALIDATION_FAILED', 'The request is not valid', { issues: [{ path: 'file', message: 'a file is required' }] });
      const fields = uploadFieldsSchema.parse({
        clientId: typeof body.clientId === 'string' && body.clientId !== '' ? body.clientId : undefined,
        contractId: typeof body.contractId === 'string' && body.contractId !== '' ? body.contractId : undefined,
      });
      const result = await uploadDocument(
        { db: deps.database.db, limits: deps.limits, enqueue: (id) => deps.processor.enqueue(id) },
        { bytes: new Uint8Array(await file.arrayBuffer()), fileName: file.name || null, clientId: fields.clientId ?? null, contractId: fields.contractId ?? null },
      );
      if (!result.ok) return sendError(c, uploadErrorStatus(result.error), result.error.code, result.error.message, result.error.details);
      return c.json({ ...documentView(result.value.document), duplicate: result.value.duplicate }, result.value.duplicate ? 200 : 202);
    },
  );
  app.get('/search', async (c) => {
    const q = searchQuerySchema.parse(c.req.query());
    const items = await searchDocuments(deps.database.db, deps.embedder, { query: q.q, clientId: q.clientId ?? null, limit: q.limit });
    return c.json({ query: q.q, items });
  });
  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!uuid.safeParse(id).success) return sendError(c, 400, 'VALIDATION_FAILED', 'The request is not valid', { issues: [{ path: 'id', message: 'a UUID' }] });
    const doc = await getDocument(deps.database.db, id);
    if (!doc) return sendError(c, 404, 'DOCUMENT_NOT_FOUND', 'No document has this id.', { id });
    return c.json(documentView(doc));
  });
  return app;
}
