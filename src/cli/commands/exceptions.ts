import { parseArgs } from 'node:util';
import { listExceptions } from '../../db/stores/invoice-queries.ts';
import { exceptionView } from '../../db/views/invoice-views.ts';
import { exceptionListQuerySchema } from '../../db/views/list-queries.ts';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';
import { runToolCommand, toJson } from '../tool-command.ts';

const USAGE = `Usage: billing-copilot exceptions <command>
  exceptions list [--json] [--status open|assigned|resolved] [--type T] [--period YYYY-MM] [--mine] [--all]
  exceptions assign ID --to EMAIL|USER_ID [--json]       hand it to a person (as the key's user)
  exceptions resolve ID --code CODE --note TEXT [--json]  close it: approved_as_is, not_an_issue, write_off, corrected_data, rate_added, po_received
`;

/**
 * `exceptions list|assign|resolve`. With BILLING_COPILOT_API_KEY set, list is the catalogue's
 * exceptions_list as that user (their legal entities only; --mine: assigned to them); without a key it
 * reads the whole firm as it did before keys existed. assign and resolve always act as the key's user.
 */
export async function exceptionsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'assign' || sub === 'resolve') return changeException(sub, rest, ctx);
  if (sub !== 'list') {
    ctx.io.stderr(USAGE);
    return EXIT.USAGE;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      json: { type: 'boolean' },
      status: { type: 'string' },
      type: { type: 'string' },
      period: { type: 'string' },
      all: { type: 'boolean' },
      limit: { type: 'string' },
      mine: { type: 'boolean' },
    },
  });
  const q = exceptionListQuerySchema.safeParse({
    status: values.status,
    type: values.type,
    period: values.period,
    limit: values.limit ?? '200',
  });
  if (!q.success) {
    ctx.io.stderr(`${q.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
    return EXIT.USAGE;
  }
  const filter = { ...q.data, status: q.data.status ?? (values.all ? undefined : 'open') };
  if (ctx.config.BILLING_COPILOT_API_KEY) {
    const { exceptionsList } = await import('../../tools/exceptions/list-exceptions.ts');
    return runToolCommand(ctx, exceptionsList, { ...filter, assignedTo: values.mine ? 'me' : undefined }, (page) =>
      print(ctx, page.items, page.page.total, filter.status, values.json),
    );
  }
  const { rows, total } = await listExceptions((await ctx.database()).db, filter);
  const now = ctx.now();
  return print(
    ctx,
    rows.map((r) => exceptionView(r, now)),
    total,
    filter.status,
    values.json,
  );
}

/** What a printed exception shows (the catalogue's view, or the keyless read's). */
type ExceptionLine = Record<'id' | 'severity' | 'type' | 'ownerRole' | 'slaDueAt' | 'status' | 'message', string> &
  Record<'client' | 'period', string | null> & { pastSla: boolean };

/** Prints exceptions, with their ids (what assign and resolve take). */
function print(
  ctx: CliContext,
  views: readonly ExceptionLine[],
  total: number,
  status: string | undefined,
  json: boolean | undefined,
): number {
  if (json) {
    ctx.io.stdout(`${JSON.stringify({ items: views, total }, null, 2)}\n`);
    return EXIT.OK;
  }
  ctx.io.stdout(
    renderTable(
      ['Id', 'Severity', 'Type', 'Client', 'Period', 'Owner', 'SLA due', 'Status', 'Message'],
      views.map((v) => [
        v.id,
        v.severity,
        v.type,
        v.client,
        v.period,
        v.ownerRole,
        `${v.slaDueAt.slice(0, 16).replace('T', ' ')}${v.pastSla ? ' LATE' : ''}`,
        v.status,
        v.message.length > 90 ? `${v.message.slice(0, 87)}...` : v.message,
      ]),
    ),
  );
  ctx.io.stdout(`${views.length} of ${total} exceptions${status ? ` (${status})` : ''}\n`);
  return EXIT.OK;
}

/** `exceptions assign ID --to EMAIL|USER_ID` and `exceptions resolve ID --code CODE --note TEXT`, as the key's user. */
async function changeException(sub: 'assign' | 'resolve', argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      code: { type: 'string' },
      note: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length !== 1) {
    ctx.io.stderr(USAGE);
    return EXIT.USAGE;
  }
  const exceptionId = positionals[0]!;
  const out = (text: string, v: unknown) => ctx.io.stdout(values.json ? `${toJson(v)}\n` : text);
  if (sub === 'assign') {
    let assigneeId = values.to ?? '';
    if (assigneeId.includes('@')) {
      const { findActiveUserByEmail } = await import('../../db/stores/user-store.ts');
      const user = await findActiveUserByEmail((await ctx.database()).db, assigneeId);
      if (!user) {
        ctx.io.stderr(`There is no active user ${assigneeId}. Nothing was done.\n`);
        return EXIT.NOT_FOUND;
      }
      assigneeId = user.id;
    }
    const { exceptionsAssign } = await import('../../tools/exceptions/assign-exception.ts');
    return runToolCommand(ctx, exceptionsAssign, { exceptionId, assigneeId }, (r) =>
      out(`Assigned exception ${r.exceptionId} to ${values.to}.\n`, r),
    );
  }
  const { exceptionsResolve } = await import('../../tools/exceptions/resolve-exception.ts');
  return runToolCommand(
    ctx,
    exceptionsResolve,
    { exceptionId, resolutionCode: (values.code ?? '') as never, note: values.note ?? '' },
    (r) =>
      out(
        `Resolved exception ${r.exceptionId} (${r.resolutionCode}): ${r.effect === 'none' ? 'the hold stays until billing is re-run' : r.effect === 'release' ? 'released what it held' : 'the held line stays at zero'}.\n`,
        r,
      ),
  );
}
