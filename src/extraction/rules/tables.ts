import type { RuleContext } from './context.ts';

/** Rows of tables as the text layer emits them: one line per row, cells separated by tabs. */

export interface TableRow {
  cells: string[];
  start: number;
  end: number;
}

export interface Table {
  header: TableRow | null;
  rows: TableRow[];
  /** Up to two lines of text just before the table (captions such as "rates per person-day"). */
  caption: string;
  start: number;
  end: number;
}

const HAS_NUMBER = /\d/;

/** Groups consecutive tab-separated lines into tables; a first row without digits is the header. */
export function findTables(ctx: RuleContext): Table[] {
  const text = ctx.current;
  const tables: Table[] = [];
  let current: TableRow[] = [];
  let offset = 0;
  const flush = (): void => {
    if (current.length >= 2 || (current.length === 1 && HAS_NUMBER.test(current[0]?.cells.join(' ') ?? ''))) {
      const first = current[0] as TableRow;
      const header = HAS_NUMBER.test(first.cells.join(' ').replace(/\(\w{3}\)/g, '')) ? null : first;
      const start = first.start;
      const captionText = text.slice(Math.max(0, start - 240), start).split('\n').slice(-3).join(' ');
      tables.push({ header, rows: header ? current.slice(1) : current, caption: captionText, start, end: (current.at(-1) as TableRow).end });
    }
    current = [];
  };
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const cells = line.split('\t').map((c) => c.trim()).filter((c) => c !== '');
    if (line.includes('\t') && cells.length >= 2) {
      // A row without digits after data rows is the header of the next table.
      const prev = current.at(-1);
      if (prev && current.length >= 2 && HAS_NUMBER.test(prev.cells.join(' ')) && !HAS_NUMBER.test(cells.join(' '))) flush();
      current.push({ cells, start, end: start + line.length });
    } else flush();
  }
  flush();
  return tables;
}

/**
 * Aligns a row's cells to the header's columns from the right: when the text layer split a label
 * into several cells ("Solution", "Architect"), the extra cells are joined back into the first column.
 */
export function alignToHeader(row: TableRow, headerCells: number): string[] {
  if (headerCells <= 1 || row.cells.length <= headerCells) return row.cells;
  const extra = row.cells.length - headerCells;
  return [row.cells.slice(0, extra + 1).join(' '), ...row.cells.slice(extra + 1)];
}
