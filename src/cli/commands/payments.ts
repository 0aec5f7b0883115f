import { parseArgs } from 'node:util';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';
import { runToolCommand, toJson } from '../tool-command.ts';

const USAGE = `Usage: billing-copilot payments <command>   (as the user of BILLING_COPILOT_API_KEY)
  payments list [--client CODE] [--status recorded|reversed] [--unapplied] [--invoice NUMBER] [--limit N] [--json]
  payments show ID [--json]
  payments suggest ID [--json]      which open invoices the payment's unapplied cash could pay, ranked (applies nothing)
  payments record --client CODE --amount 1250.00 --currency USD --received-on YYYY-MM-DD --method bank_transfer --reference REF
                  [--entity CODE] [--apply INVOICE=AMOUNT ...] [--note TEXT] [--idempotency-key KEY] [--json]
                  --entity: the legal entity whose account received the cash (default: the one that issued the
                  invoices applied to, else the client's); a payment pays only invoices that entity issued
  payments apply ID --apply INVOICE=AMOUNT [--apply ...] [--note TEXT] [--idempotency-key KEY] [--json]
  payments import FILE --entity CODE [--mapping M.json] [--json]   the same as bank import: a camt.053 or CSV statement
`;

/** INVOICE=AMOUNT pairs, or null after saying which one is malformed. */
function allocations(ctx: CliContext, pairs: readonly string[]): { invoice: string; amount: string }[] | null {
  const out: { invoice: string; amount: string }[] = [];
  for (const p of pairs) {
    const at = p.lastIndexOf('=');
    if (at <= 0 || at === p.length - 1) {
      ctx.io.stderr(`--apply takes INVOICE=AMOUNT, e.g. --apply TST-000123=500.00; got "${p}". Nothing was done.\n`);
      return null;
    }
    out.push({ invoice: p.slice(0, at), amount: p.slice(at + 1) });
  }
  return out;
}

