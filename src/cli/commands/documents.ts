import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { eq, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { clients, contracts } from '../../db/schema/index.ts';
import { EMBEDDING_DIMENSIONS } from '../../db/schema/documents.ts';
import { trimDecimal } from '../../db/stores/rows.ts';
import { APPLICABLE_FIELDS, type ApplicableField, type TermWrite } from '../../extraction/changes/plan-term-writes.ts';
import { createTermsExtractor } from '../../extraction/documents/extract-terms.ts';
import { processDocument } from '../../extraction/documents/process-document.ts';
import { recordTermsMismatch } from '../../extraction/documents/record-terms-mismatch.ts';
import { getDocument } from '../../extraction/documents/store.ts';
import { createEmbedder } from '../../extraction/search/embedder.ts';
import { documentLimits } from '../../extraction/text/extract-text.ts';
import type { SowTerms } from '../../extraction/sow-terms.ts';
import { keyActor } from '../tool-command.ts';
import { EXIT, type CliContext } from '../io.ts';
import { renderTable } from '../table.ts';
import { EXIT_WAITING_FOR_APPROVAL } from './policy.ts';

const USAGE = `Usage:
  billing-copilot documents add FILE [--client CODE] [--contract CODE] [--json]
      store a SOW, MSA, amendment or change order once (by content), extract its terms with evidence and
      compare them with the contract; a difference opens a contract_terms_mismatch exception (as the key's user)
  billing-copilot documents apply-terms DOCUMENT_ID [--contract CODE] [--fields f1,f2] [--change ID] [--preview] [--json]
      write the document's terms (or one proposed change of an amendment) to the contract. Always needs a
      controller's approval: the first run opens the request, a controller grants it (POST /approvals/{id}/grant),
      the same run again writes. --preview shows what would be written and changes nothing.
      Fields: ${APPLICABLE_FIELDS.join(', ')}
Both act as the user whose API key is in BILLING_COPILOT_API_KEY; a key is never taken as an argument.
Exit codes: 0 done, 1 refused (nothing written), 2 usage, 3 not found, 5 waiting for approval (the request is open).
`;

/** `documents add|apply-terms`. */
export async function documentsCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  try {
    if (sub === 'add') return await add(rest, ctx);
    if (sub === 'apply-terms') return await applyTerms(rest, ctx);
  } catch (e) {
    // parseArgs throws for unknown options and missing values: a usage error, not a crash.
    if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      ctx.io.stderr(`${(e as Error).message}\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    throw e;
  }
  ctx.io.stderr(USAGE);
  return EXIT.USAGE;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id of a contract or client given by its code or its id. */
async function idOf(db: DbOrTx, table: typeof contracts | typeof clients, ref: string): Promise<string | null> {
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(UUID.test(ref) ? or(eq(table.id, ref), eq(table.code, ref)) : eq(table.code, ref))
    .limit(1);
  return row?.id ?? null;
}

async function add(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      client: { type: 'string' },
      contract: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    ctx.io.stderr(`documents add needs one FILE.\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch {
    ctx.io.stderr(`Cannot read ${file}.\n`);
    return EXIT.NOT_FOUND;
  }
  const who = await keyActor(ctx, 'storing a document');
  if ('code' in who) return who.code;
  const { database, actor } = who;
  const db = database.db;
  const queued: string[] = [];
  const { callTool } = await import('../../tools/call-tool.ts');
  const { documentsUpload } = await import('../../tools/documents/upload-document.ts');
  const uploaded = await callTool(
    {
      actor,
      correlationId: `cli:${randomUUID()}`,
      now: ctx.now(),
      deps: {
        database,
        now: ctx.now,
        documents: { limits: documentLimits(ctx.config), enqueue: (id) => void queued.push(id) },
      },
    },
    documentsUpload,
    { content: bytes, fileName: basename(file), client: values.client ?? null, contract: values.contract ?? null },
  );
  if (!uploaded.ok) {
    const e = uploaded.error;
    if (e.code === 'UNKNOWN_CONTRACT' || e.code === 'UNKNOWN_CLIENT') {
      ctx.io.stderr(
        `There is no ${e.code === 'UNKNOWN_CONTRACT' ? `contract "${values.contract}"` : `client "${values.client}"`}; nothing was stored.\n`,
      );
      return EXIT.NOT_FOUND;
    }
    ctx.io.stderr(`${file}: ${e.code}: ${e.message} Nothing was stored.\n`);
    return EXIT.PROBLEMS;
  }
  // The server processes uploads in the background; the CLI does the same work before it answers.
  let mismatches = 0;
  for (const id of queued) {
    ctx.io.stderr(`Extracting terms from ${basename(file)}...\n`);
    await processDocument(
      {
        db,
        extractTerms: createTermsExtractor(ctx.config),
        embedder: createEmbedder(ctx.config, EMBEDDING_DIMENSIONS),
        onExtracted: async (document, terms) =>
          void (mismatches = (await recordTermsMismatch(db, document, terms, ctx.now())).length),
      },
      id,
    );
  }
  const doc = (await getDocument(db, uploaded.value.id))!;
  if (values.json) {
    ctx.io.stdout(
      `${JSON.stringify(
        {
          id: doc.id,
          sha256: doc.sha256,
          duplicate: uploaded.value.duplicate,
          status: doc.status,
          extractor: doc.extractor,
          contractId: doc.contractId,
          clientId: doc.clientId,
          terms: doc.terms,
          proposedChanges: doc.proposedChanges,
          error: doc.error,
        },
        null,
        2,
      )}\n`,
    );
    return doc.status === 'failed' ? EXIT.PROBLEMS : EXIT.OK;
  }
  const lines = [
    `Document ${doc.id} (${doc.kind}, ${doc.pageCount ?? '?'} page${doc.pageCount === 1 ? '' : 's'}, sha256 ${doc.sha256.slice(0, 12)})` +
      `${uploaded.value.duplicate ? ': already stored, not processed again' : ''}`,
    `Status: ${doc.status}${doc.error ? ` (${JSON.stringify(doc.error)})` : ''}${doc.extractor ? `, terms by the ${doc.extractor} extractor` : ''}`,
  ];
  const terms = doc.terms as unknown as SowTerms | null;
  if (terms) {
    lines.push(
      `Terms: ${terms.documentType}, currency ${terms.currency ?? '-'}, ${terms.rates.length} rate(s), ${terms.milestones.length} milestone(s), ` +
        `payment ${terms.paymentTerms?.netDays != null ? `net ${terms.paymentTerms.netDays}` : '-'}, PO ${terms.poNumber ?? '-'}`,
    );
  }
  if (doc.proposedChanges?.length)
    lines.push(`Proposed contract changes: ${doc.proposedChanges.length} (never applied without approval)`);
  if (!uploaded.value.duplicate && doc.contractId && doc.status === 'done') {
    lines.push(
      mismatches > 0
        ? `It differs from the contract in ${mismatches} field(s): a contract_terms_mismatch exception is open. See what applying it would write with:\n  billing-copilot documents apply-terms ${doc.id} --preview`
        : 'It agrees with the contract.',
    );
  }
  ctx.io.stdout(`${lines.join('\n')}\n`);
  return doc.status === 'failed' ? EXIT.PROBLEMS : EXIT.OK;
}

function parseFields(s: string | undefined): ApplicableField[] | undefined | string {
  if (s === undefined) return undefined;
  const fields = s
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const unknown = fields.filter((f) => !(APPLICABLE_FIELDS as readonly string[]).includes(f));
  if (fields.length === 0 || unknown.length > 0)
    return `--fields takes a comma-separated list of ${APPLICABLE_FIELDS.join(', ')}${unknown.length ? `; not ${unknown.join(', ')}` : ''}.`;
  return fields as ApplicableField[];
}

/** A stored numeric ("240.000000") as people write it ("240.00"); other values as they are. */
const shown = (v: string | number | null): string =>
  v === null ? '(none)' : /^-?\d+\.\d+$/.test(String(v)) ? trimDecimal(String(v)) : String(v);

function renderWrites(
  writes: readonly (Pick<TermWrite, 'key' | 'quote' | 'effectiveFrom' | 'page' | 'from' | 'to'> & {
    field: string;
    part: string | null;
  })[],
): string {
  if (writes.length === 0) return 'Nothing to write: the contract already says this.\n';
  return renderTable(
    ['Field', 'Item', 'Now', 'From the document', 'Starts', 'Page', 'Quote'],
    writes.map((w) => [
      w.field,
      [w.key, w.part].filter(Boolean).join(' '),
      shown(w.from),
      shown(w.to),
      w.effectiveFrom ?? '',
      w.page === null ? '' : String(w.page),
      (w.quote ?? '').replace(/\s+/g, ' ').slice(0, 70),
    ]),
  );
}

async function applyTerms(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      contract: { type: 'string' },
      fields: { type: 'string' },
      change: { type: 'string' },
      preview: { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  const [documentId] = positionals;
  if (!documentId || positionals.length > 1 || !UUID.test(documentId)) {
    ctx.io.stderr(`apply-terms needs one DOCUMENT_ID (the UUID documents add printed).\n\n${USAGE}`);
    return EXIT.USAGE;
  }
  const fields = parseFields(values.fields);
  if (typeof fields === 'string') {
    ctx.io.stderr(`${fields}\n`);
    return EXIT.USAGE;
  }
  if (values.change !== undefined && !/^[0-9a-f]{12}$/.test(values.change)) {
    ctx.io.stderr('--change takes the 12-character id of a proposed change, as --preview lists them.\n');
    return EXIT.USAGE;
  }
  const who = await keyActor(ctx, 'applying terms');
  if ('code' in who) return who.code;
  const { database, actor } = who;
  let contractId: string | undefined;
  if (values.contract) {
    const id = await idOf(database.db, contracts, values.contract);
    if (!id) {
      ctx.io.stderr(`There is no contract "${values.contract}".\n`);
      return EXIT.NOT_FOUND;
    }
    contractId = id;
  }
  const selection = { documentId, contractId, fields, changeId: values.change };
  const caller = { actor, correlationId: `cli:${randomUUID()}`, now: ctx.now(), deps: { database, now: ctx.now } };
  const { callTool } = await import('../../tools/call-tool.ts');
  const notFound = new Set(['DOCUMENT_NOT_FOUND', 'CONTRACT_NOT_FOUND', 'CHANGE_NOT_FOUND']);

  if (values.preview) {
    const r = await callTool(
      caller,
      (await import('../../tools/documents/preview-terms.ts')).documentsPreviewTerms,
      selection,
    );
    if (!r.ok) {
      ctx.io.stderr(`Refused (${r.error.code}): ${r.error.message}.\n`);
      return notFound.has(r.error.code) ? EXIT.NOT_FOUND : EXIT.PROBLEMS;
    }
    const p = r.value;
    if (values.json) {
      ctx.io.stdout(`${JSON.stringify(p, null, 2)}\n`);
      return EXIT.OK;
    }
    const out = [
      `Applying ${p.documentType} ${p.documentId}${p.changeId ? ` (change ${p.changeId})` : ''} to contract ${p.contractCode} would write:`,
      renderWrites(p.writes).trimEnd(),
    ];
    if (p.skipped.length)
      out.push('Not written:', ...p.skipped.map((s) => `  ${s.field}${s.key ? ` ${s.key}` : ''}: ${s.reason}`));
    if (p.blocker) out.push(`It would be refused as the contract stands: ${p.blocker.code}: ${p.blocker.message}`);
    if (p.proposedChanges.length)
      out.push(
        'Proposed changes (apply one with --change ID):',
        ...p.proposedChanges.map((c) => `  ${c.id}  ${JSON.stringify(c)}`),
      );
    out.push(`A controller approves termsHash ${p.action.args.termsHash}.`);
    ctx.io.stdout(`${out.join('\n')}\n`);
    return EXIT.OK;
  }

  const r = await callTool(
    caller,
    (await import('../../tools/documents/apply-terms.ts')).documentsApplyTerms,
    selection,
  );
  if (r.ok) {
    const v = r.value;
    if (values.json) ctx.io.stdout(`${JSON.stringify(v, null, 2)}\n`);
    else if (v.alreadyApplied) ctx.io.stdout(`Already applied to contract ${v.contractCode}: nothing written.\n`);
    else {
      ctx.io.stdout(
        `Applied to contract ${v.contractCode}:\n${renderWrites(v.applied)}` +
          `${v.exception ? `Terms-mismatch exception ${v.exception.id}: ${v.exception.status}${v.exception.remainingDiffs ? `, ${v.exception.remainingDiffs} difference(s) left` : ''}.\n` : ''}` +
          `${v.draftsToRerun.length ? `Re-run billing for the drafts ${v.draftsToRerun.join(', ')} to re-rate them.\n` : ''}`,
      );
    }
    return EXIT.OK;
  }
  const e = r.error;
  if (e.code === 'APPROVAL_REQUIRED' || e.code === 'ARGS_CHANGED') {
    ctx.io.stdout(
      `Waiting for approval: ${e.message}.\nRequest ${e.requestId} is open; a controller reviews it with \`billing-copilot documents apply-terms ${documentId} --preview\` ` +
        `and grants it with \`billing-copilot approvals grant ${e.requestId}\` (or POST /approvals/${e.requestId}/grant). Then run this command again to apply it.\n`,
    );
    return EXIT_WAITING_FOR_APPROVAL;
  }
  ctx.io.stderr(`Refused (${e.code}): ${e.message}. Nothing was written.\n`);
  return notFound.has(e.code) ? EXIT.NOT_FOUND : EXIT.PROBLEMS;
}
