import type { ErrorCodeOf } from '../shared/error-codes.ts';
import type { ApproverRole } from './roles.ts';

/** One level of a required approval: who must approve and why. Levels are approved in order, 1 first. */
export interface ApprovalStep {
  level: number;
  role: ApproverRole;
  reason: string;
}

/** Why an action is refused outright (each an error code of kind forbidden, src/shared/error-codes.ts). */
export type DenyCode = ErrorCodeOf<
  | 'ROLE_NOT_PERMITTED'
  | 'ENTITY_OUT_OF_SCOPE'
  | 'AGENT_WITHOUT_PRINCIPAL'
  | 'DELEGATION_NOT_ALLOWED'
  /** The agent asked to approve, refuse or resolve something: only a person decides. */
  | 'AGENT_CANNOT_DECIDE'
  | 'AGENT_CANNOT_CHANGE_POLICY'
  /** A service identity (scheduler, job worker, import, webhook, chat adapter) asked to approve or decide: only a person does. */
  | 'SERVICE_CANNOT_DECIDE'
  | 'SOD_PREPARER_CANNOT_APPROVE'
  | 'SOD_INITIATOR_CANNOT_APPROVE'
  | 'SOD_ONE_LEVEL_PER_APPROVER'
  | 'SOD_APPROVER_CANNOT_EXECUTE'
  | 'SOD_OWN_TIME_ENTRIES'
  | 'SOD_OWN_EXPENSES'
  /** Issuing oneself a key or linking oneself to a chat id: another administrator does it. */
  | 'SOD_OWN_ACCESS'
  /** Marking another person's approval notices read: each person marks their own. */
  | 'NOT_OWN_NOTICES'
  /** The console operator asked to set up master data or access once an administrator can act. */
  | 'OPERATOR_AFTER_SETUP'
  | 'APPROVAL_STEP_UNKNOWN'
  | 'APPROVAL_OUT_OF_ORDER'
  | 'APPROVER_LACKS_ROLE'
  | 'CURRENCY_NOT_IN_MATRIX'
>;

/** What policy says about one proposed action, under which version of the approval matrix. */
export type PolicyDecision =
  | { outcome: 'allow'; matrixVersion: number }
  | { outcome: 'require_approval'; steps: ApprovalStep[]; matrixVersion: number }
  | { outcome: 'deny'; code: DenyCode; reason: string; matrixVersion: number };
