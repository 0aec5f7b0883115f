import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { DataFolderBusyError } from '../db/embedded/data-folder-lock.ts';
import { EXIT, type CliContext, type CliIo } from './io.ts';

// Every command and the database driver load on demand (await import): `--help` loads nothing more, and a
// command loads only what it uses, never langchain, pdfjs or mammoth for `invoices list`
// (docs/performance.md#cli-start).

export const USAGE = `Usage: billing-copilot <command>

  db migrate                         apply database migrations
  seed --demo                        load the demo firm and bill its closed months
  import time-entries FILE.csv       import time entries (all rows or none; as the key's user)
  import exchange-rates FILE.csv     load dated exchange rates, columns base,quote,rate,date[,source] (all or none)
  import contracts FILE.json         import legal entities, clients, people, contracts
  billing run --period YYYY-MM [--entity CODE]
                                     draft invoices for a period (as the key's user, under policy)
  extract FILE [--json]              billing terms of a SOW, MSA, amendment or change order (PDF, DOCX, text)
  documents add FILE [--client CODE] [--contract CODE] [--json]
                                     store a contract document, extract its terms, compare with the contract
  documents apply-terms ID [--contract CODE] [--fields F,..] [--change ID] [--preview]
                                     write a document's terms to its contract (controller approval; as the key's user)
  expenses approve ID [ID ...]       approve submitted expenses so billing takes them (as the key's user, under policy)
  triage [--json] [--builtin]        classify messages on stdin (ERP rejections, bounces, client e-mails): class,
                                     confidence, next action, explanation; --json: one JSON line in, one out
  chat [TEXT | --message TEXT] [--thread ID] [--json] [--builtin]
                                     ask the copilot (as the key's user, under policy; never approves); no TEXT: stdin
  models train [--as-of DATE] [--no-backfill] [--json]
                                     train the dispute and late-payment models on the firm's history (as the key's user),
                                     then store the new model's dispute scores of the open invoices (models backfill)
  models backfill [--as-of DATE] [--json]
                                     store the newest model's dispute scores of the open invoices that have none
  collections prioritize --as-of DATE [--json]
                                     rank open receivables per collector with next action and reasons (stored per date)
  collections worklist [--as-of DATE] [--collector EMAIL] [--json]
                                     a stored worklist: your own as a collector, everyone's as a controller
  collections assign --client CODE [--collector EMAIL] [--segment NAME]
                                     assign a client's collector and segment
  collections promise --invoice N --amount A --date D --by NAME
                                     record a promise to pay (reminders wait; broken: escalates)
  collections promises [--status S] [--json]
                                     promises to pay: open (default), kept, broken, superseded, all
  collections reminders [--drafted-by template|model] [--model-refused] [--status S] [--json]
                                     reminders queued: who wrote each (template, model) and why a model's draft was refused
  collections pause|resume (--invoice N | --client CODE) --reason TEXT [--until D]
                                     pause or resume reminders of an invoice or a client
  collections policy show [--scope S] [--json] | policy set FILE.json --reason TEXT
                                     the reminder sequences in force; change one (controller, finance admin)
  collections late-fee --invoice N [--step final] [--as-of D] [--json]
                                     bill an overdue invoice's late fee on a draft of its own (an account manager approves)
  collections bounce [FILE] [--json] a reminder e-mail bounced: record the mail server's notice (FILE or stdin);
                                     the step is marked not sent and a delivery_failure exception opens
  invoices list [--json] [--period YYYY-MM] [--status S] [--client CODE]
  invoices show NUMBER [--json]      one invoice with lines and what they bill
  exceptions list [--json] [--all] [--mine]   billing exceptions with their ids, most urgent first
  exceptions assign ID --to EMAIL    hand an exception to a person (as the key's user, under policy)
  exceptions resolve ID --code CODE --note TEXT   close it with a resolution code (as the key's user)
  approvals inbox [--can-decide]     what waits for your approval, with ids (as the key's user)
  approvals grant ID | approvals reject ID --reason TEXT   decide an approval request (as the key's user)
  payments list [--unapplied] [--client CODE] | payments show ID   payments received (as the key's user)
  payments suggest ID [--json]   which open invoices a payment's unapplied cash could pay (applies nothing)
  payments record --client C --amount A --currency CUR --received-on D --reference REF [--apply INV=AMT ...]
  payments apply ID --apply INV=AMT [...] [--idempotency-key K]   apply unapplied cash (as the key's user)
  bank import FILE --entity CODE [--mapping M.json]   import a camt.053 or CSV bank statement and apply the cash
  bank show ID [--status unapplied]  a statement's lines: what was applied, proposed, left unapplied and why
  bank account ENTITY --iban IBAN [--bic BIC]   change where the entity's clients pay (a second person approves)
  receivables [--as-of D] [--entity CODE] [--json] [--svg|--png DIR]   aging, DSO, CEI, credit, cash forecast; charts
  users add --email E --name N --roles r1,r2 [--entities CODE,...]
                                     add an API user; prints their key once
  users add-key --email E            one more API key for a user
  users list [--json]                users, roles, entity scopes and keys (never the keys themselves)
  users revoke-key KEY_ID            revoke a key at once
  users link --email E (--slack ID | --teams ID) [--workspace ID]
                                     link a user to their Slack or Teams id (audited)
  users unlink --email E --provider slack|teams [--workspace ID]
  jobs failures [--object TYPE:ID] [--queue Q] [--final] [--json]
                                     failed tries of background jobs, with the object each concerns
  audit verify [--checkpoint FILE]   check the audit trail's hash chain (and that no checkpointed row was cut off)
  audit checkpoint [--out FILE]      append a signed checkpoint of the chain's head (AUDIT_CHECKPOINT_KEY)
  policy matrix show [--version N] [--json]   the approval matrix in force (or version N)
  policy matrix versions [--json]    every version of the approval matrix, newest first
  policy matrix proposal SHA256      a proposed matrix and what it changes
  policy matrix propose FILE --reason TEXT    propose the next version, as the user of BILLING_COPILOT_API_KEY

Environment: DATABASE_URL (PostgreSQL) or BILLING_DATA_DIR (embedded, default ./data);
BILLING_COPILOT_API_KEY for commands that act as a user (billing run, import time-entries, import exchange-rates,
expenses approve, policy matrix propose, documents apply-terms, exceptions, approvals, payments); AUDIT_CHECKPOINT_KEY and AUDIT_CHECKPOINT_FILE
for audit checkpoints (docs/audit.md).
`;

