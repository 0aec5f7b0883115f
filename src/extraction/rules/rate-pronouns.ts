/**
 * A rate stated through a pronoun clause that stands for the rate noun of the clause before it: "Le taux horaire de
 * l'Ingénieur passe de 18 500 KMF à 19 500 KMF ; celui du Technicien est maintenu à 11 000 KMF", "the hourly rate of
 * the Lead rises to $150; that of the Analyst rises to $120", "der Stundensatz der Beraterin steigt auf 140 €; der
 * des Entwicklers bleibt bei 110 €". The clause after a semicolon (or ", and") inherits the rate, its unit and its
 * currency from the rate read in the clause before; the role is the one the pronoun's complement names.
 */
import type { RateFound } from './rates.ts';
import type { RuleContext } from './context.ts';
import { sentenceAt } from './context.ts';
import { findMoney } from './money.ts';
import { roleInSentence } from './rate-roles.ts';

/** The pronoun and its preposition, then the role up to its verb. */
const PRONOUN_CLAUSE =
  /^\s*(?:(?:and|et|und)\s+)?(?:celui|celle|ceux|celles|that|those|der|die|jener|jene)\s+(?:(?:du|de\s+la|des|de|d['’]un|d['’]une|of\s+(?:the|a|an|each|our)|of|des|der|eines|einer)\s+|(?:de\s+l|d)['’])(\p{Lu}[\p{L}&/'’-]*(?:\s+(?!(?:est|sont|passe|reste|demeure|is|are|remains|stays|rises|increases|decreases|falls|goes|changes|will|shall|bleibt|steigt|sinkt|beträgt|wird|ändert|ne|n['’])(?![\p{L}]))[\p{L}&/'’-]+){0,4})\s+(?:est|sont|passe|reste|demeure|is|are|remains|stays|rises|increases|decreases|falls|goes|changes|will|shall|bleibt|steigt|sinkt|beträgt|wird|ändert)(?![\p{L}])/u;
const NOT_A_ROLE = /^(?:TVA|VAT|MWST|MwSt|GST|USt|Client|Prestataire|Contractor|Provider|Auftraggeber|Auftragnehmer)$/u;

/** German genitive of a role noun ("des Entwicklers", "des Beraters"): the nominative the rate card would name. */
const nominative = (role: string, clause: string): string =>
  /\b(?:der|die)\s+(?:des|eines)\s/iu.test(clause) ? role.replace(/(?<=\p{Ll}{3})e?s$/u, '') : role;

/** Rates the pronoun clauses after a read rate state, where nothing else read them. */
export function pronounClauseRates(ctx: RuleContext, rates: RateFound[]): RateFound[] {
  const out: RateFound[] = [];
  const taken = (start: number, end: number): boolean => [...rates, ...out].some((r) => r.start < end && start < r.end);
  for (const r of rates) {
    const sentence = sentenceAt(ctx, Math.max(r.start, r.end - 1));
    const body = ctx.current.slice(sentence.start, sentence.end);
    let from = r.end - sentence.start;
    for (;;) {
      const semi = body.indexOf(';', from);
      if (semi < 0) break;
      const next = body.indexOf(';', semi + 1);
      const clauseEnd = next < 0 ? body.length : next;
      const clause = body.slice(semi + 1, clauseEnd);
      from = clauseEnd;
      const m = PRONOUN_CLAUSE.exec(clause);
      if (!m?.[1] || NOT_A_ROLE.test(m[1])) break;
      const moneys = findMoney(clause, ctx.numberStyle, sentence.start + semi + 1);
      // The amount in force: the last one ("passe de X à Y", "steigt von X auf Y"); none where the rate is unchanged
      // without an amount ("celui du Technicien ne change pas").
      const money = moneys.at(-1);
      if (!money || taken(money.start, money.end)) continue;
      out.push({
        value: {
          role: nominative(m[1].trim(), clause),
          amount: money.amount,
          unit: r.value.unit,
          currency: money.currency ?? r.value.currency,
          changed: moneys.length >= 2,
        },
        start: sentence.start + semi + 1 + (clause.length - clause.trimStart().length),
        end: money.end,
      });
    }
  }
  return out;
}

/** A line that is only a new side's lead before its amount ("New: ", "- Neu: ", "Nouveau : "). */
const NEW_LEAD_LINE = /^\s*(?:[-*•]\s*)?(?:new|neu|künftig|nouveau)\s*:\s*$/iu;
/** A line that opens with an old or new side's lead. */
const LEAD_LINE = /^\s*(?:[-*•]\s*)?(?:old|new|previous|alt|neu|bisher|künftig|ancien|nouveau)\s*:/iu;

/**
 * The role of a rate whose old and new leads start their own lines ("The hourly rate of the Analyst is changed.\nOld:
 * $100 per hour\nNew: $110 per hour"): the role the line above the leads names, or null.
 */
export function roleAboveLeads(text: string, at: number, prefix: string): string | null {
  if (!NEW_LEAD_LINE.test(prefix)) return null;
  let lineStart = text.lastIndexOf('\n', at - 1) + 1;
  for (let i = 0; i < 4 && lineStart > 0; i++) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(prevStart, lineStart - 1);
    lineStart = prevStart;
    if (LEAD_LINE.test(line) || !/\S/.test(line)) continue;
    return roleInSentence(line, null);
  }
  return null;
}
