/**
 * Milestones restated in prose, as amendments write them: 'The milestone "Pilot live" is moved from
 * 31 March 2028 to 30 April 2028; its amount rises from … to …', 'Der Zahlungsmeilenstein „Endabnahme"
 * wird vom 31.01.2029 auf den 30.04.2029 verschoben', 'Le jalon « Recette usine » est reporté du
 * 29 septembre au 30 novembre 2028 (montant inchangé : 57 600,00 € HT)'. The milestone is named in
 * quotes after its word; its date and amount are the last of each in its clause (the new ones).
 */
import type { RuleContext } from './context.ts';
import { matches } from './context.ts';
import { findDates } from './dates.ts';
import { findMoney } from './money.ts';
import { type MilestoneFound, originalText } from './milestones.ts';

/** The milestone's word, then its name in quotes of any kind. */
const NAMED_MILESTONE =
  /(?:milestone|(?<![\p{L}])[\p{L}]*meilenstein|(?<![\p{L}])jalon|(?<![\p{L}])étape|(?<![\p{L}])instal?lment|(?<![\p{L}])tranche|(?<![\p{L}])stage|(?<![\p{L}])échéance|(?<![\p{L}])(?:teilzahlungs|abschlags|zahlungs)?rate)(?:\s+(?:no\.\s?|nr\.\s?|n°\s?)?\d{1,2}\b)?\s+(?:["„“”«‘'‚]\s?)([^"„“”«»‘’'\n]{2,80}?)\s?["“”»’']/giu;
/** Words that say the milestone's date or amount is changed (as written, or as the lexicon reads them). */
const CHANGED =
  /\b(?:mov(?:es|ed)|postpone[sd]|deferred|rescheduled|brought\s+forward|shifted|instead\s+of|carried\s+over|changed|amended|replaced|now\s+(?:due|falls?)|rises?|falls?|increased|reduced|decreased)\b|verschoben|verlegt|(?<![\p{L}])(?:an)?statt(?![\p{L}])|geändert|steigt|sinkt|erhöht|reduziert|report[ée]|décal[ée]|avanc[ée]|modifi[ée]|porté|ramené|au\s+lieu\s+d/iu;
/**
 * The clause runs to the end of its paragraph or numbered item (its next sentence may give the amount: "Son
 * montant est porté de … à …"), or to where the next milestone is named.
 */
const CLAUSE_END =
  /\n[ \t]*\n|\n[ \t]*(?:\d+(?:\.\d+)*[.)]|\(?[a-z]\)|§|Art(?:icle|\.)|[-*•])[ \t]|(?:milestone|meilenstein|jalon|étape|instal?lment|tranche|stage|échéance|rate)(?:\s+\d{1,2})?\s+["„“”«‘'‚]/iu;
/** A date or amount the clause says is replaced: "au lieu du 30 avril 2028", "statt am 31.03.2028", "(previously …)". */
const REPLACED_BEFORE =
  /(?:instead\s+of|previously|formerly|(?:an)?statt|bisher|au\s+lieu|précédemment|auparavant|initialement)(?:\s+(?:the|am|dem|zum|von|de|du|des|d['’]|le|la|l['’]))*\s*$/iu;

function clauseEnd(rest: string, from: number): number {
  const m = CLAUSE_END.exec(rest.slice(from));
  return m ? from + m.index : rest.length;
}

export function proseMilestones(ctx: RuleContext): MilestoneFound[] {
  const out: MilestoneFound[] = [];
  for (const m of matches(ctx, NAMED_MILESTONE)) {
    // "Rate" names an instalment in German only; in English a quoted rate is a role's price.
    if (/^(?:zahlungs)?rate\b/iu.test(m[0]) && ctx.language !== 'de') continue;
    const rest = ctx.current.slice(m.index, m.index + 400);
    const end = clauseEnd(rest, m[0].length);
    const clause = rest.slice(0, end);
    // The document's own clause too: the rules' text blanks what a clause says is replaced ("statt am …"), which may
    // take the new date with it.
    const ownRest = ctx.original.slice(ctx.toOriginal(m.index), ctx.toOriginal(m.index) + 400);
    const own = ownRest.slice(0, clauseEnd(ownRest, m[0].length));
    if (!CHANGED.test(clause) && !CHANGED.test(own)) continue;
    const nameAt = m.index + m[0].indexOf(m[1] ?? '');
    const name = originalText(ctx, nameAt, nameAt + (m[1] ?? '').length).trim();
    const after = clause.slice(m[0].length);
    const ownAfter = own.slice(Math.min(own.length, own.indexOf(name) + name.length));
    const read = <T>(find: (s: string) => T[]): T[] => {
      const found = find(after);
      return found.length > 0 ? found : find(ownAfter);
    };
    const current = <T extends { start: number }>(s: string, found: T[]): T[] =>
      found.filter((f) => !REPLACED_BEFORE.test(s.slice(Math.max(0, f.start - 30), f.start)));
    const dates = read((s) => current(s, findDates(s, ctx.dateOrder)));
    const money = read((s) => current(s, findMoney(s, ctx.numberStyle)));
    if (!/\p{L}{2}/u.test(name) || (dates.length === 0 && money.length === 0)) continue;
    if (out.some((o) => o.value.name === name)) continue;
    out.push({
      value: { name, amount: money.at(-1)?.amount ?? null, percent: null, dueDate: dates.at(-1)?.iso ?? null },
      start: m.index,
      end: m.index + end,
    });
  }
  return out;
}
