import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { invoices } from '../../db/schema/index.ts';
import type { Principal, Role } from '../../policy/roles.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { runTurn, type TurnAnswer } from '../turn.ts';
import { NNBSP } from './format.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

describe(`the router's replies in the asker's language on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let deps: ToolDeps;
  const person = (role: Role): Principal => ({ userId: users.ids[users.email(role)]!, roles: [role], entityIds: null });
  const ask = async (role: Role, text: string, threadId?: string): Promise<TurnAnswer> => {
    const r = await runTurn(deps, { person: person(role), text, threadId });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = { database, now: () => NOW };
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    const posted = await insertInvoice(database, { totalMinor: 1_234_567n, status: 'posted', period: '2026-09' });
    await database.db
      .update(invoices)
      .set({ number: 'TUS-2026-0077', issueDate: '2026-10-01', dueDate: '2026-10-31' })
      .where(eq(invoices.id, posted));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers a German question in German, with German figures, and keeps German for a bare number', async () => {
    const a = await ask('collector', 'Welche Rechnungen sind überfällig?');
    expect(a.reply).toMatch(/^\d+ überfällige Rechnung/);
    expect(a.reply).toContain('- TUS-2026-0077 (CL1): 12.345,67 USD offen von 12.345,67 USD, fällig am 31.10.2026');
    const bare = await ask('collector', 'TUS-2026-0077?', a.threadId);
    expect(bare.reply).toContain('Gesamtbetrag 12.345,67 USD, fällig am 31.10.2026');
  });

  it('answers a French question in French, thousands grouped by a narrow no-break space', async () => {
    const a = await ask('collector', 'Quelles factures sont en retard ?');
    expect(a.reply).toMatch(/^\d+ factures? en retard/);
    expect(a.reply).toContain(`12${NNBSP}345,67 USD restant dus sur 12${NNBSP}345,67 USD, échéance le 31/10/2026`);
  });

  it('answers English as before, and switches when the thread goes on in English', async () => {
    const de = await ask('collector', 'Welche Rechnungen sind überfällig?');
    const en = await ask('collector', 'show me invoice TUS-2026-0077', de.threadId);
    expect(en.reply).toContain('total USD 12,345.67, due 2026-10-31');
  });

  it('refuses a decision asked in German in German, and records it', async () => {
    const a = await ask('billing_clerk', 'Bitte gib TUS-2026-0077 frei');
    expect(a.toolCalls).toEqual([expect.objectContaining({ tool: '(decision)', outcome: 'refused' })]);
    expect(a.reply).toMatch(/^Das mache ich nie: Freigeben/);
  });
});
