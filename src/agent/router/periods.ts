/**
 * Periods and dates in a message: "2026-11", "November 2026", "Nov", "this month", "last month", "Q4", "last
 * quarter"; English and German month names. Pure; "today" is the caller's.
 */

const MONTHS: [number, RegExp][] = [
  [1, /^(january|jan|januar|jänner)$/],
  [2, /^(february|feb|februar)$/],
  [3, /^(march|mar|märz|maerz)$/],
  [4, /^(april|apr)$/],
  [5, /^(may|mai)$/],
  [6, /^(june|jun|juni)$/],
  [7, /^(july|jul|juli)$/],
  [8, /^(august|aug)$/],
  [9, /^(september|sep|sept)$/],
  [10, /^(october|oct|oktober|okt)$/],
  [11, /^(november|nov)$/],
  [12, /^(december|dec|dezember|dez)$/],
];
const MONTH_WORD =
  'january|jan|januar|jänner|february|feb|februar|march|mar|märz|maerz|april|apr|may|mai|' +
  'june|jun|juni|july|jul|juli|' +
  'august|aug|september|sept|sep|october|oct|oktober|okt|november|nov|december|dec|dezember|dez';

const pad = (n: number): string => String(n).padStart(2, '0');
const monthOf = (word: string): number => MONTHS.find(([, re]) => re.test(word))![0];
const shifted = (today: Date, months: number): string =>
  new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + months, 1)).toISOString().slice(0, 7);

/** A month named without a year: the latest one at most a month ahead of today ("January" in December is next). */
function nearestMonth(month: number, today: Date): string {
  const y = today.getUTCFullYear();
  const now = y * 12 + today.getUTCMonth();
  const year = [y + 1, y].find((c) => c * 12 + month - 1 - now <= 1) ?? y - 1;
  return `${year}-${pad(month)}`;
}

/** A billing period (YYYY-MM) the text names, or null. */
export function periodIn(text: string, today: Date): string | null {
  const t = text.toLowerCase();
  const iso = /(?<![\w-])(\d{4})[-/.](0[1-9]|1[0-2])(?![\d-])/.exec(t);
  if (iso) return `${iso[1]}-${iso[2]}`;
  const euro = /(?<![\w.\-/])(0?[1-9]|1[0-2])[/.](\d{4})\b/.exec(t);
  if (euro) return `${euro[2]}-${pad(Number(euro[1]))}`;
  const named = new RegExp(`\\b(${MONTH_WORD})\\.?,?\\s+(\\d{4})\\b`).exec(t);
  if (named) return `${named[2]}-${pad(monthOf(named[1]!))}`;
  if (/\b(this|current|the present) month\b/.test(t)) return shifted(today, 0);
  if (/\b(last|previous|prior|past) month\b|\bmonth before\b/.test(t)) return shifted(today, -1);
  if (/\bnext month\b/.test(t)) return shifted(today, 1);
  // A month alone; "may" only where it can only be the month ("for May", "in may").
  const alone = new RegExp(`\\b(?:(for|in|of|from|during|since|end of|through)\\s+)?(${MONTH_WORD})\\b\\.?`, 'g');
  for (const m of t.matchAll(alone)) {
    const word = m[2]!;
    if ((word === 'may' || word === 'mar' || word === 'jan' || word === 'dec') && !m[1]) continue;
    return nearestMonth(monthOf(word), today);
  }
  return null;
}

/** A quarter the text names ("Q4", "Q3 2026", "2026-Q1", "last quarter", "fourth quarter"), or null. */
export function quarterIn(text: string, today: Date): { year: number; quarter: number } | null {
  const t = text.toLowerCase();
  const current = Math.floor(today.getUTCMonth() / 3) + 1;
  const y = today.getUTCFullYear();
  const q = /\b(?:(\d{4})[- ]?)?q([1-4])(?:[- /]?(\d{4}))?\b/.exec(t);
  if (q) {
    const quarter = Number(q[2]);
    const year = Number(q[1] ?? q[3] ?? (quarter > current ? y - 1 : y));
    return { year, quarter };
  }
  const ord = /\b(first|1st|second|2nd|third|3rd|fourth|4th) quarter(?: (?:of )?(\d{4}))?\b/.exec(t);
  if (ord) {
    const quarter = { first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4 }[ord[1]!]!;
    return { year: ord[2] ? Number(ord[2]) : quarter > current ? y - 1 : y, quarter };
  }
  if (/\b(this|current) quarter\b/.test(t)) return { year: y, quarter: current };
  if (/\b(last|previous|prior) quarter\b/.test(t))
    return current === 1 ? { year: y - 1, quarter: 4 } : { year: y, quarter: current - 1 };
  return null;
}

const lastDay = (year: number, month: number): string => new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);

/**
 * The day a receivables figure is as of (YYYY-MM-DD): the end of the month or quarter asked for when that end has
 * passed ("last month", "November", "Q3"), else today.
 */
export function asOfIn(text: string, today: Date): string {
  const t = today.toISOString().slice(0, 10);
  const day = /\b(\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\b/.exec(text);
  if (day) return day[1]! < t ? day[1]! : t;
  const quarter = quarterIn(text, today);
  const month = periodIn(text, today);
  let end: string | null = null;
  if (quarter) end = lastDay(quarter.year, quarter.quarter * 3);
  else if (month) end = lastDay(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
  return end && end < t ? end : t;
}
