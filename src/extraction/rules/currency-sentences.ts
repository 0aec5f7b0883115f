import type { RuleContext } from './context.ts';
import { matches, sentenceAt } from './context.ts';
import { type CurrencyForm, WORDLIKE_CODES } from './currency-table.ts';
import { formOfToken } from './money.ts';

/**
 * A sentence that names the contract's currency, by its meaning in English, German and French: a word for money owed
 * (amounts, prices, the remuneration, "Beträge", "Vergütung", "montants", "honoraires"), then, in the same sentence,
 * "in", "en" or "auf" and a currency's name or code that closes its clause: "Alle Beträge verstehen sich in Euro",
 * "Die Vergütung ist in tschechischen Kronen vereinbart", "Les montants sont exprimés en francs de Djibouti", "payable
 * en dollars canadiens"; or a label of the currency itself ("Währung: CHF", "Devise de facturation : euro").
 * Names are read through the ISO table by their inflection-free key (currency-table.ts nameKey), so no name list is
 * compiled into a pattern here.
 */
const SUBJECT =
  /(?<![\p{L}])(?:amounts?|rates?|prices?|fees?|charges?|payments?|figures?|sums?|invoices?|remuneration|compensation|consideration|beträge|betrag|preise?|vergütung\p{L}*|honorar\p{L}*|\p{L}*sätze|\p{L}*satz|entgelte?|gebühr\p{L}*|zahlungen|rechnungen|montants?|prix|tarifs?|honoraires|rémunération|redevances?|sommes?|paiements?|factures?|règlements?)(?![\p{L}])/giu;
/** The currency's own label: "Currency: EUR", "Vertragswährung ist der Euro", "La devise du contrat est l'euro". */
const LABEL =
  /(?<![\p{L}])(?:(?:contract\s+|billing\s+|payment\s+)?currency|(?:vertrags|abrechnungs|zahlungs)?währung|devise|monnaie)(?:\s+(?:of|du|de|des|de\s+la)\s+(?:the\s+)?(?:contract|agreement|contrat|facturation|paiement|règlement))?\s*(?::|\bis\b|\bist\b|\best\b)\s*(?:(?:the|der|le|la)\s+|l['’])?/giu;
const PREPOSITION = /(?<![\p{L}])(?:in|en|auf)\s+(?:(?:der|den|die|dem|the|des|la|le|les)\s+|l['’])?/giu;
/** What may follow a currency that closes its clause: a line end, punctuation, a conjunction, a tax word or a participle. */
const CLOSES =
  /^(?:[ \t]*(?:\n|$)|\s*(?:$|[,.;:()–—-]|(?:and|und|et|or|oder|ou|excl\p{L}*|exkl\p{L}*|hors|zzgl|zuzüglich|plus|incl\p{L}*|inkl\p{L}*|net|netto|ohne|sans|without|only|uniquement|seulement|vereinbart|angegeben|ausgewiesen|festgelegt|ausgedrückt|zu|zahlbar|payables?|exprimée?s?|libellée?s?|indiquée?s?|stated|denominated|expressed|ge\p{L}+[tn]|\p{L}+iert)(?![\p{L}])))/iu;
const WORD = /^\s*([\p{L}][\p{L}'’.-]*)/u;

export interface CurrencySentence {
  form: CurrencyForm;
  start: number;
  end: number;
}

/** The longest run of one to four words at `at` that names a currency and closes its clause. */
function currencyAt(text: string, at: number): { form: CurrencyForm; end: number } | null {
  const words: Array<{ text: string; end: number }> = [];
  let pos = at;
  while (words.length < 4) {
    const w = WORD.exec(text.slice(pos, pos + 60));
    if (!w?.[1]) break;
    const word = w[1].replace(/[.]$/, '');
    pos += w[0].length - (w[1].length - word.length);
    words.push({ text: word, end: pos });
  }
  for (let n = words.length; n > 0; n--) {
    const phrase = words
      .slice(0, n)
      .map((w) => w.text)
      .join(' ');
    if (n === 1 && WORDLIKE_CODES.has(phrase)) continue;
    if (/^[A-Za-z]{3}$/.test(phrase) && phrase !== phrase.toUpperCase()) continue;
    const form = formOfToken(phrase);
    const end = words[n - 1]?.end ?? at;
    if (form && CLOSES.test(text.slice(end, end + 30))) return { form, end };
  }
  return null;
}

/** Every currency sentence and label of the document, in order. */
export function currencySentences(ctx: RuleContext): CurrencySentence[] {
  const text = ctx.current;
  const out: CurrencySentence[] = [];
  for (const m of matches(ctx, SUBJECT)) {
    const from = m.index + m[0].length;
    const s = sentenceAt(ctx, m.index);
    const window = text.slice(from, Math.min(s.end, from + 100));
    for (const p of window.matchAll(PREPOSITION)) {
      const found = currencyAt(text, from + p.index + p[0].length);
      if (found) {
        out.push({ form: found.form, start: m.index, end: found.end });
        break;
      }
    }
  }
  for (const m of matches(ctx, LABEL)) {
    const found = currencyAt(text, m.index + m[0].length);
    if (found) out.push({ form: found.form, start: m.index, end: found.end });
  }
  return out.sort((a, b) => a.start - b.start);
}
