import type { Span } from '../text/sentences.ts';
import type { RuleContext } from './context.ts';

/**
 * Rows of tables as documents give them: one line per row, cells separated by tabs (the PDF and
 * DOCX text layer) or by pipes (markdown and plain-text tables, with or without outer pipes).
 */

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
/** A markdown delimiter row: `|---|:---:|`, `--- | ---`. */
const SEPARATOR = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$|^\s*\|\s*:?-+:?\s*\|\s*$/;

/**
 * A header cell may carry the date a column applies from or until: "Preis ab 1. Oktober 2028", "Rate from
 * 1 October 2028", "Tarif à compter du 01.10.2028". Such a date is no figure of a row.
 */
const DATED_HEADER =
  /(?<=\p{L}[^\t|]*\s)(?:ab|from|until|bis|as\s+of|effective|valid\s+from|gültig\s+ab|à\s+compter\s+du|dès\s+le|depuis\s+le|jusqu['’]au)(?:\s+(?:the|dem|le))?\s+(?:\d{1,2}\.?\s+\p{L}+\.?\s+\d{4}|\p{L}+\s+\d{1,2},?\s+\d{4}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2})/giu;

/** A grid-table border: `+------+------+`; `+======+` under the header marks it as one. */
const GRID_BORDER = /^\s*\+(?:[-=:]+\+)+\s*$/;

/** Markdown emphasis around a whole cell ("**Senior Consultant**") is formatting, not content. */
const plainCell = (cell: string): string =>
  cell
    .trim()
    .replace(/^(\*\*|__|\*|_|`)(.+)\1$/, '$2')
    .trim();

interface LineRow {
  cells: string[];
  kind: 'tab' | 'pipe' | 'space';
  /** The pipe row starts or ends with a pipe (a markdown table row rather than prose with a "|"). */
  outer: boolean;
}

/**
 * The cells of a line that is a table row, or null: pipe cells when the line starts or ends with a
 * pipe (a plain-text table in a PDF or DOCX also has tabs where its padding was), else two or more
 * tab cells, else pipe cells.
 */
function rowOf(line: string): LineRow | null {
  const t = line.trim();
  const outer = t.startsWith('|') || t.endsWith('|');
  if (line.includes('\t') && !outer) {
    const cells = line
      .split('\t')
      .map((c) => c.trim())
      .filter((c) => c !== '');
    if (cells.length >= 2) return { cells, kind: 'tab', outer: false };
  }
  if (!line.includes('|')) {
    // A plain-text table aligned with spaces: cells apart by two or more spaces (a run of three or more somewhere),
    // as a typewritten rate card or a fixed-width export has them. Grouping keeps only two or more such lines.
    if (!/\S {3,}\S/.test(t) || /^[-*•]\s|^\d+[.)]\s/.test(t)) return null;
    const cells = t
      .split(/\s{2,}/)
      .map(plainCell)
      .filter((c) => c !== '');
    return cells.length >= 2 && cells.length <= 8 ? { cells, kind: 'space', outer: false } : null;
  }
  const cells = t
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\||\t/)
    .map(plainCell)
    .filter((c) => c !== '');
  // Empty cells are dropped as the text layer drops them; rules align cells to the header from the right.
  return cells.length >= 2 || (outer && cells.length === 1) ? { cells, kind: 'pipe', outer } : null;
}

/**
 * Groups consecutive table rows into tables. A markdown delimiter row (or a grid table's `+===+`
 * border) marks the row above it as the header; otherwise a first row without digits is the header. A lone pipe line without outer pipes
 * ("Page 3 | Confidential") is prose, not a table.
 */
export function findTablesIn(text: string): Table[] {
  const tables: Table[] = [];
  let current: TableRow[] = [];
  let kind: LineRow['kind'] | null = null;
  let outer = false;
  let explicitHeader = false;
  let offset = 0;
  const flush = (): void => {
    const pipeProse =
      (kind === 'pipe' && !outer && !explicitHeader && current.length < 2) || (kind === 'space' && current.length < 2);
    if (
      !pipeProse &&
      (current.length >= 2 || (current.length === 1 && HAS_NUMBER.test(current[0]?.cells.join(' ') ?? '')))
    ) {
      const first = current[0] as TableRow;
      let header =
        explicitHeader ||
        !HAS_NUMBER.test(
          first.cells
            .join(' ')
            .replace(/\(\w{3}\)/g, '')
            .replace(DATED_HEADER, ''),
        )
          ? first
          : null;
      if (header && kind === 'tab') header = wrappedHeader(text, header, current.slice(1));
      const start = header?.start ?? first.start;
      const captionText = text
        .slice(Math.max(0, start - 240), start)
        .split('\n')
        .slice(-3)
        .join(' ');
      tables.push({
        header,
        rows: header ? current.slice(1) : current,
        caption: captionText,
        start,
        end: (current.at(-1) as TableRow).end,
      });
    }
    current = [];
    kind = null;
    outer = false;
    explicitHeader = false;
  };
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    const start = offset;
    offset += line.length + 1;
    if (kind === 'tab' && continuesRow(current, line, lines[i + 1] ?? '')) {
      const prev = current.at(-1) as TableRow;
      const tabbed = line.includes('\t');
      const parts = line
        .split('\t')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      const cells = tabbed
        ? [...prev.cells, ...parts]
        : [...prev.cells.slice(0, -1), joinWrapped(prev.cells.at(-1) ?? '', line.trim(), current.length === 1)];
      current[current.length - 1] = { cells, start: prev.start, end: start + line.length };
      continue;
    }
    if (GRID_BORDER.test(line) && !line.includes('=')) {
      if (kind === 'tab') flush();
      outer = true;
      continue;
    }
    if ((line.includes('|') && SEPARATOR.test(line)) || GRID_BORDER.test(line)) {
      if (kind !== 'pipe') flush();
      // The row above the delimiter is a header; rows before it belong to an earlier table.
      const header = current.at(-1);
      if (header && !(explicitHeader && current.length === 1)) {
        current.pop();
        flush();
        current = [header];
        kind = 'pipe';
        explicitHeader = true;
      }
      outer = true;
      continue;
    }
    const row = rowOf(line);
    if (!row) {
      flush();
      continue;
    }
    if (kind !== null && row.kind !== kind) flush();
    // A row without digits after data rows is the header of the next table (a markdown table says so by its delimiter row).
    const prev = current.at(-1);
    if (
      prev &&
      !explicitHeader &&
      current.length >= 2 &&
      HAS_NUMBER.test(prev.cells.join(' ')) &&
      !HAS_NUMBER.test(row.cells.join(' '))
    )
      flush();
    kind = row.kind;
    outer ||= row.outer;
    current.push({ cells: row.cells, start, end: start + line.length });
  }
  flush();
  return tables;
}

/**
 * A header the PDF text layer wrapped over lines: its first cells on a line of their own, a long word broken in
 * a narrow column ("Tranche⇥Pourcentag" / "e" / "Montant HT (FCFA)⇥Échéance"). The lines are joined back into
 * one header when together they give as many cells as every row has; otherwise the header stays as found.
 */
function wrappedHeader(text: string, header: TableRow, rows: TableRow[]): TableRow {
  const width = rows[0]?.cells.length ?? 0;
  if (width <= header.cells.length || rows.some((r) => r.cells.length !== width)) return header;
  const before = text
    .slice(Math.max(0, header.start - 200), header.start)
    .split('\n')
    .slice(0, -1);
  const fragment = before.at(-1)?.trim() ?? '';
  const line = before.at(-2) ?? '';
  if (!/^\p{Ll}[\p{L}.)-]{0,14}$/u.test(fragment) || !line.includes('\t') || HAS_NUMBER.test(line)) return header;
  const cells = line
    .split('\t')
    .map((c) => c.trim())
    .filter((c) => c !== '');
  const last = cells.pop() ?? '';
  const joined = [...cells, /\p{L}$/u.test(last) ? `${last}${fragment}` : `${last} ${fragment}`, ...header.cells];
  if (joined.length !== width) return header;
  const start = header.start - (before.at(-1)?.length ?? 0) - line.length - 2;
  return { cells: joined, start: Math.max(0, start), end: header.end };
}

/**
 * A cell's wrapped remainder joined back: without a space inside a broken number ("14,580,000.0" / "0") or a header
 * word broken in a narrow column ("Par" / "t"), else with one ("September 29," / "2028").
 */
function joinWrapped(cell: string, rest: string, header: boolean): string {
  const inWord = header && /\p{L}$/u.test(cell) && /^\p{Ll}/u.test(rest);
  return inWord || (/\d$/.test(cell) && /^\d/.test(rest)) ? `${cell}${rest}` : `${cell} ${rest}`;
}

/**
 * Whether a line of a PDF's tab table continues the row above it, as a narrow column wraps a cell: the row above
 * has fewer cells than the table's first row, and the line is either a short fragment without tabs ("2028",
 * "(BSD)") that more of the table follows, or the row's remaining cells ("30⇥72,000.00"). The header's own last
 * cell may wrap the same way ("Amount" / "(BSD)").
 */
function continuesRow(current: TableRow[], line: string, next: string): boolean {
  const prev = current.at(-1);
  const width = current[0]?.cells.length ?? 0;
  if (!prev || line.trim() === '' || width < 3) return false;
  const t = line.trim();
  if (!line.includes('\t')) {
    if (t.length > 30 || !next.includes('\t')) return false;
    // The first row wraps only its last cell's words ("(BSD)"); a data row wraps while it is short of cells.
    if (current.length === 1) return /^\(?[\p{L}$€£]{1,8}\)?$/u.test(t) && !HAS_NUMBER.test(t);
    // …and only where the line after it completes the row ("September 29," / "2028" / "30⇥72,000.00").
    const rest = next.split('\t').filter((c) => c.trim() !== '').length;
    return prev.cells.length < width && prev.cells.length + rest === width && /^[\p{L}\d(][\p{L}\d.,)%' -]*$/u.test(t);
  }
  const parts = line.split('\t').filter((c) => c.trim() !== '');
  return current.length > 1 && prev.cells.length < width && prev.cells.length + parts.length === width && next !== line;
}

/** The tables of a document's current text. */
export function findTables(ctx: RuleContext): Table[] {
  return findTablesIn(ctx.current);
}

/** The spans of every table row (header included), each a line of its own. */
export function tableRowSpans(tables: readonly Table[]): Span[] {
  return tables.flatMap((t) =>
    [...(t.header ? [t.header] : []), ...t.rows].map((r) => ({ start: r.start, end: r.end })),
  );
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
