import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import { contractBundleSchema } from '../../billing/inputs/contract-bundle.ts';
import { parseExchangeRatesCsv } from '../../billing/inputs/parse-exchange-rates-csv.ts';
import { parseTimeEntriesCsv, type RowError } from '../../billing/inputs/parse-time-entries-csv.ts';
import type { DbOrTx } from '../../db/client.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { upsertBundle } from '../../db/stores/master-data.ts';
import { entriesForApproval, userIdsByEmail, type EntryForApproval } from '../../db/stores/time-approval-store.ts';
import { insertResolvedTimeEntries, resolveTimeEntries, sequenceIds } from '../../db/stores/time-entry-store.ts';
import { auditEntry } from '../../tools/policy-gate/context.ts';
import { callTool } from '../../tools/call-tool.ts';
import { exchangeRatesImport } from '../../tools/exchange-rates/import-exchange-rates.ts';
import { WORK_WRITERS } from '../../policy/role-groups.ts';
import { evaluate } from '../../policy/evaluate.ts';
import { authorityOf, inScope } from '../../policy/permissions.ts';
import type { Actor } from '../../policy/roles.ts';
import { InputError } from '../../shared/errors.ts';
import { EXIT, type CliContext } from '../io.ts';
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
  const r = await callTool(
    {
      actor: who.actor,
      correlationId: `cli:${randomUUID()}`,
      now: ctx.now(),
      deps: { database: who.database, now: ctx.now },
    },
    exchangeRatesImport,
    {
      rates: rows.map((x) => x.rate),
      file: path.basename(file!),
    },
  );
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

async function importTime(file: string | undefined, ctx: CliContext): Promise<number> {
  const text = await readInput(file, ctx, 'time-entries');
  if (text === null) return EXIT.USAGE;
  const { rows, errors } = parseTimeEntriesCsv(text);
  if (errors.length) return reportRowErrors(file!, errors, ctx);
  const who = await keyUser(ctx, 'an import');
  if ('code' in who) return who.code;
  const { database, actor, email } = who;
  const authority = authorityOf(actor);
  if (!authority.roles.some((r) => WORK_WRITERS.includes(r))) {
    ctx.io.stderr(
      `Refused (FORBIDDEN): importing time needs one of the roles ${WORK_WRITERS.join(', ')}, as POST /time-entries does. Nothing was imported.\n`,
    );
    return EXIT.PROBLEMS;
  }
  // A status other than submitted is a decision on the time, taken by the key's user under time_entries.approve.
  const notYours = rows.filter(
    (r) =>
      r.entry.status !== 'submitted' && r.entry.approvedBy && r.entry.approvedBy.toLowerCase() !== email.toLowerCase(),
  );
  if (notYours.length) {
    return reportRowErrors(
      file!,
      notYours.map((r) => ({
        line: r.line,
        message: `approved_by "${r.entry.approvedBy}" is not you (${email}): time ${r.entry.status} in a file is decided by the user of BILLING_COPILOT_API_KEY, under the same policy as POST /time-entries/approve; leave approved_by empty or import it as submitted`,
      })),
      ctx,
    );
  }
  for (const r of rows) if (r.entry.status !== 'submitted') r.entry.approvedBy = email;
  const useCtx = { actor, correlationId: `cli:${randomUUID()}`, now: ctx.now() };
  try {
    const inserted = await database.db.transaction(async (tx) => {
      const resolved = await resolveTimeEntries(tx, rows, await sequenceIds(tx, rows.length), useCtx.now);
      if (resolved.errors.length) throw new ImportRefused(resolved.errors);
      const used = new Set(rows.map((r) => r.entry.project));
      for (const [code, entityId] of resolved.projectEntities) {
        if (used.has(code) && !inScope(authority.entityIds, entityId))
          throw new ImportRefused(
            `Refused (ENTITY_OUT_OF_SCOPE): project ${code} belongs to a legal entity outside your scope`,
          );
      }
      await tx.execute(insertResolvedTimeEntries(resolved.values)(sql`true`));
      const ids = resolved.values.map((v) => v.id);
      const decided = resolved.values.filter((v) => v.approvalStatus !== 'submitted').map((v) => v.id);
      const decisions = await decideTime(tx, actor, decided);
      await appendAudit(
        tx,
        auditEntry(useCtx, {
          action: 'time_entries.import',
          targetType: 'time_entries',
          targetId: `${ids[0]}..${ids.at(-1)}`,
          before: null,
          after: {
            count: ids.length,
            ids: ids.length <= 100 ? ids : { first: ids[0], last: ids.at(-1) },
            file: path.basename(file!),
            decided: {
              approved: resolved.values.filter((v) => v.approvalStatus === 'approved').length,
              rejected: resolved.values.filter((v) => v.approvalStatus === 'rejected').length,
            },
          },
          decision: decisions.length ? toJsonValue({ 'time_entries.approve': decisions }) : null,
        }),
      );
      return ids.length;
    });
    ctx.io.stdout(`Imported ${inserted} time entries from ${file}\n`);
    return EXIT.OK;
  } catch (e) {
    if (!(e instanceof ImportRefused)) throw e;
    if (typeof e.problem !== 'string') return reportRowErrors(file!, e.problem, ctx);
    ctx.io.stderr(`${e.problem}. Nothing was imported.\n`);
    return EXIT.PROBLEMS;
  }
}

