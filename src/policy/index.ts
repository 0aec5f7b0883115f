export {
  ACTION_TYPES,
  DECISION_ACTIONS,
  type Action,
  type ActionOf,
  type ActionType,
  type ApprovableActionType,
  type Target,
  type TargetKind,
} from './actions.ts';
export {
  APPROVER_ROLES,
  ROLES,
  SERVICE_ROLES,
  isAgent,
  isService,
  type Actor,
  type ServiceRole,
  type ApproverRole,
  type Principal,
  type Role,
} from './roles.ts';
export type { PendingApprovalFacts, PolicyFacts } from './facts.ts';
export type { ApprovalStep, DenyCode, PolicyDecision } from './decision.ts';
export {
  approvalMatrixSchema,
  approvalMatrixV1,
  parseApprovalMatrix,
  type ApprovalMatrix,
  type MatrixInvalid,
} from './approval-matrix.ts';
export { ROLE_PERMISSIONS, authorityOf, rolesPermit, type Authority } from './permissions.ts';
export { denialToAsk, evaluate } from './evaluate.ts';
export { hashArguments } from './hash-arguments.ts';
export {
  approvalExpiresAt,
  checkApprovals,
  type Approval,
  type ApprovalCheckError,
  type ApprovalShortfall,
  type ApprovalsSatisfied,
  type ShortfallProblem,
} from './approvals.ts';
export {
  SERVICE_IDENTITIES,
  SERVICE_IDENTITY_NAMES,
  SERVICE_ROLE_PERMISSIONS,
  isServiceIdentityId,
  serviceActor,
  type ServiceIdentity,
  type ServiceIdentityName,
} from './service-identities.ts';
