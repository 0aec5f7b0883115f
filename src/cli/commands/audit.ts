import { verifyAudit } from '../../db/stores/audit-store.ts';
import { EXIT, type CliContext } from '../io.ts';

/** `audit verify`: recomputes the hash chain; exit 0 when intact, 1 naming the first bad row. */
export async function auditCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub] = argv;
  if (sub !== 'verify') {
    ctx.io.stderr('Usage: billing-copilot audit verify\n');
    return EXIT.USAGE;
  }
  const r = await verifyAudit((await ctx.database()).db);
  if (r.ok) {
    const { rows, lastSeq } = r.value;
    ctx.io.stdout(rows === 0 ? 'The audit trail is empty, so there is nothing to break.\n' : `The audit trail is intact: ${rows} rows, seq 1 to ${lastSeq}, every hash and link checks out.\n`);
    return EXIT.OK;
  }
  const b = r.error;
  ctx.io.stdout(`The audit trail is broken at seq ${b.seq}: ${b.kind}. ${b.detail}. ${b.rowsVerified} rows before it verified intact.\n`);
  return EXIT.PROBLEMS;
}
