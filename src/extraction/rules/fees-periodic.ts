import type { PeriodicAmount } from '../sow-terms.ts';
import type { Found, RuleContext } from './context.ts';
import { matches, sentenceAt } from './context.ts';
import { findMoney, MONEY } from './money.ts';
import { periodOf } from './units.ts';

/** The recurring fee: a fixed amount charged every period, and the periodic amounts the retainer reader shares. */
const PERIOD_WORD = '(month|calendar\\s+month|calendar\\s+quarter|calendar\\s+year|year|annum|quarter)';
/** Period adjectives, capitalised or not ("Monthly flat fee is …"); MONEY cannot take the i flag (ISO codes). */
const ADJ = '[Aa]nnual|[Mm]onthly|[Qq]uarterly|[Yy]early';
/**
 * A table row whose label names the period and whose next filled cell holds the amount: "| Support fee per month | EUR
 * 3.450,00 |"; an amendment's old column, masked, is an empty cell before the new amount. Cells are split by pipes or, as
 * a PDF's text layer gives them, by tabs; a tab row's amount is its last cell (its old value, not masked, may be a cell
 * before it: "monthly fee\tCHF 3'450.–\tCHF 3'690.–").
 */
/** An amount in a cell before the last, its groups unnamed (a pattern names each group once). */
const OLD_CELL = MONEY.replace(/\(\?<[A-Za-z]\w*>/g, '(?:');
const ROW_PERIOD = new RegExp(
  `(?:\\b(?:per|a|each)\\s+${PERIOD_WORD}\\b|\\b(?:${ADJ})\\b)[^|\\t\\n]{0,80}(?:\\|(?:[ \\t]*\\|)*|(?:(?:[ \\t]*\\t)+[ \\t]*(?:${OLD_CELL})(?=[ \\t]*\\t))*(?:[ \\t]*\\t)+)[ \\t]*(?:${MONEY})[ \\t]*(?:\\||(?=\\n|$))`,
  'g',
);
/** A tax qualifier between an amount and its period: "CHF 900.00 excl. VAT per month", "4 200,00 $ HT par mois". */
/** A country after a dollar sign, as French writes it: "7 800,00 $ CA", "1 200 $ US". */
const DOLLAR_COUNTRY = '(?:(?<=\\$)\\s?(?:CA|CAN|US|AU|NZ)(?![A-Za-zÀ-ÿ])\\s*)?';
const TAX_QUALIFIER = '(?:(?:HT|HTVA|TTC|net|netto|excl(?:\\.|uding)?\\s+(?:VAT|GST|tax(?:es)?))\\s*,?\\s*)?';
/** An amount and its period: "$10,000 per month", or a period adjective after it: "4 200,00 $ monthly". */
const MONEY_PER = new RegExp(
  `(?:${MONEY})\\.?\\s*${DOLLAR_COUNTRY}(?:\\([^)]{0,80}\\)\\s*)?${TAX_QUALIFIER}(?:(?:per|a|each|every|\\/)\\s*${PERIOD_WORD}\\b|(?:monthly|quarterly|annually|yearly)\\b(?!\\s+(?:in\\s+(?:advance|arrears)|invoic\\w*|billed)))`,
  'g',
);
/** A French fee noun before its period, perhaps qualified as flat: "Redevance forfaitaire mensuelle" (read "… monthly"). */
const FR_FEE_ADJ = `(?:[Rr]edevance|[Ff]orfait|[Aa]bonnement)(?:\\s+(?:forfaitaire|fixe))?\\s+(?:${ADJ})`;
const MONEY_ADJ = new RegExp(
  `(?:${MONEY})\\s*(?:[—–:-]+\\s*)?(${ADJ})\\s+(?:fixed\\s+)?(?:fee|charge|retainer|compensation|remuneration)`,
  'g',
);
/**
 * "monthly fee of", "monthly service charge is", "annual licence fee is", "monthly Wartungspauschale beträgt": a period
 * adjective, the fee (or a German compound of Pauschale or Gebühr) and its amount.
 */
const ADJ_OF = new RegExp(
  `\\b(?:(${ADJ})\\s+(?:fixed\\s+|flat\\s+)?(?:[A-Za-z-]+\\s+)?(?:fee|charge|retainer|compensation|remuneration|amount|[A-Za-zäöü-]*(?:[Pp]auschale|[Gg]ebühr|[Ee]ntgelt|[Vv]ergütung))|${FR_FEE_ADJ})\\b(?:[^.;]|\\.(?=\\d)){0,60}?(?:\\b(?:of|de|von|to|is|beträgt|amounts\\s+to)|\\sà|:)\\s+(?:(?:neu|nunmehr|new|now|nouveau|désormais)\\s+)?(?:${MONEY})`,
  'g',
);

/**
 * A label naming the period, then a colon and the amount: "Pauschale je Monat: neu EUR 1.900,00", "Fee per quarter: USD
 * 4,500.00"; or a period fee noun right before its amount: "Monatspauschale CHF 3'950.–" (read "monthly fee CHF …").
 */
const LABEL_PERIOD = new RegExp(
  `\\b(?:per|a|each)\\s+${PERIOD_WORD}\\s*:\\s*(?:(?:neu|new|nouveau|now)\\s+)?(?:${MONEY})`,
  'g',
);
const ADJ_FEE_AMOUNT = new RegExp(
  `\\b(?:(?:${ADJ})\\s+(?:fixed\\s+|flat\\s+)?(?:fee|charge|retainer)|${FR_FEE_ADJ})\\s*(?:[.…·_]{2,}\\s*|:\\s*)?\\s(?:${MONEY})`,
  'g',
);

/**
 * Fee words, with the French and German ones the lexicon leaves ("Redevance forfaitaire de …", "Forfait d'exploitation :
 * …", "zahlt … eine Gebühr von EUR 14.400,00 je Vertragsjahr").
 */
const FEE_WORDS =
  /\b(?:fee|fees|charge|remuneration|compensation|pay|paid|payable|price|rate|redevances?|forfaits?|forfaitaires?|abonnements?|\w*pauschal\w*)\b|(?<![\p{L}])(?:\p{L}*gebühr(?:en)?|\p{L}*entgelt|vergütung|honorar|zahlt|zahlen|bezahlt)(?![\p{L}])/iu;
/**
 * A floor ("at least", "mindestens") is a minimum commitment; hours of service ("during office hours", "heures
 * ouvrables") are when a fee's service runs, not hours it buys.
 */
const NOT_RECURRING =
  /\b(?:retainer|minimum|at\s+least|(?:no|not)\s+less\s+than|mindest\w*|au\s+moins|commit(?:ment|s|ted)\b|not\s+(?:to\s+)?exceed|capped|cap\b|maximum|budget|expenses?|termination|change\s+of\s+control|(?<!\b(?:office|business|working|opening|service)\s)hours?\b(?!\s+(?:ouvr|de\s+bureau))|per\s+hour|liabilit\w*|penalt\w*|credit|ceiling|plafond\w*|höchst\w*|obergrenze)\b/i;

export interface Periodic {
  money: { amount: string; currency: string | null };
  period: 'month' | 'quarter' | 'year';
  start: number;
  end: number;
}

export function periodicAmounts(ctx: RuleContext): Periodic[] {
  const out: Periodic[] = [];
  for (const re of [MONEY_PER, MONEY_ADJ, ADJ_OF, ROW_PERIOD, LABEL_PERIOD, ADJ_FEE_AMOUNT]) {
    for (const m of matches(ctx, re)) {
      // "The monthly retainer increases from $7,500.00 to $10,200.00": the new amount.
      const moneys = findMoney(m[0], ctx.numberStyle, m.index);
      let money = re === ADJ_OF || re === ROW_PERIOD ? moneys.at(-1) : moneys[0];
      // "passe de CHF 2'400.00 à CHF 3'100.00", "increases from $7,500.00 to $10,200.00": the new amount.
      const s = sentenceAt(ctx, m.index);
      // A list item wrapped after its "to" ("passe de 6 450,00 EUR à\n 7 180,00 EUR") goes on in the next sentence.
      const wrapped = /(?<![\p{L}])(?:to|à|auf)\s*$/u.test(ctx.current.slice(m.index, s.end));
      const rest = ctx.current.slice(m.index, wrapped ? sentenceAt(ctx, s.end).end : s.end);
      if (/\b(?:from|de|von)\b(?:[^.;]|\.(?=\d)){0,40}(?:\b(?:to|auf)\b|(?<![\p{L}])à(?![\p{L}]))/u.test(rest))
        money = findMoney(rest, ctx.numberStyle, m.index).at(-1) ?? money;
      // "the monthly retainer of £5,000.00 is replaced by £5,600.00, and …": the amount after "replaced by".
      const by = /(?<![\p{L}])(?:replaced\s+by|ersetzt\s+durch|remplacée?s?\s+par)\s/iu.exec(rest);
      if (by && by.index < 80)
        money = findMoney(rest, ctx.numberStyle, m.index).find((x) => x.start >= m.index + by.index) ?? money;
      const period = periodOf(m[0]);
      if (money && period) out.push({ money, period, start: m.index, end: m.index + m[0].length });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The heading of the section an offset is in, when the section is short: "## 1. Platform fee". */
const headingOf = (ctx: RuleContext, offset: number): string => {
  const before = ctx.current.slice(Math.max(0, offset - 400), offset);
  const heading = [...before.matchAll(/^#{1,6}[ \t]+([^\n]+)$/gm)].at(-1);
  return heading?.[1] ?? '';
};

/**
 * The label a line gives before the amount's sentence, when short: "3. Gebühr. 2.960,00 € per month." (a PDF's text
 * layer keeps a bold run-in label as its own sentence).
 */
const lineLabel = (ctx: RuleContext, offset: number): string => {
  const s = sentenceAt(ctx, offset);
  const label = ctx.current.slice(ctx.current.lastIndexOf('\n', s.start - 1) + 1, s.start);
  return label.length <= 40 ? label : '';
};

export const sentenceText = (ctx: RuleContext, offset: number): string => {
  const s = sentenceAt(ctx, offset);
  return ctx.current.slice(s.start, s.end);
};

/** A fixed fee charged every period: "$10,000 per month", "$200,000 annual fee", "fixed monthly charge of £14,250". */
export function findRecurringFee(ctx: RuleContext): Found<PeriodicAmount> | null {
  for (const p of periodicAmounts(ctx)) {
    const sentence = sentenceText(ctx, p.start);
    // The fee word may be the section's heading: "## Platform fee\n\nAccess for 25 users: $4,200.00 per month".
    const named = [sentence, headingOf(ctx, p.start), lineLabel(ctx, p.start)].some((t) => FEE_WORDS.test(t));
    if (!named || NOT_RECURRING.test(sentence)) continue;
    return { value: { amount: p.money.amount, period: p.period }, start: p.start, end: p.end };
  }
  return null;
}
