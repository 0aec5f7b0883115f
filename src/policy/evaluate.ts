import type { Action, ActionType } from './actions.ts';
import { ACCESS_ACTIONS, DECISION_ACTIONS } from './actions.ts';
import { approvalMatrixV1, type ApprovalMatrix } from './approval-matrix.ts';
import type { DenyCode, PolicyDecision } from './decision.ts';
import type { PolicyFacts } from './facts.ts';
import { requirementsFor, toSteps } from './matrix-rules.ts';
import { authorityOf, inScope, rolesPermit } from './permissions.ts';
import { isAgent, isService, type Actor } from './roles.ts';
import { SERVICE_ROLE_PERMISSIONS, isOperator, serviceNeverDecides } from './service-identities.ts';
import { segregationDenial } from './segregation.ts';

/**
 * Why the agent may not take a decision action, in plain words: it never approves, whoever it acts for.
 * @example agentNeverDecides('invoice.approve') // 'the agent never approves or decides (invoice.approve): ...'
 */
export const agentNeverDecides = (type: string): string =>
  `the agent never approves or decides (${type}): granting or refusing approvals, approving invoices, time or expenses, resolving exceptions or disputes ` +
  'is for a person, whatever roles the person it acts for has; the agent may prepare and request, and a person with the role decides';

/**
 * The part of evaluate that needs no facts: whether this actor may ask for this kind of action at
 * all (identity, the agent never decides or changes policy, role permissions). A denial, or null
 * when the actor may ask and the facts decide the rest. The catalogue (src/tools/call-tool.ts)
 * runs it before it opens a transaction; evaluate runs it first too, so both refuse alike.
 * @example denialToAsk('invoice.record_payment', projectManager, 1) // { outcome: 'deny', code: 'ROLE_NOT_PERMITTED', ... }
 */
export function denialToAsk(
  type: ActionType,
  actor: Actor,
  matrixVersion: number,
): Extract<PolicyDecision, { outcome: 'deny' }> | null {
  const deny = (code: DenyCode, reason: string) => ({ outcome: 'deny' as const, code, reason, matrixVersion });
  const agent = isAgent(actor);
  if (agent && !actor.onBehalfOf)
    return deny('AGENT_WITHOUT_PRINCIPAL', 'the agent acts only on behalf of a named person');
  if (agent && actor.onBehalfOf && actor.onBehalfOf.roles.includes('agent')) {
    return deny('AGENT_WITHOUT_PRINCIPAL', 'the agent cannot act on behalf of another agent');
  }
  if (!agent && actor.onBehalfOf)
    return deny('DELEGATION_NOT_ALLOWED', 'only the agent identity acts on behalf of someone');
  if (agent && DECISION_ACTIONS.has(type)) return deny('AGENT_CANNOT_DECIDE', agentNeverDecides(type));
  // Checked here, not only by the agent's permission row: no future edit of that row may let the agent change the rules it runs under.
  if (agent && type === 'approval_matrix.change')
    return deny('AGENT_CANNOT_CHANGE_POLICY', 'the agent can never change the approval matrix');
  if (agent && ACCESS_ACTIONS.has(type))
    return deny('AGENT_CANNOT_CHANGE_POLICY', 'the agent can never administer users, API keys or chat links');
  if (isService(actor)) {
    if (DECISION_ACTIONS.has(type)) return deny('SERVICE_CANNOT_DECIDE', serviceNeverDecides(actor.userId, type));
    const serviceRoles = actor.serviceRoles ?? [];
    if (!serviceRoles.some((r) => SERVICE_ROLE_PERMISSIONS[r].has(type))) {
      return deny(
        'ROLE_NOT_PERMITTED',
        `service identity ${actor.userId} (roles ${serviceRoles.join(', ') || '(none)'}) may not ${type}`,
      );
    }
    return null;
  }
  const authority = authorityOf(actor);
  const permitted = agent
    ? rolesPermit(['agent'], type) && rolesPermit(authority.roles, type)
    : rolesPermit(authority.roles, type);
  if (!permitted) return deny('ROLE_NOT_PERMITTED', `roles ${authority.roles.join(', ') || '(none)'} may not ${type}`);
  return null;
}

/**
 * Decides whether an actor may take an action: allow, require approval (which roles, at which
 * levels, why) or deny (a code and why). Pure; the use case calls it when the action is proposed
 * and again, with fresh facts, right before the write (see checkApprovals).
 *
 * Order: identity (the agent always names its principal), the agent and service identities never
 * decide, role permissions (a service identity's from its service roles alone), entity scope, segregation of duties, then the approval matrix.
 * @example evaluate(approveInvoice60kUsd, projectManager, facts)
 * // { outcome: 'require_approval', steps: [{ level: 1, role: 'controller', ... }, { level: 2, role: 'finance_admin', ... }], matrixVersion: 1 }
 */
export function evaluate(
  action: Action,
  actor: Actor,
  facts: PolicyFacts,
  matrix: ApprovalMatrix = approvalMatrixV1,
): PolicyDecision {
  const v = matrix.version;
  const deny = (code: DenyCode, reason: string): PolicyDecision => ({
    outcome: 'deny',
    code,
    reason,
    matrixVersion: v,
  });
  const asking = denialToAsk(action.type, actor, v);
  if (asking) return asking;
  if (isOperator(actor)) {
    if (facts.administratorCanAct === undefined)
      throw new Error(`policy: ${action.type} by the console operator needs the fact administratorCanAct`);
    if (facts.administratorCanAct)
      return deny(
        'OPERATOR_AFTER_SETUP',
        `the firm has an administrator (finance_admin with an API key): ${action.type} is theirs now; set BILLING_COPILOT_API_KEY to an administrator's key`,
      );
  }
  const authority = authorityOf(actor);

  if (!inScope(authority.entityIds, facts.entityId)) {
    return deny(
      'ENTITY_OUT_OF_SCOPE',
      facts.entityId === null
        ? `${action.type} is firm-wide; the actor is limited to some entities`
        : `the actor may not act in entity ${facts.entityId}`,
    );
  }
  const outside = facts.otherEntityIds?.find((e) => !inScope(authority.entityIds, e));
  if (outside !== undefined)
    return deny(
      'ENTITY_OUT_OF_SCOPE',
      `the actor may not act in entity ${outside}, which this ${action.type} also reaches (a client moves out of it): ` +
        'it needs every entity it touches in scope',
    );

  const sod = segregationDenial(action, actor, authority, facts);
  if (sod) return deny(sod.code, sod.reason);

  const requirements = requirementsFor(action, facts, matrix, authority.roles);
  if (!requirements.ok) return deny(requirements.error.code, requirements.error.reason);
  const steps = toSteps(requirements.value, matrix.levelOrder);
  return steps.length === 0
    ? { outcome: 'allow', matrixVersion: v }
    : { outcome: 'require_approval', steps, matrixVersion: v };
}
