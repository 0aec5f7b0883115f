import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { defineTool } from '../define-tool.ts';
import { termWriteSchema } from './preview-terms.ts';
import type { DbOrTx } from '../../db/client.ts';
import { billingExceptions } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  contractSnapshot,
  getContractState,
  setRoleRateFrom,
  termsAppliedBefore,
  updateContractTerms,
  writeMilestone,
  type ContractState,
} from '../../db/stores/contract-terms-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import {
  approvalRef,
  auditEntry,
  readMatrixInForce,
  type PolicyRefusal,
  type UseCaseContext,
  type UseCaseDatabase,
} from '../policy-gate/context.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { toContractRecord } from '../../extraction/changes/contract-record.ts';
import { diffTermsAgainstContract } from '../../extraction/changes/diff-contract.ts';
import type { SkippedDiff, TermWrite } from '../../extraction/changes/plan-term-writes.ts';
import {
  checkTermWrites,
  type CheckedWrites,
  type TermWriteRefusal,
} from '../../extraction/documents/check-term-writes.ts';
import {
  documentTermsSelectionSchema,
  planDocumentTerms,
  type DocumentTermsSelection,
  type TermsPlan,
  type TermsSelectionError,
} from '../../extraction/documents/document-terms-plan.ts';

export const applyDocumentTermsSchema = documentTermsSelectionSchema;
export type ApplyDocumentTermsInput = DocumentTermsSelection;

export type ApplyDocumentTermsError =
  | TermsSelectionError
  | TermWriteRefusal
  | PolicyRefusal
  | GateError
  | { code: 'NOTHING_TO_APPLY'; message: string; skipped: SkippedDiff[] }
  | { code: 'FIELDS_UNCHANGED'; message: string; fields: string[] };

export interface ApplyDocumentTermsResult {
  documentId: string;
  contractId: string;
  contractCode: string;
  changeId: string | null;
  termsHash: string;
  /** What was written, with the document's quotes; empty when an earlier call applied it. */
  applied: TermWrite[];
  alreadyApplied: boolean;
  /** The document's terms-mismatch exception afterwards: resolved when nothing differs any more. */
  exception: { id: string; status: string; remainingDiffs: number } | null;
  draftsToRerun: string[];
}

/** The exception closes with this code when applying left no difference. */
export const TERMS_APPLIED = 'terms_applied';

/**
 * Applies a processed document's terms (or one proposed change of an amendment) to its contract, as
 * the write action contract.apply_extracted_terms: policy always asks a controller's approval, bound
 * to termsHash, the hash of exactly what gets written. The first call opens the request
 * (APPROVAL_REQUIRED with its id); once approved, the same call writes the changes, the audit row
 * (contract before and after, document id, quotes) and settles the document's terms-mismatch
 * exception, all in one transaction. Applying the same thing again finds nothing to write and says
 * it was already applied.
 */
export async function applyDocumentTerms(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ApplyDocumentTermsInput,
): Promise<Result<ApplyDocumentTermsResult, ApplyDocumentTermsError>> {
  // The precheck decides under the stored matrix version in force; passGate reads it again in the transaction.
  await readMatrixInForce(database.db, ctx);
  const pre = await prepare(database.db, ctx, input, false);
  if (!pre.ok) return pre;
  if ('done' in pre.value) return ok(pre.value.done);
  return database.db.transaction(async (tx) => {
    const p = await prepare(tx, ctx, input, true);
    if (!p.ok) return p;
    if ('done' in p.value) return ok(p.value.done);
    const { plan, checked } = p.value;
    const gate = await passGate(tx, ctx, plan.action, plan.facts);
    if (!gate.ok) return gate;
    const after = await write(tx, plan.state, checked);
    const exception = await settleMismatch(tx, ctx, plan, after);
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: plan.action.type,
        targetType: 'contract',
        targetId: plan.state.contract.id,
        before: contractSnapshot(plan.state),
        after: {
          documentId: plan.document.id,
          fileName: plan.document.fileName,
          changeId: plan.changeId,
          termsHash: plan.termsHash,
          writes: plan.writes.map((w) => ({ ...w })),
          contract: contractSnapshot(after),
          exception,
          draftsToRerun: checked.draftsToRerun,
        },
        decision: gate.value.decision,
        approvalRef: approvalRef(gate.value.approvals),
        reason: `terms of ${plan.document.fileName ?? `document ${plan.document.id}`}${plan.changeId ? ` (change ${plan.changeId})` : ''}`,
      }),
    );
    return ok(result(plan, plan.writes, false, exception, checked.draftsToRerun));
  });
}

type Prepared = { plan: TermsPlan; checked: CheckedWrites } | { done: ApplyDocumentTermsResult };

