import { createHash } from 'node:crypto';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { precheck } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce, type PolicyRefusal } from '../policy-gate/context.ts';
import type { Actor } from '../../policy/roles.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { linkedEntities, resolveDocumentLink, type DocumentLink, type UnknownLink } from './document-scope.ts';
import { documentView, documentViewSchema } from './document-view.ts';
import type { Db, DbOrTx } from '../../db/client.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DocumentProblem } from '../../extraction/text/errors.ts';
import { documentLimits, extractText, type TextLimits } from '../../extraction/text/extract-text.ts';
import {
  clientExists,
  contractClient,
  insertDocumentOnce,
  type DocumentSummary,
} from '../../extraction/documents/store.ts';

export interface UploadDeps {
  db: Db;
  limits: TextLimits;
  /** Called after the document is stored, to process it asynchronously. */
  enqueue: (documentId: string) => void;
  /** Records a newly stored document (the audit row), in the transaction that stores it. */
  recordStored?: (tx: DbOrTx, document: DocumentSummary) => Promise<unknown>;
}

export interface UploadInput {
  bytes: Uint8Array;
  fileName: string | null;
  clientId: string | null;
  contractId: string | null;
}

export type UploadError =
  | DocumentProblem
  | {
      code: 'UNKNOWN_CLIENT' | 'UNKNOWN_CONTRACT' | 'CONTRACT_OF_OTHER_CLIENT';
      message: string;
      details: Record<string, unknown>;
    };

/**
 * Accepts an uploaded document: the links are checked and the text is read first, so an empty,
 * corrupt, encrypted, image-only, oversized or unsupported file is refused with nothing stored.
 * A file already stored (same SHA-256) is recognised and returned as a duplicate; a new one is
 * stored once and queued for extraction. A document linked to a contract is linked to its client too.
 */
export async function uploadDocument(
  deps: UploadDeps,
  input: UploadInput,
): Promise<Result<{ document: DocumentSummary; duplicate: boolean }, UploadError>> {
  if (input.clientId && !(await clientExists(deps.db, input.clientId))) {
    return err({ code: 'UNKNOWN_CLIENT', message: 'No client has this id.', details: { clientId: input.clientId } });
  }
  let clientId = input.clientId;
  if (input.contractId) {
    const owner = await contractClient(deps.db, input.contractId);
    if (owner === undefined)
      return err({
        code: 'UNKNOWN_CONTRACT',
        message: 'No contract has this id.',
        details: { contractId: input.contractId },
      });
    if (input.clientId && owner !== input.clientId) {
      return err({
        code: 'CONTRACT_OF_OTHER_CLIENT',
        message: 'The contract belongs to another client.',
        details: { contractId: input.contractId, clientId: input.clientId },
      });
    }
    // A contract's document is its client's too (search by client finds it).
    clientId ??= owner;
  }
  const text = await extractText(input.bytes, deps.limits);
  if (!text.ok) return err(text.error);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const values = {
    sha256,
    clientId,
    contractId: input.contractId,
    fileName: input.fileName,
    kind: text.value.kind,
    sizeBytes: input.bytes.length,
    pageCount: text.value.pages.length,
    content: input.bytes,
    pages: text.value.pages,
  };
  // Stored and recorded together: a document is never kept without its audit row.
  const { row, created } = await deps.db.transaction(async (tx) => {
    const r = await insertDocumentOnce(tx, values);
    if (r.created && deps.recordStored) await deps.recordStored(tx, r.row);
    return r;
  });
  if (created) deps.enqueue(row.id);
  return ok({ document: row, duplicate: !created });
}

const ref = z.string().trim().min(1).max(64);
export const uploadDocumentSchema = z.object({
  content: z.instanceof(Uint8Array).describe("The file's bytes: PDF, DOCX or plain text"),
  fileName: z.string().trim().min(1).max(255).nullable().default(null),
  client: ref.nullable().default(null).describe('code (or id) of the client the document belongs to'),
  contract: ref
    .nullable()
    .default(null)
    .describe("code (or id) of the contract the document belongs to; its client is the document's client"),
});

