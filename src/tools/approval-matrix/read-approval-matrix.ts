import { z } from 'zod';
import {
  currentMatrix,
  getMatrixVersion,
  getProposal,
  listMatrixVersions,
} from '../../db/stores/approval-matrix-store.ts';
import { diffMatrices } from '../../policy/matrix-diff.ts';
import { paginationSchema } from '../../shared/pagination.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';
import type { ScopeError } from '../scope.ts';
import {
  firmWideRefusal,
  MATRIX_READERS,
  matrixSummarySchema,
  matrixVersionSchema,
  summaryView,
  versionView,
} from './matrix-view.ts';

export const approvalMatrixShow = defineTool({
  name: 'approval_matrix_show',
  description:
    'The approval matrix in force: its version, sha256, when it took effect, and its rules (who approves what, above which amounts). ' +
    'Firm-wide: users limited to some legal entities are refused.',
  input: z.strictObject({}),
  output: matrixVersionSchema,
  risk: 'read',
  policyAction: null,
  readers: MATRIX_READERS,
  handler: async (ctx) => {
    const refused = firmWideRefusal(ctx.actor);
    return refused ? err(refused) : ok(versionView(await currentMatrix(ctx.db)));
  },
});

export const approvalMatrixVersions = defineTool({
  name: 'approval_matrix_versions',
  description:
    'Every version of the approval matrix, newest first (version 1 is the bundled file), without their rules: number, sha256, ' +
    'when and on whose proposal each took effect.',
  input: paginationSchema,
  output: pageSchema(matrixSummarySchema),
  risk: 'read',
  policyAction: null,
  readers: MATRIX_READERS,
  handler: async (ctx, q) => {
    const refused = firmWideRefusal(ctx.actor);
    if (refused) return err(refused);
    const { items, total } = await listMatrixVersions(ctx.db, q);
    return ok(pageOf(items.map(summaryView), total, q.limit, q.offset));
  },
});

type VersionNotFound = { code: 'APPROVAL_MATRIX_VERSION_NOT_FOUND'; message: string; version: number };

export const approvalMatrixShowVersion = defineTool({
  name: 'approval_matrix_show_version',
  description: 'One version of the approval matrix, by number, with its rules.',
  input: z.object({
    version: z.coerce
      .number()
      .int()
      .min(1)
      .max(2_147_483_647)
      .describe('The version number, 1 being the bundled matrix'),
  }),
  output: matrixVersionSchema,
  risk: 'read',
  policyAction: null,
  readers: MATRIX_READERS,
  handler: async (ctx, { version }): Promise<Result<ReturnType<typeof versionView>, ScopeError | VersionNotFound>> => {
    const refused = firmWideRefusal(ctx.actor);
    if (refused) return err(refused);
    const v = await getMatrixVersion(ctx.db, version);
    if (!v)
      return err({
        code: 'APPROVAL_MATRIX_VERSION_NOT_FOUND',
        message: `No approval matrix version ${version}`,
        version,
      });
    return ok(versionView(v));
  },
});

export const matrixProposalSchema = z
  .object({
    sha256: z.string(),
    version: z.number().int(),
    basedOnVersion: z.number().int(),
    status: z
      .enum(['open', 'applied', 'outdated'])
      .describe('open: it can still take effect; applied: it did; outdated: another version took its number'),
    proposedBy: z.string(),
    reason: z.string(),
    proposedAt: z.string(),
    changes: z
      .array(z.object({ rule: z.string(), from: z.unknown(), to: z.unknown() }))
      .nullable()
      .describe('Per rule, as it is and as proposed'),
    matrix: z.unknown().describe('The proposed rules'),
  })
  .describe('A proposed matrix, its status and its per-rule changes: what an approver approves');

type ProposalNotFound = { code: 'APPROVAL_MATRIX_PROPOSAL_NOT_FOUND'; message: string; sha256: string };

export const approvalMatrixShowProposal = defineTool({
  name: 'approval_matrix_show_proposal',
  description:
    'A proposed approval matrix, by the matrixHash its approval_matrix.change request pins, and how it differs from the version it changes: ' +
    'what an approver approves.',
  input: z.object({
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, '64 lowercase hex digits')
      .describe('The matrixHash of an approval_matrix.change request'),
  }),
  output: matrixProposalSchema,
  risk: 'read',
  policyAction: null,
  readers: MATRIX_READERS,
  handler: async (
    ctx,
    { sha256 },
  ): Promise<Result<z.output<typeof matrixProposalSchema>, ScopeError | ProposalNotFound>> => {
    const refused = firmWideRefusal(ctx.actor);
    if (refused) return err(refused);
    const p = await getProposal(ctx.db, sha256);
    if (!p)
      return err({
        code: 'APPROVAL_MATRIX_PROPOSAL_NOT_FOUND',
        message: `No proposed approval matrix with sha256 ${sha256}`,
        sha256,
      });
    const [base, taken] = await Promise.all([
      getMatrixVersion(ctx.db, p.version - 1),
      getMatrixVersion(ctx.db, p.version),
    ]);
    const status = taken ? (taken.sha256 === p.sha256 ? 'applied' : 'outdated') : 'open';
    return ok({
      sha256: p.sha256,
      version: p.version,
      basedOnVersion: p.version - 1,
      status,
      proposedBy: p.proposedBy,
      reason: p.reason,
      proposedAt: p.createdAt.toISOString(),
      changes: base ? diffMatrices(base.matrix, p.matrix) : null,
      matrix: p.matrixJson,
    });
  },
});
