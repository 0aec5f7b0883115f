/**
 * Table cells that wrap in a PDF. pdf.js hands a page's text items over in drawing order, and most
 * writers draw a table cell by cell: a cell whose text wraps puts its second line before the next
 * cell's first, so the row "Warranty close | End of the warranty period | 10% | 30 November 2027"
 * comes out as "Warranty", "close", "End of the warranty period 10% 30 November", "2027". A reader of
 * lines then sees a row with the wrong first cell and two stray lines, and a milestone or rate table
 * with wrapped cells is lost. This rejoins such lines by position, before the text is assembled.
 *
 * A line is a continuation of the table row above it when
 * - the row has at least two cells (text items apart by more than a word space),
 * - the line lies within one line height below the row (or below a continuation of it): a new row
 *   sits lower, by the cells' padding and rule,
 * - every piece of the line lines up with one of the row's cells (left, right or centred) and ends
 *   before the next cell starts,
 * - it fills fewer cells than the row, and
 * - the row with its continued lines stands apart from the lines above and below by more than its
 *   own line step (cell padding, a rule): evenly spaced lines, such as a plain-text table in a
 *   monospaced font or side-by-side signature columns, stay as they are.
 * Each piece is appended to the cell it starts under; everything else keeps pdf.js's order.
 */

/** A pdf.js text item, as far as this needs it (`transform[4]`, `transform[5]` = x, y; y grows upwards). */
export interface PdfTextItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
  hasEOL?: boolean;
}

interface Placed {
  index: number;
  item: PdfTextItem;
  x: number;
  y: number;
  end: number;
  size: number;
}

/** Same baseline: pdf.js reports a line's items at the same y, to rounding. */
const SAME_LINE = 1;
/** A cell starts where the row's cell starts, to rounding and a font's side bearing. */
const SAME_START = 1.5;
/** Farther apart than this many font sizes, two items on a line are separate cells. */
const CELL_GAP = 0.7;
/** Within this many font sizes below the line above, a line is the same cell's next line. */
const NEXT_LINE = 1.4;
/** A table row stands apart from its neighbours by at least this many font sizes more than its line step. */
const ROW_PADDING = 0.2;
/** A line ending within this many font sizes of the next cell filled its column (cell padding and one letter). */
const FILLED = 1.5;

/** An item with text to read (pdf.js also sends blank gap items and line-break markers). */
const visible = (item: PdfTextItem): boolean => (item.str ?? '').trim() !== '';
const y = (item: PdfTextItem): number => item.transform?.[5] ?? 0;

const place = (item: PdfTextItem, index: number): Placed | null => {
  const t = item.transform;
  if (!visible(item) || !t || t.length < 6) return null;
  const x = t[4] ?? 0;
  const size = item.height && item.height > 0 ? item.height : Math.abs(t[3] ?? 0) || 10;
  return { index, item, x, y: y(item), end: x + (item.width ?? 0), size };
};

/** The page's text items grouped by baseline, top to bottom, each line left to right. */
function linesOf(placed: Placed[]): Placed[][] {
  const lines: Placed[][] = [];
  for (const p of [...placed].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0]!.y - p.y) <= SAME_LINE) line.push(p);
    else lines.push([p]);
  }
  for (const line of lines) line.sort((a, b) => a.x - b.x);
  return lines;
}

/** A line's cells: runs of items with no more than a word space between them. */
function cellsOf(line: Placed[]): Placed[][] {
  const cells: Placed[][] = [];
  for (const p of line) {
    const cell = cells[cells.length - 1];
    const last = cell?.[cell.length - 1];
    if (cell && last && p.x - last.end <= CELL_GAP * Math.max(p.size, last.size)) cell.push(p);
    else cells.push([p]);
  }
  return cells;
}

