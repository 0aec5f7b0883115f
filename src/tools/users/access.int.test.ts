import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditLog } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { operatorActor } from '../../policy/service-identities.ts';
import type { Actor } from '../../policy/roles.ts';
import { createTestDatabase } from '../../../test/helpers/db.ts';
import { callTool } from '../call-tool.ts';
import { usersCreate } from './create-user.ts';
import { usersIssueKey } from './issue-key.ts';
import { usersLinkChat } from './link-chat.ts';
import { usersRevokeKey } from './revoke-key.ts';

describe('who administers access', () => {
  let database: Database;
  let n = 0;
  const call = <T extends Parameters<typeof callTool>[1]>(actor: Actor, tool: T, input: unknown) =>
    callTool(
      { actor, correlationId: `access-${++n}`, now: new Date(), deps: { database, now: () => new Date() } },
      tool,
      input,
    );
  const operator = operatorActor('setup');
  const person = (id: string): Actor => ({ userId: id, roles: ['finance_admin'], entityIds: null, onBehalfOf: null });
  const code = (r: { ok: boolean; error?: { code: string; policyCode?: string } }) =>
    r.ok ? 'ok' : `${r.error!.code}/${r.error!.policyCode ?? ''}`;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('lets the console operator add users until an administrator can act, audited as cli:<os user>, then refuses it', async () => {
    const clerk = await call(operator, usersCreate, {
      email: 'c@a.example',
      name: 'C',
      roles: ['billing_clerk'],
      entities: null,
    });
    expect(code(clerk)).toBe('ok');
    const admin = await call(operator, usersCreate, {
      email: 'fa@a.example',
      name: 'FA',
      roles: ['finance_admin'],
      entities: null,
    });
    expect(code(admin)).toBe('ok');
    const rows = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.create'));
    expect(rows.map((r) => r.actorId)).toEqual(['cli:setup', 'cli:setup']);
    const late = await call(operator, usersCreate, {
      email: 'x@a.example',
      name: 'X',
      roles: ['controller'],
      entities: null,
    });
    expect(code(late)).toBe('FORBIDDEN/OPERATOR_AFTER_SETUP');
    // The administrator acts instead; were their only key revoked, the operator could set access up again (break glass).
    const adminId = admin.ok ? (admin.value as { userId: string; keyId: string }).userId : '';
    expect(
      code(
        await call(person(adminId), usersCreate, {
          email: 'x@a.example',
          name: 'X',
          roles: ['controller'],
          entities: null,
        }),
      ),
    ).toBe('ok');
    const keyId = admin.ok ? (admin.value as { keyId: string }).keyId : '';
    expect(code(await call(person(adminId), usersRevokeKey, { keyId }))).toBe('ok');
    expect(code(await call(operator, usersIssueKey, { email: 'fa@a.example' }))).toBe('ok');
  });

  it('refuses an administrator issuing a key or linking a chat id to themselves, and anyone outside the admin role', async () => {
    const self = person('self-admin');
    const added = await call(person('other-admin'), usersCreate, {
      email: 'self@a.example',
      name: 'Self',
      roles: ['finance_admin'],
      entities: null,
    });
    const selfId = added.ok ? (added.value as { userId: string }).userId : '';
    const me = { ...self, userId: selfId };
    expect(code(await call(me, usersIssueKey, { email: 'self@a.example' }))).toBe('SOD_VIOLATION/SOD_OWN_ACCESS');
    expect(
      code(await call(me, usersLinkChat, { email: 'self@a.example', provider: 'slack', externalId: 'USELF' })),
    ).toBe('SOD_VIOLATION/SOD_OWN_ACCESS');
    const controller: Actor = { userId: 'ctl', roles: ['controller'], entityIds: null, onBehalfOf: null };
    expect(
      code(
        await call(controller, usersCreate, { email: 'y@a.example', name: 'Y', roles: ['controller'], entities: null }),
      ),
    ).toBe('FORBIDDEN/ROLE_NOT_PERMITTED');
    const agent: Actor = {
      userId: 'agent',
      roles: ['agent'],
      entityIds: null,
      onBehalfOf: { userId: 'other-admin', roles: ['finance_admin'], entityIds: null },
    };
    expect(code(await call(agent, usersIssueKey, { email: 'c@a.example' }))).toBe(
      'FORBIDDEN/AGENT_CANNOT_CHANGE_POLICY',
    );
  });

  it('takes no idempotency key for an entry that answers a new key, so no key is ever stored for a replay', async () => {
    const r = await callTool(
      {
        actor: person('other-admin'),
        correlationId: 'idem',
        now: new Date(),
        deps: { database, now: () => new Date() },
      },
      usersIssueKey,
      { email: 'c@a.example' },
      { idempotencyKey: 'issue-once' },
    );
    expect(code(r)).toBe('INVALID_IDEMPOTENCY_KEY/');
  });
});