/** Rolls an import back: row errors, or a sentence saying why policy refused it. */
class ImportRefused extends Error {
  constructor(readonly problem: RowError[] | string) {
    super(typeof problem === 'string' ? problem : 'rows need fixing');
  }
}

/**
 * Policy for time a file brings approved (or rejected): time_entries.approve per project for the
 * key's user, as POST /time-entries/approve decides it (project managers, never their own time).
 * Throws ImportRefused when any project is not theirs to decide; answers the decisions to audit.
 */
async function decideTime(
  tx: DbOrTx,
  actor: Actor,
  ids: number[],
): Promise<{ project: string; entries: number; decision: unknown }[]> {
  if (ids.length === 0) return [];
  const byProject = new Map<string, EntryForApproval[]>();
  // In slices: one bind parameter per id, and a statement takes at most 65,535.
  for (let i = 0; i < ids.length; i += 10_000) {
    for (const e of await entriesForApproval(tx, ids.slice(i, i + 10_000))) {
      let list = byProject.get(e.projectId);
      if (!list) byProject.set(e.projectId, (list = []));
      list.push(e);
    }
  }
  const out: { project: string; entries: number; decision: unknown }[] = [];
  for (const [projectId, list] of byProject) {
    const workerIds = await userIdsByEmail(tx, [
      ...new Set(list.flatMap((e) => (e.personEmail ? [e.personEmail] : []))),
    ]);
    const action = {
      type: 'time_entries.approve' as const,
      target: { kind: 'project' as const, id: projectId },
      args: { timeEntryIds: list.map((e) => String(e.id)) },
    };
    const decision = evaluate(action, actor, { entityId: list[0]!.entityId, workerIds });
    const project = list[0]!.projectCode;
    if (decision.outcome === 'deny')
      throw new ImportRefused(
        `Refused (${decision.code}): the file decides time on ${project}, and ${decision.reason}`,
      );
    if (decision.outcome === 'require_approval')
      throw new ImportRefused(
        `Refused (APPROVAL_REQUIRED): deciding time on ${project} needs approval first; import it as submitted`,
      );
    out.push({
      project,
      entries: list.length,
      decision: { outcome: decision.outcome, matrixVersion: decision.matrixVersion },
    });
  }
  return out;
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
  // Master data is how a firm starts, before any user exists: without a key the operator acts, audited as cli:<os user>.
  let actorId = `cli:${operatorName()}`;
  if (ctx.config.BILLING_COPILOT_API_KEY) {
    const who = await keyUser(ctx, 'an import');
    if ('code' in who) return who.code;
    actorId = who.actor.userId;
  }
  const database = await ctx.database();
  try {
    const counts = await database.db.transaction(async (tx) => {
      const c = await upsertBundle(tx, parsed.data);
      await appendAudit(tx, {
        at: ctx.now(),
        actorId,
        onBehalfOf: null,
        action: 'master_data.import',
        targetType: 'master_data',
        targetId: path.basename(file!),
        before: null,
        after: { ...c },
        decision: null,
        approvalRef: null,
        reason: null,
        correlationId: `cli:${randomUUID()}`,
      });
      return c;
    });
    ctx.io.stdout(
      `Imported from ${file}: ${counts.legalEntities} legal entities, ${counts.taxRates} tax rates, ${counts.exchangeRates} exchange rates, ${counts.clients} clients, ${counts.people} people, ${counts.contracts} contracts, ${counts.projects} projects\n`,
    );
    return EXIT.OK;
  } catch (e) {
    if (e instanceof InputError) {
      ctx.io.stderr(`${file}: ${e.message}\nNothing was imported.\n`);
      return EXIT.PROBLEMS;
    }
    throw e;
  }
}

/** The operating-system user running the CLI ("unknown" where there is no passwd entry). */
function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
