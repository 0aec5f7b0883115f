import { z } from 'zod';
import type { MatrixVersion } from '../../db/stores/approval-matrix-store.ts';
import { approvalMatrixJson } from '../../policy/approval-matrix.ts';
import { authorityOf } from '../../policy/permissions.ts';
import type { Actor, Role } from '../../policy/roles.ts';
import { outOfScopeError, type ScopeError } from '../scope.ts';

/**
 * Who reads the rules: those the matrix may ask to approve, the auditor, and the agent for them.
 * Requesters (clerks, collectors) learn the rule that applies from APPROVAL_REQUIRED's reasons.
 */
export const MATRIX_READERS: readonly Role[] = [
  'project_manager',
  'account_manager',
  'controller',
  'finance_admin',
  'auditor',
  'agent',
];

/** The matrix is firm-wide: like the audit trail, only users with every legal entity read it. */
export const firmWideRefusal = (actor: Actor): ScopeError | null =>
  authorityOf(actor).entityIds === null ? null : outOfScopeError(null);

export const matrixSummarySchema = z
  .object({
    version: z.number().int(),
    sha256: z.string(),
    effectiveFrom: z.string(),
    source: z.enum(['bundled', 'stored']),
    addedRules: z.unknown().describe('Rules this version predates, in force beside it'),
    proposedBy: z.string().nullable(),
    approvalRequestId: z.string().nullable(),
    createdAt: z.string().nullable().describe('When it took effect; null for the bundled version'),
  })
  .describe('A version: number, sha256, when and on whose proposal it took effect');

export const matrixVersionSchema = matrixSummarySchema
  .extend({ matrix: z.record(z.string(), z.unknown()).describe('The rules, as the document a change proposes') })
  .describe('A version of the approval matrix with its rules');

type Summary = Omit<MatrixVersion, 'matrix'>;
export const summaryView = (v: Summary) => ({
  version: v.version,
  sha256: v.sha256,
  effectiveFrom: v.effectiveFrom,
  source: v.source,
  addedRules: v.addedRules,
  proposedBy: v.proposedBy,
  approvalRequestId: v.approvalRequestId,
  createdAt: v.createdAt?.toISOString() ?? null,
});
export const versionView = (v: MatrixVersion) => ({
  ...summaryView(v),
  matrix: approvalMatrixJson(v.matrix) as Record<string, unknown>,
});
