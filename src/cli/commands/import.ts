import { cliCaller } from '../tool-command.ts';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { contractBundleSchema } from '../../billing/inputs/contract-bundle.ts';
import { parseExchangeRatesCsv } from '../../billing/inputs/parse-exchange-rates-csv.ts';
import { callTool } from '../../tools/call-tool.ts';
import { exchangeRatesImport } from '../../tools/exchange-rates/import-exchange-rates.ts';
import { masterDataImport } from '../../tools/master-data/import-bundle.ts';
import { timeEntriesImportFile } from '../../tools/time/import-time-file.ts';
import { WORK_WRITERS } from '../../policy/role-groups.ts';
import { errorKindOf, type ErrorCode } from '../../shared/error-codes.ts';
import { EXIT, type CliContext } from '../io.ts';
import { printRefusal, setupActor } from '../operator.ts';
import { keyUser } from './billing-run.ts';

const MAX_ERRORS_SHOWN = 20;

async function readInput(file: string | undefined, ctx: CliContext, what: string): Promise<string | null> {
  if (!file) {
    const example = { 'time-entries': 'hours.csv', 'exchange-rates': 'rates.csv' }[what] ?? 'contracts.json';
    ctx.io.stderr(`import ${what} needs a file, e.g. billing-copilot import ${what} ${example}\n`);
    return null;
  }
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    ctx.io.stderr(
      `Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`,
    );
    return null;
  }
}

/** `import time-entries FILE.csv`, `import exchange-rates FILE.csv` and `import contracts FILE.json`: all rows or none. */
export async function importCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [what, file] = argv;
  if (what === 'time-entries') return importTime(file, ctx);
  if (what === 'exchange-rates') return importRates(file, ctx);
  if (what === 'contracts') return importContracts(file, ctx);
  ctx.io.stderr(
    'Usage: billing-copilot import time-entries FILE.csv | import exchange-rates FILE.csv | import contracts FILE.json\n',
  );
  return EXIT.USAGE;
}

/**
 * Exchange rates from a CSV (base, quote, rate, date[, source]), as the key's user, through the
 * same use case as POST /exchange-rates: all or none, a stored rate again is unchanged, another rate
 * for a stored pair and date refuses the file naming its line.
 */
async function importRates(file: string | undefined, ctx: CliContext): Promise<number> {
  const text = await readInput(file, ctx, 'exchange-rates');
  if (text === null) return EXIT.USAGE;
  const { rows, errors } = parseExchangeRatesCsv(text);
  if (errors.length) return reportRowErrors(file!, errors, ctx);
  const who = await keyUser(ctx, 'an import');
  if ('code' in who) return who.code;
  const r = await callTool(cliCaller(who, ctx), exchangeRatesImport, {
    rates: rows.map((x) => x.rate),
    file: path.basename(file!),
  });
  if (r.ok) {
    ctx.io.stdout(
      `Imported ${r.value.inserted} exchange rate${r.value.inserted === 1 ? '' : 's'} from ${file}; ${r.value.unchanged} ${r.value.unchanged === 1 ? 'was' : 'were'} already stored with the same rate\n`,
    );
    return EXIT.OK;
  }
  const e = r.error;
  if (e.code !== 'FX_RATE_CONFLICT' && e.code !== 'FX_RATES_CONTRADICT') {
    ctx.io.stderr(`Refused (${e.code}): ${e.message}. Nothing was imported.\n`);
    return EXIT.PROBLEMS;
  }
  const lineOf = (index: number) => rows[index]!.line;
  return reportRowErrors(
    file!,
    e.conflicts.map((c) => ({
      line: lineOf(c.index),
      message:
        e.code === 'FX_RATE_CONFLICT'
          ? `${c.base}/${c.quote} on ${c.rateDate} is stored at ${c.existing}, the file says ${c.given} (FX_RATE_CONFLICT: a stored rate is not replaced)`
          : `${c.base}/${c.quote} on ${c.rateDate} is ${c.given} here and ${c.existing} on line ${lineOf(c.existingIndex!)}`,
    })),
    ctx,
  );
}

