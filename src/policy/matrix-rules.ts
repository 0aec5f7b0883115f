import { Dec, dec } from '../shared/decimal.ts';
import { format, money, type Money } from '../shared/money.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { canonicalJson } from '../billing/audit/canonical-json.ts';
import { accountChangeText } from '../billing/collections/bank-account.ts';
import type { Action, ActionOf, ClientBillingDetails } from './actions.ts';
import type { AmountRule, ApprovalMatrix } from './approval-matrix.ts';
import { movingInvoicesText } from './moving-invoices.ts';
import type { ApprovalStep } from './decision.ts';
import type { PolicyFacts, ReleasedHold, SubmittedDisputeRisk } from './facts.ts';
import { APPROVER_ROLES, type ApproverRole, type Role } from './roles.ts';

/** One rule's demand: these roles, in order, for this reason. */
export interface Requirement {
  roles: readonly ApproverRole[];
  reason: string;
}

type MatrixDeny = { code: 'CURRENCY_NOT_IN_MATRIX'; reason: string };

/**
 * What the approval matrix requires for an action, given the facts: zero or more requirements.
 * actorRoles are the roles the action is taken with (a release needs the exception's owner unless
 * the resolver is one); left out, the plan is the one for whoever takes it.
 */
export function requirementsFor(
  action: Action,
  facts: PolicyFacts,
  matrix: ApprovalMatrix,
  actorRoles: readonly Role[] = [],
): Result<Requirement[], MatrixDeny> {
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
        out.push({
          roles: matrix.lowMargin.roles,
          reason: `margin ${margin}% is below ${matrix.lowMargin.belowPercent}%`,
        });
      }
      const open = need(facts.openExceptionCount, 'openExceptionCount', action.type);
      if (open > 0)
        out.push({
          roles: matrix.openExceptions.roles,
          reason: `${open} open exception${open === 1 ? '' : 's'} on the invoice`,
        });
      if (need(facts.projectOnHold, 'projectOnHold', action.type))
        out.push({ roles: matrix.projectOnHold.roles, reason: 'the project is on hold' });
      if (need(facts.discountBeyondContract, 'discountBeyondContract', action.type)) {
        out.push({ roles: matrix.discountBeyondContract.roles, reason: 'discounts go beyond the contract' });
      }
      const released = need(facts.releasedHolds, 'releasedHolds', action.type);
      if (released.length > 0 && matrix.heldRelease.invoiceApproval.length > 0) {
        out.push({
          roles: matrix.heldRelease.invoiceApproval,
          reason: `held money was released onto the invoice: ${released.map(describeRelease).join('; ')}`,
        });
      }
      const risk = need(facts.disputeRisk, 'disputeRisk', action.type);
      if (risk && matrix.disputeRisk.roles.length > 0 && disputeRiskFlagged(risk.probability, matrix)) {
        out.push({ roles: matrix.disputeRisk.roles, reason: describeDisputeRisk(risk, matrix) });
      }
      break;
    }
    case 'exception.resolve': {
      const r = heldReleaseRequirements(
        need(facts.heldRelease, 'heldRelease', action.type),
        matrix.heldRelease,
        actorRoles,
      );
      if (!r.ok) return r;
      out.push(...r.value);
      break;
    }
    case 'client.change_billing_details':
      out.push(...clientRequirements(action.args, matrix));
      break;
    case 'legal_entity.change_bank_account':
      // Any change, whatever its size (there is no amount): the masked accounts name it in the approvers' reason.
      out.push({
        roles: matrix.legalEntityBankAccount.roles,
        reason: accountChangeText(action.args.before, action.args.after),
      });
      break;
    case 'project.change_status': {
      const { before, after } = action.args;
      const roles =
        after === 'on_hold'
          ? matrix.projectStatus.onHold
          : after === 'closed'
            ? matrix.projectStatus.close
            : matrix.projectStatus.reactivate;
      if (roles.length > 0) out.push({ roles, reason: `the project goes from ${before} to ${after}` });
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
  // A role the matrix's levels leave out (an exception's owner) is never dropped: it comes last.
  const order = [...levelOrder, ...APPROVER_ROLES.filter((r) => !levelOrder.includes(r))];
  return order
    .filter((role) => reasons.has(role))
    .map((role, i) => ({ level: i + 1, role, reason: (reasons.get(role) ?? []).join('; ') }));
}

/**
 * True when a dispute probability (a decimal string, 0 to 1) is at or above the matrix's review
 * threshold: the pre-send check's flag, decided here so that the model only supplies a number.
 * @example disputeRiskFlagged('0.5', matrix) // true under the default 50%
 */
export const disputeRiskFlagged = (probability: string, matrix: ApprovalMatrix): boolean =>
  dec(probability).times(100).gte(dec(matrix.disputeRisk.atLeastPercent));

function describeDisputeRisk(risk: SubmittedDisputeRisk, matrix: ApprovalMatrix): string {
  const pct = dec(risk.probability).times(100).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toString();
  const model = risk.modelVersion === null ? 'the prior' : `model version ${risk.modelVersion}`;
  return (
    `review recommended: dispute risk ${pct}% at submission is at or above ${matrix.disputeRisk.atLeastPercent}% ` +
    `(${model}): ${risk.reasons.join(' / ')}`
  );
}

