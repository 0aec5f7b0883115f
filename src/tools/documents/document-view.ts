import { z } from 'zod';
import type { DocumentSummary } from '../../extraction/documents/store.ts';

/** The view of a document: status, and once processed the SowTerms, proposed changes and cross-check. */
export function documentView(d: DocumentSummary) {
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

export const documentViewSchema = z
  .object({
    id: z.string(),
    sha256: z.string(),
    fileName: z.string().nullable(),
    kind: z.string(),
    sizeBytes: z.number().int(),
    pageCount: z.number().int().nullable(),
    clientId: z.string().nullable(),
    contractId: z.string().nullable(),
    status: z.string().describe('queued, processing, done or failed'),
    extractor: z.string().nullable(),
    terms: z.unknown().describe('The SowTerms once processed, else null'),
    proposedChanges: z.unknown(),
    disagreements: z.unknown(),
    error: z.unknown(),
    createdAt: z.string(),
    processedAt: z.string().nullable(),
  })
  .describe('A document: status, and once processed its SowTerms, proposed changes and disagreements');
