import type { Found, RuleContext } from './context.ts';
import { matches } from './context.ts';
import { ISO_BY_CODE } from '../../shared/iso4217.ts';
import { evidenceIn } from './currency-evidence.ts';
import { currencySentences } from './currency-sentences.ts';
import { DOLLAR, isDollar, NAME_SRC, READABLE_CODES, SYMBOL_FORMS, type SharedForm } from './currency-table.ts';
import { currencyOfToken, findMoney, formOfToken } from './money.ts';

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * How strongly the document places itself in a currency's country: each evidence term found counts 1 (a national tax or
 * registration form 2), and 2 more when a governing-law or jurisdiction clause names it.
 */
export const evidenceScore = (ctx: RuleContext, code: string): number => evidenceIn(ctx.current, code);

/**
 * Which of a shared form's candidates the document means: the one its evidence places it in, by at least `margin` and
 * more than the form's default. Undecided leaves the default (the form's meaning before the table), or null.
 */
export function resolveShared(ctx: RuleContext, shared: SharedForm, margin = 1): string | null {
  const scores = shared.candidates.map((code) => ({ code, score: evidenceScore(ctx, code) }));
  const base = shared.default ? (scores.find((s) => s.code === shared.default)?.score ?? 0) : 0;
  const best = scores
    .filter((s) => s.code !== shared.default && s.score >= margin && s.score > base)
    .sort((a, b) => b.score - a.score);
  const top = best[0];
  if (top && (best[1]?.score ?? -1) < top.score) return top.code;
  return shared.default;
}

/** Forms that name one dollar currency ("J$", "TTD", "Jamaican dollars"), by currency. */
const DOLLAR_MARKERS = new Map(
  DOLLAR.candidates.map((code) => {
    const forms = [...SYMBOL_FORMS].filter(
      ([f, v]) => v.code === code && (v.shared === null || v.shared.default === code),
    );
    const symbols = forms.filter(([f]) => f !== '$' && !/^[a-z]/.test(f)).map(([f]) => `(?<![A-Za-z])${esc(f)}`);
    const names = (ISO_BY_CODE.get(code)?.names.en ?? []).filter((n) => !n.shared).map((n) => `${esc(n.name)}s?`);
    return [code, new RegExp([...symbols, `\\b${code}\\b`, ...names].join('|'), 'g')];
  }),
);
const CANADIAN_TAX = /\b(?:GST|HST|QST|PST|TPS|TVQ|TVH)\b/;
const CANADA =
  /\b(?:Canada|British Columbia|Ontario|Alberta|Qu[eé]bec|Manitoba|Saskatchewan|Nova Scotia|New Brunswick)\b/;
const US_FEDERAL =
  /\b(?:Firm[- ]Fixed[- ]Price|Federal Acquisition Regulation|General Services Administration|Contracting Officer|U\.S\. Department of|Department of (?:Labor|Defense|Energy|Commerce|Agriculture|the Interior|Health and Human Services|Homeland Security|Transportation|Veterans Affairs)|\bGSA\b)/g;

/**
 * The currency a bare "$" means in this document: the dollar it names elsewhere ("J$", "TTD", "Canadian dollars",
 * the most often when several; USD only when no other is named), CAD with Canadian tax and a province, the country
 * the document is placed in (two points of evidence, more than the United States'), CAD in French, else USD.
 */
export function dollarCurrency(ctx: RuleContext): string {
  const t = ctx.current;
  const named = [...DOLLAR_MARKERS]
    .filter(([code]) => code !== 'USD')
    .map(([code, re]) => ({ code, count: [...t.matchAll(re)].length }))
    .filter((n) => n.count > 0)
    .sort((a, b) => b.count - a.count);
  if (named[0]) return named[0].code;
  if (CANADIAN_TAX.test(t) && CANADA.test(t)) return 'CAD';
  const placed = resolveShared(ctx, DOLLAR, 2);
  if (placed && placed !== 'USD') return placed;
  // A French-language contract that prices in dollars is Canadian (Québec, New Brunswick).
  if (ctx.language === 'fr') return 'CAD';
  return 'USD';
}

const STATEMENT = new RegExp(
  `\\b(?:[Aa]mounts?|[Rr]ates?|[Pp]rices?|[Ff]ees?|[Cc]harges?|[Pp]ayments?|[Ff]igures?|[Ss]ums?)\\b[^.;]{0,120}?\\b(?:are|is|be|stated|denominated|expressed|payable|paid|made)\\s+(?:stated\\s+and\\s+payable\\s+|payable\\s+|denominated\\s+|expressed\\s+)?in\\s+(?:the\\s+)?([A-Z]{3}\\b|(?:${NAME_SRC})\\b)`,
  'g',
);
/** A column header's currency: "Amount (EUR)", "Unit price (KRW / M/M)", "Daily rate (GH₵)". */
const HEADER_CODE = new RegExp(`\\((${[...READABLE_CODES].join('|')})\\b[^()\\n]{0,20}\\)`, 'g');
/**
 * A table header cell that names money and ends with its currency's code after a comma or dash: "| Amount (now), MNT |",
 * also as DOCX and PDF text separate cells by tabs.
 */