/**
 * Time entries from a CSV, as the key's user, through time_entries_import_file: all rows or none,
 * rows arriving approved or rejected decided by the key's user under time_entries.approve.
 */
async function importTime(file: string | undefined, ctx: CliContext): Promise<number> {
  const text = await readInput(file, ctx, 'time-entries');
  if (text === null) return EXIT.USAGE;
  const who = await keyUser(ctx, 'an import');
  if ('code' in who) return who.code;
  const r = await callTool(cliCaller(who, ctx), timeEntriesImportFile, { content: text, file: path.basename(file!) });
  if (r.ok) {
    ctx.io.stdout(`Imported ${r.value.inserted} time entries from ${file}\n`);
    return EXIT.OK;
  }
  const e = r.error;
  if (e.code === 'IMPORT_REJECTED') return reportRowErrors(file!, e.errors, ctx);
  // Policy's refusal of the file's decisions names the rule (SOD_OWN_TIME_ENTRIES, ROLE_NOT_PERMITTED), as before.
  const policyCode = 'policyCode' in e ? e.policyCode : undefined;
  const decides = e.message.startsWith('the file decides');
  if (policyCode === 'ROLE_NOT_PERMITTED' && !decides) {
    ctx.io.stderr(
      `Refused (FORBIDDEN): importing time needs one of the roles ${WORK_WRITERS.join(', ')}, as POST /time-entries does. Nothing was imported.\n`,
    );
    return EXIT.PROBLEMS;
  }
  ctx.io.stderr(`Refused (${decides && policyCode ? policyCode : e.code}): ${e.message}. Nothing was imported.\n`);
  return EXIT.PROBLEMS;
}

function reportRowErrors(file: string, errors: { line: number; message: string }[], ctx: CliContext): number {
  for (const e of errors.slice(0, MAX_ERRORS_SHOWN)) ctx.io.stderr(`${file}:${e.line}: ${e.message}\n`);
  if (errors.length > MAX_ERRORS_SHOWN) ctx.io.stderr(`... and ${errors.length - MAX_ERRORS_SHOWN} more\n`);
  ctx.io.stderr(
    `Nothing was imported: ${errors.length === 1 ? '1 row needs' : `${errors.length} rows need`} fixing first.\n`,
  );
  return EXIT.PROBLEMS;
}

async function importContracts(file: string | undefined, ctx: CliContext): Promise<number> {
  const text = await readInput(file, ctx, 'contracts');
  if (text === null) return EXIT.USAGE;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    ctx.io.stderr(`${file} is not valid JSON: ${(e as Error).message}\nNothing was imported.\n`);
    return EXIT.PROBLEMS;
  }
  const parsed = contractBundleSchema.safeParse(json);
  if (!parsed.success) {
    for (const i of parsed.error.issues.slice(0, MAX_ERRORS_SHOWN))
      ctx.io.stderr(`${file}: ${i.path.join('.') || '(root)'}: ${i.message}\n`);
    ctx.io.stderr('Nothing was imported.\n');
    return EXIT.PROBLEMS;
  }
  // Master data is how a firm starts, before any user exists: without a key the console operator acts (cli:<os user>), until an administrator can.
  const who = await setupActor(ctx, 'an import', keyUser);
  if ('code' in who) return who.code;
  const r = await callTool(cliCaller(who, ctx), masterDataImport, { bundle: json, file: path.basename(file!) });
  if (r.ok) {
    const counts = r.value;
    ctx.io.stdout(
      `Imported from ${file}: ${counts.legalEntities} legal entities, ${counts.taxRates} tax rates, ${counts.exchangeRates} exchange rates, ${counts.clients} clients, ${counts.people} people, ${counts.contracts} contracts, ${counts.projects} projects\n`,
    );
    return EXIT.OK;
  }
  const e = r.error as { code: ErrorCode; message: string; policyCode?: string };
  if (errorKindOf(e.code) === 'forbidden') return printRefusal(ctx, e);
  ctx.io.stderr(`${file}: ${e.message}\nNothing was imported.\n`);
  return EXIT.PROBLEMS;
}
