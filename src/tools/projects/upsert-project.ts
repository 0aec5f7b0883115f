import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { contracts, projects } from '../../db/schema/index.ts';
import { getProject } from '../../db/stores/master-data-queries.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { unknownReference, writeUnderPolicy, type UnknownReference } from '../master-data/write-under-policy.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { projectInputSchema, projectView, projectViewSchema } from './project-view.ts';

export const upsertProjectOutputSchema = z.object({
  created: z.boolean().describe('True when the project is new, false when an existing one was updated'),
  project: projectViewSchema,
});

export const projectsUpsert = defineTool({
  name: 'projects_upsert',
  description:
    "Creates a project under a contract, or updates the one with this code. Changing an existing project's status (on hold, back to active, " +
    "closed) is project.change_status: reactivating one needs a project manager's approval by the matrix (APPROVAL_REQUIRED first; once approved, " +
    'the same call writes). Audited as project.create or project.update.',
  input: projectInputSchema,
  output: upsertProjectOutputSchema,
  risk: 'write',
  policyAction: 'project.change_status',
  handler: async (
    ctx,
    body,
  ): Promise<Result<z.output<typeof upsertProjectOutputSchema>, UnknownReference | ScopeError | GateError>> => {
    const [contract] = await ctx.db
      .select({ id: contracts.id, entityId: contracts.legalEntityId })
      .from(contracts)
      .where(eq(contracts.code, body.contract));
    if (!contract) return err(unknownReference('contract', 'contract', body.contract));
    const before = await getProject(ctx.db, body.code);
    for (const e of [contract.entityId, before?.entityId])
      if (e !== undefined && !actorMayTouch(ctx.actor, e)) return err(outOfScopeError(e));
    const values = {
      code: body.code,
      contractId: contract.id,
      name: body.name,
      status: body.status,
      projectManager: body.projectManager ?? null,
    };
    const written = await writeUnderPolicy(ctx, {
      kind: 'project',
      read: (db) => getProject(db, body.code),
      write: (db) =>
        db
          .insert(projects)
          .values(values)
          .onConflictDoUpdate({ target: projects.code, set: { ...values, code: undefined } }),
      guarded: (r) => r.project.status,
      guard: (after, was, is): ActionOf<'project.change_status'> => ({
        type: 'project.change_status',
        target: { kind: 'project', id: after.project.id },
        args: { before: was, after: is },
      }),
      entityOf: (r) => r.entityId,
      idOf: (r) => r.project.id,
      view: projectView,
    });
    return written.ok ? ok({ created: written.value.created, project: projectView(written.value.after) }) : written;
  },
});
