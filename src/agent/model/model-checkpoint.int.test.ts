import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { loadConfig } from '../../config.ts';
import { migrateDatabase, openDatabase, type Database } from '../../db/client.ts';
import {
  agentCheckpointWrites,
  agentCheckpoints,
  agentPendingCalls,
  agentTurns,
  auditLog,
  invoices,
} from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import type { Principal, Role } from '../../policy/roles.ts';
import { callTool } from '../../tools/call-tool.ts';
import type { ToolCaller, ToolDeps } from '../../tools/define-tool.ts';
import { backend, cloneServerTemplate } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { insertInvoice } from '../../../test/helpers/invoices.ts';
import { startOpenAiStub, type OpenAiStub } from '../../../test/helpers/openai-stub.ts';
import { runTurn, type ModelEngine, type TurnAnswer } from '../turn.ts';
import { modelEngine } from './model-engine.ts';
import { copilotChatModel } from './model-provider.ts';

/**
 * The model's conversation paused on an approval is a LangGraph checkpoint in the product's own
 * database: it survives closing and reopening the database (a restart), resumes from the checkpoint
 * once granted, and the write runs exactly once (agent_pending_calls' key). No secret is stored in it.
 */
const NOW = new Date('2026-11-20T10:00:00.000Z');
const KEY = 'sk-test-checkpoint-0123456789';
const SECRET = `bc_${'x9'.repeat(21)}Q`;
const EMAIL = 'anna.mueller@example.org';

