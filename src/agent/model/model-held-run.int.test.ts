import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getTableName, type Table } from 'drizzle-orm';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import type { Database, Db } from '../../db/client.ts';
import type { Principal } from '../../policy/roles.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { loadFirm } from '../../../test/helpers/firm.ts';
import { runTurn } from '../turn.ts';
import { modelEngine } from './model-engine.ts';

const NOW = new Date('2026-11-20T10:00:00.000Z');

/** A chat model that answers from a script at once: a read for the first message, then words. */
class ScriptedModel extends BaseChatModel {
  _llmType(): string {
    return 'scripted';
  }
  override bindTools(): this {
    return this;
  }
  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = messages.some((m) => m.getType() === 'tool')
      ? new AIMessage('Nothing is overdue.')
      : new AIMessage({
          content: '',
          tool_calls: [{ id: 'call_1', name: 'invoices_list', args: { overdue: 'true' } }],
        });
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
}

/**
 * A chat run that ends in its turn (no pause on an approval) costs the checkpoint tables nothing: its
 * checkpoints are held in memory, never written to be deleted again. A thread's later turn still drops a
 * run left paused there, which the resume's look found (a new thread has none). Pausing stores the run:
 * model-checkpoint.int.test.ts. A chat turn also runs no graph step more than it needs: each is most of what the
 * model path costs a turn (docs/performance.md, "Copilot overhead per turn").
 */
describe(`the model path's checkpoint statements on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  const touched: string[] = [];
  /** The drizzle handle, noting each insert, delete and select of a checkpoint table. */
  const watched = (db: Db): Db =>
    new Proxy(db, {
      get(target, key) {
        const v = Reflect.get(target, key, target) as unknown;
        if (typeof v !== 'function') return v;
        const f = v as (...a: unknown[]) => { from: (t: Table) => unknown };
        const note = (verb: string, table: Table) => {
          if (getTableName(table).startsWith('agent_checkpoint')) touched.push(`${verb} ${getTableName(table)}`);
        };
        if (key === 'insert' || key === 'delete')
          return (table: Table) => {
            note(key, table);
            return f.call(target, table);
          };
        if (key === 'select')
          return (...a: unknown[]) => {
            const q = f.apply(target, a);
            const from = q.from.bind(q);
            q.from = (table: Table) => {
              note('select', table);
              return from(table);
            };
            return q;
          };
        return f.bind(target);
      },
    });
  let deps: ToolDeps;
  const person = (): Principal => ({
    userId: users.ids[users.email('collector')]!,
    roles: ['collector'],
    entityIds: null,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadFirm(database);
    users = await createTestUsers(database, 'LE-US');
    deps = { database: { ...database, db: watched(database.db) }, now: () => NOW };
  });
  afterAll(async () => {
    await database?.close();
  });

  it('writes no checkpoint for a run that ends in the turn; a later turn only looks for a paused one', async () => {
    const engine = modelEngine(new ScriptedModel({}), 'scripted');
    const first = await runTurn(deps, { person: person(), text: 'What is overdue?' }, engine);
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.value.reply).toBe('Nothing is overdue.');
    expect(first.value.toolCalls).toEqual([expect.objectContaining({ tool: 'invoices_list', outcome: 'ok' })]);
    expect(touched).toEqual([]);

    const next = await runTurn(deps, { person: person(), text: 'And now?', threadId: first.value.threadId }, engine);
    if (!next.ok) throw new Error(JSON.stringify(next.error));
    expect(next.value.reply).toBe('Nothing is overdue.');
    // The resume's look for a run paused here, which found none: nothing to drop, no write, no other read.
    expect(touched).toEqual(['select agent_checkpoints']);
  });

  it('runs a chat turn in eight graph steps: one before-model step per model call, the redaction in it', async () => {
    const engine = modelEngine(new ScriptedModel({}), 'scripted');
    // Each graph step's runnables run with the step and node in their config's metadata.
    const steps = new Map<number, string>();
    const original = AsyncLocalStorageProviderSingleton.runWithConfig.bind(AsyncLocalStorageProviderSingleton);
    const spy = vi.spyOn(AsyncLocalStorageProviderSingleton, 'runWithConfig').mockImplementation((config, ...rest) => {
      const meta = config?.metadata as { langgraph_step?: number; langgraph_node?: string } | undefined;
      if (typeof meta?.langgraph_step === 'number') steps.set(meta.langgraph_step, meta.langgraph_node ?? '');
      return original(config, ...rest);
    });
    try {
      const r = await runTurn(deps, { person: person(), text: 'What is overdue?' }, engine);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      expect(r.value.reply).toBe('Nothing is overdue.');
    } finally {
      spy.mockRestore();
    }
    expect([...steps.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n)).toEqual([
      '__start__',
      'ApprovalPause.before_model',
      'model_request',
      'ToolCallLimitMiddleware.after_model',
      'tools',
      'ApprovalPause.before_model',
      'model_request',
      'ToolCallLimitMiddleware.after_model',
    ]);
  });
});
