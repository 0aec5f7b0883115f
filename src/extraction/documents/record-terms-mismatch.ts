import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { billingExceptions, contracts, milestones, rateCardEntries } from '../../db/schema/index.ts';
import { toContractRecord } from '../changes/contract-record.ts';
import { diffTermsAgainstContract, type FieldDiff } from '../changes/diff-contract.ts';
import type { SowTerms } from '../sow-terms.ts';
import { SERVICE_IDENTITIES } from '../../policy/service-identities.ts';
import type { DocumentRow } from './store.ts';

const SLA_HOURS = 24;

/**
 * After a document linked to a contract is extracted: compares its terms with the contract record and
 * raises one "contract terms mismatch" exception per document with a diff per field (or closes the
 * open one when a re-extraction agrees). Nothing about the contract changes here: applying terms is a
 * separate action that goes through policy.
 */
export async function recordTermsMismatch(
  db: DbOrTx,
  document: Pick<DocumentRow, 'id' | 'contractId' | 'fileName'>,
  terms: SowTerms,
  now: Date = new Date(),
): Promise<FieldDiff[]> {
  if (!document.contractId) return [];
  const [contract] = await db.select().from(contracts).where(eq(contracts.id, document.contractId));
  if (!contract) return [];
  const [rates, ms] = await Promise.all([
    db.select().from(rateCardEntries).where(eq(rateCardEntries.contractId, contract.id)),
    db.select().from(milestones).where(eq(milestones.contractId, contract.id)),
  ]);
  const diffs = diffTermsAgainstContract(terms, toContractRecord(contract, rates, ms, terms.effectiveDate ?? null));
  const dedupeKey = `contract_terms_mismatch:${document.id}`;
  if (diffs.length === 0) {
    await db
      .update(billingExceptions)
      .set({
        status: 'resolved',
        resolutionCode: 'cleared_on_rerun',
        resolvedBy: SERVICE_IDENTITIES['job-worker'].id,
        resolvedAt: now,
        updatedAt: now,
      })
      .where(and(eq(billingExceptions.dedupeKey, dedupeKey), sql`${billingExceptions.status} <> 'resolved'`));
    return diffs;
  }
  const fields = [...new Set(diffs.map((d) => d.field))];
  const values = {
    dedupeKey,
    type: 'contract_terms_mismatch' as const,
    severity: 'blocking' as const,
    ownerRole: 'billing_clerk',
    message: `${document.fileName ?? 'The document'} differs from contract ${contract.code} in ${fields.length} field${fields.length === 1 ? '' : 's'}: ${fields.slice(0, 6).join(', ')}${fields.length > 6 ? ', ...' : ''}`,
    details: { documentId: document.id, documentType: terms.documentType, diffs },
    contractId: contract.id,
    clientId: contract.clientId,
    slaHours: SLA_HOURS,
    slaDueAt: new Date(now.getTime() + SLA_HOURS * 3_600_000),
  };
  await db
    .insert(billingExceptions)
    .values(values)
    .onConflictDoUpdate({
      target: billingExceptions.dedupeKey,
      set: { message: values.message, details: values.details, updatedAt: now },
    });
  return diffs;
}
