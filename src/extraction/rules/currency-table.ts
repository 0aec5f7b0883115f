import { ISO_4217, type IsoCurrency } from '../../shared/iso4217.ts';

/**
 * What the rules read from the ISO 4217 table (src/shared/iso4217.ts): which currency a symbol, a code or a name
 * written next to an amount names, and, for a form several currencies share ("$", "Rs", "kr", "FCFA", "£"), the
 * candidates among which the document's evidence decides (currency.ts).
 */

/** A form several currencies share: its candidates and the one it meant before (null when nothing was assumed). */
export interface SharedForm {
  /** Stable key of the candidate set ("CAD|NIO"): forms with the same candidates are resolved together. */
  key: string;
  candidates: string[];
  default: string | null;
}

export interface CurrencyForm {
  /** The ISO code the form names, or, for a shared form, its default (else its first candidate). */
  code: string;
  shared: SharedForm | null;
}

const readable = ISO_4217.filter((c) => !c.fund);

function sharedForms(pick: (c: IsoCurrency) => Array<{ form: string; shared: boolean; default: boolean }>) {
  const out = new Map<string, { candidates: string[]; default: string | null }>();
  for (const c of readable)
    for (const s of pick(c)) {
      if (!s.shared) continue;
      const entry = out.get(s.form) ?? { candidates: [], default: null };
      entry.candidates.push(c.code);
      if (s.default) entry.default = c.code;
      out.set(s.form, entry);
    }
  return out;
}

function formsOf(
  pick: (c: IsoCurrency) => Array<{ form: string; shared: boolean; default: boolean }>,
  key: (form: string) => string,
): Map<string, CurrencyForm> {
  const out = new Map<string, CurrencyForm>();
  for (const c of readable)
    for (const s of pick(c)) if (!s.shared) out.set(key(s.form), { code: c.code, shared: null });
  for (const [form, e] of sharedForms(pick)) {
    const candidates = [...e.candidates].sort();
    if (candidates.length === 1) {
      out.set(key(form), { code: candidates[0] as string, shared: null });
      continue;
    }
    const shared = { key: candidates.join('|'), candidates, default: e.default };
    out.set(key(form), { code: e.default ?? candidates[0] ?? '', shared });
  }
  return out;
}

const symbolsOf = (c: IsoCurrency) => c.symbols;
const namesOf = (c: IsoCurrency) =>
  [...c.names.en, ...c.names.de, ...c.names.fr].map((n) => ({ form: n.name, shared: n.shared, default: n.default }));
/**
 * Names compare without case, plural or inflection: "Roupies Mauriciennes" → "roupie mauricienne", and a German
 * adjective's or noun's case and plural ending ("in tschechischen Kronen", "Rumänischer Leu") as its -e form, on both
 * the table's names and the text's, so "tschechischen kronen" and "Tschechische Krone" share one key.
 */
export const nameKey = (name: string): string =>
  name.toLowerCase().replace(/\s+/g, ' ').trim().split(' ').map(singular).map(uninflected).join(' ');
function singular(word: string): string {
  if (/^(?:réaux)$/.test(word)) return 'réal';
  if (word.length > 3 && /[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}
/** A German ending -en, -em or -er read as -e ("kronen" → "krone", "rumänischer" → "rumänische"). */
const uninflected = (word: string): string =>
  word.length > 4 && /\p{L}e[nmr]$/u.test(word) ? word.slice(0, -1) : word;

/**
 * Letter symbols ("P" pula and Philippine peso, "E" lilangeni, "K" kwacha, kina and kyat) and the currencies that
 * write them: money only where the document names one of those currencies' countries (currency-evidence.ts).
 */
export const LETTER_FORMS: ReadonlyMap<string, readonly string[]> = (() => {
  const out = new Map<string, string[]>();
  for (const c of readable) for (const l of c.letters) out.set(l, [...(out.get(l) ?? []), c.code]);
  return out;
})();
const LETTER_CODES = [...new Set([...LETTER_FORMS.values()].flat())].sort();
/** The mark a placed letter symbol is rewritten to in the rules' text: one private-use character per currency. */
export const letterMark = (code: string): string => String.fromCharCode(0xe000 + LETTER_CODES.indexOf(code));

/**
 * Every symbol and prefixed form, exactly as written ("J$", "Rs.", "F CFA"), and the mark of each letter symbol a
 * document's placement decided (letterMark).
 */
export const SYMBOL_FORMS: ReadonlyMap<string, CurrencyForm> = new Map([
  ...formsOf(symbolsOf, (f) => f),
  ...LETTER_CODES.map((code): [string, CurrencyForm] => [letterMark(code), { code, shared: null }]),
]);
/** Every currency name in English, German and French, by nameKey. */
export const NAME_FORMS: ReadonlyMap<string, CurrencyForm> = formsOf(namesOf, nameKey);
/** Codes a contract may bill in (fund codes left out). */
export const READABLE_CODES: ReadonlySet<string> = new Set(readable.map((c) => c.code));

/** Whether a shared form is the dollar's ("$", "dollars"): resolved once per document as its dollar currency. */
export const isDollar = (shared: SharedForm | null | undefined): boolean => shared?.default === 'USD';

/** The candidates a bare "$" leaves open. */
export const DOLLAR: SharedForm = (() => {
  const f = SYMBOL_FORMS.get('$');
  if (!f?.shared) throw new Error('the ISO table has no shared "$"');
  return f.shared;
})();

/**
 * Codes that are also words or common abbreviations ("ALL 3 deliverables", "TOP 10", "CVE-2024-…", "SSP", "IRR"):
 * read as a currency only before an amount written as money (grouped thousands or cents), never after one.
 * The codes the rules read before this table keep their behaviour.
 */
export const WORDLIKE_CODES: ReadonlySet<string> = new Set(
  'ALL TOP CUP MOP BOB SOS GEL CVE AMD MNT KGS SVC BTN TMT DOP BAM ERN MDL SHP TJS BIF HNL IRR BSD SRD SSP LAK NIO PAB STN WST AOA GIP MKD BZD SDG'.split(
    ' ',
  ),
);

/** A literal string as a regex source. */
export const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A name as a pattern: the first letter of its first and last word in either case, and a plural "s" on each word
 * ("Jamaican Dollars", "roupies mauriciennes"). Kept small: a pattern of more than 20 KB runs unoptimised in V8.
 */
function namePattern(name: string): string {
  const words = name.split(/\s+/);
  return words
    .map((w, i) => {
      const first = w[0] ?? '';
      const both = (i === 0 || i === words.length - 1) && first.toLowerCase() !== first.toUpperCase();
      const head = both ? `[${first.toLowerCase()}${first.toUpperCase()}]` : esc(first);
      return `${head}${esc(w.slice(1))}${/s$/.test(w) ? '' : 's?'}`;
    })
    .join('\\s+');
}
/** Regex source of every currency name (longest first), for names written after an amount: "9 500 gourdes". */
export const NAME_SRC = [...new Set(readable.flatMap((c) => namesOf(c).map((n) => n.form)))]
  .sort((a, b) => b.length - a.length)
  .map(namePattern)
  .join('|');

/** The ISO code a written name stands for, through NAME_FORMS. */
export function nameForm(text: string): CurrencyForm | null {
  return NAME_FORMS.get(nameKey(text)) ?? null;
}
