import { parseArgs } from 'node:util';
import { listJobFailures } from '../../db/stores/job-failure-store.ts';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';

const USAGE = `Usage:
  billing-copilot jobs failures [--object TYPE:ID] [--queue Q] [--final] [--limit N] [--json]
    failed tries of background jobs, newest first, with the object each concerns (e.g. --object document:ID)
`;

/** `jobs failures`: what failed in the background, for which object, and whether it is retried. */
export async function jobsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'failures') {
    ctx.io.stderr(USAGE);
    return EXIT.USAGE;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      object: { type: 'string' },
      queue: { type: 'string' },
      final: { type: 'boolean' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const object = values.object === undefined ? null : /^([a-z_]{1,64}):(.{1,200})$/.exec(values.object);
  if (values.object !== undefined && !object) {
    ctx.io.stderr(`--object takes TYPE:ID, e.g. document:3f1c2a9e-...\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const limit = values.limit === undefined ? 50 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    ctx.io.stderr(`--limit takes a whole number from 1 to 1000.\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { rows, total } = await listJobFailures((await ctx.database()).db, {
    objectType: object?.[1],
    objectId: object?.[2],
    queue: values.queue,
    final: values.final ? true : undefined,
    limit,
    offset: 0,
  });
  const items = rows.map((r) => ({
    failedAt: r.failedAt.toISOString(),
    queue: r.queue,
    jobId: r.jobId,
    attempt: r.attempt,
    willRetry: r.willRetry,
    retryAt: r.retryAt?.toISOString() ?? null,
    object: { type: r.objectType, id: r.objectId },
    actedAs: r.actedAs,
    error: r.error,
  }));
  if (values.json) {
    ctx.io.stdout(`${JSON.stringify({ items, total }, null, 2)}\n`);
    return EXIT.OK;
  }
  if (items.length === 0) {
    ctx.io.stdout('No job failures recorded.\n');
    return EXIT.OK;
  }
  ctx.io.stdout(
    renderTable(
      ['Failed at', 'Queue', 'Object', 'Try', 'Next', 'Error'],
      items.map((i) => [
        i.failedAt.slice(0, 19).replace('T', ' '),
        i.queue,
        `${i.object.type}:${i.object.id}`,
        String(i.attempt),
        i.willRetry ? (i.retryAt?.slice(11, 19) ?? 'retry') : 'gave up',
        i.error.slice(0, 80),
      ]),
    ),
  );
  if (total > items.length) ctx.io.stdout(`${items.length} of ${total} shown; --limit shows more.\n`);
  return EXIT.OK;
}
