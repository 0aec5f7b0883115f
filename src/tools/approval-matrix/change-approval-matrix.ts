import { z } from 'zod';
import type { ActionOf } from '../../policy/actions.ts';
import { approvalMatrixHash, parseApprovalMatrix, type ApprovalMatrix } from '../../policy/approval-matrix.ts';
import type { PolicyFacts } from '../../policy/facts.ts';
import { diffMatrices, type MatrixRuleChange } from '../../policy/matrix-diff.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { DbOrTx } from '../../db/client.ts';
import {
  currentMatrix,
  getProposal,
  insertMatrixVersion,
  lockMatrixChanges,
  recordProposal,
  supersedePendingChanges,
  type MatrixVersion,
} from '../../db/stores/approval-matrix-store.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry, type UseCaseContext, type UseCaseDatabase } from '../policy-gate/context.ts';
import { defineTool } from '../define-tool.ts';

export const changeApprovalMatrixSchema = z.object({
  matrix: z
    .record(z.string(), z.unknown())
    .describe(
      'The whole proposed approval matrix (the document GET /approval-matrix returns), its version the one in force plus 1',
    ),
  reason: z.string().trim().min(1).max(2000).describe('Why the rules change; approvers read it'),
});
export type ChangeApprovalMatrixInput = z.infer<typeof changeApprovalMatrixSchema>;

/** The proposed matrix is not valid: one line per problem. Nothing is written. */
export interface MatrixInvalidError {
  code: 'APPROVAL_MATRIX_INVALID';
  message: string;
  issues: string[];
}

/** The proposal is not for the version after the one in force (someone changed it meanwhile, or a typo). */
export interface MatrixVersionConflict {
  code: 'APPROVAL_MATRIX_VERSION_CONFLICT';
  message: string;
  currentVersion: number;
  proposedVersion: number;
}

/** The request was opened or is still waiting; matrixHash names the proposal approvers read. */
type Pending = Extract<GateError, { code: 'APPROVAL_REQUIRED' | 'ARGS_CHANGED' }> & { matrixHash: string };
export type ChangeApprovalMatrixError =
  | MatrixInvalidError
  | MatrixVersionConflict
  | Exclude<GateError, { code: 'APPROVAL_REQUIRED' | 'ARGS_CHANGED' }>
  | Pending;

export interface ChangeApprovalMatrixResult {
  version: number;
  sha256: string;
  effectiveFrom: string;
  previousVersion: number;
  previousSha256: string;
  changes: MatrixRuleChange[];
  /** The approval request the change ran under. */
  requestId: string | null;
}

/** The one approval matrix of the firm: every proposal targets it, so a new proposal replaces a waiting one. */
export const MATRIX_TARGET = { kind: 'approval_matrix', id: 'default' } as const;
const FACTS: PolicyFacts = { entityId: null };

const changeAction = (
  fromVersion: number,
  toVersion: number,
  matrixHash: string,
): ActionOf<'approval_matrix.change'> => ({
  type: 'approval_matrix.change',
  target: MATRIX_TARGET,
  args: { fromVersion, toVersion, matrixHash },
});

/**
 * Replaces the approval matrix with a new version. Who may ask first (a finance admin for the whole
 * firm, never the agent), then the rules: valid, the next version number, effective no later than
 * today, different from the version in force. The matrix in force decides the change: the first
 * call opens an approval request (APPROVAL_REQUIRED with its id and the matrix hash) and keeps the
 * proposal for the approvers; once another finance admin granted it, the same call applies it. In
 * one transaction, under a lock that serialises changes: the re-check, the new version, the end of
 * proposals for versions now taken, and the audit row with the per-rule diff. The next decision of
 * any process reads the new version.
 */
