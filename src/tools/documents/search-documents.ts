import { z } from 'zod';
import { EMBEDDING_DIMENSIONS } from '../../db/schema/documents.ts';
import { localEmbedder } from '../../extraction/search/embedder.ts';
import { searchDocuments } from '../../extraction/search/search-documents.ts';
import { err, ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { entityFilterSchema, listScopeOf } from '../scope.ts';
import { DOCUMENT_READERS, documentScopeRefusal } from './show-document.ts';

/** How deep a search pages: passages ranked below it are not returned. */
export const SEARCH_WINDOW = 100;

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1).max(500).describe('the question or words to look for'),
    clientId: z.uuid().optional().describe("restrict to one client's documents"),
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

export const passageSchema = z
  .object({
    documentId: z.string(),
    fileName: z.string().nullable(),
    page: z.number().int().nullable().describe('The page the passage is on (null for a text without pages)'),
    text: z.string(),
    score: z.number().describe('The fused score (reciprocal rank fusion): higher is better, within one search'),
  })
  .describe('A passage of a document');

export const searchResultSchema = z
  .object({
    query: z.string(),
    items: z.array(passageSchema),
    page: z
      .object({ limit: z.number(), offset: z.number(), nextOffset: z.number().nullable() })
      .describe('No total: a search ranks, it does not count'),
  })
  .describe('The question and a page of passages, best first');

// The built-in embedder, made once (what the stored passages were embedded with unless one is configured).
let builtIn: ReturnType<typeof localEmbedder> | null = null;

export const documentsSearch = defineTool({
  name: 'documents_search',
  description:
    'Searches the statements of work and other contract documents the caller may see: the passages that best answer ' +
    'a question (full text and embedding, fused), each with its document and page. Restrict to one client (its id) ' +
    'or legal entity; page with limit and offset (nextOffset) through the best 100.',
  input: searchQuerySchema,
  output: searchResultSchema,
  risk: 'read',
  policyAction: null,
  readers: DOCUMENT_READERS,
  handler: async (ctx, q) => {
    const scope = await listScopeOf(ctx.db, ctx.actor, q.legalEntity);
    if (!scope.ok) return scope;
    if (q.clientId) {
      const refused = await documentScopeRefusal(ctx, { clientId: q.clientId, contractId: null });
      if (refused) return err(refused);
    }
    const end = Math.min(q.offset + q.limit, SEARCH_WINDOW);
    const embedder = ctx.deps.embedder ?? (builtIn ??= localEmbedder(EMBEDDING_DIMENSIONS));
    // One past the page tells whether there is a next one.
    const hits = await searchDocuments(ctx.db, embedder, {
      query: q.q,
      clientId: q.clientId ?? null,
      entityIds: scope.value,
      limit: end + 1,
    });
    return ok({
      query: q.q,
      items: hits.slice(q.offset, end),
      page: { limit: q.limit, offset: q.offset, nextOffset: hits.length > end && end < SEARCH_WINDOW ? end : null },
    });
  },
});
