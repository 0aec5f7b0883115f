import { parseArgs } from 'node:util';
import { listExceptions } from '../../db/stores/invoice-queries.ts';
import { exceptionView } from '../../db/views/invoice-views.ts';
import { exceptionListQuerySchema } from '../../db/views/list-queries.ts';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';

/** `exceptions list [--json] [--status] [--type] [--period] [--all]`: open ones by default. */
export async function exceptionsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'list') {
    ctx.io.stderr('Usage: billing-copilot exceptions list [--json] [--status open|assigned|resolved] [--type T] [--period YYYY-MM] [--all]\n');
    return EXIT.USAGE;
  }
  const { values } = parseArgs({ args: rest, strict: true, options: {
    json: { type: 'boolean' }, status: { type: 'string' }, type: { type: 'string' }, period: { type: 'string' }, all: { type: 'boolean' }, limit: { type: 'string' },
  } });
  const q = exceptionListQuerySchema.safeParse({ status: values.status, type: values.type, period: values.period, limit: values.limit ?? '200' });
  if (!q.success) {
    ctx.io.stderr(`${q.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n')}\n`);
    return EXIT.USAGE;
  }
  const filter = { ...q.data, status: q.data.status ?? (values.all ? undefined : 'open') };
  const { rows, total } = await listExceptions((await ctx.database()).db, filter);
  const now = ctx.now();
  const views = rows.map((r) => exceptionView(r, now));
  if (values.json) {
    ctx.io.stdout(`${JSON.stringify({ items: views, total }, null, 2)}\n`);
    return EXIT.OK;
  }
  ctx.io.stdout(renderTable(
    ['Severity', 'Type', 'Client', 'Period', 'Owner', 'SLA due', 'Status', 'Message'],
    views.map((v) => [v.severity, v.type, v.client, v.period, v.ownerRole, `${v.slaDueAt.slice(0, 16).replace('T', ' ')}${v.pastSla ? ' LATE' : ''}`, v.status, v.message.length > 90 ? `${v.message.slice(0, 87)}...` : v.message]),
  ));
  ctx.io.stdout(`${views.length} of ${total} exceptions${filter.status ? ` (${filter.status})` : ''}\n`);
  return EXIT.OK;
}
