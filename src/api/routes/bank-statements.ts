import { z } from 'zod';
import { bankStatementsImport } from '../../tools/bank-statements/import-bank-statement.ts';
import { decodeStatementBytes, MAX_BANK_FILE_BYTES } from '../../tools/bank-statements/read-statement.ts';
import { bankStatementsShow } from '../../tools/bank-statements/show-bank-statement.ts';
import { callTool } from '../../tools/call-tool.ts';
import { rolesFor } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { sendToolResult, toolCaller, toolRoute } from '../tool-route.ts';

/** Room for the multipart envelope and the text fields around the file. */
const MULTIPART_SLACK = 64 * 1024;

const uploadFieldsSchema = z.object({
  legalEntity: z.string().optional().describe('Code of the legal entity whose account the statement is of'),
  format: z.string().optional().describe('auto (default), camt053 or csv'),
  mapping: z
    .string()
    .optional()
    .describe(
      'For a CSV: the column mapping as JSON (docs/bank-statements.md), e.g. {"delimiter":";","decimalSeparator":",",...}',
    ),
});

/** Bank statements: import a file (camt.053 or CSV) and read what cash application did with it. */
export function bankStatementRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/bank-statements',
      operationId: 'importBankStatement',
      tool: bankStatementsImport,
      tag: 'Payments',
      summary: 'Import a bank statement (camt.053 or CSV)',
      description:
        'multipart/form-data with a "file" part (ISO 20022 camt.053 XML, or a CSV export with a "mapping"), and "legalEntity". Each credit line becomes a payment ' +
        'recorded by the bank-import service identity, idempotent by its bank reference; cash application applies what a line clearly pays and leaves the rest ' +
        'unapplied with candidate invoices and reasons. 201 with the statement; the same file again is 200 with replayed: true and records nothing. ' +
        `A file over ${MAX_BANK_FILE_BYTES} bytes is 413 BANK_STATEMENT_TOO_LARGE; one that cannot be read is 422 BANK_STATEMENT_UNREADABLE naming the row or entry.`,
      roles: rolesFor('invoice.record_payment'),
      multipart: {
        fields: uploadFieldsSchema,
        file: { name: 'file', description: 'The statement file' },
        maxBytes: MAX_BANK_FILE_BYTES + MULTIPART_SLACK,
        tooLarge: {
          code: 'BANK_STATEMENT_TOO_LARGE',
          message: `The upload exceeds the limit of ${MAX_BANK_FILE_BYTES} bytes.`,
          details: { maxBytes: MAX_BANK_FILE_BYTES },
        },
      },
      errors: [404, 409, 413, 415, 422],
      responses: {
        201: { description: 'Imported', schema: bankStatementsImport.output },
        200: { description: 'This file was imported before (replayed: true)', schema: bankStatementsImport.output },
      },
      handler: async (c, { upload }) => {
        if (upload.file.size > MAX_BANK_FILE_BYTES) {
          return sendError(
            c,
            'BANK_STATEMENT_TOO_LARGE',
            `The file exceeds the limit of ${MAX_BANK_FILE_BYTES} bytes.`,
            { maxBytes: MAX_BANK_FILE_BYTES },
          );
        }
        let csv: unknown;
        try {
          csv = upload.fields.mapping ? JSON.parse(upload.fields.mapping) : undefined;
        } catch {
          return sendError(c, 'VALIDATION_FAILED', 'The request is not valid', {
            issues: [{ path: 'mapping', message: 'not JSON' }],
          });
        }
        const r = await callTool(toolCaller(c, deps), bankStatementsImport, {
          legalEntity: upload.fields.legalEntity ?? '',
          format: (upload.fields.format ?? 'auto') as never,
          fileName: upload.file.name || undefined,
          content: decodeStatementBytes(new Uint8Array(await upload.file.arrayBuffer())),
          csv: csv as never,
        });
        return sendToolResult(c, r, r.ok && !r.value.replayed ? 201 : 200);
      },
    }),
    toolRoute(deps, bankStatementsShow, {
      method: 'get',
      path: '/bank-statements/:id',
      operationId: 'getBankStatement',
      tag: 'Payments',
      summary: 'A bank statement and what became of each line',
      description:
        'The summary (lines by status) and a page of lines; ?status=unapplied lists the cash a person still has to place, with candidate invoices and reasons.',
      errors: [404],
      pathFields: { id: 'id' },
      responseDescription: 'The statement',
    }),
  ];
}
