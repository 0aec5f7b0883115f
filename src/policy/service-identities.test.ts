import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, DECISION_ACTIONS, type ActionType } from './actions.ts';
import { evaluate } from './evaluate.ts';
import type { PolicyFacts } from './facts.ts';
import {
  SERVICE_IDENTITIES,
  SERVICE_IDENTITY_NAMES,
  SERVICE_ROLE_PERMISSIONS,
  isServiceIdentityId,
  serviceActor,
} from './service-identities.ts';
import { RUN_WORKER, SYSTEM_PREPARER } from '../billing/billing-run/run-billing.ts';
import { ENTITY, cleanInvoiceFacts, person, sampleAction } from './test-support.ts';

const factsFor = (type: ActionType): PolicyFacts =>
  cleanInvoiceFacts({
    entityId: type === 'approval_matrix.change' ? null : ENTITY,
    pendingApproval: {
      initiatorIds: ['requester'],
      steps: [{ level: 1, role: 'controller', reason: 'total' }],
      previousApprovals: [],
    },
    disputeOpenedBy: ['collector-1'],
  });

const cases = SERVICE_IDENTITY_NAMES.flatMap((name) => ACTION_TYPES.map((type) => [name, type] as const));

describe('service identities', () => {
  it.each(cases.filter(([, t]) => DECISION_ACTIONS.has(t)))('%s may never take the decision %s', (name, type) => {
    const d = evaluate(sampleAction(type), serviceActor(name), factsFor(type));
    expect(d).toMatchObject({ outcome: 'deny', code: 'SERVICE_CANNOT_DECIDE' });
    if (d.outcome === 'deny') expect(d.reason).toContain(`service:${name}`);
  });

  it.each(cases.filter(([, t]) => !DECISION_ACTIONS.has(t)))(
    '%s asks for %s only if one of its service roles permits it',
    (name, type) => {
      const permitted = SERVICE_IDENTITIES[name].roles.some((r) => SERVICE_ROLE_PERMISSIONS[r].has(type));
      const d = evaluate(sampleAction(type), serviceActor(name), factsFor(type));
      if (permitted) expect(d.outcome).not.toBe('deny');
      else expect(d).toMatchObject({ outcome: 'deny', code: 'ROLE_NOT_PERMITTED' });
    },
  );

  it('no service role lists a decision action', () => {
    for (const actions of Object.values(SERVICE_ROLE_PERMISSIONS))
      for (const a of actions) expect(DECISION_ACTIONS.has(a)).toBe(false);
  });

  it('a service identity never acts on behalf of a person', () => {
    const actor = {
      ...serviceActor('chat-slack'),
      onBehalfOf: { userId: 'u1', roles: ['controller' as const], entityIds: null },
    };
    expect(evaluate(sampleAction('invoice.submit'), actor, factsFor('invoice.submit'))).toMatchObject({
      outcome: 'deny',
      code: 'DELEGATION_NOT_ALLOWED',
    });
  });

  it('the scheduler starts billing runs; a person with no role does not gain its rights', () => {
    expect(
      evaluate(sampleAction('billing_run.start'), serviceActor('scheduler'), factsFor('billing_run.start')).outcome,
    ).toBe('allow');
    expect(
      evaluate(sampleAction('billing_run.start'), person('service:scheduler', []), factsFor('billing_run.start')),
    ).toMatchObject({ code: 'ROLE_NOT_PERMITTED' });
  });

  it('unattended billing runs prepare and settle as service identities, not as a bare string', () => {
    expect(SYSTEM_PREPARER).toBe(SERVICE_IDENTITIES.scheduler.id);
    expect(RUN_WORKER).toBe(SERVICE_IDENTITIES['job-worker'].id);
  });

  it('tells service ids from user ids', () => {
    expect(isServiceIdentityId('service:job-worker')).toBe(true);
    expect(isServiceIdentityId('service:root')).toBe(false);
    expect(isServiceIdentityId('3f1c2a9e-0000-4000-8000-000000000000')).toBe(false);
  });
});