/** `payments list|show|record|apply`: catalogue entries payments_*, as the key's user. */
export async function paymentsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  // The issue's name for it: a bank statement's lines are payments.
  if (sub === 'import') return (await import('./bank.ts')).bankCommand(['import', ...rest], ctx);
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      client: { type: 'string' },
      entity: { type: 'string' },
      status: { type: 'string' },
      unapplied: { type: 'boolean' },
      invoice: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      amount: { type: 'string' },
      currency: { type: 'string' },
      'received-on': { type: 'string' },
      method: { type: 'string' },
      reference: { type: 'string' },
      note: { type: 'string' },
      apply: { type: 'string', multiple: true },
      'idempotency-key': { type: 'string' },
    },
  });
  const json = (v: unknown) => ctx.io.stdout(`${toJson(v)}\n`);
  const key = values['idempotency-key'];
  if (sub === 'list') {
    const { paymentsList } = await import('../../tools/payments/list-payments.ts');
    return runToolCommand(
      ctx,
      paymentsList,
      {
        client: values.client,
        status: values.status as never,
        unapplied: values.unapplied ? 'true' : undefined,
        invoice: values.invoice,
        limit: values.limit ?? '50',
        offset: values.offset ?? '0',
      },
      (page) => {
        if (values.json) return json(page);
        ctx.io.stdout(
          renderTable(
            ['Id', 'Received', 'Client', 'Reference', 'Amount', 'Unapplied', 'Status'],
            page.items.map((p) => [
              p.id,
              p.receivedOn,
              p.client.code,
              p.bankReference,
              `${p.amount.amount} ${p.amount.currency}`,
              p.unapplied.amount,
              p.status,
            ]),
          ),
        );
        ctx.io.stdout(`${page.items.length} of ${page.page.total} payments\n`);
      },
    );
  }
  if (sub === 'show' && positionals.length === 1) {
    const { paymentsShow } = await import('../../tools/payments/show-payment.ts');
    return runToolCommand(ctx, paymentsShow, { id: positionals[0]! }, (p) => {
      if (values.json) return json(p);
      ctx.io.stdout(
        `Payment ${p.id} (${p.status})\n  client      ${p.client.code} ${p.client.name}\n  reference   ${p.bankReference} (${p.method}, received ${p.receivedOn})\n` +
          `  amount      ${p.amount.amount} ${p.amount.currency}\n  applied     ${p.applied.amount}\n  unapplied   ${p.unapplied.amount}\n` +
          (p.reversal ? `  reversed    ${p.reversal.at} by ${p.reversal.by}: ${p.reversal.reason}\n` : ''),
      );
      if (p.allocations.length) {
        ctx.io.stdout(
          renderTable(
            ['Invoice', 'Status', 'Amount'],
            p.allocations.map((a) => [a.invoiceNumber ?? a.invoiceId, a.invoiceStatus, a.amount.amount]),
          ),
        );
      }
    });
  }
  if (sub === 'suggest' && positionals.length === 1) {
    const { paymentsSuggestApplication } = await import('../../tools/payments/suggest-application.ts');
    return runToolCommand(ctx, paymentsSuggestApplication, { paymentId: positionals[0]! }, (s) => {
      if (values.json) return json(s);
      const cur = s.unapplied.currency;
      ctx.io.stdout(
        `Payment ${s.paymentId} from ${s.client.code} (${s.bankReference}): ${s.unapplied.amount} ${cur} unapplied of ${s.amount.amount}\n` +
          `  confidence  ${s.confidence}\n${s.reasons.map((r) => `  why         ${r}\n`).join('')}`,
      );
      for (const x of s.suggestions) {
        ctx.io.stdout(`\n#${x.rank} ${x.confidence}: ${x.reason}\n`);
        ctx.io.stdout(
          renderTable(
            ['Invoice', 'Due', 'Open', 'Apply', 'Open after'],
            x.allocations.map((a) => [a.invoice, a.dueDate ?? '', a.openBefore, a.amount, a.openAfter]),
          ),
        );
        ctx.io.stdout(
          `  left unapplied ${x.leftUnapplied.amount} ${cur}; to apply: billing-copilot payments apply ${s.paymentId} ` +
            `${x.apply.allocations.map((a) => `--apply ${a.invoice}=${a.amount}`).join(' ')}\n`,
        );
      }
      if (!s.suggestions.length && s.candidates.length) {
        ctx.io.stdout('\nNo suggestion; the closest open invoices:\n');
        ctx.io.stdout(
          renderTable(
            ['Invoice', 'Due', 'Open', 'Why'],
            s.candidates.map((c) => [c.invoice, c.dueDate ?? '', c.open, c.reason]),
          ),
        );
      }
    });
  }
  if (sub === 'record' && positionals.length === 0) {
    const allocs = allocations(ctx, values.apply ?? []);
    if (!allocs) return EXIT.USAGE;
    const { paymentsRecord } = await import('../../tools/payments/record-payment.ts');
    return runToolCommand(
      ctx,
      paymentsRecord,
      {
        client: values.client ?? '',
        legalEntity: values.entity,
        amount: values.amount ?? '',
        currency: values.currency ?? '',
        receivedOn: values['received-on'] ?? '',
        method: (values.method ?? 'bank_transfer') as never,
        bankReference: values.reference ?? '',
        note: values.note,
        allocations: allocs,
      },
      (p, r) => {
        if (values.json) return json(p);
        ctx.io.stdout(
          `${p.replayed || r.replayed ? 'Already recorded' : 'Recorded'}: payment ${p.paymentId} of ${p.amount.amount} ${p.amount.currency}; ` +
            `applied ${p.applied.amount}, unapplied ${p.unapplied.amount}.\n`,
        );
      },
      { idempotencyKey: key },
    );
  }
  if (sub === 'apply' && positionals.length === 1) {
    const allocs = allocations(ctx, values.apply ?? []);
    if (!allocs) return EXIT.USAGE;
    const { paymentsApply } = await import('../../tools/payments/apply-payment.ts');
    return runToolCommand(
      ctx,
      paymentsApply,
      { paymentId: positionals[0]!, allocations: allocs, note: values.note },
      (p, r) => {
        if (values.json) return json(p);
        ctx.io.stdout(
          `${r.replayed ? 'Already applied (same idempotency key)' : 'Applied'}: ${p.appliedNow.amount} ${p.amount.currency} of payment ${p.paymentId}; ` +
            `unapplied now ${p.unapplied.amount}.\n`,
        );
      },
      { idempotencyKey: key },
    );
  }
  ctx.io.stderr(USAGE);
  return EXIT.USAGE;
}