/** Plan, policy precheck (role, scope), then either "already applied" or the guarded writes. */
async function prepare(
  db: DbOrTx,
  ctx: UseCaseContext,
  input: ApplyDocumentTermsInput,
  lock: boolean,
): Promise<Result<Prepared, ApplyDocumentTermsError>> {
  const planned = await planDocumentTerms(db, ctx.actor, input, lock);
  if (!planned.ok) return planned;
  const plan = planned.value;
  const denied = precheck(ctx, plan.action, plan.facts);
  if (!denied.ok) return denied;
  if (plan.writes.length === 0) {
    if (await termsAppliedBefore(db, plan.state.contract.id, plan.document.id))
      return ok({ done: result(plan, [], true, null, []) });
    return err({
      code: 'NOTHING_TO_APPLY',
      message: 'the contract already agrees with the document on what can be applied',
      skipped: plan.skipped,
    });
  }
  if (plan.unchangedFields.length) {
    return err({
      code: 'FIELDS_UNCHANGED',
      message: `nothing to write for ${plan.unchangedFields.join(', ')}`,
      fields: plan.unchangedFields,
    });
  }
  const checked = await checkTermWrites(db, plan.state, plan.writes);
  return checked.ok ? ok({ plan, checked: checked.value }) : checked;
}

async function write(tx: DbOrTx, before: ContractState, w: CheckedWrites): Promise<ContractState> {
  const id = before.contract.id;
  await updateContractTerms(tx, id, w.columns);
  for (const r of w.rates) {
    // Re-read between rates: two rates of one role (each from its own date) must see each other.
    const current = (await getContractState(tx, id))!;
    await setRoleRateFrom(tx, current, r.role, r.rate, r.from, r.unit);
  }
  for (const m of w.milestones) await writeMilestone(tx, id, m.existing, m.name, m.set);
  return (await getContractState(tx, id))!;
}

/**
 * Compares the document with the contract as it now is: no difference left resolves the document's
 * open terms-mismatch exception (code terms_applied); otherwise it keeps only what still differs.
 */
async function settleMismatch(
  tx: DbOrTx,
  ctx: UseCaseContext,
  plan: TermsPlan,
  after: ContractState,
): Promise<ApplyDocumentTermsResult['exception']> {
  const dedupeKey = `contract_terms_mismatch:${plan.document.id}`;
  const [open] = await tx
    .select()
    .from(billingExceptions)
    .where(and(eq(billingExceptions.dedupeKey, dedupeKey), ne(billingExceptions.status, 'resolved')))
    .for('update');
  if (!open) return null;
  const diffs = diffTermsAgainstContract(
    plan.terms,
    toContractRecord(after.contract, after.rates, after.milestones, plan.terms.effectiveDate),
  );
  const fields = [...new Set(diffs.map((d) => d.field))];
  const [row] =
    diffs.length === 0
      ? await tx
          .update(billingExceptions)
          .set({
            status: 'resolved',
            resolutionCode: TERMS_APPLIED,
            resolutionNote: `terms applied to contract ${after.contract.code} (termsHash ${plan.termsHash})`,
            resolvedBy: ctx.actor.userId,
            resolvedAt: ctx.now,
            updatedAt: ctx.now,
          })
          .where(eq(billingExceptions.id, open.id))
          .returning()
      : await tx
          .update(billingExceptions)
          .set({
            message: `${plan.document.fileName ?? 'The document'} differs from contract ${after.contract.code} in ${fields.length} field${fields.length === 1 ? '' : 's'}: ${fields.slice(0, 6).join(', ')}${fields.length > 6 ? ', ...' : ''}`,
            details: { ...open.details, diffs },
            updatedAt: ctx.now,
          })
          .where(eq(billingExceptions.id, open.id))
          .returning();
  return { id: row!.id, status: row!.status, remainingDiffs: diffs.length };
}

function result(
  plan: TermsPlan,
  applied: TermWrite[],
  alreadyApplied: boolean,
  exception: ApplyDocumentTermsResult['exception'],
  draftsToRerun: string[],
): ApplyDocumentTermsResult {
  return {
    documentId: plan.document.id,
    contractId: plan.state.contract.id,
    contractCode: plan.state.contract.code,
    changeId: plan.changeId,
    termsHash: plan.termsHash,
    applied,
    alreadyApplied,
    exception,
    draftsToRerun,
  };
}

export const documentsApplyTerms = defineTool({
  name: 'documents_apply_terms',
  description:
    "Writes a processed document's extracted terms (or one proposed change of an amendment) to its contract. Always needs a " +
    "controller's approval bound to the exact terms (termsHash): the first call opens the request (APPROVAL_REQUIRED), the same call after " +
    'the grant writes, with the quotes in the audit trail. Applying the same thing again changes nothing (alreadyApplied).',
  input: applyDocumentTermsSchema,
  output: z
    .object({
      documentId: z.string(),
      contractId: z.string(),
      contractCode: z.string(),
      changeId: z.string().nullable(),
      termsHash: z.string(),
      applied: z.array(termWriteSchema),
      alreadyApplied: z.boolean(),
      exception: z
        .object({ id: z.string(), status: z.string(), remainingDiffs: z.number().int() })
        .nullable()
        .describe("The document's terms-mismatch exception afterwards"),
      draftsToRerun: z.array(z.string()).describe('Draft invoices to re-run so they are rated with the new terms'),
    })
    .describe('What was written'),
  risk: 'write',
  policyAction: 'contract.apply_extracted_terms',
  handler: (ctx, input) => applyDocumentTerms(ctx, ctx, input),
});
