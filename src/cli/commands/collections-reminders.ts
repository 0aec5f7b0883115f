import type { CliContext } from '../io.ts';
import { renderTable } from '../table.ts';
import { runToolCommand, toJson } from '../tool-command.ts';

type Flags = Record<string, string | boolean | undefined>;
const text = (v: string | boolean | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * `collections reminders`: the reminders the dunning runs queued, newest first, with who wrote each
 * one (template or model:<name>) and why a model's draft was refused, through `reminders_list` as the
 * key's user. The flags are the entry's filters; a wrong value is refused by the entry with its sentence.
 */
export async function remindersCommand(v: Flags, ctx: CliContext): Promise<number> {
  const { remindersList } = await import('../../tools/collections/list-reminders.ts');
  const input = Object.fromEntries(
    Object.entries({
      draftedBy: text(v['drafted-by']),
      modelRefused: v['model-refused'] ? 'true' : undefined,
      status: text(v.status),
      client: text(v.client),
      from: text(v.from),
      to: text(v.to),
      collector: text(v.collector),
      limit: text(v.limit) ?? '100',
    }).filter(([, x]) => x !== undefined),
  );
  return runToolCommand(ctx, remindersList, input as never, (r) => {
    if (v.json) return ctx.io.stdout(`${toJson(r)}\n`);
    if (!r.items.length) return ctx.io.stdout('No reminders match (or none of your clients have any).\n');
    ctx.io.stdout(
      renderTable(
        ['Date', 'Invoice', 'Client', 'Step', 'Channel', 'Status', 'Drafted by', "Model's draft refused"],
        r.items.map((x) => [
          x.asOf,
          x.invoice,
          x.client,
          x.step,
          x.channel,
          x.status,
          x.draftedBy,
          x.modelRefusal ?? '',
        ]),
      ),
    );
    ctx.io.stdout(`${r.items.length} of ${r.page.total}.\n`);
  });
}
