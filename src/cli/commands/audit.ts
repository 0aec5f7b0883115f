import { parseArgs } from 'node:util';
import { checkCheckpoints, takeCheckpoint } from '../../db/stores/audit-checkpoint-store.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { appendCheckpoint, isInside, readCheckpointFile } from '../../jobs/audit-checkpoints.ts';
import { EXIT, type CliContext } from '../io.ts';

const USAGE = `Usage:
  billing-copilot audit verify [--checkpoint FILE]   check the hash chain (and that no checkpoint's rows were cut off)
  billing-copilot audit checkpoint [--out FILE]      append a signed checkpoint of the chain's head to FILE (default AUDIT_CHECKPOINT_FILE)
Checkpoints are signed and checked with AUDIT_CHECKPOINT_KEY (HMAC-SHA256, 32+ characters), taken from the environment only.
Exit codes: 0 intact (or written), 1 broken or cut, 2 usage, 3 checkpoint file not found.
`;

const NO_KEY =
  'Set AUDIT_CHECKPOINT_KEY (32 or more characters, e.g. from `openssl rand -hex 32`): checkpoints are signed with it, and the command line never takes a key as an argument.\n';

/** `audit verify [--checkpoint FILE]` and `audit checkpoint [--out FILE]`. */
export async function auditCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'verify') return verify(rest, ctx);
  if (sub === 'checkpoint') return checkpoint(rest, ctx);
  ctx.io.stderr(USAGE);
  return EXIT.USAGE;
}

async function checkpoint(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { out: { type: 'string' } } });
  const key = ctx.config.AUDIT_CHECKPOINT_KEY;
  if (!key) {
    ctx.io.stderr(NO_KEY);
    return EXIT.USAGE;
  }
  const file = values.out ?? ctx.config.AUDIT_CHECKPOINT_FILE;
  if (!ctx.config.DATABASE_URL && isInside(file, ctx.config.BILLING_DATA_DIR)) {
    ctx.io.stderr(
      `${file} is inside the data folder ${ctx.config.BILLING_DATA_DIR}; a checkpoint there could be rewritten with the database. Choose a file outside it.\n`,
    );
    return EXIT.USAGE;
  }
  const cp = await takeCheckpoint((await ctx.database()).db, key, ctx.now());
  await appendCheckpoint(file, cp);
  ctx.io.stdout(
    `Checkpoint appended to ${file}: the audit trail ends at seq ${cp.seq} with hash ${cp.hash} (${cp.at}).\n`,
  );
  return EXIT.OK;
}

async function verify(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { checkpoint: { type: 'string' } } });
  const key = ctx.config.AUDIT_CHECKPOINT_KEY;
  if (values.checkpoint !== undefined && !key) {
    ctx.io.stderr(NO_KEY);
    return EXIT.USAGE;
  }
  // Without --checkpoint, the configured file is checked too when it and the key exist.
  const file = values.checkpoint ?? (key ? ctx.config.AUDIT_CHECKPOINT_FILE : undefined);
  const read = file && key ? await readCheckpointFile(file, key) : null;
  if (values.checkpoint !== undefined && !read) {
    ctx.io.stderr(`Cannot read the checkpoint file ${values.checkpoint}: no such file.\n`);
    return EXIT.NOT_FOUND;
  }
  if (read?.bad.length) {
    for (const b of read.bad) ctx.io.stdout(`Line ${b.line} of ${file} ${b.message}.\n`);
    ctx.io.stdout(
      `The checkpoint file ${file} cannot be trusted: ${read.bad.length} line${read.bad.length === 1 ? ' is' : 's are'} not a checkpoint signed with AUDIT_CHECKPOINT_KEY.\n`,
    );
    return EXIT.PROBLEMS;
  }
  const db = (await ctx.database()).db;
  const r = await verifyAudit(db);
  if (!r.ok) {
    const b = r.error;
    ctx.io.stdout(
      `The audit trail is broken at seq ${b.seq}: ${b.kind}. ${b.detail}. ${b.rowsVerified} rows before it verified intact.\n`,
    );
    return EXIT.PROBLEMS;
  }
  if (read) {
    const c = await checkCheckpoints(db, read.checkpoints);
    if (!c.ok) {
      ctx.io.stdout(`The audit trail was cut: ${c.error.message} (${file}, line ${c.error.checkpoint.line}).\n`);
      return EXIT.PROBLEMS;
    }
  }
  const { rows, lastSeq } = r.value;
  const anchored = read ? ` It reaches every one of the ${read.checkpoints.length} checkpoints in ${file}.` : '';
  ctx.io.stdout(
    rows === 0
      ? `The audit trail is empty, so there is nothing to break.${anchored}\n`
      : `The audit trail is intact: ${rows} rows, seq 1 to ${lastSeq}, every hash and link checks out.${anchored}\n`,
  );
  return EXIT.OK;
}
