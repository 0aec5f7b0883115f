import { parse } from 'csv-parse/sync';
import { checkDecimal } from '../../shared/bounds.ts';
import { isIsoDate } from '../../shared/dates.ts';
import { timeEntryInputSchema, type TimeEntryInput } from './contract-bundle.ts';
import { spreadOverDays } from './week-entries.ts';

/** The CSV columns of `import time-entries`; the README documents them. */
export const TIME_ENTRY_COLUMNS = [
  'external_id',
  'person',
  'project',
  'role',
  'date',
  'hours',
  'billable',
  'description',
  'status',
  'approved_by',
  'rate',
  'date_to',
] as const;
const REQUIRED = ['person', 'project', 'date', 'hours'] as const;

export interface RowError {
  line: number;
  message: string;
  /** A typed code where the problem has one (DAILY_HOURS_EXCEEDED), with what it names. */
  code?: string;
  details?: Record<string, string>;
}

export interface ParsedRow {
  line: number;
  entry: TimeEntryInput;
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/**
 * Parses and validates a time-entry CSV. Returns every row or every error with its line number
 * (line 1 is the header); nothing is half-accepted. A row with `date_to` carries the total of a
 * range (a week) and becomes one entry per working day (week-entries.ts), each with the row's line.
 */
export function parseTimeEntriesCsv(text: string): { rows: ParsedRow[]; errors: RowError[] } {
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
    const line = (e as { lines?: number }).lines;
    return { rows: [], errors: [{ line: line ?? 1, message: `Not readable as CSV: ${(e as Error).message}` }] };
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, message: 'The file has no data rows' }] };
  const header = Object.keys(records[0]!.record);
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) return { rows: [], errors: [{ line: 1, message: `Missing column(s): ${missing.join(', ')}` }] };
  const unknown = header.filter((c) => !(TIME_ENTRY_COLUMNS as readonly string[]).includes(c));
  if (unknown.length)
    return {
      rows: [],
      errors: [
        { line: 1, message: `Unknown column(s): ${unknown.join(', ')}; expected ${TIME_ENTRY_COLUMNS.join(', ')}` },
      ],
    };

  const rows: ParsedRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const billable = (record.billable ?? '').toLowerCase();
    if (billable && !TRUE.has(billable) && !FALSE.has(billable)) {
      errors.push({ line, message: `billable must be true or false, got "${record.billable}"` });
      continue;
    }
    const dateTo = record.date_to || null;
    if (dateTo !== null) {
      const bad = !isIsoDate(dateTo)
        ? 'date_to: a calendar date YYYY-MM-DD'
        : checkDecimal(record.hours ?? '', 'periodHours') &&
          `hours: ${checkDecimal(record.hours ?? '', 'periodHours')}`;
      if (bad) {
        errors.push({ line, message: bad });
        continue;
      }
    }
    const parsed = timeEntryInputSchema.safeParse({
      externalId: record.external_id || null,
      person: record.person,
      project: record.project,
      role: record.role || null,
      date: record.date,
      // A range's total is checked above and spread below; each day's share is checked as an entry.
      hours: dateTo !== null ? '1' : record.hours,
      billable: billable ? TRUE.has(billable) : true,
      description: record.description ?? '',
      status: record.status || 'submitted',
      approvedBy: record.approved_by || null,
      rate: record.rate || null,
    });
    if (!parsed.success) {
      errors.push({
        line,
        message: parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; '),
      });
      continue;
    }
    const ext = parsed.data.externalId;
    if (ext) {
      const first = seen.get(ext);
      if (first) {
        errors.push({ line, message: `external_id "${ext}" repeats line ${first}` });
        continue;
      }
      seen.set(ext, line);
    }
    if (dateTo === null) {
      rows.push({ line, entry: parsed.data });
      continue;
    }
    const spread = spreadOverDays({ ...parsed.data, hours: record.hours! }, dateTo);
    if ('error' in spread) errors.push({ line, message: spread.error });
    else for (const entry of spread.entries) rows.push({ line, entry });
  }
  return { rows, errors };
}
