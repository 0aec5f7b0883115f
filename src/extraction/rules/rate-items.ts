import type { RateUnit } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { mayBeRole } from './line-role.ts';
import { type FoundMoney, findMoney, parseMoney } from './money.ts';
import { isRole, NOT_ROLE_LABEL, RATE_INTRO, rateUnitOfWords } from './rate-lists.ts';
import { unitOf } from './units.ts';

/**
 * Rates listed without a unit of their own under or after a label that names the rate and its unit: one a line under a
 * heading ("TAGESSÄTZE (je Beratertag) / Senior Consultant ...... EUR 1.240,00") or several on the label's line
 * ("Hourly rate: 132,00 € Beraterin Zollprozesse; 109,00 € Entwickler").
 */

/** One list line: a role and an amount, in either order, split by dotted leaders, a colon or a dash. */
const LIST_LINE = /^[ \t]*(?:[-*•–][ \t]+)?(.+?)[ \t]*(?:\.{3,}|…+|:|[ \t][–—-][ \t])[ \t]*(.+?)[ \t]*$/u;

/** Rates listed one a line under a line that names the rate and its unit, where each line states no unit of its own. */
export function listedRates(
  ctx: RuleContext,
  dollar: string,
): Array<Found<{ role: string; amount: string; unit: RateUnit; currency: string | null; changed: boolean }>> {
  const out: Array<Found<{ role: string; amount: string; unit: RateUnit; currency: string | null; changed: boolean }>> =
    [];
  const { lines, starts } = leaderLines(ctx.current);
  const pairAt = (k: number): { role: string; money: NonNullable<ReturnType<typeof parseMoney>> } | null => {
    // A tab right after a dotted leader is part of the leader (the PDF text layer's), not a table's cell break.
    const line = (lines[k] ?? '').replace(/(\.{3,}|…+)[ \t]*\t/gu, '$1 ');
    if (line.includes('|') || line.includes('\t') || unitOf(line.replace(/\b(?:h|hr)\b/gi, ''))) return null;
    const m = LIST_LINE.exec(line);
    if (!m) return null;
    const a = (m[1] ?? '').replace(/[*_]+/g, '').trim();
    const b = (m[2] ?? '').replace(/[*_]+/g, '').replace(/\s+/g, ' ').trim();
    const ma = findMoney(a, ctx.numberStyle, 0);
    const mb = findMoney(b, ctx.numberStyle, 0);
    const whole = (s: string, ms: typeof ma): boolean =>
      ms.length === 1 &&
      s.replace(/\b(?:HT|HTVA|net|netto|excl\.?\s+VAT)\b/giu, '').trim().length <= ms[0]!.end - ms[0]!.start + 1;
    if (whole(b, mb) && isRole(a)) return { role: a, money: mb[0]! };
    if (whole(a, ma) && isRole(b)) return { role: b, money: ma[0]! };
    return null;
  };
  for (let k = 0; k < lines.length; k++) {
    if (!pairAt(k)) continue;
    let end = k;
    while (end + 1 < lines.length && pairAt(end + 1)) end++;
    if (end > k) {
      // The intro: the nearest non-empty line before the list.
      let i = k - 1;
      while (i >= 0 && (lines[i] ?? '').trim() === '') i--;
      // A wrapped intro ("… facturées aux taux\nhoraires suivants :") is read with the words before its line break.
      const wrapped =
        i > 0 && (lines[i - 1] ?? '').trim() !== ''
          ? (/(?:\S+\s+){0,2}\S+\s*$/u.exec(lines[i - 1] ?? '')?.[0] ?? '')
          : '';
      const unitOfIntro = (intro: string): RateUnit | null => (RATE_INTRO.test(intro) ? rateUnitOfWords(intro) : null);
      const unit = unitOfIntro(lines[i] ?? '') ?? unitOfIntro(`${wrapped.trim()} ${lines[i] ?? ''}`);
      if (unit)
        for (let j = k; j <= end; j++) {
          const p = pairAt(j);
          if (!p) continue;
          out.push({
            value: {
              role: p.role,
              amount: p.money.amount,
              unit,
              currency: p.money.currency ?? (/\$/.test(lines[j] ?? '') ? dollar : null),
              changed: false,
            },
            start: starts[j] ?? 0,
            end: (starts[j] ?? 0) + (lines[j] ?? '').length,
          });
        }
    }
    k = end;
  }
  return out;
}

