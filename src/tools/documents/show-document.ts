import { z } from 'zod';
import { getDocumentSummary } from '../../extraction/documents/store.ts';
import type { Role } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import type { ToolContext } from '../define-tool.ts';
import { linkedEntities, type DocumentLink } from './document-scope.ts';
import { documentView, documentViewSchema } from './document-view.ts';

/** Who may read and search statements of work (the copilot for them: "what rate does the ACME SOW give an analyst?"). */
export const DOCUMENT_READERS: readonly Role[] = [
  'billing_clerk',
  'account_manager',
  'project_manager',
  'controller',
  'finance_admin',
  'auditor',
  'agent',
];

/** The refusal when the actor may not see a document with this link (a firm-wide one needs every entity); null when it may. */
export async function documentScopeRefusal(ctx: ToolContext, link: DocumentLink): Promise<ScopeError | null> {
  const entities = await linkedEntities(ctx.db, link);
  if (entities === null) return actorMayTouch(ctx.actor, null) ? null : outOfScopeError(null);
  const denied = entities.find((e) => !actorMayTouch(ctx.actor, e));
  return denied === undefined ? null : outOfScopeError(denied);
}

type ShowDocumentError = { code: 'DOCUMENT_NOT_FOUND'; message: string; id: string } | ScopeError;

export const documentsShow = defineTool({
  name: 'documents_show',
  description:
    'One uploaded document (statement of work, amendment) by id: its processing status (queued, processing, done, ' +
    'failed) and, once done, the billing terms read from it, the changes it proposes to its contract and where it ' +
    'disagrees with the contract.',
  input: z.object({ id: z.string().uuid().describe('The id (UUID)') }),
  output: documentViewSchema,
  risk: 'read',
  policyAction: null,
  readers: DOCUMENT_READERS,
  handler: async (ctx, { id }): Promise<Result<z.output<typeof documentViewSchema>, ShowDocumentError>> => {
    const doc = await getDocumentSummary(ctx.db, id);
    if (!doc) return err({ code: 'DOCUMENT_NOT_FOUND', message: 'No document has this id.', id });
    const refused = await documentScopeRefusal(ctx, doc);
    return refused ? err(refused) : ok(documentView(doc));
  },
});
