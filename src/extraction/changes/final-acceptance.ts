import type { RuleContext } from '../rules/context.ts';
import { findDates } from '../rules/dates.ts';
import type { SowTerms } from '../sow-terms.ts';
import { fieldOf } from './change-field.ts';
import type { ProposedContractChange } from './proposed-change.ts';
import type { PushChange } from './row-changes.ts';

/** The work's last acceptance or handover to happen by a date: "The final handover is … not later than D". */
const BY_DATE =
  /(?<![\p{L}])(?:(?:no|not)\s+later\s+than|completion\s+date|spätestens|au\s+plus\s+tard|by|until|bis)(?![\p{L}])/iu;

/**
 * Where the schedule's last payment stage moves and a sentence then says the work is to be accepted, handed over or
 * finished by that stage's new date ("Die Endabnahme soll damit spätestens am D erfolgen", "la recette définitive doit
 * intervenir au plus tard le D"), the end of the work moves with it: from the stage's old date to its new one. Each
 * clause of a sentence is read on its own ("… est reporté du A au B ; la vérification doit être prononcée au plus tard
 * le B").
 */
export function finalAcceptance(
  ctx: RuleContext,
  out: ProposedContractChange[],
  terms: SowTerms,
  includesHours: boolean,
  inOld: (at: number) => boolean,
  push: PushChange,
): void {
  if (out.some((c) => c.field === 'endDate')) return;
  const moved = out.filter((c) => c.field === 'milestones.dueDate' && c.from !== null);
  const last = moved.reduce<ProposedContractChange | null>((a, c) => (a === null || c.to > a.to ? c : a), null);
  if (!last) return;
  for (const s of ctx.sentences) {
    let at = s.start;
    for (const clause of ctx.text.slice(s.start, s.end).split(';')) {
      const start = at;
      at += clause.length + 1;
      if (/[|\t]/.test(clause) || !BY_DATE.test(clause)) continue;
      const dates = findDates(clause, ctx.dateOrder, start).filter((d) => !inOld(d.start));
      if (dates.length !== 1 || dates[0]?.iso !== last.to) continue;
      if (fieldOf(clause, 'date', terms, includesHours, null)?.field !== 'endDate') continue;
      push({ field: 'endDate', key: null }, last.from, last.to, start, start + clause.length, last.effectiveDate);
      return;
    }
  }
}
