import type { Milestone } from '../sow-terms.ts';
import type { RuleContext } from './context.ts';
import { parseAmount } from './numbers.ts';

/** A note that a schedule row is new: "(new)", "(neu)", "(nouveau)", "(nouvelle étape)", "(added)". */
const NEW_NOTE = /\s*\((?:new|neu\w*|nouve(?:au|lle)|added|ajouté\w*|zusätzlich\w*)(?![\p{L}])[^)]*\)\s*$/iu;
/** An amount a flattened row left at the end of the name: "Discovery report 22,200.00", "Portal live BZ$32,550.00". */
const TRAILING_AMOUNT =
  /\s+(?:[A-Z]{0,3}\$|[$€£]|[A-Z]{3}\s?)?(\d{1,3}(?:[,.'’ ]\d{3})*[.,]\d{2})\s*(?:[$€£]|[A-Z]{3})?\s*$/u;

/**
 * A milestone's name as the schedule means it: without a note that the row is new, a dash left from a cell, or an
 * amount a flattened row put after the name (which is then the milestone's amount, the cell beside its name).
 */
export function tidyMilestone(ctx: RuleContext, m: Milestone): Milestone {
  let name = m.name.replace(NEW_NOTE, '').replace(/\s+[—–-]+\s*$/u, '');
  let amount = m.amount;
  const trailing = TRAILING_AMOUNT.exec(name);
  if (trailing && /\p{L}{3}/u.test(name.slice(0, trailing.index))) {
    const parsed = parseAmount(trailing[1] ?? '', ctx.numberStyle);
    if (parsed) {
      name = name.slice(0, trailing.index);
      amount = parsed;
    }
  }
  name = name.trim();
  return name === m.name && amount === m.amount ? m : { ...m, name, amount };
}
