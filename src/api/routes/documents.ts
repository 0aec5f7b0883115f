import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { EMBEDDING_DIMENSIONS } from '../../db/schema/documents.ts';
import { localEmbedder, type Embedder } from '../../extraction/search/embedder.ts';
import { documentLimits, type TextLimits } from '../../extraction/text/extract-text.ts';
import { documentView, documentViewSchema } from '../../tools/documents/document-view.ts';
import { documentsUpload } from '../../tools/documents/upload-document.ts';
import { documentsShow } from '../../tools/documents/show-document.ts';
import { documentsSearch } from '../../tools/documents/search-documents.ts';
import { callTool } from '../../tools/call-tool.ts';
import { rolesFor } from '../access.ts';
import { sendToolResult, toolCaller, toolRoute } from '../tool-route.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';

/** What the document routes need beyond the database: upload limits, the extraction queue, the embedder. */
export interface DocumentServices {
  limits: TextLimits;
  /** Queues a stored document for asynchronous extraction. */
  processor: { enqueue(documentId: string): void };
  embedder: Embedder;
}

/**
 * Services of an app started without any (tests, the OpenAPI document): the configured default
 * limits, the built-in embedder, and no processor, so an upload stays queued until a server with
 * one starts (npm start re-queues unfinished documents).
 */
export function defaultDocumentServices(): DocumentServices {
  return {
    limits: documentLimits(loadConfig({})),
    processor: { enqueue: () => undefined },
    embedder: localEmbedder(EMBEDDING_DIMENSIONS),
  };
}

/** Who may upload them: the roles policy lets ask for document.upload. */
export const DOCUMENT_WRITERS = rolesFor('document.upload');

const ref = z.string().trim().min(1).max(64);
export const uploadFieldsSchema = z
  .object({
    client: ref.optional().describe('code (or id) of the client the document belongs to'),
    contract: ref
      .optional()
      .describe("code (or id) of the contract the document belongs to; its client is the document's client"),
    clientId: ref.optional().describe('the same as client (kept for existing callers)'),
    contractId: ref.optional().describe('the same as contract (kept for existing callers)'),
  })
  .refine((f) => !(f.client && f.clientId) && !(f.contract && f.contractId), {
    message: 'give client or clientId, and contract or contractId, not both',
  });
/** Multipart overhead allowed on top of the file size limit before the body is refused unread. */
const MULTIPART_SLACK = 256 * 1024;

const documentDoc = documentViewSchema;
export { documentView };

/** Upload, search and status of statements of work and other contract documents. */
export function documentRoutes(deps: ApiDeps, services: DocumentServices): ApiRoute[] {
  const { maxBytes } = services.limits;
  return [
    defineRoute({
      method: 'post',
      path: '/documents',
      operationId: 'uploadDocument',
      tool: documentsUpload,
      tag: 'Documents',
      roles: DOCUMENT_WRITERS,
      summary: 'Upload a statement of work (PDF, DOCX or text) for extraction',
      description:
        'multipart/form-data with a "file" part and optional "client" and "contract" (codes or ids). Read and checked at once within the document limits (size, pages, text, unzipped bytes, XML elements, time; nothing is stored for a refused file), then extracted in the background: 202 with status queued; poll GET /documents/{id}. The same file again is 200 with duplicate: true.',
      multipart: {
        fields: uploadFieldsSchema,
        file: { name: 'file', description: 'The document: PDF, DOCX or plain text' },
        maxBytes: maxBytes + MULTIPART_SLACK,
        tooLarge: {
          code: 'DOCUMENT_TOO_LARGE',
          message: `The upload exceeds the limit of ${maxBytes} bytes.`,
          details: { maxBytes },
        },
      },
      errors: [413, 415, 422],
      responses: {
        202: { description: 'Stored and queued for extraction', schema: documentDoc },
        200: { description: 'Already stored (duplicate: true)', schema: documentDoc },
      },
      handler: async (c, { upload }) => {
        const { fields } = upload;
        const caller = toolCaller(c, deps);
        const r = await callTool(
          {
            ...caller,
            deps: {
              ...caller.deps,
              documents: { limits: services.limits, enqueue: (id) => services.processor.enqueue(id) },
            },
          },
          documentsUpload,
          {
            content: new Uint8Array(await upload.file.arrayBuffer()),
            fileName: upload.file.name || null,
            client: fields.client ?? fields.clientId ?? null,
            contract: fields.contract ?? fields.contractId ?? null,
          },
        );
        return sendToolResult(c, r, r.ok && !r.value.duplicate ? 202 : 200);
      },
    }),
    // Before /documents/:id, so "search" is not read as an id.
    toolRoute({ ...deps, embedder: services.embedder }, documentsSearch, {
      method: 'get',
      path: '/documents/search',
      operationId: 'searchDocuments',
      tag: 'Documents',
      summary:
        'Search documents: the passages that best answer a question (full text and embedding, fused), with their pages',
    }),
    toolRoute(deps, documentsShow, {
      method: 'get',
      path: '/documents/:id',
      pathFields: { id: 'id' },
      operationId: 'getDocument',
      tag: 'Documents',
      summary: 'A document: its processing status and, once done, its terms',
      errors: [404],
      responseDescription: 'The document',
    }),
  ];
}