/**
 * The text's lines with their offsets, a line that holds several dotted-leader items cut before each item after the
 * first: the PDF text layer runs list lines together ("Projektleiter/in ...... 1.180,00 EUR Berater/in ...... 1.040,00
 * EUR"). The cut falls after an amount (a digit or a currency word or sign) before a capital word and its leader.
 */
function leaderLines(text: string): { lines: string[]; starts: number[] } {
  const lines: string[] = [];
  const starts: number[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    let from = 0;
    const cuts =
      (line.match(/\.{3,}|…+/gu) ?? []).length >= 2
        ? [...line.matchAll(/(?<=\d|\p{Lu}{3}|[€$£])[ \t]+(?=\p{Lu}[^.…\n]{0,60}?[ \t]*(?:\.{3,}|…+))/gu)].map(
            (m) => (m.index ?? 0) + m[0].length,
          )
        : [];
    // Of two cuts before the same leader ("1.180,00 | EUR | Berater/in ……"), the later one: the currency stays.
    for (const [i, cut] of cuts.entries()) {
      const next = cuts[i + 1];
      if (next !== undefined && !/\.{3,}|…/u.test(line.slice(cut, next))) continue;
      lines.push(line.slice(from, cut));
      starts.push(offset + from);
      from = cut;
    }
    lines.push(line.slice(from));
    starts.push(offset + from);
    offset += line.length + 1;
  }
  return { lines, starts };
}

/** "Hourly rate: 132,00 € Beraterin Zollprozesse; 109,00 € Entwickler.": a label naming the rate, then items. */
const LABELLED_ITEMS =
  /^[ \t]*(?:[-*•][ \t]+)?(?:\*\*)?([^:\n|]{3,40}?)(?:\*\*)?[ \t]*:[ \t]*([^\n|]+?)[ \t]*\.?[ \t]*$/gmu;

/**
 * Rates listed on one line after a label that names the rate and its unit, the items split by semicolons, each a role
 * and an amount in either order and nothing else ("Stundensätze: 132,00 € Beraterin; 109,00 € Entwickler").
 */
export function labelledItemRates(
  ctx: RuleContext,
  dollar: string,
): Array<Found<{ role: string; amount: string; unit: RateUnit; currency: string | null; changed: boolean }>> {
  const out: Array<Found<{ role: string; amount: string; unit: RateUnit; currency: string | null; changed: boolean }>> =
    [];
  for (const m of ctx.current.matchAll(LABELLED_ITEMS)) {
    const label = m[1] ?? '';
    const unit = RATE_INTRO.test(label) && !NOT_ROLE_LABEL.test(label) ? rateUnitOfWords(label) : null;
    if (unit !== 'hour' && unit !== 'day') continue;
    const items = (m[2] ?? '').split(/\s*;\s*/);
    if (items.length < 2) continue;
    const read = itemRoles(items, ctx, (role) =>
      role
        .replace(/(?<![\p{L}])(?:HT|HTVA|net|netto)(?![\p{L}])/gu, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    if (!read) continue;
    for (const r of read)
      out.push({
        value: {
          role: r.role,
          amount: r.money.amount,
          unit,
          currency: r.money.currency ?? (r.money.currency === null && /\$/.test(m[2] ?? '') ? dollar : null),
          changed: false,
        },
        start: m.index,
        end: m.index + m[0].length,
      });
  }
  return out;
}

/**
 * Each item of a rate list read as one role and one amount and nothing else ("Entwickler 109,00 €"), the role as
 * `clean` leaves it; null when any item is not, so a list is taken whole or not at all.
 */
export function itemRoles(
  items: readonly string[],
  ctx: RuleContext,
  clean: (role: string) => string,
): Array<{ role: string; money: FoundMoney }> | null {
  const read: Array<{ role: string; money: FoundMoney }> = [];
  for (const item of items) {
    const money = findMoney(item, ctx.numberStyle, 0);
    if (money.length !== 1) return null;
    const role = clean(item.slice(0, money[0]!.start) + ' ' + item.slice(money[0]!.end));
    if (!isRole(role) || !mayBeRole(role) || unitOf(role)) return null;
    read.push({ role, money: money[0]! });
  }
  return read;
}
