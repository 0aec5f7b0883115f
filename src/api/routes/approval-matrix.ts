import { z } from 'zod';
import { currentMatrix, getMatrixVersion, getProposal, listMatrixVersions, type MatrixVersion, type MatrixVersionSummary } from '../../db/stores/approval-matrix-store.ts';
import { changeApprovalMatrix, changeApprovalMatrixSchema } from '../../db/usecases/index.ts';
import { approvalMatrixJson } from '../../policy/approval-matrix.ts';
import { diffMatrices } from '../../policy/matrix-diff.ts';
import type { Role } from '../../policy/roles.ts';
import { rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { page, paginationSchema } from '../pagination.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { objectSchema, pageOf } from '../schemas.ts';
import { requireFirmWide } from '../scope.ts';
import { jsonSafe, sendResult, useCaseContext } from '../use-case.ts';

const versionParam = z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647).describe('The version number, 1 being the bundled matrix') });
const hashParam = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits').describe('The matrixHash of an approval_matrix.change request') });

/**
 * Who reads the rules: those the matrix may ask to approve, the auditor, and the agent for them.
 * Requesters (clerks, collectors) learn the rule that applies from APPROVAL_REQUIRED's reasons.
 */
const MATRIX_READERS: readonly Role[] = ['project_manager', 'account_manager', 'controller', 'finance_admin', 'auditor', 'agent'];

const summaryView = (v: MatrixVersionSummary) => ({
  version: v.version, sha256: v.sha256, effectiveFrom: v.effectiveFrom, source: v.source, addedRules: v.addedRules, proposedBy: v.proposedBy,
  approvalRequestId: v.approvalRequestId, createdAt: v.createdAt?.toISOString() ?? null,
});
const versionView = (v: MatrixVersion) => ({ ...summaryView(v), matrix: approvalMatrixJson(v.matrix) });

/**
 * The approval matrix: the version in force, every version since the bundled one, the proposals
 * approvers review (by the hash their request pins), and proposing a new version. The matrix is
 * firm-wide, so, like the audit trail, only users with every legal entity read it; only finance
 * admins propose, and another one approves.
 */
export function approvalMatrixRoutes({ database, now }: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get', path: '/approval-matrix', operationId: 'getApprovalMatrix', tag: 'Approval matrix', roles: MATRIX_READERS,
      summary: 'The approval matrix in force: its version, sha256 and rules',
      responses: { 200: { description: 'The version in force with its rules', schema: objectSchema('version, sha256, effectiveFrom, source, matrix') } },
      query: z.strictObject({}),
      handler: async (c) => requireFirmWide(c) ?? c.json(jsonSafe(versionView(await currentMatrix(database.db)))),
    }),
    defineRoute({
      method: 'get', path: '/approval-matrix/versions', operationId: 'listApprovalMatrixVersions', tag: 'Approval matrix', roles: MATRIX_READERS,
      summary: 'Every version of the approval matrix, newest first (version 1 is the bundled file)', query: paginationSchema,
      responses: { 200: { description: 'A page of versions without their rules', schema: pageOf(objectSchema('A version: number, sha256, when and on whose proposal it took effect')) } },
      handler: async (c, { query }) => {
        const denied = requireFirmWide(c);
        if (denied) return denied;
        const { items, total } = await listMatrixVersions(database.db, query);
        return c.json(jsonSafe(page(items.map(summaryView), total, query.limit, query.offset)));
      },
    }),
    defineRoute({
      method: 'get', path: '/approval-matrix/versions/:version', operationId: 'getApprovalMatrixVersion', tag: 'Approval matrix', roles: MATRIX_READERS,
      summary: 'One version of the approval matrix with its rules', params: versionParam, errors: [404],
      responses: { 200: { description: 'The version with its rules', schema: objectSchema('version, sha256, effectiveFrom, source, matrix') } },
      handler: async (c, { params }) => {
        const denied = requireFirmWide(c);
        if (denied) return denied;
        const v = await getMatrixVersion(database.db, params.version);
        if (!v) return sendError(c, 'APPROVAL_MATRIX_VERSION_NOT_FOUND', `No approval matrix version ${params.version}`, { version: params.version });
        return c.json(jsonSafe(versionView(v)));
      },
    }),
    defineRoute({
      method: 'get', path: '/approval-matrix/proposals/:sha256', operationId: 'getApprovalMatrixProposal', tag: 'Approval matrix', roles: MATRIX_READERS,
      summary: 'A proposed matrix and how it differs from the version it changes: what an approver approves',
      description: 'open: it can still take effect; applied: it did; outdated: another version took its number.',
      params: hashParam, errors: [404],
      responses: { 200: { description: 'The proposal, its status and its per-rule changes', schema: objectSchema('sha256, version, status, reason, changes, matrix') } },
      handler: async (c, { params }) => {
        const denied = requireFirmWide(c);
        if (denied) return denied;
        const p = await getProposal(database.db, params.sha256);
        if (!p) return sendError(c, 'APPROVAL_MATRIX_PROPOSAL_NOT_FOUND', `No proposed approval matrix with sha256 ${params.sha256}`, { sha256: params.sha256 });
        const [base, taken] = await Promise.all([getMatrixVersion(database.db, p.version - 1), getMatrixVersion(database.db, p.version)]);
        const status = taken ? (taken.sha256 === p.sha256 ? 'applied' : 'outdated') : 'open';
        return c.json(jsonSafe({
          sha256: p.sha256, version: p.version, basedOnVersion: p.version - 1, status, proposedBy: p.proposedBy, reason: p.reason,
          proposedAt: p.createdAt.toISOString(), changes: base ? diffMatrices(base.matrix, p.matrix) : null, matrix: p.matrixJson,
        }));
      },
    }),
    defineRoute({
      method: 'post', path: '/approval-matrix', operationId: 'changeApprovalMatrix', tag: 'Approval matrix', roles: rolesFor('approval_matrix.change'),
      summary: 'Propose the next version of the approval matrix; the same call applies it once approved',
      description: 'The first call opens the approval request (409 APPROVAL_REQUIRED with requestId and matrixHash); once another finance admin granted it, '
        + 'the same call applies it (201) and the next decision of every process uses it. A matrix that is not valid is 422 APPROVAL_MATRIX_INVALID with one issue per problem; '
        + 'a version other than the one in force plus 1 is 409 APPROVAL_MATRIX_VERSION_CONFLICT.',
      body: changeApprovalMatrixSchema, errors: [409, 422],
      responses: { 201: { description: 'The new version in force and its per-rule changes', schema: objectSchema('version, sha256, previousVersion, changes') } },
      handler: async (c, { body }) => sendResult(c, await changeApprovalMatrix(database, useCaseContext(c, now()), body), 201),
    }),
  ];
}