/** An upload refusal with its details as fields of its own, as every catalogue error carries them (the API's details). */
/** Why an upload stored nothing. */
type UploadRefusal = Omit<UploadError | UnknownLink, 'details'> | ScopeError | PolicyRefusal;
const flat = <E extends { code: string; message: string; details?: Record<string, unknown> }>({ details, ...e }: E) =>
  ({ ...details, ...e }) as Omit<E, 'details'>;

/** The refusal when the actor may not touch a document with this link (a firm-wide one needs access to every entity). */
async function scopeRefusalOf(db: DbOrTx, actor: Actor, link: DocumentLink): Promise<ScopeError | null> {
  const entities = await linkedEntities(db, link);
  if (entities === null) return actorMayTouch(actor, null) ? null : outOfScopeError(null);
  const denied = entities.find((e) => !actorMayTouch(actor, e));
  return denied === undefined ? null : outOfScopeError(denied);
}

export const documentsUpload = defineTool({
  name: 'documents_upload',
  description:
    'Stores a statement of work, MSA, amendment or change order (PDF, DOCX or text) once, by its content, and queues it for ' +
    'extraction of its billing terms. The file is read and checked first (size, pages, text, archive bombs): a refused file stores nothing. ' +
    'The same file again answers the stored document with duplicate: true.',
  input: uploadDocumentSchema,
  output: documentViewSchema.extend({
    duplicate: z.boolean().describe('The same bytes were already stored; nothing new was queued'),
  }),
  risk: 'write',
  policyAction: 'document.upload',
  // Reading a file takes long: the checks run before the one short transaction that stores it with its audit row.
  transaction: 'own',
  handler: async (
    ctx,
    input,
  ): Promise<Result<ReturnType<typeof documentView> & { duplicate: boolean }, UploadRefusal>> => {
    const resolved = await resolveDocumentLink(ctx.db, { client: input.client, contract: input.contract });
    if (!resolved.ok) return err(flat(resolved.error));
    const link = resolved.value;
    const refused = await scopeRefusalOf(ctx.db, ctx.actor, link);
    if (refused) return err(refused);
    const sha256 = createHash('sha256').update(input.content).digest('hex');
    const action = {
      type: 'document.upload' as const,
      target: { kind: 'document' as const, id: sha256 },
      args: { sha256, ...link },
    };
    await readMatrixInForce(ctx.db, ctx);
    const decided = precheck(ctx, action, { entityId: (await linkedEntities(ctx.db, link))?.[0] ?? null });
    if (!decided.ok) return decided;
    const intake = ctx.deps.documents ?? { limits: documentLimits(loadConfig({})), enqueue: () => undefined };
    const r = await uploadDocument(
      {
        db: ctx.db as Db,
        limits: intake.limits,
        enqueue: (id) => intake.enqueue(id),
        recordStored: (tx, d) =>
          appendAudit(
            tx,
            auditEntry(ctx, {
              action: 'document.upload',
              targetType: 'document',
              targetId: d.id,
              before: null,
              decision: decided.value,
              after: {
                sha256: d.sha256,
                fileName: d.fileName,
                kind: d.kind,
                sizeBytes: d.sizeBytes,
                pageCount: d.pageCount,
                clientId: d.clientId,
                contractId: d.contractId,
              },
            }),
          ),
      },
      { bytes: input.content, fileName: input.fileName, ...link },
    );
    if (!r.ok) return err(flat(r.error));
    const { document, duplicate } = r.value;
    // The same bytes may already be stored for another entity: show that copy only to those who may see it.
    const hidden = duplicate ? await scopeRefusalOf(ctx.db, ctx.actor, document) : null;
    return hidden ? err(hidden) : ok({ ...documentView(document), duplicate });
  },
});
