import { createHash } from 'node:crypto';
import type { Db, DbOrTx } from '../../db/client.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DocumentProblem } from '../text/errors.ts';
import { extractText, type TextLimits } from '../text/extract-text.ts';
import { clientExists, contractClient, insertDocumentOnce, type DocumentSummary } from './store.ts';

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
  | { code: 'UNKNOWN_CLIENT' | 'UNKNOWN_CONTRACT' | 'CONTRACT_OF_OTHER_CLIENT'; message: string; details: Record<string, unknown> };

/**
 * Accepts an uploaded document: the links are checked and the text is read first, so an empty,
 * corrupt, encrypted, image-only, oversized or unsupported file is refused with nothing stored.
 * A file already stored (same SHA-256) is recognised and returned as a duplicate; a new one is
 * stored once and queued for extraction. A document linked to a contract is linked to its client too.
 */
export async function uploadDocument(deps: UploadDeps, input: UploadInput): Promise<Result<{ document: DocumentSummary; duplicate: boolean }, UploadError>> {
  if (input.clientId && !(await clientExists(deps.db, input.clientId))) {
    return err({ code: 'UNKNOWN_CLIENT', message: 'No client has this id.', details: { clientId: input.clientId } });
  }
  let clientId = input.clientId;
  if (input.contractId) {
    const owner = await contractClient(deps.db, input.contractId);
    if (owner === undefined) return err({ code: 'UNKNOWN_CONTRACT', message: 'No contract has this id.', details: { contractId: input.contractId } });
    if (input.clientId && owner !== input.clientId) {
      return err({ code: 'CONTRACT_OF_OTHER_CLIENT', message: 'The contract belongs to another client.', details: { contractId: input.contractId, clientId: input.clientId } });
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