export async function changeApprovalMatrix(
  database: UseCaseDatabase,
  ctx: UseCaseContext,
  input: ChangeApprovalMatrixInput,
): Promise<Result<ChangeApprovalMatrixResult, ChangeApprovalMatrixError>> {
  const inForce = await readCurrent(database.db, ctx);
  const mayAsk = precheck(ctx, changeAction(inForce.version, inForce.version + 1, '0'.repeat(64)), FACTS);
  if (!mayAsk.ok) return mayAsk;
  const parsed = parseApprovalMatrix(input.matrix);
  if (!parsed.ok) return err(invalid(parsed.error.issues));
  const proposed = parsed.value;
  const sha256 = approvalMatrixHash(proposed);
  const pre = guard(inForce, proposed, ctx.now);
  if (!pre.ok) return pre;

  return database.db.transaction(async (tx) => {
    await lockMatrixChanges(tx);
    const current = await readCurrent(tx, ctx);
    const g = guard(current, proposed, ctx.now);
    if (!g.ok) return g;
    const gate = await passGate(tx, ctx, changeAction(current.version, proposed.version, sha256), FACTS);
    if (!gate.ok) {
      if (gate.error.code !== 'APPROVAL_REQUIRED' && gate.error.code !== 'ARGS_CHANGED') return err(gate.error);
      // Committed with the request, so approvers can read exactly what the hash pins.
      await recordProposal(tx, {
        matrix: proposed,
        sha256,
        proposedBy: ctx.actor.userId,
        reason: input.reason,
        createdAt: ctx.now,
      });
      return err({ ...gate.error, matrixHash: sha256 });
    }
    const proposal = await getProposal(tx, sha256);
    const added = await insertMatrixVersion(tx, {
      matrix: proposed,
      sha256,
      proposedBy: proposal?.proposedBy ?? ctx.actor.userId,
      approvalRequestId: gate.value.requestId,
      createdAt: ctx.now,
    });
    const superseded = await supersedePendingChanges(tx, ctx.now);
    const changes = g.value;
    await appendAudit(
      tx,
      auditEntry(ctx, {
        action: 'approval_matrix.change',
        targetType: MATRIX_TARGET.kind,
        targetId: MATRIX_TARGET.id,
        before: { version: current.version, sha256: current.sha256 },
        after: {
          version: added.version,
          sha256,
          effectiveFrom: added.effectiveFrom,
          changes,
          supersededRequests: superseded,
        },
        decision: gate.value.decision,
        approvalRef: approvalRef(gate.value.approvals),
        reason: input.reason,
      }),
    );
    return ok({
      version: added.version,
      sha256,
      effectiveFrom: added.effectiveFrom,
      previousVersion: current.version,
      previousSha256: current.sha256,
      changes,
      requestId: gate.value.requestId,
    });
  });
}

/** The version in force, kept on ctx as the matrix this call decides under. */
async function readCurrent(db: DbOrTx, ctx: UseCaseContext): Promise<MatrixVersion> {
  const current = await currentMatrix(db);
  ctx.matrixInForce = current.matrix;
  return current;
}

const invalid = (issues: string[]): MatrixInvalidError => ({
  code: 'APPROVAL_MATRIX_INVALID',
  message: `the proposed approval matrix has ${issues.length} problem${issues.length === 1 ? '' : 's'}: ${issues.join('; ')}`,
  issues,
});

/** Checks the proposal against the version in force; its rule changes when it may go ahead. */
function guard(
  current: MatrixVersion,
  proposed: ApprovalMatrix,
  now: Date,
): Result<MatrixRuleChange[], MatrixInvalidError | MatrixVersionConflict> {
  if (proposed.version !== current.version + 1) {
    return err({
      code: 'APPROVAL_MATRIX_VERSION_CONFLICT',
      currentVersion: current.version,
      proposedVersion: proposed.version,
      message: `the approval matrix in force is version ${current.version}; a change proposes version ${current.version + 1}, not ${proposed.version}`,
    });
  }
  const issues: string[] = [];
  const today = now.toISOString().slice(0, 10);
  if (proposed.effectiveFrom > today)
    issues.push(
      `effectiveFrom: ${proposed.effectiveFrom} is after today (${today}); a version takes effect when it is approved`,
    );
  if (proposed.effectiveFrom < current.effectiveFrom) {
    issues.push(
      `effectiveFrom: ${proposed.effectiveFrom} is before ${current.effectiveFrom}, when version ${current.version} took effect`,
    );
  }
  const changes = diffMatrices(current.matrix, proposed);
  if (changes.length === 0) issues.push(`(root): no rule differs from version ${current.version}`);
  return issues.length ? err(invalid(issues)) : ok(changes);
}

const ruleChangeSchema = z
  .object({ rule: z.string(), from: z.unknown(), to: z.unknown() })
  .describe('One rule as it was and as it is now (null: absent)');

export const changeApprovalMatrixOutputSchema = z
  .object({
    version: z.number().int(),
    sha256: z.string(),
    effectiveFrom: z.string(),
    previousVersion: z.number().int(),
    previousSha256: z.string(),
    changes: z.array(ruleChangeSchema),
    requestId: z.string().nullable().describe('The approval request the change ran under'),
  })
  .describe('The new version in force and its per-rule changes');

export const approvalMatrixChange = defineTool({
  name: 'approval_matrix_change',
  description:
    'Proposes the next version of the approval matrix (the whole document, its version the one in force plus 1) with the reason; ' +
    'the first call opens the approval request (APPROVAL_REQUIRED with requestId and matrixHash) and keeps the proposal for approvers, ' +
    'and once another finance admin granted it the same call applies it. Finance admins with every legal entity; never the agent.',
  input: changeApprovalMatrixSchema,
  output: changeApprovalMatrixOutputSchema,
  risk: 'write',
  policyAction: 'approval_matrix.change',
  handler: (ctx, input) => changeApprovalMatrix(ctx, ctx, input),
});
