import { isIsoDate } from '../../shared/dates.ts';

/** Finding and parsing dates in US, European, ISO and written forms. */

export const MONTHS: Record<string, number> = {
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const MONTH =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const ORD = '(?:st|nd|rd|th)?';

/** Day-month order for ambiguous numeric dates such as 03/04/2026. */
export type DateOrder = 'mdy' | 'dmy';

export interface FoundDate {
  iso: string;
  start: number;
  end: number;
}

/** Regex source matching any supported date form (for use inside larger patterns). */
export const DATE = [
  `\\d{4}-\\d{2}-\\d{2}`,
  // Year first with slashes or dots (Japanese, South African, Chinese, Hungarian usage): 2027/03/01, 2027.03.01.
  `(?:19|20)\\d{2}[/.]\\d{1,2}[/.]\\d{1,2}(?![\\d/.]\\d)`,
  `\\d{1,2}[./-]\\d{1,2}[./-](?:\\d{4}|\\d{2})(?!\\d)(?!\\.\\d)`,
  `(?:the\\s+|this\\s+)?\\d{1,2}${ORD}\\s+day\\s+of\\s+${MONTH},?\\s+\\d{4}`,
  `${MONTH}\\s+\\d{1,2}${ORD},?\\s+\\d{4}`,
  `\\d{1,2}${ORD}\\s+(?:of\\s+)?${MONTH},?\\s+\\d{4}`,
  // Day, abbreviated month and year joined by dashes: 01-Feb-2027, 15-MAR-27.
  `\\d{1,2}-${MONTH}-(?:\\d{4}|\\d{2})(?!\\d)`,
]
  .map((s) => `(?:${s})`)
  .join('|');

const iso = (y: number, m: number, d: number): string | null => {
  const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return isIsoDate(s) ? s : null;
};

const year = (y: string): number => (y.length === 2 ? 2000 + Number(y) : Number(y));

/** Parses one date string (any supported form) to YYYY-MM-DD, or null. */
export function parseDate(raw: string, order: DateOrder = 'mdy'): string | null {
  const s = raw.trim().replace(/\s+/g, ' ');
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})([/.])(\d{1,2})\2(\d{1,2})$/.exec(s);
  if (m) return iso(Number(m[1]), Number(m[3]), Number(m[4]));
  m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = year(m[4] ?? '');
    // Dots are European; slashes and dashes follow the document's order unless a part exceeds 12.
    const dmy = m[2] === '.' || a > 12 || (b <= 12 && order === 'dmy');
    return dmy ? iso(y, b, a) : iso(y, a, b);
  }
  m = new RegExp(`^(?:the |this )?(\\d{1,2})${ORD} day of (${MONTH}),? (\\d{4})$`, 'i').exec(s);
  if (m) return iso(Number(m[3]), MONTHS[(m[2] ?? '').toLowerCase().replace('.', '')] ?? 0, Number(m[1]));
  m = new RegExp(`^(${MONTH}) (\\d{1,2})${ORD},? (\\d{4})$`, 'i').exec(s);
  if (m) return iso(Number(m[3]), MONTHS[(m[1] ?? '').toLowerCase().replace('.', '')] ?? 0, Number(m[2]));
  m = new RegExp(`^(\\d{1,2})${ORD} (?:of )?(${MONTH}),? (\\d{4})$`, 'i').exec(s);
  if (m) return iso(Number(m[3]), MONTHS[(m[2] ?? '').toLowerCase().replace('.', '')] ?? 0, Number(m[1]));
  m = new RegExp(`^(\\d{1,2})-(${MONTH})-(\\d{4}|\\d{2})$`, 'i').exec(s);
  if (m) return iso(year(m[3] ?? ''), MONTHS[(m[2] ?? '').toLowerCase().replace('.', '')] ?? 0, Number(m[1]));
  return null;
}

/** Every date in a text with its offsets (relative to `offset`). */
export function findDates(text: string, order: DateOrder = 'mdy', offset = 0): FoundDate[] {
  const out: FoundDate[] = [];
  for (const m of text.matchAll(new RegExp(`(?<![\\w.])(?:${DATE})`, 'gi'))) {
    const parsed = parseDate(m[0], order);
    if (parsed) out.push({ iso: parsed, start: offset + (m.index ?? 0), end: offset + (m.index ?? 0) + m[0].length });
  }
  return out;
}

/** The date n months after an ISO date, clamped to the month's last day. */
export function addMonthsToDate(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const idx = y * 12 + (m - 1) + n;
  const ny = Math.floor(idx / 12);
  const nm = (idx % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return iso(ny, nm, Math.min(d, last)) ?? date;
}
