import { approvalMatrixChange } from '../../tools/approval-matrix/change-approval-matrix.ts';
import {
  approvalMatrixShow,
  approvalMatrixShowProposal,
  approvalMatrixShowVersion,
  approvalMatrixVersions,
} from '../../tools/approval-matrix/read-approval-matrix.ts';
import { rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { callToolFor, sendToolResult, toolRoute } from '../tool-route.ts';

/**
 * The approval matrix: the version in force, every version since the bundled one, the proposals
 * approvers review (by the hash their request pins), and proposing a new version, over their
 * catalogue entries. The matrix is firm-wide, so, like the audit trail, only users with every
 * legal entity read it; only finance admins propose, and another one approves.
 */
export function approvalMatrixRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, approvalMatrixShow, {
      method: 'get',
      path: '/approval-matrix',
      operationId: 'getApprovalMatrix',
      tag: 'Approval matrix',
      summary: 'The approval matrix in force: its version, sha256 and rules',
      responseDescription: 'The version in force with its rules',
    }),
    toolRoute(deps, approvalMatrixVersions, {
      method: 'get',
      path: '/approval-matrix/versions',
      operationId: 'listApprovalMatrixVersions',
      tag: 'Approval matrix',
      summary: 'Every version of the approval matrix, newest first (version 1 is the bundled file)',
      responseDescription: 'A page of versions without their rules',
    }),
    toolRoute(deps, approvalMatrixShowVersion, {
      method: 'get',
      path: '/approval-matrix/versions/:version',
      operationId: 'getApprovalMatrixVersion',
      tag: 'Approval matrix',
      summary: 'One version of the approval matrix with its rules',
      errors: [404],
      pathFields: { version: 'version' },
      responseDescription: 'The version with its rules',
    }),
    toolRoute(deps, approvalMatrixShowProposal, {
      method: 'get',
      path: '/approval-matrix/proposals/:sha256',
      operationId: 'getApprovalMatrixProposal',
      tag: 'Approval matrix',
      summary: 'A proposed matrix and how it differs from the version it changes: what an approver approves',
      description: 'open: it can still take effect; applied: it did; outdated: another version took its number.',
      errors: [404],
      pathFields: { sha256: 'sha256' },
      responseDescription: 'The proposal, its status and its per-rule changes',
    }),
    defineRoute({
      method: 'post',
      path: '/approval-matrix',
      operationId: 'changeApprovalMatrix',
      tool: approvalMatrixChange,
      tag: 'Approval matrix',
      roles: rolesFor('approval_matrix.change'),
      summary: 'Propose the next version of the approval matrix; the same call applies it once approved',
      description:
        'The first call opens the approval request (409 APPROVAL_REQUIRED with requestId and matrixHash); once another finance admin granted it, ' +
        'the same call applies it (201) and the next decision of every process uses it. A matrix that is not valid is 422 APPROVAL_MATRIX_INVALID with one issue per problem; ' +
        'a version other than the one in force plus 1 is 409 APPROVAL_MATRIX_VERSION_CONFLICT.',
      body: approvalMatrixChange.input,
      errors: [409, 422],
      idempotency: 'tool',
      responses: {
        201: { description: 'The new version in force and its per-rule changes', schema: approvalMatrixChange.output },
      },
      handler: async (c, { body }) => sendToolResult(c, await callToolFor(c, deps, approvalMatrixChange, body), 201),
    }),
  ];
}
