import { createHash } from 'node:crypto';
import { z } from 'zod';
import { appendAudit } from '../../db/stores/audit-store.ts';
import {
  clientsOfEntity,
  entityByCode,
  getStatement,
  insertLines,
  insertStatement,
  lineCounts,
  linesOf,
  openItemsOf,
  statementByFile,
  type BankStatementRow,
} from '../../db/stores/bank-statement-store.ts';
import { auditEntry } from '../policy-gate/context.ts';
import { isService } from '../../policy/roles.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool, type DomainError, type ToolContext } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError } from '../scope.ts';
import { applyLine } from './apply-line.ts';
import { readStatement, statementFileSchema } from './read-statement.ts';
import { bankLineView, bankLineViewSchema, LINE_STATUSES, statementSummarySchema } from './statement-view.ts';

/** Lines an import answers with; the rest are read with bank_statements_show. */
const LINES_SHOWN = 200;

export const importOutputSchema = statementSummarySchema
  .extend({
    replayed: z.boolean().describe('True when this file was imported before: nothing new was recorded'),
    lines: z
      .array(bankLineViewSchema)
      .describe(`The first ${LINES_SHOWN} credit lines that are not applied in full, then the applied ones`),
  })
  .describe('The statement, what each line became, and what is left for a person');
export type ImportOutput = z.output<typeof importOutputSchema>;

/** The statement's summary and the lines a person looks at first (not applied, then applied). */
export async function statementOutput(
  ctx: Pick<ToolContext, 'db'>,
  s: BankStatementRow & { entityCode: string },
  replayed: boolean,
): Promise<ImportOutput> {
  const counts = await lineCounts(ctx.db, s.id);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const rows = await linesOf(ctx.db, s.id);
  const order = (st: string) => (st === 'applied' ? 2 : st === 'debit' ? 3 : 1);
  const lines = rows
    .map(bankLineView)
    .sort((a, b) => order(a.status) - order(b.status) || a.lineNo - b.lineNo)
    .slice(0, LINES_SHOWN);
  return {
    statementId: s.id,
    legalEntity: s.entityCode,
    format: s.format,
    statementRef: s.statementRef,
    account: s.account,
    fileName: s.fileName,
    importedBy: s.importedBy,
    importedAt: s.importedAt.toISOString(),
    linesInFile: s.lineCount,
    alreadyImported: s.lineCount - total,
    counts: Object.fromEntries(LINE_STATUSES.map((st) => [st, counts.get(st) ?? 0])) as ImportOutput['counts'],
    replayed,
    lines,
  };
}

type ImportError = DomainError & { at?: number };

/**
 * Imports a bank statement (camt.053 or CSV) for a legal entity. The whole file is read and
 * checked first (a bad file stores nothing); then, in one transaction, the statement and its lines
 * (a line whose bank reference the entity already has is skipped) with one audit row. Then each
 * credit line is worked as the bank-import service identity (applyLine), each payment in its own
 * transaction, so a long file holds no lock and an interrupted import resumes where it stopped
 * when the same file is imported again; a file imported before records nothing.
 */
async function importStatement(
  ctx: ToolContext,
  input: z.output<typeof statementFileSchema>,
): Promise<Result<ImportOutput, ImportError>> {
  const entity = await entityByCode(ctx.db, input.legalEntity);
  if (!entity)
    return err({ code: 'UNKNOWN_LEGAL_ENTITY', message: `no legal entity with code "${input.legalEntity}"` });
  if (!actorMayTouch(ctx.actor, entity.id)) return err(outOfScopeError(entity.id));
  const parsed = await readStatement(input);
  if (!parsed.ok) return err(parsed.error);
  const st = parsed.value;
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  let statement = await statementByFile(ctx.db, entity.id, sha256);
  const replayed = statement !== null;
  if (!statement) {
    statement =
      (await ctx.db.transaction(async (tx) => {
        const row = await insertStatement(tx, {
          legalEntityId: entity.id,
          format: st.format,
          statementRef: st.statementId ?? input.fileName ?? `sha256:${sha256.slice(0, 16)}`,
          account: st.account,
          fileSha256: sha256,
          fileName: input.fileName ?? null,
          lineCount: st.lines.length,
          importedBy: ctx.actor.userId,
          importedAt: ctx.now,
        });
        if (!row) return null;
        const fresh = await insertLines(
          tx,
          st.lines.map((l) => ({
            ...l,
            statementId: row.id,
            legalEntityId: entity.id,
            createdAt: ctx.now,
            updatedAt: ctx.now,
          })),
        );
        await appendAudit(
          tx,
          auditEntry(ctx, {
            action: 'bank_statement.import',
            targetType: 'bank_statement',
            targetId: row.id,
            before: null,
            after: {
              legalEntityId: entity.id,
              format: st.format,
              statementRef: row.statementRef,
              account: st.account,
              fileSha256: sha256,
              fileName: row.fileName,
              linesInFile: st.lines.length,
              newLines: fresh,
              credits: st.lines
                .filter((l) => l.direction === 'credit')
                .reduce((s, l) => s + l.amountMinor, 0n)
                .toString(),
            },
            decision: {
              outcome: 'allow',
              basis: 'the importer may record payments (invoice.record_payment); each payment is decided on its own',
            },
          }),
        );
        return row;
      })) ?? (await statementByFile(ctx.db, entity.id, sha256));
  }
  const svc = { ...ctx, actor: isService(ctx.actor) ? ctx.actor : serviceActor('bank-import') };
  const pending = await linesOf(ctx.db, statement!.id, { status: 'pending' });
  if (pending.length) {
    const clients = await clientsOfEntity(ctx.db, entity.id);
    const items = await openItemsOf(ctx.db, entity.id, [...new Set(pending.map((p) => p.line.currency))]);
    for (const p of pending) await applyLine(svc, entity.code, p.line, clients, items);
  }
  return ok(await statementOutput(ctx, (await getStatement(ctx.db, statement!.id))!, replayed));
}

export const bankStatementsImport = defineTool({
  name: 'bank_statements_import',
  description:
    'Imports a bank statement file (ISO 20022 camt.053 XML, or a bank CSV export with a column mapping) for a legal entity: each credit line ' +
    'becomes a payment recorded by the bank-import service identity (its bank reference the idempotency key, so the same file twice records nothing ' +
    'twice), applied to the invoices it clearly pays (named in the remittance, or the one open amount that fits); the rest stays unapplied with ' +
    'candidate invoices and reasons for a person. Collectors and finance admins; never the agent.',
  input: statementFileSchema,
  output: importOutputSchema,
  risk: 'write',
  policyAction: 'invoice.record_payment',
  transaction: 'own',
  alsoAudits: ['bank_statement.import'],
  handler: importStatement,
});
