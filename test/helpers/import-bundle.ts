/** The master-data bundle loaded through its catalogue entry, as the CLI's `import contracts` and POST /master-data do. */
import type { Database } from '../../src/db/client.ts';
import type { ApprovalMatrix } from '../../src/policy/approval-matrix.ts';
import type { Actor } from '../../src/policy/roles.ts';
import { callTool } from '../../src/tools/call-tool.ts';
import { masterDataImport } from '../../src/tools/master-data/import-bundle.ts';

/** A refusal as the entry answers it: its code and the details the code carries. */
export type BundleRefusal = Record<string, unknown> & { code?: string; message?: string };

/**
 * Loads `bundle` as an unscoped finance admin (`userId`); answers the counts written or the refusal. `opts.actor`
 * acts instead (the console operator), `opts.matrix` decides instead of the matrix in force.
 */
export async function importBundleAs(
  database: Database,
  userId: string,
  bundle: unknown,
  opts: { actor?: Actor; matrix?: ApprovalMatrix } = {},
): Promise<{ ok: true; value: unknown } | { ok: false; error: BundleRefusal }> {
  const r = await callTool(
    {
      actor: opts.actor ?? { userId, roles: ['finance_admin'], entityIds: null, onBehalfOf: null },
      ...(opts.matrix ? { matrix: opts.matrix } : {}),
      correlationId: `bundle-${Math.random()}`,
      now: new Date(),
      deps: { database, now: () => new Date() },
    },
    masterDataImport,
    { bundle, file: 'bundle.json' },
  );
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error as BundleRefusal };
}
