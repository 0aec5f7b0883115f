import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { EMBEDDING_DIMENSIONS } from '../../db/schema/documents.ts';
import { getDocumentSummary } from '../../extraction/documents/store.ts';
import { localEmbedder, type Embedder } from '../../extraction/search/embedder.ts';
import { searchDocuments } from '../../extraction/search/search-documents.ts';
import { documentLimits, type TextLimits } from '../../extraction/text/extract-text.ts';
import type { Role } from '../../policy/roles.ts';
import { documentView, documentViewSchema } from '../../tools/documents/document-view.ts';
import { documentsUpload } from '../../tools/documents/upload-document.ts';
import { linkedEntities, type DocumentLink } from '../../tools/documents/document-scope.ts';
import { callTool } from '../../tools/call-tool.ts';
import { rolesFor } from '../access.ts';
import { sendToolResult, toolCaller } from '../tool-route.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, uuidParam } from '../schemas.ts';
import { entityFilterSchema, listScope, mayTouchEntity, outOfScope } from '../scope.ts';

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

/** Who may read and search statements of work. */
export const DOCUMENT_READERS: readonly Role[] = [
  'billing_clerk',
  'account_manager',
  'project_manager',
  'controller',
  'finance_admin',
  'auditor',
  'agent',
];
/** Who may upload them: the roles policy lets ask for document.upload. */
export const DOCUMENT_WRITERS: readonly Role[] = rolesFor('document.upload');

const uuid = z.string().uuid();
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
/** How deep a search pages: passages ranked below it are not returned. */
const SEARCH_WINDOW = 100;

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1).max(500).describe('the question or words to look for'),
    clientId: uuid.optional().describe("restrict to one client's documents"),
    limit: z.coerce.number().int().min(1).max(50).default(5),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(SEARCH_WINDOW - 1)
      .default(0)
      .describe(`passages to skip, for the next page; a search ranks the best ${SEARCH_WINDOW}`),
  })
  .extend(entityFilterSchema.shape);

/** Multipart overhead allowed on top of the file size limit before the body is refused unread. */
const MULTIPART_SLACK = 256 * 1024;

const documentDoc = documentViewSchema;
export { documentView };

/** The 403 when the caller may not touch a document with this link (a firm-wide one needs access to every entity). */
async function scopeRefusal(
  c: Parameters<ApiRoute['handler']>[0],
  deps: ApiDeps,
  link: DocumentLink,
): Promise<Response | null> {
  const entities = await linkedEntities(deps.database.db, link);
  if (entities === null) return mayTouchEntity(c, null) ? null : outOfScope(c, null);
  const denied = entities.find((e) => !mayTouchEntity(c, e));
  return denied === undefined ? null : outOfScope(c, denied);
}

/** Upload, search and status of statements of work and other contract documents. */
export function documentRoutes(deps: ApiDeps, services: DocumentServices): ApiRoute[] {
  const { db } = deps.database;
  const { maxBytes } = services.limits;
  return [
    defineRoute({
      method: 'post',
      path: '/documents',
      operationId: 'uploadDocument',
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
    defineRoute({
      method: 'get',
      path: '/documents/search',
      operationId: 'searchDocuments',
      tag: 'Documents',
      roles: DOCUMENT_READERS,
      summary:
        'Search documents: the passages that best answer a question (full text and embedding, fused), with their pages',
      query: searchQuerySchema,
      responses: {
        200: {
          description: 'The question and a page of passages, best first',
          schema: z.object({
            query: z.string(),
            items: z.array(
              objectSchema('A passage: documentId, fileName, page, text, score (the fused score, higher is better)'),
            ),
            page: z
              .object({ limit: z.number(), offset: z.number(), nextOffset: z.number().nullable() })
              .describe('No total: a search ranks, it does not count'),
          }),
        },
      },
      handler: async (c, { query: q }) => {
        const scope = await listScope(c, db, q.legalEntity);
        if (!scope.ok) return scope.error;
        if (q.clientId) {
          const refused = await scopeRefusal(c, deps, { clientId: q.clientId, contractId: null });
          if (refused) return refused;
        }
        const end = Math.min(q.offset + q.limit, SEARCH_WINDOW);
        // One past the page tells whether there is a next one.
        const hits = await searchDocuments(db, services.embedder, {
          query: q.q,
          clientId: q.clientId ?? null,
          entityIds: scope.value,
          limit: end + 1,
        });
        const items = hits.slice(q.offset, end);
        return c.json({
          query: q.q,
          items,
          page: { limit: q.limit, offset: q.offset, nextOffset: hits.length > end && end < SEARCH_WINDOW ? end : null },
        });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/documents/:id',
      operationId: 'getDocument',
      tag: 'Documents',
      roles: DOCUMENT_READERS,
      summary: 'A document: its processing status and, once done, its terms',
      params: uuidParam,
      errors: [404],
      responses: { 200: { description: 'The document', schema: documentDoc } },
      handler: async (c, { params }) => {
        const doc = await getDocumentSummary(db, params.id);
        if (!doc) return sendError(c, 'DOCUMENT_NOT_FOUND', 'No document has this id.', { id: params.id });
        return (await scopeRefusal(c, deps, doc)) ?? c.json(documentView(doc));
      },
    }),
  ];
}
