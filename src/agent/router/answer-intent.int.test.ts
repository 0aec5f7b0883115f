import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { clients, invoices } from '../../db/schema/index.ts';
import type { Principal, Role } from '../../policy/roles.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { runTurn, type TurnAnswer } from '../turn.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

describe(`the router's clients and questions on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let deps: ToolDeps;
  const person = (role: Role): Principal => ({ userId: users.ids[users.email(role)]!, roles: [role], entityIds: null });
  const ask = async (role: Role, text: string): Promise<TurnAnswer> => {
    const r = await runTurn(deps, { person: person(role), text });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = { database, now: () => NOW };
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    const [cl1] = await database.db.select().from(clients).where(eq(clients.code, 'CL1'));
    const base = { legalEntityId: cl1!.legalEntityId, country: 'US' };
    await database.db.insert(clients).values([
      { ...base, code: 'ORCA', name: 'Orca Marine Ltd' },
      { ...base, code: 'SUM-A', name: 'Summit Advisory' },
      { ...base, code: 'SUM-P', name: 'Summit Partners' },
    ]);
    const posted = await insertInvoice(database, { totalMinor: 90_000n, status: 'posted', period: '2026-09' });
    await database.db
      .update(invoices)
      .set({ number: 'TUS-2026-0031', issueDate: '2026-10-01', dueDate: '2026-10-31' })
      .where(eq(invoices.id, posted));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('finds a client by its name in lower case, anywhere in the message', async () => {
    const a = await ask('controller', 'how much does orca marine still owe us');
    expect(a.toolCalls).toEqual([
      expect.objectContaining({ tool: 'invoices_list', args: expect.objectContaining({ client: 'ORCA' }) }),
    ]);
  });

  it('finds a client by a typo of its name after "for"', async () => {
    const a = await ask('collector', 'draft a reminder for Orcca');
    expect(a.toolCalls).toEqual([
      expect.objectContaining({ tool: 'invoices_list', args: expect.objectContaining({ client: 'ORCA' }) }),
    ]);
  });

  it('asks which client when a name fits two, and calls nothing', async () => {
    const a = await ask('collector', 'what is overdue for Summit?');
    expect(a.toolCalls).toEqual([]);
    expect(a.reply).toContain('SUM-A');
    expect(a.reply).toContain('SUM-P');
  });

  it('says it knows no such client rather than listing everyone', async () => {
    const a = await ask('collector', 'anything past due for Zephyrus?');
    expect(a.toolCalls).toEqual([]);
    expect(a.reply).toContain('I know no client "ZEPHYRUS"');
  });

  it('lists everything overdue when no client is named', async () => {
    const a = await ask('collector', 'who has not paid us yet');
    expect(a.toolCalls).toEqual([
      expect.objectContaining({ tool: 'invoices_list', args: { overdue: 'true', limit: 20 } }),
    ]);
    expect(a.reply).toContain('TUS-2026-0031');
  });

  it('asks for the month of a billing run given a quarter, and starts none', async () => {
    const a = await ask('billing_clerk', 'please kick off billing for Q3');
    expect(a.toolCalls).toEqual([]);
    expect(a.reply).toContain('which month of Q3 2026');
  });

  it('never takes "cancel" for a void, and "OK the invoice" is a refused decision', async () => {
    const cancel = await ask('billing_clerk', 'cancel TUS-2026-0031 please');
    expect(cancel.toolCalls).toEqual([]);
    expect(cancel.reply).toContain('void TUS-2026-0031 because');
    const ok = await ask('controller', 'OK the invoice TUS-2026-0031');
    expect(ok.toolCalls).toEqual([expect.objectContaining({ tool: '(decision)', outcome: 'refused' })]);
    const [row] = await database.db.select().from(invoices).where(eq(invoices.number, 'TUS-2026-0031'));
    expect(row!.status).toBe('posted');
  });
});
