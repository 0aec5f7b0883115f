import { describe, expect, it } from 'vitest';
import { backend } from '../../test/helpers/db.ts';
import { call } from '../../test/helpers/api.ts';
import { useFirmApp } from '../../test/helpers/firm-app.ts';

type Body = { code?: string; message?: string; details?: Record<string, unknown> };

/** The agent never decides: approving, refusing or resolving is for a person, whoever the agent acts for. */
describe(`the agent asked to decide over HTTP on ${backend}`, () => {
  const env = useFirmApp();
  const asAgentFor = (role: 'controller' | 'finance_admin' | 'project_manager') => ({
    key: env.users.key.agent,
    headers: { 'x-on-behalf-of': env.users.email(role) },
  });

  it('answers 403 AGENT_CANNOT_DECIDE saying the agent never approves, not which roles the route needs', async () => {
    const t = env.targets;
    const asks: [string, string, unknown, 'controller' | 'finance_admin' | 'project_manager'][] = [
      ['invoice.approve', `/invoices/${t.invoiceA}/approve`, {}, 'controller'],
      ['approval.grant', `/approvals/${t.approvalRequestA}/grant`, {}, 'controller'],
      ['approval.reject', `/approvals/${t.approvalRequestA}/reject`, { reason: 'no' }, 'finance_admin'],
      [
        'exception.resolve',
        `/exceptions/${t.exceptionA}/resolve`,
        { resolutionCode: 'approved_as_is', note: 'ok' },
        'controller',
      ],
      ['time_entries.approve', '/time-entries/approve', { ids: t.submittedTimeA }, 'project_manager'],
      ['expenses.approve', '/expenses/approve', { ids: t.submittedExpenseA }, 'project_manager'],
    ];
    for (const [action, path, body, role] of asks) {
      const res = await call<Body>(env.app, 'POST', path, { ...asAgentFor(role), body });
      expect(res, `${action} for a ${role}`).toMatchObject({
        status: 403,
        body: { code: 'AGENT_CANNOT_DECIDE', details: { action } },
      });
      expect(res.body.message).toMatch(/^the agent never approves or decides .*a person/);
      expect(res.body.message).not.toMatch(/needs one of the roles/);
    }
  });

  it('keeps FORBIDDEN, naming the roles, for a route the agent may not use that decides nothing', async () => {
    const res = await call<Body>(env.app, 'POST', '/payments', {
      ...asAgentFor('finance_admin'),
      body: {
        client: 'CL-A',
        amount: '1.00',
        currency: 'USD',
        receivedOn: '2026-10-30',
        method: 'bank_transfer',
        bankReference: 'AGENT-1',
        allocations: [],
      },
    });
    expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
  });
});
