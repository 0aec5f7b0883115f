import { z } from 'zod';
import { csvMappingSchema } from '../../extraction/bank/csv-mapping.ts';
import type { ParsedStatement, StatementReadError } from '../../extraction/bank/statement.ts';
import type { Result } from '../../shared/result.ts';

/** The largest statement file read: a busy account's month of camt.053 is well under it. */
export const MAX_BANK_FILE_BYTES = 5 * 1024 * 1024;

export const statementFileSchema = z.object({
  legalEntity: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .describe('The legal entity whose bank account the statement is of (code)'),
  format: z
    .enum(['auto', 'camt053', 'csv'])
    .default('auto')
    .describe('auto: XML is read as camt.053, anything else as CSV'),
  fileName: z.string().trim().max(255).optional().describe('The file name, kept with the statement'),
  content: z
    .string()
    .min(1)
    .max(MAX_BANK_FILE_BYTES, `at most ${MAX_BANK_FILE_BYTES} characters`)
    .describe('The file as text (UTF-8)'),
  csv: csvMappingSchema
    .optional()
    .describe('The column mapping of a CSV file; absent: the default mapping (docs/bank-statements.md)'),
});
export type StatementFile = z.output<typeof statementFileSchema>;

/**
 * The file read as a statement in its format (auto: XML is camt.053), or why it cannot be. The parsers
 * (and fast-xml-parser, csv-parse) are loaded on the first file read, not with the app.
 */
export async function readStatement(
  file: Pick<StatementFile, 'format' | 'content' | 'csv'>,
): Promise<Result<ParsedStatement, StatementReadError>> {
  const xml =
    file.format === 'camt053' || (file.format === 'auto' && /^\s*(<\?xml|<)/.test(file.content.replace(/^\uFEFF/, '')));
  if (xml) return (await import('../../extraction/bank/camt053.ts')).parseCamt053(file.content.replace(/^\uFEFF/, ''));
  const { parseBankCsv } = await import('../../extraction/bank/bank-csv.ts');
  return parseBankCsv(file.content, file.csv ?? csvMappingSchema.parse({}));
}

/**
 * A statement file's bytes as text: UTF-8 (camt.053 always is), else Windows-1252, which many
 * banks' CSV exports still use; a byte-order mark is dropped.
 */
export function decodeStatementBytes(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