const shown = (m: Money) => `${format(m)} ${m.currency}`;

function describeRelease(r: ReleasedHold): string {
  const approved = r.approvedBy.length ? `approved by ${r.approvedBy.join(', ')}` : 'without approval';
  return `${shown(r.amount)} (${r.exceptionType} ${r.exceptionId}, resolved by ${r.resolvedBy ?? 'unknown'}, ${approved})`;
}

/** Releasing held money: the exception's owner (unless the resolver is one), then the amount tiers. */
function heldReleaseRequirements(
  release: NonNullable<PolicyFacts['heldRelease']> | null,
  rule: ApprovalMatrix['heldRelease'],
  actorRoles: readonly Role[],
) {
  const out: Requirement[] = [];
  if (release === null || release.amount.amountMinor === 0n) return ok(out);
  const owner = APPROVER_ROLES.find((r) => r === release.ownerRole);
  if (rule.ownerApproves && owner && !actorRoles.includes(owner)) {
    out.push({
      roles: [owner],
      reason: `releases ${shown(release.amount)} held by a ${release.exceptionType} exception that the ${owner} owns`,
    });
  }
  const byAmount = amountRequirement(rule, release.amount, 'held money released');
  if (!byAmount.ok) return byAmount;
  if (byAmount.value) out.push(byAmount.value);
  return ok(out);
}

/**
 * A client's billing details: each part that changes brings its own rule. Moving the client to another legal entity
 * changes the account its invoices and reminders print, so it is approved like that account (legalEntityBankAccount,
 * at least one role): the reason names both entities and both accounts, masked.
 */
function clientRequirements(args: ActionOf<'client.change_billing_details'>['args'], matrix: ApprovalMatrix) {
  const { before, after } = args;
  const rule = matrix.clientBillingDetails;
  const out: Requirement[] = [];
  const differs = (k: keyof ClientBillingDetails) =>
    canonicalJson(before[k] ?? null) !== canonicalJson(after[k] ?? null);
  const emails = (d: ClientBillingDetails) => d.billingContacts.map((c) => c.email).join(', ') || 'none';
  const limit = (d: ClientBillingDetails) =>
    d.creditLimit ? `${d.creditLimit.amount} ${d.creditLimit.currency}` : 'none';
  const parts: [Exclude<keyof ClientBillingDetails, 'legalEntity'>, string][] = [
    ['billingContacts', `billing contacts ${emails(before)} -> ${emails(after)}`],
    ['deliveryChannel', `delivery channel ${before.deliveryChannel} -> ${after.deliveryChannel}`],
    ['creditLimit', `credit limit ${limit(before)} -> ${limit(after)}`],
    ['accountManager', `account manager ${before.accountManager ?? 'none'} -> ${after.accountManager ?? 'none'}`],
  ];
  for (const [k, reason] of parts) if (differs(k) && rule[k].length > 0) out.push({ roles: rule[k], reason });
  const [from, to] = [before.legalEntity, after.legalEntity];
  if (from.code !== to.code)
    out.push({
      roles: matrix.legalEntityBankAccount.roles,
      reason: `legal entity ${from.code} -> ${to.code}, ${accountChangeText(from.bankAccount, to.bankAccount)}${movingContracts(args.contracts)}${args.invoices?.length ? `, ${movingInvoicesText(args.invoices)}` : ''}`,
    });
  return out;
}

/** How many of the client's contracts move with it, and which (the first five), for the approvers' reason. */
function movingContracts(codes: readonly string[] | undefined): string {
  if (codes === undefined) return '';
  if (codes.length === 0) return ', no contract moves with it';
  const shown = codes.slice(0, 5).join(', ') + (codes.length > 5 ? `, and ${codes.length - 5} more` : '');
  return `, ${codes.length} ${codes.length === 1 ? 'contract moves' : 'contracts move'} with it (${shown})`;
}

function amountRequirement(rule: AmountRule, amount: Money, label: string): Result<Requirement | null, MatrixDeny> {
  const tiers = rule.tiers[amount.currency];
  if (!tiers) {
    return err({
      code: 'CURRENCY_NOT_IN_MATRIX',
      reason: `the approval matrix has no ${label} thresholds in ${amount.currency}`,
    });
  }
  const abs = amount.amountMinor < 0n ? -amount.amountMinor : amount.amountMinor;
  const tier = [...tiers].reverse().find((t) => abs > t.overMinor);
  if (tier) {
    const shown = `${format(amount)} ${amount.currency}`;
    return ok({
      roles: tier.roles,
      reason: `${label} ${shown} is over ${format(money(tier.overMinor, amount.currency))} ${amount.currency}`,
    });
  }
  return ok(rule.roles.length > 0 ? { roles: rule.roles, reason: `every ${label} needs approval` } : null);
}

function need<T>(value: T | undefined, name: string, type: string): T {
  // Facts come from the use case, not from a person or a model: a missing one is a bug.
  if (value === undefined) throw new Error(`policy: ${type} needs the fact ${name}`);
  return value;
}
