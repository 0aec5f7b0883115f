import type { RateUnit } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { itemRoles } from './rate-items.ts';
import { rateUnitOfWords } from './rate-lists.ts';

/**
 * Rates introduced by a clause that says the work is billed by the hour or the day, then a colon and the roles with
 * their amounts, separated by semicolons or one a line ("Work is billed per hour: Developer 78.00 €; Lead 105.00 €.",
 * "Elles sont facturées à l'heure :\n- technicien : 68,00 EUR ;"). The German and French verbs reach this reader
 * through the lexicon ("facturées à l'heure" reads "invoiced à per hour"); the native forms are listed too.
 */
const VERB = String.raw`\b(?:invoiced|billed|charged|factur\w*|abgerechnet|berechnet|vergütet)\b`;
const PER_UNIT = String.raw`\b(?:per|pro|je|par|à\s+l['’]|nach)\s*(?:hours?|days?|heures?|jours?|stunden?|tag(?:en)?)\b`;
// The German verb comes after its unit ("werden pro Tag abgerechnet:").
const BILLED_PER_UNIT = new RegExp(`(?:${VERB}[^:.\\n]{0,24}?${PER_UNIT}|${PER_UNIT}\\s+${VERB})[^:\\n]{0,30}:`, 'giu');
/** Tax and net words an item may carry after its amount ("68,00 EUR HTVA", "78,00 € HT", "netto"). */
const TAX_WORDS = /(?<![\p{L}])(?:HT|HTVA|TTC|net|netto|excl\.?\s+VAT|zzgl\.?\s+USt\.?)(?![\p{L}])/gu;

type Billed = Found<{ role: string; amount: string; unit: RateUnit; currency: string | null; changed: boolean }>;

export function billedItemRates(ctx: RuleContext, dollar: string): Billed[] {
  const out: Billed[] = [];
  const text = ctx.current;
  for (const m of text.matchAll(BILLED_PER_UNIT)) {
    const unit = rateUnitOfWords(m[0]);
    if (unit !== 'hour' && unit !== 'day') continue;
    // The list may start on a line of its own, after a blank line.
    const from =
      (m.index ?? 0) + m[0].length + (/^\s*/u.exec(text.slice((m.index ?? 0) + m[0].length))?.[0].length ?? 0);
    // The items run to the paragraph's end (a blank line) or the sentence's end (a full stop before a space or line end).
    const rest = text.slice(from, from + 600);
    const stop = /\n[ \t]*\n|\.(?=\s|$)(?<!\d\.)/u.exec(rest);
    const body = stop ? rest.slice(0, stop.index) : rest;
    const items = body
      .split(/\s*;\s*|\n[ \t]*[-*•–][ \t]+/u)
      .map((s) =>
        s
          .replace(/^[ \t\n]*[-*•–][ \t]+/u, '')
          .replace(/\s+/g, ' ')
          .trim(),
      )
      .filter((s) => s !== '');
    if (items.length < 2) continue;
    const read = itemRoles(items, ctx, (role) =>
      role
        .replace(TAX_WORDS, ' ')
        .replace(/[:;,.\s]+$/u, '')
        .replace(/^[\s:]+/u, '')
        .replace(/\s*:\s*$/u, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    if (!read) continue;
    const end = from + body.length;
    for (const r of read)
      out.push({
        value: {
          role: r.role,
          amount: r.money.amount,
          unit,
          currency: r.money.currency ?? (/\$/.test(body) ? dollar : null),
          changed: false,
        },
        start: m.index ?? 0,
        end,
      });
  }
  return out;
}
