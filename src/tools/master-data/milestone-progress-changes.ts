import { inArray } from 'drizzle-orm';
import type { ContractBundle } from '../../billing/inputs/contract-bundle.ts';
import type { DbOrTx } from '../../db/client.ts';
import { contracts, milestones } from '../../db/schema/index.ts';
import { InputError } from '../../shared/errors.ts';

type Contracts = Pick<ContractBundle, 'contracts'>;

/** The columns that say how far a milestone has got: an accepted one is billed by the next run. */
const PROGRESS = ['status', 'completedOn', 'acceptedOn', 'acceptedBy'] as const;
type Progress = Record<(typeof PROGRESS)[number], string | null>;
const NOT_STARTED: Progress = { status: 'pending', completedOn: null, acceptedOn: null, acceptedBy: null };

/** What is on file for the contracts a write lists: which exist, and their milestones' progress by contract and name. */
export interface MilestonesOnFile {
  contracts: Set<string>;
  progress: Map<string, Progress & { id: string }>;
}

const key = (contract: string, milestone: string) => `${contract}\u0000${milestone}`;

/**
 * A milestone is completed under milestone.complete and accepted under milestone.accept (POST /milestones/:id/complete
 * and /accept), each audited with who did it; an accepted milestone is billed. A contract or a bundle lists its
 * milestones with a status (pending when left out) and an acceptance day, so writing one could accept a milestone,
 * or undo an acceptance, on the side. Read before the write, compared after, in the caller's savepoint: an existing
 * milestone whose progress changed throws, naming the contract, milestone and fields, and the savepoint rolls back
 * whole. A milestone added to a contract that exists must start pending; one on a contract the write creates may
 * start in any state only when `newContracts` is 'any' (the bundle, which loads a firm's history), else pending.
 */
export const milestoneProgressChanges = {
  async read(db: DbOrTx, bundle: Contracts): Promise<MilestonesOnFile> {
    const codes = bundle.contracts.map((c) => c.code);
    if (codes.length === 0) return { contracts: new Set(), progress: new Map() };
    const found = await db
      .select({ id: contracts.id, code: contracts.code })
      .from(contracts)
      .where(inArray(contracts.code, codes));
    const codeOf = new Map(found.map((c) => [c.id, c.code]));
    const rows = found.length
      ? await db
          .select({
            id: milestones.id,
            contractId: milestones.contractId,
            name: milestones.name,
            status: milestones.status,
            completedOn: milestones.completedOn,
            acceptedOn: milestones.acceptedOn,
            acceptedBy: milestones.acceptedBy,
          })
          .from(milestones)
          .where(inArray(milestones.contractId, [...codeOf.keys()]))
      : [];
    return {
      contracts: new Set(found.map((c) => c.code)),
      progress: new Map(rows.map(({ contractId, name, ...p }) => [key(codeOf.get(contractId)!, name), p])),
    };
  },

  /** Throws MILESTONE_PROGRESS_NEEDS_POLICY for the first milestone whose progress the write set or changed. */
  async refuse(
    db: DbOrTx,
    bundle: Contracts,
    before: MilestonesOnFile,
    opts: { newContracts: 'any' | 'pending'; pathOf: (contract: number, milestone: number) => string },
  ): Promise<void> {
    const after = await milestoneProgressChanges.read(db, bundle);
    for (const [i, c] of bundle.contracts.entries())
      for (const [j, m] of c.milestones.entries()) {
        const was = before.progress.get(key(c.code, m.name));
        const is = after.progress.get(key(c.code, m.name));
        if (!is) continue;
        if (!was && !before.contracts.has(c.code) && opts.newContracts === 'any') continue;
        const from = was ?? NOT_STARTED;
        const fields = PROGRESS.filter((f) => from[f] !== is[f]);
        if (fields.length === 0) continue;
        const path = opts.pathOf(i, j);
        const to = Object.fromEntries(fields.map((f) => [f, is[f]]));
        const keep = was
          ? `list it with status "${was.status}"${was.acceptedOn ? ` and acceptedOn "${was.acceptedOn}"` : ''} to keep it`
          : 'list it as pending (status left out, no acceptedOn) and complete or accept it there';
        throw new InputError(
          'MILESTONE_PROGRESS_NEEDS_POLICY',
          `${path}: this would ${was ? 'change' : 'create'} milestone "${m.name}" of contract ${c.code} ` +
            `(${fields.map((f) => `${f}: ${from[f] ?? 'none'} -> ${is[f] ?? 'none'}`).join(', ')}); a milestone is ` +
            'completed under milestone.complete and accepted under milestone.accept, and an accepted one is billed: ' +
            `POST /milestones/${was ? was.id : ':id'}/complete or /accept (milestones_complete, milestones_accept); ${keep}`,
          {
            path,
            contract: c.code,
            milestone: m.name,
            ...(was ? { milestoneId: was.id } : {}),
            fields,
            from: Object.fromEntries(fields.map((f) => [f, from[f]])),
            to,
          },
        );
      }
  },
};
