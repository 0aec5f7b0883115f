import { z } from 'zod';
import { getStatement, linesOf } from '../../db/stores/bank-statement-store.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { statementOutput, importOutputSchema } from './import-bank-statement.ts';
import { BANK_STATEMENT_READERS, bankLineView, bankLineViewSchema, LINE_STATUSES } from './statement-view.ts';

export const showStatementSchema = z.object({
  id: z.uuid().describe('The statement'),
  status: z
    .enum(LINE_STATUSES)
    .optional()
    .describe('Only lines in this status, e.g. unapplied: the cash a person still has to place'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

const showOutputSchema = importOutputSchema
  .omit({ replayed: true, lines: true })
  .extend({ lines: z.array(bankLineViewSchema), page: z.object({ limit: z.number(), offset: z.number() }) });
type ShowOutput = z.output<typeof showOutputSchema>;

export const bankStatementsShow = defineTool({
  name: 'bank_statements_show',
  description:
    'One imported bank statement: its summary (lines by status) and a page of its lines with what cash application did with each: ' +
    'the payment, the invoices applied or proposed, the candidate invoices and the reasons. Filter by status (unapplied, proposed, unidentified) to work what is left.',
  input: showStatementSchema,
  output: showOutputSchema,
  risk: 'read',
  policyAction: null,
  readers: BANK_STATEMENT_READERS,
  handler: async (
    ctx,
    input,
  ): Promise<Result<ShowOutput, { code: 'BANK_STATEMENT_NOT_FOUND'; message: string } | ScopeError>> => {
    const s = await getStatement(ctx.db, input.id);
    if (!s) return err({ code: 'BANK_STATEMENT_NOT_FOUND', message: `no bank statement ${input.id}` });
    if (!actorMayTouch(ctx.actor, s.legalEntityId)) return err(outOfScopeError(s.legalEntityId));
    const { replayed: _r, lines: _l, ...summary } = await statementOutput(ctx, s, false);
    const rows = await linesOf(ctx.db, s.id, {
      ...(input.status ? { status: input.status } : {}),
      limit: input.limit,
      offset: input.offset,
    });
    return ok({ ...summary, lines: rows.map(bankLineView), page: { limit: input.limit, offset: input.offset } });
  },
});
