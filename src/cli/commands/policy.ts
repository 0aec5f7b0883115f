import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  currentMatrix,
  getMatrixVersion,
  getProposal,
  listMatrixVersions,
  type MatrixVersion,
} from '../../db/stores/approval-matrix-store.ts';
import {
  approvalMatrixChange,
  changeApprovalMatrixSchema,
} from '../../tools/approval-matrix/change-approval-matrix.ts';
import { callTool } from '../../tools/call-tool.ts';
import { approvalMatrixJson, type AmountRule, type ApprovalMatrix } from '../../policy/approval-matrix.ts';
import { diffMatrices, type MatrixRuleChange } from '../../policy/matrix-diff.ts';
import { format, money } from '../../shared/money.ts';
import { actorOfKey } from '../actor.ts';
import { EXIT, type CliContext } from '../io.ts';
import { groupThousands, renderTable } from '../table.ts';

const USAGE = `Usage:
  billing-copilot policy matrix show [--version N] [--json]    the approval matrix in force (or version N); --json prints the document to edit and propose
  billing-copilot policy matrix versions [--json]              every version, newest first
  billing-copilot policy matrix proposal SHA256 [--json]       a proposed matrix and what it changes (what an approver approves)
  billing-copilot policy matrix propose FILE --reason TEXT     propose FILE as the next version; run it again once another finance admin approved
The propose command acts as the user whose API key is in BILLING_COPILOT_API_KEY (a finance admin); a key is never taken as an argument.
Exit codes: 0 done, 1 refused (nothing written), 2 usage, 3 not found, 5 waiting for approval (the request is open).
`;

/** The request is open and waits for its approvers: not an error, not done either. */
export const EXIT_WAITING_FOR_APPROVAL = 5;

/** `policy matrix show|versions|proposal|propose`. */
export async function policyCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [group, sub, ...rest] = argv;
  if (group === 'matrix') {
    if (sub === 'show') return show(rest, ctx);
    if (sub === 'versions') return versions(rest, ctx);
    if (sub === 'proposal') return proposal(rest, ctx);
    if (sub === 'propose') return propose(rest, ctx);
  }
  ctx.io.stderr(USAGE);
  return EXIT.USAGE;
}

async function show(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { version: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (values.version !== undefined && !/^[1-9]\d{0,8}$/.test(values.version)) {
    ctx.io.stderr(`--version must be a version number (1, 2, ...), not "${values.version}".\n`);
    return EXIT.USAGE;
  }
  const db = (await ctx.database()).db;
  const v = values.version === undefined ? await currentMatrix(db) : await getMatrixVersion(db, Number(values.version));
  if (!v) {
    ctx.io.stderr(
      `There is no approval matrix version ${values.version}; the one in force is ${(await currentMatrix(db)).version}.\n`,
    );
    return EXIT.NOT_FOUND;
  }
  if (values.json) {
    ctx.io.stdout(`${JSON.stringify(approvalMatrixJson(v.matrix), null, 2)}\n`);
    return EXIT.OK;
  }
  ctx.io.stdout(`${describeVersion(v)}\n\n${renderRules(v.matrix)}`);
  return EXIT.OK;
}

async function versions(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseArgs({ args: argv, strict: true, options: { json: { type: 'boolean' } } });
  const { items, total } = await listMatrixVersions((await ctx.database()).db, { limit: 10_000, offset: 0 });
  if (values.json) {
    ctx.io.stdout(`${JSON.stringify({ items, total }, null, 2)}\n`);
    return EXIT.OK;
  }
  ctx.io.stdout(
    renderTable(
      ['Version', 'sha256', 'Effective from', 'Source', 'Proposed by', 'In force since'],
      items.map((v) => [
        String(v.version),
        v.sha256.slice(0, 12),
        v.effectiveFrom,
        v.source,
        v.proposedBy ?? '',
        v.createdAt?.toISOString() ?? 'the start',
      ]),
    ),
  );
  ctx.io.stdout(`${total} version${total === 1 ? '' : 's'}; the first row is in force\n`);
  return EXIT.OK;
}

async function proposal(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  });
  const [sha256] = positionals;
  if (!sha256 || !/^[0-9a-f]{64}$/.test(sha256) || positionals.length > 1) {
    ctx.io.stderr(
      `proposal needs one matrix hash (64 lowercase hex digits, the matrixHash of the approval request).\n\n${USAGE}`,
    );
    return EXIT.USAGE;
  }
  const db = (await ctx.database()).db;
  const p = await getProposal(db, sha256);
  if (!p) {
    ctx.io.stderr(`No proposed approval matrix has the sha256 ${sha256}.\n`);
    return EXIT.NOT_FOUND;
  }
  const base = await getMatrixVersion(db, p.version - 1);
  const changes = base ? diffMatrices(base.matrix, p.matrix) : [];
  if (values.json) {
    ctx.io.stdout(
      `${JSON.stringify({ sha256, version: p.version, proposedBy: p.proposedBy, reason: p.reason, proposedAt: p.createdAt, changes, matrix: p.matrixJson }, null, 2)}\n`,
    );
    return EXIT.OK;
  }
  ctx.io.stdout(
    `Proposed version ${p.version} (sha256 ${sha256}) by ${p.proposedBy} at ${p.createdAt.toISOString()}: ${p.reason}\n${renderChanges(changes)}`,
  );
  return EXIT.OK;
}

