import type { Role } from '../../policy/roles.ts';

/** Who trains risk models and runs the prioritization (the nightly job will run as a service identity). */
export const COLLECTIONS_RUNNERS: readonly Role[] = ['controller', 'finance_admin'];
/**
 * Who sees every collector's worklist, and the copilot reading for one of them (a read checks the
 * person's roles too, and the worklist filters by the person, never by the agent's own identity).
 */
export const WORKLIST_SUPERVISORS: readonly Role[] = ['controller', 'finance_admin', 'auditor', 'agent'];
/** Who reads worklists and risk scores at all (the copilot for them: "what is on my worklist today?"). */
export const WORKLIST_READERS: readonly Role[] = [...WORKLIST_SUPERVISORS, 'collector', 'account_manager'];
/** Who assigns collectors and segments to clients. */
export const COLLECTOR_ASSIGNERS: readonly Role[] = ['controller', 'finance_admin'];
