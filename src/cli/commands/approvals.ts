import { parseArgs } from 'node:util';
import { movingInvoicesText, type MovingInvoice } from '../../policy/moving-invoices.ts';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';
import { runToolCommand, toJson } from '../tool-command.ts';

const USAGE = `Usage: billing-copilot approvals <command>   (as the user of BILLING_COPILOT_API_KEY)
  approvals inbox [--can-decide] [--entity CODE] [--limit N] [--json]   what waits for your approval, with ids
  approvals grant ID [--json]                       approve the next level of a request
  approvals reject ID --reason TEXT [--json]        refuse a request, with the reason the requester reads
`;

/** `approvals inbox|grant|reject`: catalogue entries approvals_*, as the key's user. */
export async function approvalsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      'can-decide': { type: 'boolean' },
      entity: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      reason: { type: 'string' },
    },
  });
  const json = (v: unknown) => ctx.io.stdout(`${toJson(v)}\n`);
  if (sub === 'inbox' && positionals.length === 0) {
    const { approvalsInboxList } = await import('../../tools/approvals/approvals-inbox.ts');
    return runToolCommand(
      ctx,
      approvalsInboxList,
      {
        canDecide: values['can-decide'] ? 'true' : undefined,
        legalEntity: values.entity,
        limit: values.limit ?? '50',
        offset: values.offset ?? '0',
      },
      (page) => {
        if (values.json) return json(page);
        ctx.io.stdout(
          renderTable(
            ['Id', 'What', 'Level', 'Role', 'You', 'Why'],
            page.items.map((i) => [
              i.kind === 'invoice_approval' ? i.invoiceId : i.requestId,
              i.kind === 'invoice_approval'
                ? `invoice ${i.reference} ${i.total.amount} ${i.total.currency}`
                : `${i.actionType} ${i.targetType}`,
              i.level === null ? '' : String(i.level),
              i.role ?? '',
              i.canDecide ? 'may decide' : (i.blocked?.code ?? i.problem?.code ?? 'waits'),
              i.reason.length > 70 ? `${i.reason.slice(0, 67)}...` : i.reason,
            ]),
          ),
        );
        // A client's move lists the invoices it takes along, whole (the Why column cuts at 70 characters).
        for (const i of page.items) {
          const args = i.kind === 'action_approval' ? (i.args as { invoices?: unknown } | null) : null;
          if (
            i.kind === 'action_approval' &&
            i.actionType === 'client.change_billing_details' &&
            Array.isArray(args?.invoices)
          )
            ctx.io.stdout(`${i.requestId}: ${movingInvoicesText(args.invoices as MovingInvoice[])}\n`);
        }
        ctx.io.stdout(`${page.items.length} of ${page.page.total} waiting\n`);
      },
    );
  }
  if (sub === 'grant' && positionals.length === 1) {
    const { approvalsGrant } = await import('../../tools/approvals/grant-approval.ts');
    return runToolCommand(ctx, approvalsGrant, { requestId: positionals[0]! }, (r) => {
      if (values.json) return json(r);
      ctx.io.stdout(
        r.ready
          ? `Approved${r.approvedLevel === null ? '' : ` level ${r.approvedLevel}`} of ${r.actionType}: every level is approved; the requester can run it now.\n`
          : `Approved level ${r.approvedLevel} of ${r.actionType}; still waiting for ${r.remainingSteps.map((s) => `level ${s.level} (${s.role})`).join(', ')}.\n`,
      );
    });
  }
  if (sub === 'reject' && positionals.length === 1) {
    const { approvalsReject } = await import('../../tools/approvals/reject-approval.ts');
    return runToolCommand(ctx, approvalsReject, { requestId: positionals[0]!, reason: values.reason ?? '' }, (r) => {
      if (values.json) return json(r);
      ctx.io.stdout(`Refused request ${r.requestId} at level ${r.rejectedLevel}.\n`);
    });
  }
  ctx.io.stderr(USAGE);
  return EXIT.USAGE;
}
