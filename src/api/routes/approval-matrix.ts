import { approvalMatrixChange } from '../../tools/approval-matrix/change-approval-matrix.ts';
import { MATRIX_READERS } from '../../tools/approval-matrix/matrix-view.ts';
import {
  approvalMatrixShow,
  approvalMatrixShowProposal,
  approvalMatrixShowVersion,
  approvalMatrixVersions,
} from '../../tools/approval-matrix/read-approval-matrix.ts';
import { rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { callToolFor, sendToolResult } from '../tool-route.ts';

/**
 * The approval matrix: the version in force, every version since the bundled one, the proposals
 * approvers review (by the hash their request pins), and proposing a new version, over their
 * catalogue entries. The matrix is firm-wide, so, like the audit trail, only users with every
 * legal entity read it; only finance admins propose, and another one approves.
 */
export function approvalMatrixRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/approval-matrix',
      operationId: 'getApprovalMatrix',
      tag: 'Approval matrix',
      roles: MATRIX_READERS,
      summary: 'The approval matrix in force: its version, sha256 and rules',
      responses: { 200: { description: 'The version in force with its rules', schema: approvalMatrixShow.output } },
      query: approvalMatrixShow.input,
      handler: async (c) => sendToolResult(c, await callToolFor(c, deps, approvalMatrixShow, {})),
    }),
    defineRoute({
      method: 'get',
      path: '/approval-matrix/versions',
      operationId: 'listApprovalMatrixVersions',
      tag: 'Approval matrix',
      roles: MATRIX_READERS,
      summary: 'Every version of the approval matrix, newest first (version 1 is the bundled file)',
      query: approvalMatrixVersions.input,
      responses: {
        200: { description: 'A page of versions without their rules', schema: approvalMatrixVersions.output },
      },
      handler: async (c, { query }) => sendToolResult(c, await callToolFor(c, deps, approvalMatrixVersions, query)),
    }),
    defineRoute({
      method: 'get',
      path: '/approval-matrix/versions/:version',
      operationId: 'getApprovalMatrixVersion',
      tag: 'Approval matrix',
      roles: MATRIX_READERS,
      summary: 'One version of the approval matrix with its rules',
      params: approvalMatrixShowVersion.input,
      errors: [404],
      responses: { 200: { description: 'The version with its rules', schema: approvalMatrixShowVersion.output } },
      handler: async (c, { params }) =>
        sendToolResult(c, await callToolFor(c, deps, approvalMatrixShowVersion, params)),
    }),
    defineRoute({
      method: 'get',
      path: '/approval-matrix/proposals/:sha256',
      operationId: 'getApprovalMatrixProposal',
      tag: 'Approval matrix',
      roles: MATRIX_READERS,
      summary: 'A proposed matrix and how it differs from the version it changes: what an approver approves',
      description: 'open: it can still take effect; applied: it did; outdated: another version took its number.',
      params: approvalMatrixShowProposal.input,
      errors: [404],
      responses: {
        200: {
          description: 'The proposal, its status and its per-rule changes',
          schema: approvalMatrixShowProposal.output,
        },
      },
      handler: async (c, { params }) =>
        sendToolResult(c, await callToolFor(c, deps, approvalMatrixShowProposal, params)),
    }),
    defineRoute({
      method: 'post',
      path: '/approval-matrix',
      operationId: 'changeApprovalMatrix',
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
