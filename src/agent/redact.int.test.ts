import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type Database, queryRows } from '../db/client.ts';
import { invoices } from '../db/schema/index.ts';
import { verifyAudit } from '../db/stores/audit-store.ts';
import type { Principal, Role } from '../policy/roles.ts';
import { bankStatementsImport } from '../tools/bank-statements/import-bank-statement.ts';
import { callTool } from '../tools/call-tool.ts';
import type { ToolDeps } from '../tools/define-tool.ts';
import { createTestUsers, type TestUsers } from '../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { loadFirm, smallFirm } from '../../test/helpers/firm.ts';
import { insertInvoice } from '../../test/helpers/invoices.ts';
import { startOpenAiStub, type OpenAiStub } from '../../test/helpers/openai-stub.ts';
import { modelEngine } from './model/model-engine.ts';
import { copilotChatModel } from './model/model-provider.ts';
import { runTurn, type ModelEngine, type TurnAnswer } from './turn.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');
const LLM_KEY = 'sk-test-0123456789-secret';
const PRODUCT_KEY = 'bc_Zk3v9QmX2LpR7tWcY1nB4hJ8sD6fG0aE5uI_oP-qKxM';
const WEBHOOK = 'https://hooks.slack.com/services/T0AAA/B0BBB/abcdefghijklmnopqrstuvwx';
const IBAN = 'DE89370400440532013000';
const IBAN_SPACED = 'DE89 3704 0044 0532 0130 00';
const PHONE = '+49 30 1234 5678';
const CONTACT = { name: 'Jane Doe', email: 'jane.doe@client-one.example', role: 'AP lead' };
const TAX_ID = 'US-TAX-98-7654321';
const STAFF_EMAIL = 'sam.senior@firm.example';

/** Nothing of these may be in any request body a model receives, for any role. */
const NEVER = [
  LLM_KEY,
  PRODUCT_KEY,
  WEBHOOK,
  IBAN,
  IBAN_SPACED,
  PHONE,
  CONTACT.name,
  CONTACT.email,
  TAX_ID,
  STAFF_EMAIL,
];

