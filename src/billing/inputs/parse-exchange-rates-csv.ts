import { parse } from 'csv-parse/sync';
import { exchangeRatesImportSchema, type ExchangeRateInput } from './contract-bundle.ts';
import type { RowError } from './parse-time-entries-csv.ts';

/** The CSV columns of `import exchange-rates`; docs/cli.md documents them. */
export const EXCHANGE_RATE_COLUMNS = ['base', 'quote', 'rate', 'date', 'source'] as const;
const REQUIRED = ['base', 'quote', 'rate', 'date'] as const;

/**
 * Parses and validates an exchange-rate CSV (base, quote, rate, date[, source]): quote units per
 * one base unit on that date. Returns every row or every error with its line number (line 1 is the
 * header); nothing is half-accepted.
 * @example 'base,quote,rate,date\nEUR,USD,1.0920,2026-10-14' → [{ base: 'EUR', quote: 'USD', rate: '1.0920', rateDate: '2026-10-14', source: 'import' }]
 */
export function parseExchangeRatesCsv(text: string): {
  rows: { line: number; rate: ExchangeRateInput }[];
  errors: RowError[];
} {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      info: true,
      bom: true,
    });
  } catch (e) {
    return {
      rows: [],
      errors: [{ line: (e as { lines?: number }).lines ?? 1, message: `Not readable as CSV: ${(e as Error).message}` }],
    };
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, message: 'The file has no data rows' }] };
  const header = Object.keys(records[0]!.record);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) return { rows: [], errors: [{ line: 1, message: `Missing column(s): ${missing.join(', ')}` }] };
  const unknown = header.filter((c) => !(EXCHANGE_RATE_COLUMNS as readonly string[]).includes(c));
  if (unknown.length)
    return {
      rows: [],
      errors: [
        { line: 1, message: `Unknown column(s): ${unknown.join(', ')}; expected ${EXCHANGE_RATE_COLUMNS.join(', ')}` },
      ],
    };
  const given = records.map(({ record }) => ({
    base: (record.base ?? '').toUpperCase(),
    quote: (record.quote ?? '').toUpperCase(),
    rate: record.rate,
    rateDate: record.date,
    ...(record.source ? { source: record.source } : {}),
  }));
  const parsed = exchangeRatesImportSchema.safeParse(given);
  if (parsed.success)
    return { rows: parsed.data.map((rate, i) => ({ line: records[i]!.info.lines, rate })), errors: [] };
  const byLine = new Map<number, string[]>();
  for (const issue of parsed.error.issues) {
    const [index, ...field] = issue.path;
    const line = typeof index === 'number' ? records[index]!.info.lines : 1;
    const column = field.join('.') === 'rateDate' ? 'date' : field.join('.');
    byLine.set(line, [...(byLine.get(line) ?? []), `${column || 'file'}: ${issue.message}`]);
  }
  return {
    rows: [],
    errors: [...byLine].sort(([a], [b]) => a - b).map(([line, messages]) => ({ line, message: messages.join('; ') })),
  };
}