const HEADER_CELL_CODE = new RegExp(
  `(?:\\||\\t|^)[^|\\t\\n]{0,20}?(?<![\\p{L}])(?:amounts?|prices?|rates?|fees?|costs?|values?|totals?|sums?|beträge|betrag|preise?|montants?|prix|tarifs?)(?![\\p{L}])[^|\\t\\n]{0,20}?[,–-]\\s*(${[...READABLE_CODES].join('|')})[ ]*(?=[|\\t]|$)`,
  'gimu',
);
const HEADER_SYMBOL = new RegExp(
  `\\((${[...SYMBOL_FORMS.keys()]
    .filter((k) => k !== '$' && k.length > 1)
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join('|')})\\)`,
  'g',
);

/**
 * The contract currency: explicit statements ("all rates are in Swiss francs") count most, then column headers
 * ("Amount (EUR)"), then each money amount. A form several currencies share ("Rs.", "FCFA", "kr") is resolved by the
 * document's evidence (resolveShared); a form that meant nothing before the table and that nothing decides ("kr")
 * gives a value of low confidence. A document with no money at all is USD only when it is plainly a US federal
 * procurement (two or more distinct markers); else null.
 */
export function findCurrency(ctx: RuleContext, dollar: string): Found<string> | null {
  // `shared`: the form several currencies share that the code was read from; `named`: the code was also read plainly.
  const score = new Map<string, { points: number; first: Found<string>; shared: SharedForm | null; named: boolean }>();
  const add = (code: string | null, points: number, start: number, end: number, shared: SharedForm | null): void => {
    if (!code) return;
    const cur = score.get(code) ?? { points: 0, first: { value: code, start, end }, shared: null, named: false };
    cur.points += points;
    cur.shared ??= shared;
    cur.named ||= shared === null;
    score.set(code, cur);
  };
  for (const m of matches(ctx, STATEMENT)) {
    const form = formOfToken(m[1] ?? '');
    add(
      currencyOfToken(m[1] ?? '') ?? (form ? dollar : null),
      5,
      m.index,
      m.index + m[0].length,
      isDollar(form?.shared) ? null : (form?.shared ?? null),
    );
  }
  // The same statement read by meaning in English, German and French, and in inflected names, where the English
  // pattern above did not read it.
  const read = [...matches(ctx, STATEMENT)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  for (const s of currencySentences(ctx)) {
    if (read.some((r) => r.start < s.end && s.start < r.end)) continue;
    add(
      isDollar(s.form.shared) ? dollar : s.form.code,
      5,
      s.start,
      s.end,
      isDollar(s.form.shared) ? null : s.form.shared,
    );
  }
  for (const m of matches(ctx, HEADER_CODE)) add(m[1] ?? null, 3, m.index, m.index + m[0].length, null);
  for (const m of matches(ctx, HEADER_CELL_CODE))
    if (m[1] && m[1] === m[1].toUpperCase()) add(m[1], 3, m.index, m.index + m[0].length, null);
  for (const m of matches(ctx, HEADER_SYMBOL)) {
    const form = SYMBOL_FORMS.get(m[1] ?? '');
    add(form?.code ?? null, 3, m.index, m.index + m[0].length, form?.shared ?? null);
  }
  for (const money of findMoney(ctx.current, ctx.numberStyle))
    add(money.currency ?? dollar, 1, money.start, money.end, money.shared);
  const best = [...score.values()].sort((a, b) => b.points - a.points || a.first.start - b.first.start)[0];
  if (best) {
    if (!best.shared || best.named) return best.first;
    const resolved = resolveShared(ctx, best.shared);
    if (resolved) return { ...best.first, value: resolved };
    return { ...best.first, confidence: 0.5 };
  }
  const federal = [...matches(ctx, US_FEDERAL)];
  const distinct = new Set(federal.map((m) => m[0].toLowerCase()));
  const first = federal[0];
  if (distinct.size >= 2 && first) return { value: 'USD', start: first.index, end: first.index + first[0].length };
  return null;
}

/**
 * The codes shared forms stood for that the document's evidence replaces ("Rs." read as INR in a contract placed in
 * Colombo → LKR): applied to values whose currency was read from such a form (rates).
 */
export function sharedRemap(ctx: RuleContext): Map<string, string> {
  const out = new Map<string, string>();
  for (const money of findMoney(ctx.current, ctx.numberStyle)) {
    if (!money.shared || !money.currency || out.has(money.currency)) continue;
    const resolved = resolveShared(ctx, money.shared);
    if (resolved && resolved !== money.currency) out.set(money.currency, resolved);
  }
  return out;
}