describe(`what the model path sends a model, against a local OpenAI-shaped stub on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let deps: ToolDeps;
  let stub: OpenAiStub;
  let engine: ModelEngine;
  let statementId: string;
  const person = (role: Role): Principal => ({ userId: users.ids[users.email(role)]!, roles: [role], entityIds: null });
  const ask = async (role: Role, text: string, threadId?: string): Promise<TurnAnswer> => {
    const r = await runTurn(deps, { person: person(role), text, threadId }, engine);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  /** Every request body the stub received since it was last scripted, as sent. */
  const sent = () => stub.requests.map((r) => r.raw).join('\n');
  const toolAnswers = () =>
    stub.requests.flatMap((r) => r.body.messages.filter((m) => m.role === 'tool').map((m) => String(m.content)));

  beforeAll(async () => {
    stub = await startOpenAiStub();
    const model = copilotChatModel(
      loadConfig({ LLM_BASE_URL: stub.baseUrl, LLM_API_KEY: LLM_KEY, LLM_MODEL: 'stub-model' }),
      { timeoutMs: 5_000 },
    )!;
    engine = modelEngine(model, 'stub-model', { toolCallLimit: 5, maxRetries: 0, initialDelayMs: 10 });
    database = await createTestDatabase();
    deps = { database, now: () => NOW };
    const firm = smallFirm();
    await loadFirm(
      database,
      smallFirm({
        clients: [{ ...firm.clients[0]!, taxId: TAX_ID, billingContacts: [CONTACT] }],
        people: firm.people.map((p) => (p.code === 'SAM' ? { ...p, email: STAFF_EMAIL } : p)),
      }),
    );
    users = await createTestUsers(database, 'LE-US');
    const posted = await insertInvoice(database, { totalMinor: 125_000n, status: 'posted', period: '2026-09' });
    await database.db
      .update(invoices)
      .set({ number: 'TUS-2026-0007', issueDate: '2026-10-01', dueDate: '2026-10-31' })
      .where(eq(invoices.id, posted));
    // A payment from a person's account, her phone and e-mail in the remittance.
    const imported = await callTool(
      {
        actor: { userId: person('collector').userId, roles: ['collector'], entityIds: null, onBehalfOf: null },
        correlationId: 'redact-bank',
        now: NOW,
        deps,
      },
      bankStatementsImport,
      {
        legalEntity: 'LE-US',
        content: [
          'date,amount,currency,reference,counterparty,account,remittance',
          `2026-11-02,50.00,USD,BK-1,${CONTACT.name},${IBAN},TUS-2026-0007 call ${PHONE} or ${CONTACT.email}`,
        ].join('\n'),
      },
    );
    if (!imported.ok) throw new Error(JSON.stringify(imported.error));
    statementId = imported.value.statementId;
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
    await stub?.close();
  });

  it("sends no key, webhook, contact, payer, IBAN, phone or tax id: not the person's, not the tools'", async () => {
    stub.script([
      {
        toolCalls: [
          { name: 'invoices_show', args: { ref: 'TUS-2026-0007' } },
          { name: 'clients_show', args: { code: 'CL1' } },
          { name: 'bank_statements_show', args: { id: statementId } },
        ],
      },
      { content: 'TUS-2026-0007 is part paid by BK-1.' },
    ]);
    const a = await ask(
      'collector',
      `Who paid TUS-2026-0007? My key is ${PRODUCT_KEY}, post to ${WEBHOOK}; ` +
        `she paid from ${IBAN_SPACED}, phone ${PHONE}.`,
    );
    // The three calls run side by side: their order in the log is the order they finished.
    expect(a.toolCalls.map((c) => `${c.tool} ${c.outcome}`).sort()).toEqual([
      'bank_statements_show ok',
      'clients_show ok',
      'invoices_show ok',
    ]);
    const body = sent();
    for (const s of NEVER) expect(body).not.toContain(s);
    // What the answer needs is there: the invoice, the client's company name, the bank line, a marker for the rest.
    const answers = toolAnswers().join('\n');
    for (const s of ['TUS-2026-0007', 'Client One', 'BK-1', '[withheld: personal data', '"taxId":"[withheld'])
      expect(answers).toContain(s);
    expect(a.reply).toBe('TUS-2026-0007 is part paid by BK-1.');
  });

  it("sends the thread's earlier messages masked too", async () => {
    stub.script([{ content: 'Noted.' }]);
    const first = await ask('collector', `keep ${PRODUCT_KEY} and ${IBAN} for later`);
    stub.script([{ content: 'Still noted.' }]);
    await ask('collector', 'what did I give you?', first.threadId);
    const body = sent();
    // The turn log kept the message with the key already scrubbed (bc_***); the model's copy masks the IBAN too.
    expect(body).toContain('keep bc_*** and <iban> for later');
    for (const s of NEVER) expect(body).not.toContain(s);
    const [stored] = await queryRows<{ message: string }>(
      database.db,
      sql`SELECT message FROM agent_turns WHERE id = ${first.turnId}::uuid`,
    );
    expect(stored!.message).not.toContain(PRODUCT_KEY);
    expect(stored!.message).toContain('keep bc_***');
  });

  it('sends cost rates for a role that may read them, never staff e-mail addresses', async () => {
    stub.script([{ toolCalls: [{ name: 'people_list', args: {} }] }, { content: 'Sam costs 110.00.' }]);
    await ask('controller', 'what does SAM cost?');
    const answers = toolAnswers().join('\n');
    expect(answers).toContain('"costRate":"110.0');
    expect(answers).toContain('Sam Senior');
    for (const s of NEVER) expect(sent()).not.toContain(s);
  });
});