/** An amount as written in one token (currency sign, groups, two or three decimals), or a bare count. */
const WHOLE_NUMBER = /^[^\d\s]{0,3}(?:\d{1,3}(?:[,.'’]\d{3})+|\d+)(?:[.,]\d{2,3})?$/;
/** A numeric date in one token (2027-04-30, 30.04.2027, 04/30/2027). */
const WHOLE_DATE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$/;
const whole = (token: string) => WHOLE_NUMBER.test(token) || WHOLE_DATE.test(token);

/**
 * Whether a cell's line broke inside a number or date: the next line starts with its decimals
 * ("$54,000" ".00"), or only the closed-up token is a whole amount or date ("14,580,000.0" "0",
 * "2027-0" "4-30"), or a line that filled its column ended inside one ("$189,00" "0.00"). Numbers
 * broken at a space ("10" "000", "29," "2028") stay apart.
 */
function brokenNumber(head: string, next: string, filled: boolean): boolean {
  const tail = head.split(/\s/).pop() ?? '';
  const lead = next.split(/\s/)[0] ?? '';
  if (/\d$/.test(tail) && /^[.,]\d/.test(lead)) return true;
  if (!/[\d.,/-]$/.test(tail) || !/^\d/.test(lead)) return false;
  const token = tail + lead;
  if (!whole(token)) return false;
  return !whole(tail) || (filled && /\d$/.test(tail) && /[.,'’/-]/.test(tail));
}

/** Whether a wrapped line's piece lines up with a row's cell: left, right or centred. */
function alignedWith(cell: Placed[], piece: Placed[]): boolean {
  const [x0, x1] = [cell[0]!.x, cell[cell.length - 1]!.end];
  const [p0, p1] = [piece[0]!.x, piece[piece.length - 1]!.end];
  return (
    Math.abs(x0 - p0) <= SAME_START || Math.abs(x1 - p1) <= SAME_START || Math.abs(x0 + x1 - p0 - p1) <= 2 * SAME_START
  );
}

/**
 * Joins a cell's next line to it. A line that broke inside a token closes up: a number or date
 * (above), a word broken at its hyphen or slash ("Go-" "live", "S/" "N"), and a word too long for a
 * narrow column, which the writer broke where the column ended ("Pourcenta" "ge"); anything else
 * was broken at a space.
 */
function joinWrapped(head: string, next: string, filled: boolean): string {
  if (brokenNumber(head, next, filled)) return `${head}${next}`;
  if (/\p{L}[-/]$/u.test(head) && /^\p{L}/u.test(next)) return `${head}${next}`;
  if (filled && /\p{L}$/u.test(head) && /^\p{Ll}/u.test(next)) return `${head}${next}`;
  return `${head} ${next}`;
}

/**
 * Returns the items with each wrapped table cell's later lines appended to the cell's first item,
 * and those lines' items (with their line-break markers) removed. Items not in a wrapped row are
 * returned unchanged and in order; a page without wrapped cells comes back as it was.
 */
export function rejoinWrappedCells<T extends PdfTextItem>(items: T[]): T[] {
  const placed = items.map(place).filter((p): p is Placed => p !== null);
  const lines = linesOf(placed);
  // The right edge of the page's text: where the last column of a full-width table ends.
  const right = placed.reduce((max, p) => Math.max(max, p.end), 0);
  const drop = new Set<number>();
  const rewritten = new Map<number, string>();
  for (let i = 0; i < lines.length; i++) {
    const row = cellsOf(lines[i]!);
    if (row.length < 2) continue;
    const wrapped = wrappedLines(lines, i, row);
    if (wrapped.length === 0 || !setApart(lines, i, i + wrapped.length)) continue;
    // Where each cell's last line ended, to tell a line that filled its column.
    const ends = row.map((cell) => cell[cell.length - 1]!.end);
    for (const { pieces, owners } of wrapped) {
      pieces.forEach((piece, k) => {
        const owner = owners[k]!;
        const head = row[owner]![0]!;
        const next = row[owner + 1]?.[0];
        const filled = ends[owner]! >= (next?.x ?? right) - FILLED * head.size;
        const text = piece
          .map((p) => p.item.str ?? '')
          .join(' ')
          .trim();
        const before = rewritten.get(head.index) ?? (head.item.str ?? '').trimEnd();
        rewritten.set(head.index, joinWrapped(before, text, filled));
        ends[owner] = piece[piece.length - 1]!.end;
        for (const p of piece) drop.add(p.index);
      });
    }
    i += wrapped.length;
  }
  if (drop.size === 0) return items;
  return withoutDropped(items, drop, rewritten);
}

/** The lines after row `i` that continue its cells: each within a line height, under its cells, filling fewer. */
function wrappedLines(lines: Placed[][], i: number, row: Placed[][]): { pieces: Placed[][]; owners: number[] }[] {
  const out: { pieces: Placed[][]; owners: number[] }[] = [];
  for (let j = i + 1; j < lines.length; j++) {
    const above = lines[j - 1]!;
    const line = lines[j]!;
    const size = Math.max(...line.map((p) => p.size), ...above.map((p) => p.size));
    if (above[0]!.y - line[0]!.y > NEXT_LINE * size) break;
    const pieces = cellsOf(line);
    if (pieces.length >= row.length) break;
    // A piece belongs to the cell it lines up with: the same start (left-aligned), the same end (right-aligned) or the
    // same centre.
    const owners = pieces.map((piece) => row.findIndex((cell) => alignedWith(cell, piece)));
    if (owners.some((o) => o < 0) || new Set(owners).size !== owners.length) break;
    // A wrapped line stays inside its column: text running on under the next cell is not a cell's.
    const inside = pieces.every((piece, k) => {
      const next = row[owners[k]! + 1];
      return !next || piece[piece.length - 1]!.end <= next[0]!.x + SAME_START;
    });
    if (!inside) break;
    out.push({ pieces, owners });
  }
  return out;
}

/**
 * Whether lines `first` to `last` stand apart from the lines around them by more than their own line
 * step: a padded or ruled table row does; evenly spaced lines (a plain-text table, a code block,
 * side-by-side signature columns) do not, and are left as they are.
 */
function setApart(lines: Placed[][], first: number, last: number): boolean {
  const y = (k: number) => lines[k]![0]!.y;
  const step = y(first) - y(first + 1);
  const size = Math.max(...lines[first]!.map((p) => p.size));
  const apart = step + ROW_PADDING * size;
  const above = first > 0 ? y(first - 1) - y(first) : Number.POSITIVE_INFINITY;
  const below = last + 1 < lines.length ? y(last) - y(last + 1) : Number.POSITIVE_INFINITY;
  return above > apart && below > apart;
}

/**
 * Removes the dropped items, the line-break markers that led to them, and the markers that now stand
 * between two items of one line (pdf.js put them there because a wrapped line came in between).
 */
function withoutDropped<T extends PdfTextItem>(items: T[], drop: Set<number>, rewritten: Map<number, string>): T[] {
  // Baselines (rounded) of the dropped lines and of the lines that keep visible text.
  const droppedLines = new Set([...drop].map((i) => Math.round(y(items[i]!))));
  const keptLines = new Set<number>();
  items.forEach((item, i) => {
    if (!drop.has(i) && visible(item)) keptLines.add(Math.round(y(item)));
  });
  const near = (lines: Set<number>, item: PdfTextItem) => {
    const r = Math.round(y(item));
    return lines.has(r) || lines.has(r - 1) || lines.has(r + 1);
  };
  const out: T[] = [];
  let lastText: T | null = null;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (drop.has(i)) continue;
    const blank = !visible(item);
    if (blank && item.hasEOL === true) {
      const next = nextVisible(items, i + 1);
      if (next !== null) {
        // A marker before a dropped line goes with it; one between two pieces of one line is stale.
        if (drop.has(next)) continue;
        if (lastText && Math.abs(y(lastText) - y(items[next]!)) <= SAME_LINE) continue;
      }
    } else if (blank && near(droppedLines, item) && !near(keptLines, item)) {
      continue;
    }
    const text = rewritten.get(i);
    const kept = text === undefined ? item : ({ ...item, str: text } as T);
    out.push(kept);
    if (!blank) lastText = kept;
  }
  return out;
}

/** The index of the next item with visible text, dropped or not. */
function nextVisible(items: PdfTextItem[], from: number): number | null {
  for (let i = from; i < items.length; i++) if (visible(items[i]!)) return i;
  return null;
}
