import { z } from 'zod';
import { APPLICABLE_FIELDS } from '../../extraction/changes/plan-term-writes.ts';
import { applyDocumentTermsSchema, documentsApplyTerms } from '../../tools/documents/apply-terms.ts';
import { documentsPreviewTerms } from '../../tools/documents/preview-terms.ts';
import { CONTRACT_READERS } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { callToolFor, sendToolResult, toolRoute } from '../tool-route.ts';

const documentParam = z.object({ id: z.string().uuid().describe('The document id (UUID)') });
const selection = applyDocumentTermsSchema.omit({ documentId: true });
const previewQuery = z.object({
  contractId: selection.shape.contractId,
  fields: z
    .string()
    .max(500)
    .optional()
    .transform((s) =>
      s === undefined
        ? undefined
        : s
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.enum(APPLICABLE_FIELDS)).min(1).optional())
    .describe(`Comma-separated fields (default: every field that differs): ${APPLICABLE_FIELDS.join(', ')}`),
  changeId: selection.shape.changeId,
});

/** Applying a document's extracted terms (or an amendment's proposed change) to its contract, and the preview of what that writes. */
export function documentTermsRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/documents/:id/apply-preview',
      operationId: 'previewDocumentTerms',
      tool: documentsPreviewTerms,
      tag: 'Documents',
      roles: CONTRACT_READERS,
      summary: "What applying a document's terms to its contract would write",
      description:
        'Per field: the contract value now, the document value with its quote, and (rates) the date it starts; the differences that ' +
        'would not be written and why; a refusal the contract state would cause; the proposed changes of an amendment with their ids; and the ' +
        'termsHash the approval binds to. Same plan as POST /documents/{id}/apply.',
      params: documentParam,
      query: previewQuery,
      errors: [404, 409, 422],
      responses: {
        200: {
          description: 'The writes, skipped differences, blocker and approval arguments',
          schema: documentsPreviewTerms.output,
        },
      },
      handler: async (c, { params, query }) =>
        sendToolResult(c, await callToolFor(c, deps, documentsPreviewTerms, { documentId: params.id, ...query })),
    }),
    toolRoute(deps, documentsApplyTerms, {
      method: 'post',
      path: '/documents/:id/apply',
      pathFields: { id: 'documentId' },
      operationId: 'applyDocumentTerms',
      tag: 'Documents',
      summary: "Apply a document's extracted terms, or one proposed change, to its contract",
      description:
        "Always needs a controller's approval (the requester never approves it; the agent may ask, never approve): the first call opens " +
        "the request (409 APPROVAL_REQUIRED with its requestId); once granted, the same call writes the changes. Rates start at the document's " +
        'effective date, earlier days keep their rates. Another field selection, a re-extraction or a contract changed meanwhile needs a new ' +
        'approval (ARGS_CHANGED). A second call after it was applied changes nothing (alreadyApplied: true).',
      errors: [404, 409, 422],
      responseDescription: "What was written, and the document's terms-mismatch exception afterwards",
    }),
  ];
}
