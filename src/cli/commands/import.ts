import { readFile } from 'node:fs/promises';
import { contractBundleSchema } from '../../billing/inputs/contract-bundle.ts';
import { parseTimeEntriesCsv } from '../../billing/inputs/parse-time-entries-csv.ts';
import { upsertBundle } from '../../db/stores/master-data.ts';
import { insertTimeEntries } from '../../db/stores/time-entry-store.ts';
import { InputError } from '../../shared/errors.ts';
import { EXIT, type CliContext } from '../io.ts';

const MAX_ERRORS_SHOWN = 20;

async function readInput(file: string | undefined, ctx: CliContext, what: string): Promise<string | null> {
  if (!file) {
    ctx.io.stderr(`import ${what} needs a file, e.g. billing-copilot import ${what} ${what === 'time-entries' ? 'hours.csv' : 'contracts.json'}\n`);
    return null;
  }
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    ctx.io.stderr(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
    return null;
  }
}

/** `import time-entries FILE.csv` and `import contracts FILE.json`: all rows or none. */
export async function importCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [what, file] = argv;
  if (what === 'time-entries') return importTime(file, ctx);
  if (what === 'contracts') return importContracts(file, ctx);
  ctx.io.stderr('Usage: billing-copilot import time-entries FILE.csv | import contracts FILE.json\n');
  return EXIT.USAGE;
}

async function importTime(file: string | undefined, ctx: CliContext): Promise<number> {
  const text = await readInput(file, ctx, 'time-entries');
  if (text === null) return EXIT.USAGE;
  const { rows, errors } = parseTimeEntriesCsv(text);
  if (errors.length) return reportRowErrors(file!, errors, ctx);
  const database = await ctx.database();
  let outcome: Awaited<ReturnType<typeof insertTimeEntries>> | undefined;
  await database.db.transaction(async (tx) => {
    outcome = await insertTimeEntries(tx, rows, ctx.now());
    if (!outcome.ok) tx.rollback();
  }).catch((e: unknown) => {
    if (!(outcome && !outcome.ok)) throw e; // rollback() throws by design; anything else is real
  });
  if (!outcome!.ok) return reportRowErrors(file!, outcome!.errors, ctx);
  ctx.io.stdout(`Imported ${outcome!.inserted} time entries from ${file}\n`);
  return EXIT.OK;
}

function reportRowErrors(file: string, errors: { line: number; message: string }[], ctx: CliContext): number {
  for (const e of errors.slice(0, MAX_ERRORS_SHOWN)) ctx.io.stderr(`${file}:${e.line}: ${e.message}\n`);
  if (errors.length > MAX_ERRORS_SHOWN) ctx.io.stderr(`... and ${errors.length - MAX_ERRORS_SHOWN} more\n`);
  ctx.io.stderr(`Nothing was imported: ${errors.length} row${errors.length === 1 ? '' : 's'} need fixing first.\n`);
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
    for (const i of parsed.error.issues.slice(0, MAX_ERRORS_SHOWN)) ctx.io.stderr(`${file}: ${i.path.join('.') || '(root)'}: ${i.message}\n`);
    ctx.io.stderr('Nothing was imported.\n');
    return EXIT.PROBLEMS;
  }
  const database = await ctx.database();
  try {
    const counts = await database.db.transaction((tx) => upsertBundle(tx, parsed.data));
    ctx.io.stdout(`Imported from ${file}: ${counts.legalEntities} legal entities, ${counts.taxRates} tax rates, ${counts.exchangeRates} exchange rates, ${counts.clients} clients, ${counts.people} people, ${counts.contracts} contracts, ${counts.projects} projects\n`);
    return EXIT.OK;
  } catch (e) {
    if (e instanceof InputError) {
      ctx.io.stderr(`${file}: ${e.message}\nNothing was imported.\n`);
      return EXIT.PROBLEMS;
    }
    throw e;
  }
}
