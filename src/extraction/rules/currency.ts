import type { Found, RuleContext } from './context.ts';
import { matches } from './context.ts';
import { MINOR_UNITS } from '../../shared/currency.ts';
import { currencyOfToken, findMoney } from './money.ts';

const CAD_MARKERS = /C\$|CA\$|CDN\$|Cdn\$|\bCAD\b|Canadian dollars?/;
const CANADIAN_TAX = /\b(?:GST|HST|QST|PST|TPS|TVQ|TVH)\b/;
const CANADA =
  /\b(?:Canada|British Columbia|Ontario|Alberta|Qu[eé]bec|Manitoba|Saskatchewan|Nova Scotia|New Brunswick)\b/;
const AUD_MARKERS = /A\$|AU\$|\bAUD\b|Australian dollars?/;
const US_FEDERAL =
  /\b(?:Firm[- ]Fixed[- ]Price|Federal Acquisition Regulation|General Services Administration|Contracting Officer|U\.S\. Department of|Department of (?:Labor|Defense|Energy|Commerce|Agriculture|the Interior|Health and Human Services|Homeland Security|Transportation|Veterans Affairs)|\bGSA\b)/g;

/** The currency a bare "$" means in this document: CAD with Canadian markers or in French, AUD with Australian ones, else USD. */
export function dollarCurrency(ctx: RuleContext): string {
  const t = ctx.current;
  // A French-language contract that prices in dollars is Canadian (Québec, New Brunswick).
  if (CAD_MARKERS.test(t) || (CANADIAN_TAX.test(t) && CANADA.test(t)) || ctx.language === 'fr') return 'CAD';
  if (AUD_MARKERS.test(t)) return 'AUD';
  return 'USD';
}

const STATEMENT =
  /\b(?:[Aa]mounts?|[Rr]ates?|[Pp]rices?|[Ff]ees?|[Cc]harges?|[Pp]ayments?|[Ff]igures?|[Ss]ums?)\b[^.;]{0,120}?\b(?:are|is|be|stated|denominated|expressed|payable|paid|made)\s+(?:stated\s+and\s+payable\s+|payable\s+|denominated\s+|expressed\s+)?in\s+(?:the\s+)?([A-Z]{3}\b|(?:Swiss\s+)?[Ff]rancs?|[Ee]uros?|[Pp]ounds?(?:\s+[Ss]terling)?|(?:Japanese\s+)?[Yy]en|(?:U\.?S\.?|United States|Canadian)\s+[Dd]ollars?)/g;
/** A column header's currency: "Amount (EUR)", "Unit price (KRW / M/M)". */
const HEADER_CODE = new RegExp(`\\((${Object.keys(MINOR_UNITS).join('|')})\\b[^()\\n]{0,20}\\)`, 'g');
/** The CFA franc of Central Africa (XAF) rather than West Africa (XOF); the dirham of the Emirates rather than Morocco. */
const CEMAC =
  /\b(?:Cameroun|Cameroon|Gabon|Tchad|Chad|Congo|Centrafrique|Central African|Guinée équatoriale|Equatorial Guinea|Douala|Yaoundé|Libreville|Brazzaville|N'Djamena|Bangui)\b/;
const EMIRATES = /\b(?:UAE|United Arab Emirates|Emirates|Dubai|Abu Dhabi|Sharjah)\b/;

/**
 * The contract currency: explicit statements ("all rates are in Swiss francs") count most, then
 * column headers ("Amount (EUR)"), then each money amount. A document with no money at all is USD
 * only when it is plainly a US federal procurement (two or more distinct markers); else null.
 */
export function findCurrency(ctx: RuleContext, dollar: string): Found<string> | null {
  const score = new Map<string, { points: number; first: Found<string> }>();
  const add = (code: string | null, points: number, start: number, end: number): void => {
    if (!code) return;
    const cur = score.get(code);
    if (cur) cur.points += points;
    else score.set(code, { points, first: { value: code, start, end } });
  };
  for (const m of matches(ctx, STATEMENT)) add(currencyOfToken(m[1] ?? ''), 5, m.index, m.index + m[0].length);
  for (const m of matches(ctx, HEADER_CODE)) add(m[1] ?? null, 3, m.index, m.index + m[0].length);
  for (const money of findMoney(ctx.current, ctx.numberStyle)) add(money.currency ?? dollar, 1, money.start, money.end);
  const best = [...score.values()].sort((a, b) => b.points - a.points || a.first.start - b.first.start)[0];
  if (best) {
    const code = best.first.value;
    if (code === 'XOF' && CEMAC.test(ctx.current)) return { ...best.first, value: 'XAF' };
    if (code === 'MAD' && EMIRATES.test(ctx.current)) return { ...best.first, value: 'AED' };
    return best.first;
  }
  const federal = [...matches(ctx, US_FEDERAL)];
  const distinct = new Set(federal.map((m) => m[0].toLowerCase()));
  const first = federal[0];
  if (distinct.size >= 2 && first) return { value: 'USD', start: first.index, end: first.index + first[0].length };
  return null;
}