/** Runs one CLI command; returns the exit code. Never throws for bad input. */
export async function runCli(argv: string[], io: CliIo, env?: Record<string, string | undefined>): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    io.stdout(USAGE);
    return cmd === undefined ? EXIT.USAGE : EXIT.OK;
  }
  let config: Config;
  try {
    config = (await import('../config.ts')).loadConfig(env);
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`);
    return EXIT.USAGE;
  }
  let database: Database | undefined;
  const ctx: CliContext = {
    io,
    config,
    now: () => new Date(),
    database: async () => {
      const { openAppDatabase } = await import('../bootstrap.ts');
      return (database ??= await openAppDatabase(config, { command: argv.join(' ') }));
    },
  };
  const args = [sub ?? '', ...rest];
  try {
    switch (cmd) {
      case 'db':
        if (sub !== 'migrate') break;
        await ctx.database();
        io.stdout('Database is migrated.\n');
        return EXIT.OK;
      case 'seed':
        return await (await import('./commands/seed.ts')).seedCommand(args.filter(Boolean), ctx);
      case 'import':
        return await (await import('./commands/import.ts')).importCommand(args, ctx);
      case 'billing':
        if (sub !== 'run') break;
        return await (await import('./commands/billing-run.ts')).billingRunCommand(rest, ctx);
      case 'invoices':
        return await (await import('./commands/invoices.ts')).invoicesCommand(args, ctx);
      case 'exceptions':
        return await (await import('./commands/exceptions.ts')).exceptionsCommand(args, ctx);
      case 'approvals':
        return await (await import('./commands/approvals.ts')).approvalsCommand(args, ctx);
      case 'payments':
        return await (await import('./commands/payments.ts')).paymentsCommand(args, ctx);
      case 'bank':
        return await (await import('./commands/bank.ts')).bankCommand(args, ctx);
      case 'receivables':
        return await (await import('./commands/receivables.ts')).receivablesCommand(args.filter(Boolean), ctx);
      case 'users':
        return await (await import('./commands/users.ts')).usersCommand(args, ctx);
      case 'audit':
        return await (await import('./commands/audit.ts')).auditCommand(args, ctx);
      case 'jobs':
        return await (await import('./commands/jobs.ts')).jobsCommand(args, ctx);
      case 'policy':
        return await (await import('./commands/policy.ts')).policyCommand(args, ctx);
      case 'documents':
        return await (await import('./commands/documents.ts')).documentsCommand(args, ctx);
      case 'expenses':
        return await (await import('./commands/expenses.ts')).expensesCommand(args, ctx);
      case 'triage':
        return await (await import('./commands/triage.ts')).triageCommand(args.filter(Boolean), ctx);
      case 'chat':
        return await (await import('./commands/chat.ts')).chatCommand(args.filter(Boolean), ctx);
      case 'models':
        return await (await import('./commands/models.ts')).modelsCommand(args, ctx);
      case 'collections':
        return await (await import('./commands/collections.ts')).collectionsCommand(args, ctx);
      case 'extract':
        return await (await import('./commands/extract.ts')).extractCommand(args.filter(Boolean), io, { config });
      default:
        break;
    }
    io.stderr(`Unknown command "${[cmd, sub].filter(Boolean).join(' ')}".\n\n${USAGE}`);
    return EXIT.USAGE;
  } catch (e) {
    if (e instanceof DataFolderBusyError) {
      io.stderr(`${e.message}\n`);
      return EXIT.BUSY;
    }
    if (e instanceof TypeError && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`${e.message}\n`);
      return EXIT.USAGE;
    }
    throw e;
  } finally {
    await database?.close();
  }
}
