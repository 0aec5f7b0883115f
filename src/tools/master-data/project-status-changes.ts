import { inArray } from 'drizzle-orm';
import type { ContractBundle } from '../../billing/inputs/contract-bundle.ts';
import type { DbOrTx } from '../../db/client.ts';
import { projects } from '../../db/schema/index.ts';
import { InputError } from '../../shared/errors.ts';

type Contracts = Pick<ContractBundle, 'contracts'>;

const projectCodes = (bundle: Contracts): string[] => bundle.contracts.flatMap((c) => c.projects.map((p) => p.code));

/**
 * An existing project's status (on hold, back to active, closed) changes only under project.change_status
 * (projects_upsert: reactivating needs a project manager's approval by the matrix). A contract or a bundle lists its
 * projects with a status (active when left out), so writing one could put a project on hold back to work without
 * that approval. Read before the write, compared after, in the caller's savepoint: a change throws, naming the
 * project, and the savepoint rolls back whole. New projects may start in any status.
 */
export const projectStatusChanges = {
  /** The statuses on file of the projects the contracts list, by code. */
  async read(db: DbOrTx, bundle: Contracts): Promise<Map<string, string>> {
    const codes = projectCodes(bundle);
    if (codes.length === 0) return new Map();
    const rows = await db
      .select({ code: projects.code, status: projects.status })
      .from(projects)
      .where(inArray(projects.code, codes));
    return new Map(rows.map((r) => [r.code, r.status]));
  },

  /** Throws PROJECT_STATUS_NEEDS_POLICY for the first existing project whose status the write changed. */
  async refuse(
    db: DbOrTx,
    bundle: Contracts,
    before: ReadonlyMap<string, string>,
    pathOf: (contract: number, project: number) => string,
  ): Promise<void> {
    const after = await projectStatusChanges.read(db, bundle);
    for (const [i, c] of bundle.contracts.entries())
      for (const [j, p] of c.projects.entries()) {
        const was = before.get(p.code);
        const is = after.get(p.code);
        if (was === undefined || is === undefined || was === is) continue;
        throw new InputError(
          'PROJECT_STATUS_NEEDS_POLICY',
          `${pathOf(i, j)}: this would change project ${p.code} from ${was} to ${is}; an existing ` +
            "project's status changes under project.change_status (reactivating one needs a project manager's " +
            `approval): POST /projects (projects_upsert); list the project with status "${was}" to keep it`,
          { path: pathOf(i, j), project: p.code, from: was, to: is },
        );
      }
  },
};