async function propose(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: { reason: { type: 'string' } },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1 || !values.reason?.trim()) {
    ctx.io.stderr(`propose needs one FILE and --reason saying why the rules change.\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const key = ctx.config.BILLING_COPILOT_API_KEY;
  if (!key) {
    ctx.io.stderr(
      "Set BILLING_COPILOT_API_KEY to your API key (a finance admin's): proposing acts as you, and the command line never takes a key as an argument.\n",
    );
    return EXIT.USAGE;
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    ctx.io.stderr(`Cannot read ${file}.\n`);
    return EXIT.NOT_FOUND;
  }
  let matrix: unknown;
  try {
    matrix = JSON.parse(text);
  } catch (e) {
    ctx.io.stderr(`${file} is not JSON: ${(e as Error).message}\n`);
    return EXIT.PROBLEMS;
  }
  const input = changeApprovalMatrixSchema.safeParse({ matrix, reason: values.reason });
  if (!input.success) {
    ctx.io.stderr(`${file}: the approval matrix must be a JSON object (see policy matrix show --json).\n`);
    return EXIT.PROBLEMS;
  }
  const database = await ctx.database();
  const actor = await actorOfKey(database.db, key);
  if (!actor) {
    ctx.io.stderr(
      "The API key in BILLING_COPILOT_API_KEY is not valid (unknown or revoked, or its user is inactive), or it is the agent's, which cannot change the approval matrix.\n",
    );
    return EXIT.PROBLEMS;
  }
  const r = await callTool(
    { actor, correlationId: `cli:${randomUUID()}`, now: ctx.now(), deps: { database, now: ctx.now } },
    approvalMatrixChange,
    input.data,
  );
  if (r.ok) {
    ctx.io.stdout(
      `Approval matrix version ${r.value.version} is in force (sha256 ${r.value.sha256}), replacing version ${r.value.previousVersion}.\n${renderChanges(r.value.changes)}`,
    );
    return EXIT.OK;
  }
  const e = r.error;
  switch (e.code) {
    case 'APPROVAL_REQUIRED':
    case 'ARGS_CHANGED':
      ctx.io.stdout(
        `Waiting for approval: ${e.message}.\nRequest ${e.requestId} is open; approvers review it with \`billing-copilot policy matrix proposal ${e.matrixHash}\` ` +
          `and grant it with POST /approvals/${e.requestId}/grant. Then run this command again to apply it.\n`,
      );
      return EXIT_WAITING_FOR_APPROVAL;
    case 'APPROVAL_MATRIX_INVALID':
      ctx.io.stderr(`${e.issues.map((i) => `${file}: ${i}`).join('\n')}\n`);
      return EXIT.PROBLEMS;
    default:
      ctx.io.stderr(`Refused (${e.code}): ${e.message}.\n`);
      return EXIT.PROBLEMS;
  }
}

function describeVersion(v: MatrixVersion): string {
  const origin =
    v.source === 'bundled'
      ? 'the bundled file, in force from the start'
      : `proposed by ${v.proposedBy}, approved on request ${v.approvalRequestId ?? '(none needed)'}, in force since ${v.createdAt?.toISOString()}`;
  return `Approval matrix version ${v.version}, effective from ${v.effectiveFrom}: ${origin}\nsha256 ${v.sha256}`;
}

const roles = (rs: readonly string[]) => rs.join(', ') || '(nobody)';
const over = (minor: bigint, currency: string) => `${currency} over ${groupThousands(format(money(minor, currency)))}`;

function amountRows(label: string, rule: AmountRule): string[][] {
  const rows = rule.roles.length ? [[label, 'always', roles(rule.roles)]] : [];
  for (const [currency, tiers] of Object.entries(rule.tiers))
    for (const t of tiers ?? []) rows.push([label, over(t.overMinor, currency), roles(t.roles)]);
  return rows;
}

/** The rules as a table: what triggers each, and whose approval it needs. */
function renderRules(m: ApprovalMatrix): string {
  const rows = [
    ...amountRows('invoice total', m.invoiceTotal),
    ['low margin', `below ${m.lowMargin.belowPercent}%`, roles(m.lowMargin.roles)],
    ['open exceptions', 'any open on the invoice', roles(m.openExceptions.roles)],
    ['project on hold', 'the project is on hold', roles(m.projectOnHold.roles)],
    ['discount beyond contract', 'more than the contract grants', roles(m.discountBeyondContract.roles)],
    ...amountRows('credit note', m.creditNote),
    ...amountRows('write-off', m.writeOff),
    ...Object.entries(m.always).map(([action, rs]) => [action, 'always', roles(rs ?? [])]),
  ];
  return (
    `Approvals expire ${m.approvalTtlHours} h after they are granted; levels are approved in the order ${m.levelOrder.join(', ')}.\n\n` +
    renderTable(['Rule', 'When', 'Approved by'], rows)
  );
}

function renderChanges(changes: readonly { rule: string; from: unknown; to: unknown }[]): string {
  if (changes.length === 0) return 'No rule changes.\n';
  return renderTable(
    ['Rule', 'From', 'To'],
    changes.map((c) => [
      c.rule,
      c.from === null ? '(absent)' : JSON.stringify(c.from),
      c.to === null ? '(absent)' : JSON.stringify(c.to),
    ]),
  );
}
