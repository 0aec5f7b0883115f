import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm } from '../../../test/helpers/two-entity-firm.ts';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../../policy/roles.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { collectionsWorklist, collectionsWorklistList } from './collections-worklist.ts';
import { collectionsPrioritize } from './prioritize-collections.ts';

const now = new Date('2026-03-31T08:00:00Z');

describe(`the collections worklist by entity scope on ${backend}`, () => {
  let database: Database;
  const controller = (entityIds: string[] | null): Actor => ({
    userId: 'u-controller',
    roles: ['controller'],
    entityIds,
    onBehalfOf: null,
  });
  const caller = (actor: Actor): ToolCaller => ({
    actor,
    correlationId: 'scope',
    now,
    deps: { database, now: () => now },
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    await openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate: '2026-01-02', totalMinor: 500_000n });
    await openInvoice(database, { client: 'CL-B', contract: 'K-B', issueDate: '2026-02-10', totalMinor: 40_000n });
    const run = await callTool(caller(controller(null)), collectionsPrioritize, { asOf: '2026-03-31' });
    if (!run.ok) throw new Error(JSON.stringify(run.error));
  });
  afterAll(async () => database?.close());

  it('gives a person with no legal entities an empty worklist, not an error', async () => {
    const none = controller([]);
    const r = await collectionsWorklist(database, { actor: none, correlationId: 'scope', now }, {});
    expect(r.ok && { items: r.value.items, total: r.value.total, asOf: r.value.run?.asOf }).toEqual({
      items: [],
      total: 0,
      asOf: '2026-03-31',
    });
    const listed = await callTool(caller(none), collectionsWorklistList, {});
    expect(listed.ok ? { items: listed.value.items, total: listed.value.page.total } : listed.error).toEqual({
      items: [],
      total: 0,
    });
  });

  it('shows everything to a firm-wide person, and one entity when asked for it', async () => {
    const all = await callTool(caller(controller(null)), collectionsWorklistList, {});
    if (!all.ok) throw new Error(JSON.stringify(all.error));
    expect(all.value.items.map((i) => i.client).sort()).toEqual(['CL-A', 'CL-B']);
    const b = await callTool(caller(controller(null)), collectionsWorklistList, { legalEntity: 'LE-B' });
    expect(b.ok && b.value.items.map((i) => i.client)).toEqual(['CL-B']);
  });
});
