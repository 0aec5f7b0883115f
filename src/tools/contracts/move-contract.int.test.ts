import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { call, type TestUsers } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { importBundleAs } from '../../../test/helpers/import-bundle.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { queryRows } from '../../db/client.ts';
import { clients, contracts, legalEntities } from '../../db/schema/index.ts';
import { httpStatusOfCode } from '../../shared/error-codes.ts';

type Body = Record<string, unknown> & { code?: string; details?: Record<string, unknown> };

/** The usage contract U-A exactly as the two-entity firm loads it (client CL-A, entity LE-A). */
const usageA = {
  code: 'U-A',
  client: 'CL-A',
  name: 'Usage A',
  models: ['usage'],
  currency: 'USD',
  startDate: '2026-01-01',
  taxJurisdiction: 'US',
  usage: { unit: 'call', tiers: [{ from: '0', upTo: null, unitPrice: '0.01' }] },
};

/** A contract's legal entity decides who issues its invoices: it changes only with its client's approved move. */
describe(`a contract given a client of another legal entity on ${backend}`, () => {
  const env = useFirmApp();
  const post = (role: keyof TestUsers['key'], body: unknown) =>
    call<Body>(env.app, 'POST', '/contracts', { key: env.users.key[role], body });
  const count = async (table: string) =>
    Number(
      (await queryRows<{ n: number }>(env.database.db, sql`SELECT count(*)::int AS n FROM ${sql.raw(table)}`))[0]!.n,
    );
  const where = async (code: string) => {
    const [row] = await env.database.db
      .select({ client: clients.code, entity: legalEntities.code })
      .from(contracts)
      .innerJoin(clients, eq(clients.id, contracts.clientId))
      .innerJoin(legalEntities, eq(legalEntities.id, contracts.legalEntityId))
      .where(eq(contracts.code, code));
    return row;
  };
  const importBundle = (bundle: unknown) =>
    importBundleAs(env.database, env.users.ids[env.users.email('finance_admin')]!, bundle);

  it('refuses contracts_upsert moving a contract that exists to a client of another entity (422), writing nothing', async () => {
    const [requests, audit] = [await count('approval_requests'), await count('audit_log')];
    for (const role of ['controller', 'finance_admin'] as const) {
      const res = await post(role, { ...usageA, client: 'CL-B' });
      expect(res).toMatchObject({
        status: 422,
        body: {
          code: 'CONTRACT_MOVE_REFUSED',
          details: { path: 'client', contract: 'U-A', from: 'LE-A', to: 'LE-B' },
        },
      });
      expect(String(res.body.message)).toContain('client CL-B would move contract U-A from LE-A to LE-B');
    }
    expect(httpStatusOfCode('CONTRACT_MOVE_REFUSED')).toBe(422);
    expect(await where('U-A')).toEqual({ client: 'CL-A', entity: 'LE-A' });
    expect([await count('approval_requests'), await count('audit_log')]).toEqual([requests, audit]);
  });

  it('refuses a person limited to the entity it would go to before anything else (403)', async () => {
    const res = await call<Body>(env.app, 'POST', '/contracts', {
      key: env.users.scopedKey.finance_admin,
      body: { ...usageA, client: 'CL-B' },
    });
    expect(res).toMatchObject({ status: 403, body: { code: 'ENTITY_OUT_OF_SCOPE' } });
  });

  it('still takes a contract given another client of its own entity, and a new contract for any client', async () => {
    const created = await post('billing_clerk', { ...usageA, code: 'U-NEW', client: 'CL-B', currency: 'EUR' });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(await where('U-NEW')).toEqual({ client: 'CL-B', entity: 'LE-B' });
    const bundle = await importBundle({ clients: [{ code: 'CL-A2', legalEntity: 'LE-A', name: 'A2', country: 'US' }] });
    expect(bundle.ok ? 'ok' : bundle.error).toBe('ok');
    const sameEntity = await post('controller', { ...usageA, client: 'CL-A2' });
    expect(sameEntity.status, JSON.stringify(sameEntity.body)).not.toBe(422);
  });

  describe('the master-data bundle', () => {
    it('refuses a bundle giving a contract that exists a client of another entity, whole, with nothing written', async () => {
      const audit = await count('audit_log');
      const fresh = { code: 'CL-BUNDLE-B', legalEntity: 'LE-B', name: 'Bundle client', country: 'NL' };
      for (const [bundle, client] of [
        [{ contracts: [{ ...usageA, client: 'CL-B' }] }, 'CL-B'],
        // A client the bundle creates in another entity takes no contract of LE-A along either.
        [{ clients: [fresh], contracts: [{ ...usageA, client: fresh.code }] }, fresh.code],
      ] as const) {
        const res = await importBundle(bundle);
        expect(res.ok ? 'ok' : res.error).toMatchObject({
          code: 'CONTRACT_MOVE_REFUSED',
          path: 'contracts.0.client',
          contract: 'U-A',
          from: 'LE-A',
          to: 'LE-B',
        });
        expect(res.ok ? '' : res.error.message).toContain(`client ${client} would move contract U-A from LE-A to LE-B`);
      }
      expect(await where('U-A')).toMatchObject({ entity: 'LE-A' });
      expect(await env.database.db.select().from(clients).where(eq(clients.code, 'CL-BUNDLE-B'))).toEqual([]);
      expect(await count('audit_log')).toBe(audit);
    });

    it('takes a bundle repeating a contract with a client of its entity, and creating one in any entity', async () => {
      const res = await importBundle({
        contracts: [
          { ...usageA, name: 'Usage A (renamed)' },
          { ...usageA, code: 'U-BUNDLE-B', client: 'CL-B', currency: 'EUR' },
        ],
      });
      expect(res.ok ? 'ok' : res.error).toBe('ok');
      expect([await where('U-A'), await where('U-BUNDLE-B')]).toEqual([
        { client: 'CL-A', entity: 'LE-A' },
        { client: 'CL-B', entity: 'LE-B' },
      ]);
    });
  });
});
