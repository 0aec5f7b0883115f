import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { AIMessageChunk } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import OpenAI from 'openai';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { agentTurns, auditLog, invoices } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Principal, Role } from '../../policy/roles.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { startOpenAiStub, type OpenAiStub } from '../../../test/helpers/openai-stub.ts';
import { runTurn, type ModelEngine, type TurnAnswer } from '../turn.ts';
import { copilotChatModel } from './model-provider.ts';
import { modelEngine } from './model-engine.ts';

/**
 * The model's transport with the real `openai` client (through ChatOpenAI) against a local stub:
 * what the copilot asks for (a whole answer, not a stream), that a streamed answer's tool-call
 * deltas are assembled all the same, and a model that hangs, before or after its headers.
 */
const NOW = new Date('2026-11-20T10:00:00.000Z');
const KEY = 'sk-test-transport-0123456789';

describe(`the copilot's model transport against a local OpenAI-shaped stub on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let deps: ToolDeps;
  let stub: OpenAiStub;
  let posted: string;
  const person = (role: Role): Principal => ({ userId: users.ids[users.email(role)]!, roles: [role], entityIds: null });
  const ask = async (engine: ModelEngine, role: Role, text: string): Promise<TurnAnswer> => {
    const r = await runTurn(deps, { person: person(role), text, channel: 'chat' }, engine);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  const config = () => loadConfig({ LLM_BASE_URL: stub.baseUrl, LLM_API_KEY: KEY, LLM_MODEL: 'stub-model' });
  const auditRows = async () => (await database.db.select({ seq: auditLog.seq }).from(auditLog)).length;

  beforeAll(async () => {
    stub = await startOpenAiStub();
    database = await createTestDatabase();
    deps = { database, now: () => NOW };
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    posted = await insertInvoice(database, { totalMinor: 125_000n, status: 'posted', period: '2026-09' });
    await database.db
      .update(invoices)
      .set({ number: 'TUS-2026-0107', issueDate: '2026-10-01', dueDate: '2026-10-31' })
      .where(eq(invoices.id, posted));
  });
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
    await stub?.close();
  });

  it('asks the model for whole answers, never a stream (replies are redacted whole first)', async () => {
    const engine = modelEngine(copilotChatModel(config())!, 'stub-model', { maxRetries: 0 });
    stub.script([
      { toolCalls: [{ name: 'invoices_list', args: { overdue: 'true', client: 'CL1' } }] },
      { content: 'TUS-2026-0107 is overdue.' },
    ]);
    const a = await ask(engine, 'collector', 'What is overdue for CL1?');
    expect(a.reply).toBe('TUS-2026-0107 is overdue.');
    expect(stub.requests.map((r) => r.body.stream ?? false)).toEqual([false, false]);
  });

  it("consumes a streamed answer with the real openai client: the stub's tool-call deltas make one call", async () => {
    // The copilot never streams (above; docs/agent.md says why); the stub's stream is checked against the client
    // so that it stays a faithful stand-in: the call's id and name first, then its arguments in fragments.
    const client = new OpenAI({ apiKey: KEY, baseURL: stub.baseUrl, maxRetries: 0 });
    stub.script([{ toolCalls: [{ name: 'invoices_show', args: { invoiceId: posted, note: 'a "quoted" word' } }] }]);
    const stream = await client.chat.completions.create({
      model: 'stub-model',
      stream: true,
      messages: [{ role: 'user', content: 'Show me TUS-2026-0107' }],
    });
    const parts: { id?: string; name?: string; arguments: string } = { arguments: '' };
    let deltas = 0;
    let finish: string | null = null;
    for await (const c of stream) {
      const choice = c.choices[0]!;
      for (const t of choice.delta.tool_calls ?? []) {
        deltas += 1;
        parts.id ??= t.id;
        parts.name ??= t.function?.name;
        parts.arguments += t.function?.arguments ?? '';
      }
      finish = choice.finish_reason ?? finish;
    }
    expect(deltas).toBeGreaterThan(2);
    expect(finish).toBe('tool_calls');
    expect(parts.name).toBe('invoices_show');
    expect(JSON.parse(parts.arguments)).toEqual({ invoiceId: posted, note: 'a "quoted" word' });
    // ChatOpenAI's own stream assembles the same call from the deltas.
    stub.script([{ toolCalls: [{ name: 'invoices_show', args: { invoiceId: posted } }] }]);
    const model = new ChatOpenAI({
      model: 'stub-model',
      apiKey: KEY,
      maxRetries: 0,
      configuration: { baseURL: stub.baseUrl },
    });
    let whole: AIMessageChunk | undefined;
    for await (const c of await model.stream('Show me TUS-2026-0107')) whole = whole ? whole.concat(c) : c;
    expect(whole?.tool_calls).toEqual([
      expect.objectContaining({ name: 'invoices_show', args: { invoiceId: posted } }),
    ]);
    expect(stub.requests[0]!.body.stream).toBe(true);
  });

  for (const hang of ['before_headers', 'after_headers'] as const)
    it(`abandons a model that hangs ${hang.replace('_', ' ')}: answered, turn recorded, nothing written`, {
      timeout: 60_000,
    }, async () => {
      const engine = modelEngine(copilotChatModel(config(), { timeoutMs: 200 })!, 'stub-model', {
        maxRetries: 1,
        initialDelayMs: 10,
      });
      stub.script([{ hang }, { hang }]);
      const before = await auditRows();
      const a = await ask(engine, 'collector', `Write off TUS-2026-0107, the client is bankrupt`);
      // Tried once and retried once, each given up on; then the built-in router answered and said so.
      expect(stub.requests).toHaveLength(2);
      await stub.untilAbandoned();
      expect(stub.hung().map((h) => h.abandoned)).toEqual([true, true]);
      expect(a.engine).toBe('router');
      expect(a.reply).toMatch(
        /^The language model did not answer \(TimeoutError\); the built-in router answered instead\./,
      );
      expect(a.reply).not.toMatch(/Model call failed|Request timed out|127\.0\.0\.1/);
      const [turn] = await database.db.select().from(agentTurns).where(eq(agentTurns.id, a.turnId));
      expect(turn).toMatchObject({
        engine: 'router',
        reply: a.reply,
        message: 'Write off TUS-2026-0107, the client is bankrupt',
      });
      expect(await auditRows()).toBe(before);
      expect((await database.db.select().from(invoices).where(eq(invoices.id, posted)))[0]!.status).toBe('posted');
    });

  it('does not hand a turn whose model stopped after a write to the router, which would ask for it again', {
    timeout: 60_000,
  }, async () => {
    const engine = modelEngine(copilotChatModel(config(), { timeoutMs: 200 })!, 'stub-model', { maxRetries: 0 });
    stub.script([
      { toolCalls: [{ name: 'billing_runs_start', args: { period: '2026-12' } }] },
      { hang: 'before_headers' },
    ]);
    const runs = async () =>
      (await database.db.select().from(auditLog).where(eq(auditLog.action, 'billing_run.start'))).length;
    const before = await runs();
    const a = await ask(engine, 'billing_clerk', 'run billing for 2026-12');
    expect(a.toolCalls.map((c) => [c.tool, c.outcome])).toEqual([['billing_runs_start', 'ok']]);
    expect(await runs()).toBe(before + 1);
    expect(a.engine).toBe('model:stub-model');
    expect(a.reply).toMatch(/^The language model stopped answering \(TimeoutError\) after billing_runs_start/);
  });
});
