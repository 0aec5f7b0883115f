import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';
import { runToolCommand, toJson } from '../tool-command.ts';
import type { BankLineView } from '../../tools/bank-statements/statement-view.ts';
import { maskedAccount } from '../../billing/collections/bank-account.ts';

const USAGE = `Usage: billing-copilot bank <command>   (as the user of BILLING_COPILOT_API_KEY)
  bank import FILE --entity CODE [--format auto|camt053|csv] [--mapping MAPPING.json] [--json]
      import a camt.053 or CSV statement: credit lines become payments (by the bank-import service identity),
      applied where the match is clear; the same file again records nothing
  bank show ID [--status unapplied|proposed|unidentified|applied|failed|debit] [--limit N] [--json]
  bank account ENTITY (--iban IBAN [--bic BIC] | --account-number N [--routing-code CODE] | --remove)
      [--bank-name NAME] [--json]
      set, change or remove the account the entity's clients pay into; a second person approves (exit 5 until then),
      then the same command writes it once
`;

/** Exit code when the file is over the size limit (REFUSED, as for documents). */
const REFUSED = 4;

function printLines(ctx: CliContext, lines: readonly BankLineView[]): void {
  if (!lines.length) return;
  ctx.io.stdout(
    renderTable(
      ['#', 'Reference', 'Amount', 'Payer', 'Status', 'Client', 'Invoices', 'Why'],
      lines.map((l) => [
        String(l.lineNo),
        l.bankReference,
        `${l.direction === 'debit' ? '-' : ''}${l.amount.amount} ${l.amount.currency}`,
        (l.counterparty.name ?? '').slice(0, 24),
        l.status,
        l.client ?? '',
        (l.allocations.length
          ? l.allocations.map((a) => `${a.invoice}=${a.amount}`)
          : l.candidates.slice(0, 2).map((c) => `${c.invoice}?`)
        ).join(' '),
        (l.reasons.at(-1) ?? '').slice(0, 70),
      ]),
    ),
  );
}

/** What `bank account` reads of the command line. */
interface AccountFlags {
  iban?: string | undefined;
  bic?: string | undefined;
  'bank-name'?: string | undefined;
  'account-number'?: string | undefined;
  'routing-code'?: string | undefined;
  remove?: boolean | undefined;
  json?: boolean | undefined;
}

/** `bank account ENTITY ...`: legal_entities_change_bank_account as the key's user (exit 5 while waiting). */
async function bankAccount(ctx: CliContext, entity: string, v: AccountFlags): Promise<number> {
  const given = v.iban !== undefined || v['account-number'] !== undefined;
  if (v.remove === given) {
    ctx.io.stderr(`Give --iban, --account-number or --remove (one of them).\n${USAGE}`);
    return EXIT.USAGE;
  }
  const { legalEntitiesChangeBankAccount } = await import('../../tools/legal-entities/change-bank-account.ts');
  const bankAccount = v.remove
    ? null
    : {
        iban: v.iban ?? null,
        bic: v.bic ?? null,
        bankName: v['bank-name'] ?? null,
        accountNumber: v['account-number'] ?? null,
        routingCode: v['routing-code'] ?? null,
      };
  return runToolCommand(ctx, legalEntitiesChangeBankAccount, { legalEntity: entity, bankAccount }, (r) => {
    if (v.json) return ctx.io.stdout(`${toJson(r)}\n`);
    ctx.io.stdout(
      r.changed
        ? `Bank account of ${r.legalEntity} changed: ${maskedAccount(r.before)} -> ${maskedAccount(r.after)}.\n`
        : `Bank account of ${r.legalEntity} already is ${maskedAccount(r.after)}: nothing changed.\n`,
    );
  });
}

/**
 * `bank import|show|account`: catalogue entries bank_statements_import, bank_statements_show and
 * legal_entities_change_bank_account, as the key's user.
 */
export async function bankCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    strict: true,
    allowPositionals: true,
    options: {
      entity: { type: 'string' },
      format: { type: 'string' },
      mapping: { type: 'string' },
      json: { type: 'boolean' },
      status: { type: 'string' },
      limit: { type: 'string' },
      iban: { type: 'string' },
      bic: { type: 'string' },
      'bank-name': { type: 'string' },
      'account-number': { type: 'string' },
      'routing-code': { type: 'string' },
      remove: { type: 'boolean' },
    },
  });
  if (sub === 'account' && positionals.length === 1) return bankAccount(ctx, positionals[0]!, values);
  if (sub === 'import' && positionals.length === 1) {
    const { bankStatementsImport } = await import('../../tools/bank-statements/import-bank-statement.ts');
    const { decodeStatementBytes, MAX_BANK_FILE_BYTES } = await import('../../tools/bank-statements/read-statement.ts');
    const file = positionals[0]!;
    let content: string;
    let mapping: unknown;
    try {
      if ((await stat(file)).size > MAX_BANK_FILE_BYTES) {
        ctx.io.stderr(
          `${file} is larger than ${MAX_BANK_FILE_BYTES} bytes, the limit of one statement; split it. Nothing was imported.\n`,
        );
        return REFUSED;
      }
      content = decodeStatementBytes(new Uint8Array(await readFile(file)));
      mapping = values.mapping ? JSON.parse(await readFile(values.mapping, 'utf8')) : undefined;
    } catch (e) {
      const what =
        e instanceof SyntaxError
          ? `The mapping ${values.mapping} is not JSON`
          : `Cannot read ${(e as { path?: string }).path ?? file}`;
      ctx.io.stderr(`${what}. Nothing was imported.\n`);
      return e instanceof SyntaxError ? EXIT.USAGE : EXIT.NOT_FOUND;
    }
    return runToolCommand(
      ctx,
      bankStatementsImport,
      {
        legalEntity: values.entity ?? '',
        format: (values.format ?? 'auto') as never,
        fileName: file.split('/').pop(),
        content,
        csv: mapping as never,
      },
      (s) => {
        if (values.json) return ctx.io.stdout(`${toJson(s)}\n`);
        const c = s.counts;
        ctx.io.stdout(
          `${s.replayed ? 'Already imported' : 'Imported'}: statement ${s.statementId} (${s.format}, ${s.statementRef}) of ${s.legalEntity}, ${s.linesInFile} lines` +
            `${s.alreadyImported ? `, ${s.alreadyImported} of them imported before` : ''}.\n` +
            `  applied ${c.applied}, proposed ${c.proposed}, unapplied ${c.unapplied}, unidentified ${c.unidentified}, failed ${c.failed}, debits ${c.debit}\n`,
        );
        printLines(
          ctx,
          s.lines.filter((l) => l.status !== 'debit'),
        );
      },
    );
  }
  if (sub === 'show' && positionals.length === 1) {
    const { bankStatementsShow } = await import('../../tools/bank-statements/show-bank-statement.ts');
    return runToolCommand(
      ctx,
      bankStatementsShow,
      { id: positionals[0]!, status: values.status as never, limit: values.limit ?? '100', offset: '0' },
      (s) => {
        if (values.json) return ctx.io.stdout(`${toJson(s)}\n`);
        ctx.io.stdout(
          `Statement ${s.statementId} (${s.format}, ${s.statementRef}) of ${s.legalEntity}, imported ${s.importedAt} by ${s.importedBy}\n`,
        );
        printLines(ctx, s.lines);
      },
    );
  }
  ctx.io.stderr(USAGE);
  return EXIT.USAGE;
}