describe(`the copilot's checkpoints on the product database, on ${backend}`, () => {
  const url = process.env.DATABASE_URL;
  let folder: string | null = null;
  let clone: { url: string; drop: () => Promise<void> } | null = null;
  let database: Database;
  let deps: ToolDeps;
  let users: TestUsers;
  let stub: OpenAiStub;
  let invoiceId: string;

  const open = async () =>
    clone ? openDatabase({ databaseUrl: clone.url }) : openDatabase({ dataDir: path.join(folder!, 'data') });
  const engine = (): ModelEngine =>
    modelEngine(
      copilotChatModel(loadConfig({ LLM_BASE_URL: stub.baseUrl, LLM_API_KEY: KEY, LLM_MODEL: 'stub-model' }))!,
      'stub-model',
      { maxRetries: 0 },
    );
  const person = (role: Role): Principal => ({ userId: users.ids[users.email(role)]!, roles: [role], entityIds: null });
  const ask = async (e: ModelEngine, text: string, threadId?: string): Promise<TurnAnswer> => {
    const r = await runTurn(deps, { person: person('collector'), text, threadId, channel: 'chat' }, e);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value;
  };
  const controller = (): ToolCaller => ({
    actor: { ...person('controller'), onBehalfOf: null },
    correlationId: `test-${Math.random()}`,
    now: NOW,
    deps,
  });
  const writeOffs = async () =>
    database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invoice.write_off'), eq(auditLog.targetId, invoiceId)));
  const checkpointsOf = async (threadId: string) => ({
    checkpoints: await database.db.select().from(agentCheckpoints).where(eq(agentCheckpoints.threadId, threadId)),
    writes: await database.db.select().from(agentCheckpointWrites).where(eq(agentCheckpointWrites.threadId, threadId)),
  });

  beforeAll(async () => {
    stub = await startOpenAiStub();
    if (url) clone = await cloneServerTemplate(url);
    else folder = await mkdtemp(path.join(tmpdir(), 'bc-checkpoint-'));
    database = await open();
    if (!clone) await migrateDatabase(database);
    deps = { database, now: () => NOW };
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    invoiceId = await insertInvoice(database, { totalMinor: 150_000n, status: 'posted' });
    await database.db
      .update(invoices)
      .set({ number: 'TUS-2026-0301', issueDate: '2026-10-01', dueDate: '2026-10-31' })
      .where(eq(invoices.id, invoiceId));
  }, 600_000);
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
    await clone?.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
    await stub?.close();
  });

  it('pauses on approval_required, survives a restart, resumes from the checkpoint and writes once', async () => {
    stub.script([
      { toolCalls: [{ name: 'invoices_write_off', args: { invoiceId, reason: 'the client is insolvent' } }] },
    ]);
    const paused = await ask(
      engine(),
      `Write off TUS-2026-0301, the client is insolvent. My key is ${SECRET}, write to ${EMAIL}.`,
    );
    const [pending] = await database.db
      .select()
      .from(agentPendingCalls)
      .where(eq(agentPendingCalls.threadId, paused.threadId));
    const requestId = pending!.requestId;
    expect(paused.toolCalls).toEqual([
      expect.objectContaining({ tool: 'invoices_write_off', outcome: 'approval_required', requestId }),
    ]);
    expect(paused.reply).toContain(`approval request ${requestId} is open`);
    // The run stopped before the model read approval_required: it was asked once.
    expect(stub.requests).toHaveLength(1);

    // The paused run is in the product's database, under the conversation's thread, and holds no secret.
    const saved = await checkpointsOf(paused.threadId);
    expect(saved.checkpoints.length).toBeGreaterThan(0);
    expect(saved.writes.map((w) => w.channel)).toContain('__interrupt__');
    const text = [...saved.checkpoints.flatMap((c) => [c.checkpoint, c.metadata]), ...saved.writes.map((w) => w.value)]
      .map((b) => Buffer.from(b).toString('utf8'))
      .join('\n');
    expect(text).toContain('APPROVAL_REQUIRED');
    expect(text).toContain('TUS-2026-0301');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain(KEY);

    // The restart: the database closes (the embedded engine with it) and a new engine opens the same data.
    await database.close();
    database = await open();
    deps = { database, now: () => NOW };
    const granted = await callTool(controller(), 'approvals_grant', { requestId });
    expect(granted.ok ? 'ok' : JSON.stringify(granted.error)).toBe('ok');
    expect(await writeOffs()).toEqual([]);

    stub.script([{ content: 'TUS-2026-0301 is written off.' }]);
    const resumed = await ask(engine(), 'resume', paused.threadId);
    expect(resumed.reply).toContain(`Approval request ${requestId} was granted: I ran invoices_write_off as approved.`);
    expect(resumed.reply).toContain('TUS-2026-0301 is written off.');
    expect(resumed.engine).toBe('model:stub-model');
    expect(await writeOffs()).toHaveLength(1);
    // The model went on from the checkpoint: its own tool call, then the answer of the call that ran, in place
    // of approval_required; the paused turn's recorded reply is not what it read.
    expect(stub.requests).toHaveLength(1);
    const [after] = stub.requests;
    const messages = after!.body.messages;
    expect(messages.at(-2)).toEqual(expect.objectContaining({ role: 'assistant', tool_calls: [expect.anything()] }));
    expect(messages.at(-1)!.role).toBe('tool');
    expect(JSON.stringify(messages.at(-1)!.content)).toContain('ranAfterApproval');
    expect(JSON.stringify(messages)).not.toContain('APPROVAL_REQUIRED');
    // The run ended: its checkpoints are gone.
    expect(await checkpointsOf(paused.threadId)).toEqual({ checkpoints: [], writes: [] });

    // Again: nothing waits, nothing runs, the model is not asked.
    const again = await ask(engine(), 'resume', paused.threadId);
    expect(again.reply).toBe('Nothing of this conversation waits for an approval.');
    expect(stub.requests).toHaveLength(1);
    expect(await writeOffs()).toHaveLength(1);
    const turns = await database.db.select().from(agentTurns).where(eq(agentTurns.threadId, paused.threadId));
    expect(turns).toHaveLength(3);
    expect(turns.map((t) => t.message).join('\n')).not.toContain(SECRET);
  });

  it('gives up a run still paused when the person asks something new in the thread', async () => {
    const other = await insertInvoice(database, { totalMinor: 90_000n, status: 'posted' });
    stub.script([{ toolCalls: [{ name: 'invoices_write_off', args: { invoiceId: other, reason: 'disputed' } }] }]);
    const paused = await ask(engine(), 'Write off the disputed invoice.');
    expect(paused.toolCalls).toEqual([expect.objectContaining({ outcome: 'approval_required' })]);
    expect((await checkpointsOf(paused.threadId)).checkpoints.length).toBeGreaterThan(0);

    // The request still waits; a new question starts a new run, and the paused one's checkpoint goes.
    stub.script([{ content: 'Nothing else is overdue.' }]);
    const next = await ask(engine(), 'What else is overdue?', paused.threadId);
    expect(next.reply).toContain('Nothing else is overdue.');
    expect(await checkpointsOf(paused.threadId)).toEqual({ checkpoints: [], writes: [] });
  });
});
