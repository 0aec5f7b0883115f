import { dec } from '../shared/decimal.ts';
import { format, money, type Money } from '../shared/money.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { Action } from './actions.ts';
import type { AmountRule, ApprovalMatrix } from './approval-matrix.ts';
import type { ApprovalStep } from './decision.ts';
import type { PolicyFacts } from './facts.ts';
import type { ApproverRole } from './roles.ts';

/** One rule's demand: these roles, in order, for this reason. */
export interface Requirement {
  roles: readonly ApproverRole[];
  reason: string;
}

type MatrixDeny = { code: 'CURRENCY_NOT_IN_MATRIX'; reason: string };

/** What the approval matrix requires for an action, given the facts: zero or more requirements. */
export function requirementsFor(action: Action, facts: PolicyFacts, matrix: ApprovalMatrix): Result<Requirement[], MatrixDeny> {
  const out: Requirement[] = [];
  const always = matrix.always[action.type as keyof ApprovalMatrix['always']];
  if (always) out.push({ roles: always, reason: `${action.type} always needs approval` });

  switch (action.type) {
    case 'invoice.approve': {
      const total = need(facts.invoiceTotal, 'invoiceTotal', action.type);
      const byTotal = amountRequirement(matrix.invoiceTotal, total, 'invoice total');
      if (!byTotal.ok) return byTotal;
      if (byTotal.value) out.push(byTotal.value);
      const margin = need(facts.marginPercent, 'marginPercent', action.type);
      if (margin === null) {
        out.push({ roles: matrix.lowMargin.roles, reason: 'margin cannot be computed (cost rates missing)' });
      } else if (dec(margin).lt(dec(matrix.lowMargin.belowPercent))) {
        out.push({ roles: matrix.lowMargin.roles, reason: `margin ${margin}% is below ${matrix.lowMargin.belowPercent}%` });
      }
      const open = need(facts.openExceptionCount, 'openExceptionCount', action.type);
      if (open > 0) out.push({ roles: matrix.openExceptions.roles, reason: `${open} open exception${open === 1 ? '' : 's'} on the invoice` });
      if (need(facts.projectOnHold, 'projectOnHold', action.type)) out.push({ roles: matrix.projectOnHold.roles, reason: 'the project is on hold' });
      if (need(facts.discountBeyondContract, 'discountBeyondContract', action.type)) {
        out.push({ roles: matrix.discountBeyondContract.roles, reason: 'discounts go beyond the contract' });
      }
      break;
    }
    case 'invoice.apply_discount':
      if (need(facts.discountBeyondContract, 'discountBeyondContract', action.type)) {
        out.push({ roles: matrix.discountBeyondContract.roles, reason: 'the discount goes beyond the contract' });
      }
      break;
    case 'invoice.credit_note':
    case 'invoice.write_off': {
      const rule = action.type === 'invoice.credit_note' ? matrix.creditNote : matrix.writeOff;
      const label = action.type === 'invoice.credit_note' ? 'credit note' : 'write-off';
      const r = amountRequirement(rule, need(facts.amount, 'amount', action.type), label);
      if (!r.ok) return r;
      if (r.value) out.push(r.value);
      break;
    }
    default:
      break;
  }
  return ok(out);
}

/**
 * Merges requirements into ordered approval levels: each role once, in the matrix's level order,
 * with the reasons of every rule that asked for it.
 * @example toSteps([{ roles: ['controller', 'finance_admin'], reason: 'total' }, { roles: ['controller'], reason: 'margin' }], order)
 * // [{ level: 1, role: 'controller', reason: 'total; margin' }, { level: 2, role: 'finance_admin', reason: 'total' }]
 */
export function toSteps(requirements: readonly Requirement[], levelOrder: readonly ApproverRole[]): ApprovalStep[] {
  const reasons = new Map<ApproverRole, string[]>();
  for (const req of requirements) {
    for (const role of req.roles) {
      const list = reasons.get(role) ?? [];
      if (!list.includes(req.reason)) list.push(req.reason);
      reasons.set(role, list);
    }
  }
  return levelOrder
    .filter((role) => reasons.has(role))
    .map((role, i) => ({ level: i + 1, role, reason: (reasons.get(role) ?? []).join('; ') }));
}

function amountRequirement(rule: AmountRule, amount: Money, label: string): Result<Requirement | null, MatrixDeny> {
  const tiers = rule.tiers[amount.currency];
  if (!tiers) {
    return err({ code: 'CURRENCY_NOT_IN_MATRIX', reason: `the approval matrix has no ${label} thresholds in ${amount.currency}` });
  }
  const abs = amount.amountMinor < 0n ? -amount.amountMinor : amount.amountMinor;
  const tier = [...tiers].reverse().find((t) => abs > t.overMinor);
  if (tier) {
    const shown = `${format(amount)} ${amount.currency}`;
    return ok({ roles: tier.roles, reason: `${label} ${shown} is over ${format(money(tier.overMinor, amount.currency))} ${amount.currency}` });
  }
  return ok(rule.roles.length > 0 ? { roles: rule.roles, reason: `every ${label} needs approval` } : null);
}

function need<T>(value: T | undefined, name: string, type: string): T {
  // Facts come from the use case, not from a person or a model: a missing one is a bug.
  if (value === undefined) throw new Error(`policy: ${type} needs the fact ${name}`);
  return value;
}
