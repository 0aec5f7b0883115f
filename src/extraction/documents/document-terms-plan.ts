import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { getContractState, type ContractState } from '../../db/stores/contract-terms-store.ts';
import type { ActionOf } from '../../policy/actions.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { authorityOf, inScope } from '../../policy/permissions.ts';
import type { Actor } from '../../policy/roles.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { toContractRecord } from '../changes/contract-record.ts';
import {
  APPLICABLE_FIELDS,
  changeIdOf,
  planFromChange,
  planFromTerms,
  termsHashOf,
  type SkippedDiff,
  type TermWrite,
} from '../changes/plan-term-writes.ts';
import type { ProposedContractChange } from '../changes/proposed-change.ts';
import { sowTermsSchema, type SowTerms } from '../sow-terms.ts';
import { getDocument, type DocumentRow } from './store.ts';

/** Which terms of which document go to which contract: the input of both the preview and the apply. */
export const documentTermsSelectionSchema = z.object({
  documentId: z.uuid().describe('The processed document (SOW, amendment, change order) whose terms are applied'),
  contractId: z.uuid().optional().describe('The contract to write to; default: the contract the document is linked to'),
  fields: z
    .array(z.enum(APPLICABLE_FIELDS))
    .min(1)
    .optional()
    .describe(`Only these fields (default: every field that differs): ${APPLICABLE_FIELDS.join(', ')}`),
  changeId: z
    .string()
    .regex(/^[0-9a-f]{12}$/)
    .optional()
    .describe(
      'Apply one of the document\'s proposed changes (an amendment\'s "from X to Y") instead of its terms; ids come from the preview',
    ),
});
export type DocumentTermsSelection = z.infer<typeof documentTermsSelectionSchema>;

/** Why terms cannot be read or paired with a contract. */
export type TermsSelectionError =
  | { code: 'DOCUMENT_NOT_FOUND'; message: string; documentId: string }
  | { code: 'DOCUMENT_NOT_PROCESSED'; message: string; documentId: string; status: string }
  | { code: 'NO_CONTRACT_LINKED'; message: string; documentId: string }
  | { code: 'CONTRACT_NOT_FOUND'; message: string; contractId: string }
  | { code: 'DOCUMENT_OF_OTHER_CONTRACT'; message: string; documentId: string; linkedContractId: string }
  | { code: 'CONTRACT_OF_OTHER_CLIENT'; message: string; contractId: string; clientId: string }
  | { code: 'FORBIDDEN'; message: string; policyCode: 'ENTITY_OUT_OF_SCOPE' }
  | { code: 'INVALID_SELECTION'; message: string }
  | { code: 'CHANGE_NOT_FOUND'; message: string; changeId: string }
  | { code: 'CHANGE_NOT_APPLICABLE'; message: string; changeId: string; reason: string };

/** A proposed change as the API shows it: with the id to apply it by. */
export type IdentifiedChange = ProposedContractChange & { id: string };

/** A document's terms paired with a contract, and exactly what applying them would write. */
export interface TermsPlan {
  document: DocumentRow;
  terms: SowTerms;
  state: ContractState;
  changeId: string | null;
  writes: TermWrite[];
  skipped: SkippedDiff[];
  /** Fields asked for that have nothing to write. */
  unchangedFields: string[];
  proposedChanges: IdentifiedChange[];
  termsHash: string;
  action: ActionOf<'contract.apply_extracted_terms'>;
  facts: PolicyFacts;
}

const fail = <E extends TermsSelectionError>(e: E) => err(e);

/**
 * Reads a processed document and its contract (locked when asked) and plans the writes: the
 * document's terms field by field, or one proposed change. The entity scope is checked as soon as
 * the contract is known, before anything about the terms is told.
 */
export async function planDocumentTerms(
  db: DbOrTx,
  actor: Actor,
  input: DocumentTermsSelection,
  lock: boolean,
): Promise<Result<TermsPlan, TermsSelectionError>> {
  const { documentId } = input;
  const document = await getDocument(db, documentId);
  if (!document) return fail({ code: 'DOCUMENT_NOT_FOUND', message: `no document ${documentId}`, documentId });
  if (document.status !== 'done' || !document.terms) {
    return fail({
      code: 'DOCUMENT_NOT_PROCESSED',
      message: `the document is ${document.status}; its terms are applied once it is processed`,
      documentId,
      status: document.status,
    });
  }
  const contractId = input.contractId ?? document.contractId;
  if (!contractId)
    return fail({
      code: 'NO_CONTRACT_LINKED',
      message: 'the document is linked to no contract; name one with contractId',
      documentId,
    });
  if (document.contractId && document.contractId !== contractId) {
    return fail({
      code: 'DOCUMENT_OF_OTHER_CONTRACT',
      message: 'the document is linked to another contract',
      documentId,
      linkedContractId: document.contractId,
    });
  }
  const state = await getContractState(db, contractId, { lock });
  if (!state) return fail({ code: 'CONTRACT_NOT_FOUND', message: `no contract ${contractId}`, contractId });
  if (document.clientId && document.clientId !== state.contract.clientId) {
    return fail({
      code: 'CONTRACT_OF_OTHER_CLIENT',
      message: "the contract belongs to another client than the document's",
      contractId,
      clientId: document.clientId,
    });
  }
  if (!inScope(authorityOf(actor).entityIds, state.contract.legalEntityId)) {
    return fail({
      code: 'FORBIDDEN',
      message: `the actor may not act in entity ${state.contract.legalEntityId}`,
      policyCode: 'ENTITY_OUT_OF_SCOPE',
    });
  }

  // Stored by the extractor from this very schema; a row that no longer parses is a bug, not an outcome.
  const terms = sowTermsSchema.parse(document.terms);
  const proposedChanges = (document.proposedChanges as unknown as ProposedContractChange[]).map((c) => ({
    ...c,
    id: changeIdOf(c),
  }));
  const record = toContractRecord(state.contract, state.rates, state.milestones, terms.effectiveDate);
  let planned: { writes: TermWrite[]; skipped: SkippedDiff[] };
  let unchangedFields: string[] = [];
  if (input.changeId !== undefined) {
    if (input.fields)
      return fail({ code: 'INVALID_SELECTION', message: 'give fields or changeId, not both: a change is one field' });
    const change = proposedChanges.find((c) => c.id === input.changeId);
    if (!change)
      return fail({
        code: 'CHANGE_NOT_FOUND',
        message: `the document proposes no change ${input.changeId}`,
        changeId: input.changeId,
      });
    const p = planFromChange(change, terms, record);
    if (typeof p === 'string')
      return fail({ code: 'CHANGE_NOT_APPLICABLE', message: p, changeId: change.id, reason: p });
    planned = p;
  } else {
    planned = planFromTerms(terms, record, input.fields ?? null);
    unchangedFields = (input.fields ?? []).filter((f) => !planned.writes.some((w) => w.field === f));
  }
  const termsHash = termsHashOf({
    documentId,
    extractedAt: document.processedAt?.toISOString() ?? null,
    contractId,
    changeId: input.changeId ?? null,
    writes: planned.writes,
  });
  return ok({
    document,
    terms,
    state,
    changeId: input.changeId ?? null,
    ...planned,
    unchangedFields,
    proposedChanges,
    termsHash,
    action: {
      type: 'contract.apply_extracted_terms',
      target: { kind: 'contract', id: contractId },
      args: { extractionId: documentId, termsHash },
    },
    facts: { entityId: state.contract.legalEntityId },
  });
}
