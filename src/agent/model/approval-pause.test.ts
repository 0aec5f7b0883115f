import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, HumanMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createAgent, createMiddleware, piiMiddleware, tool } from 'langchain';
import { approvalPauseMiddleware } from './approval-pause.ts';

const EMAIL = 'anna.mueller@example.org';

/** A model that calls `lookup` once, then answers; it keeps what it was given each time. */
class ScriptedModel extends BaseChatModel {
  readonly seen: string[][] = [];
  _llmType(): string {
    return 'scripted';
  }
  override bindTools(): this {
    return this;
  }
  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    this.seen.push(messages.map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))));
    const message = messages.some((m) => m.getType() === 'tool')
      ? new AIMessage('done')
      : new AIMessage({ content: '', tool_calls: [{ id: 'call_1', name: 'lookup', args: {} }] });
    return { generations: [{ text: '', message }] };
  }
}

/** The agent as the model path builds it for a person's channel: the e-mail redaction inside the approval pause. */
function agentWith(answer: string, model: ScriptedModel, first = redaction()) {
  const lookup = tool(async () => answer, { name: 'lookup', description: 'looks up', schema: z.object({}) });
  return createAgent({
    model,
    tools: [lookup],
    checkpointer: new MemorySaver(),
    middleware: [approvalPauseMiddleware(first)],
  });
}
const redaction = () => ({
  ...piiMiddleware('email', { strategy: 'redact', applyToInput: true, applyToToolResults: true }),
  afterModel: undefined,
});
const config = (thread: string) => ({ configurable: { thread_id: thread } });

describe('the approval pause with the e-mail redaction inside its step', () => {
  it('redacts the message and the tool answers before the model reads them, in one graph node', async () => {
    const model = new ScriptedModel({});
    const agent = agentWith(`{"contact":"${EMAIL}"}`, model);
    const state = await agent.invoke({ messages: [new HumanMessage(`write to ${EMAIL}`)] }, config('t1'));
    expect(state.messages.at(-1)?.content).toBe('done');
    expect(model.seen).toHaveLength(2);
    expect(model.seen.flat().join('\n')).not.toContain(EMAIL);
    expect(model.seen[0]).toEqual(['write to [REDACTED_EMAIL]']);
    expect(model.seen[1]!.at(-1)).toBe('{"contact":"[REDACTED_EMAIL]"}');
    // The redaction's own node is gone: one before-model node, the pause's.
    const nodes = Object.keys(agent.graph.nodes).filter((n) => n.endsWith('before_model'));
    expect(nodes).toEqual(['ApprovalPause.before_model']);
  });

  it('pauses on approval_required and resumes with the answer in its place, redacted as before', async () => {
    const model = new ScriptedModel({});
    const agent = agentWith(`{"error":"APPROVAL_REQUIRED","requestId":"req-1","note":"${EMAIL}"}`, model);
    const paused = await agent.invoke({ messages: [new HumanMessage(`write to ${EMAIL}`)] }, config('t2'));
    expect(paused.__interrupt__?.[0]?.value).toEqual({
      calls: [{ toolCallId: 'call_1', requestId: 'req-1', tool: 'lookup' }],
    });
    expect(model.seen).toHaveLength(1);
    const done = await agent.invoke(new Command({ resume: { call_1: '{"ranAfterApproval":true}' } }), config('t2'));
    expect(done.messages.at(-1)?.content).toBe('done');
    expect(model.seen[1]!.at(-1)).toBe('{"ranAfterApproval":true}');
    // The state keeps the redacted message and the answer, each once.
    const texts = done.messages.map((m) => m.content);
    expect(texts).toEqual(['write to [REDACTED_EMAIL]', '', '{"ranAfterApproval":true}', 'done']);
  });

  it("redacts the approver's answer too when the run resumes (a rejection's reason is new text)", async () => {
    const model = new ScriptedModel({});
    const agent = agentWith('{"error":"APPROVAL_REQUIRED","requestId":"req-2"}', model);
    await agent.invoke({ messages: [new HumanMessage('write to them')] }, config('t3'));
    const reason = `{"error":"APPROVAL_REJECTED","message":"ask ${EMAIL} first"}`;
    const done = await agent.invoke(new Command({ resume: { call_1: reason } }), config('t3'));
    expect(done.messages.at(-1)?.content).toBe('done');
    expect(model.seen[1]!.at(-1)).toBe('{"error":"APPROVAL_REJECTED","message":"ask [REDACTED_EMAIL] first"}');
    expect(model.seen.flat().join('\n')).not.toContain(EMAIL);
  });

  it('takes only a middleware with a beforeModel hook alone', () => {
    const withAfter = createMiddleware({ name: 'Both', beforeModel: () => undefined, afterModel: () => undefined });
    expect(() => approvalPauseMiddleware(withAfter)).toThrow(/beforeModel hook alone/);
    expect(() => agentWith('{}', new ScriptedModel({}), { ...redaction(), afterModel: undefined })).not.toThrow();
  });
});
