import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { isKnownCurrency } from '../../shared/currency.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { isoDateOf, minorOf, normalizeAmount } from './amounts.ts';
import type { CsvMapping } from './csv-mapping.ts';
import { MAX_STATEMENT_LINES, type ParsedStatement, type StatementLine, type StatementReadError } from './statement.ts';

export { csvMappingSchema, type CsvMapping } from './csv-mapping.ts';

/**
 * Reads a bank CSV export into statement lines under a column mapping. Every row is checked
 * before any is returned: a missing column, an amount that is not one (or has more decimals than
 * its currency), a date not in the mapping's format is refused naming the row. Zero amounts are
 * skipped (balance rows); a positive amount is money in, a negative one money out.
 */
export function parseBankCsv(textIn: string, mapping: CsvMapping): Result<ParsedStatement, StatementReadError> {
  const refuse = (code: StatementReadError['code'], message: string, at?: number) =>
    err({ code, message, ...(at ? { at } : {}) });
  let rows: string[][];
  try {
    rows = parse(textIn.replace(/^\uFEFF/, ''), {
      delimiter: mapping.delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      from_line: mapping.skipRows + 1,
      trim: true,
    }) as string[][];
  } catch (e) {
    return refuse('BANK_STATEMENT_UNREADABLE', `not a readable CSV: ${(e as Error).message.slice(0, 200)}`);
  }
  const [head, ...body] = rows;
  if (!head) return refuse('BANK_STATEMENT_UNREADABLE', 'the file is empty');
  if (body.length > MAX_STATEMENT_LINES)
    return refuse(
      'BANK_STATEMENT_UNREADABLE',
      `more than ${MAX_STATEMENT_LINES} lines in one statement; split the file`,
    );
  const norm = (s: string) => s.trim().toLowerCase();
  const index = new Map(head.map((h, i) => [norm(h), i]));
  const c = mapping.columns;
  const wanted = [
    c.bookedOn,
    c.valueOn,
    c.amount,
    c.credit,
    c.debit,
    c.currency,
    c.reference,
    c.counterparty,
    c.account,
    c.remittance,
    ...c.remittanceMore,
  ].filter((x): x is string => x !== undefined);
  const missing = wanted.filter((w) => !index.has(norm(w)));
  if (missing.length)
    return refuse(
      'BANK_CSV_MAPPING_INVALID',
      `the header row has no column ${missing.map((m) => `"${m}"`).join(', ')} (it has ${head.map((h) => `"${h}"`).join(', ')})`,
    );
  if (!c.amount && !c.credit && !c.debit)
    return refuse(
      'BANK_CSV_MAPPING_INVALID',
      'the mapping names no amount column: give amount, or credit and/or debit',
    );
  if (!c.currency && !mapping.currency)
    return refuse('BANK_CSV_MAPPING_INVALID', 'the mapping names no currency column and no currency for the file');
  const cell = (row: string[], col: string | undefined) =>
    col === undefined ? '' : (row[index.get(norm(col))!] ?? '').trim();

  const lines: StatementLine[] = [];
  const seen = new Map<string, number>();
  for (let r = 0; r < body.length; r++) {
    const row = body[r]!;
    const at = r + 2 + mapping.skipRows;
    const currency = (cell(row, c.currency) || mapping.currency || '').toUpperCase();
    if (!isKnownCurrency(currency))
      return refuse('BANK_STATEMENT_UNREADABLE', `row ${at}: "${currency}" is not a currency this system knows`, at);
    const amountOf = (col: string | undefined): bigint | null | undefined => {
      const raw = cell(row, col);
      return raw === '' ? undefined : minorOf(normalizeAmount(raw, mapping.decimalSeparator), currency);
    };
    const [signed, credit, debit] = [amountOf(c.amount), amountOf(c.credit), amountOf(c.debit)];
    if (signed === null || credit === null || debit === null) {
      return refuse(
        'BANK_STATEMENT_UNREADABLE',
        `row ${at}: an amount is not a decimal in ${currency} with at most its decimals`,
        at,
      );
    }
    const net =
      (signed ?? 0n) +
      (credit !== undefined ? (credit < 0n ? -credit : credit) : 0n) -
      (debit !== undefined ? (debit < 0n ? -debit : debit) : 0n);
    if (net === 0n) continue;
    const bookedOn = isoDateOf(cell(row, c.bookedOn), mapping.dateFormat);
    if (!bookedOn)
      return refuse(
        'BANK_STATEMENT_UNREADABLE',
        `row ${at}: "${cell(row, c.bookedOn)}" is not a date in the format ${mapping.dateFormat}`,
        at,
      );
    const valueRaw = cell(row, c.valueOn);
    const valueOn = valueRaw ? isoDateOf(valueRaw, mapping.dateFormat) : null;
    const remittance =
      [c.remittance, ...c.remittanceMore]
        .map((col) => cell(row, col))
        .filter(Boolean)
        .join(' | ')
        .slice(0, 2000) || null;
    const account = cell(row, c.account).replace(/\s+/g, '').toUpperCase() || null;
    const name = cell(row, c.counterparty) || null;
    const direction = net > 0n ? 'credit' : 'debit';
    const amountMinor = net > 0n ? net : -net;
    const reference =
      cell(row, c.reference) ||
      `H-${createHash('sha256').update([bookedOn, direction, amountMinor, currency, account, name, remittance].join('|')).digest('hex').slice(0, 32)}`;
    const n = (seen.get(reference) ?? 0) + 1;
    seen.set(reference, n);
    lines.push({
      lineNo: lines.length + 1,
      bankReference: n > 1 ? `${reference}#${n}` : reference,
      direction,
      amountMinor,
      currency,
      bookedOn,
      valueOn,
      counterpartyName: name,
      counterpartyAccount: account,
      remittance,
    });
  }
  return ok({ format: 'csv', statementId: null, account: null, lines });
}
