import { randomUUID } from 'node:crypto';
import type { Principal } from '../policy/roles.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { copilotIdentityId } from '../tools/agent/pending-calls.ts';
import { recordTurn, threadMemory, type TurnToolCall } from '../tools/agent/turn-log.ts';
import type { ToolDeps } from '../tools/define-tool.ts';
import { answerIncoming, isIncomingChannel } from './incoming-channel.ts';
import { conversationLanguage, type Language } from './language/detect.ts';
import { say } from './language/say.ts';
import { messageForModel, messageForRecord, replyForPeople } from './redact.ts';
import { resumeThread } from './resume.ts';
import { answerIntent } from './router/answer-intent.ts';
import { readInThread } from './router/thread-context.ts';
import type { AgentSession } from './session.ts';

import { PERSON_CHANNELS, type Channel } from './channels.ts';

export { CHANNELS, PERSON_CHANNELS, type Channel } from './channels.ts';

/** An earlier turn of the thread, as memory for a model. */
export interface MemoryTurn {
  message: string;
  reply: string;
}

/** A language model behind the same session: it may call only the session's tools, through callForAgent. */
export interface ModelEngine {
  name: string;
  answer(
    s: AgentSession,
    text: string,
    memory: readonly MemoryTurn[],
    channel: Channel,
  ): Promise<{ reply: string; refused: boolean }>;
  /**
   * Takes up the thread's run paused on approvals, from its checkpoint, once every request it waits on
   * is decided (resume.ts has run the granted calls): null when none is paused or one still waits.
   */
  resume?(s: AgentSession): Promise<{ reply: string; refused: boolean } | null>;
}

export interface TurnInput {
  person: Principal;
  text: string;
  threadId?: string | undefined;
  channel?: Channel | undefined;
  correlationId?: string | undefined;
  /**
   * The person's language when the adapter knows one (a chat client's locale, Accept-Language): used only when
   * neither the message nor the thread's earlier messages say which language they are in. A function is asked only
   * then (Slack's users.info costs a Web API call, which a thread that already has a language does not need).
   */
  preferredLanguage?: Language | null | (() => Promise<Language | null>) | undefined;
}

export interface TurnAnswer {
  threadId: string;
  turnId: string;
  engine: string;
  reply: string;
  toolCalls: TurnToolCall[];
  pendingApprovals: { requestId: string; tool: string; message: string }[];
}

export type TurnError = { code: 'AGENT_THREAD_NOT_FOUND'; message: string; threadId: string };

/**
 * One turn of the copilot for a person: first the thread's paused calls are looked at again (a
 * granted one runs, exactly once), then the message is answered by the model when one is given,
 * else by the built-in router, both acting only through catalogue calls for the person; text from
 * outside (erp_error, client_email) is triaged and recorded instead (incoming-channel.ts). The turn
 * is recorded whatever happened, refusals included.
 */
export async function runTurn(
  deps: ToolDeps,
  input: TurnInput,
  model: ModelEngine | null = null,
): Promise<Result<TurnAnswer, TurnError>> {
  const threadId = input.threadId ?? randomUUID();
  const memory = input.threadId ? await threadMemory(deps, input.threadId, input.person.userId) : [];
  if (memory === null)
    return err({ code: 'AGENT_THREAD_NOT_FOUND', message: `No conversation ${input.threadId} of yours`, threadId });
  const now = deps.now();
  // The asker's language: the message's own, else the thread's, else their preference, else English.
  const preferred = input.preferredLanguage;
  const lang =
    conversationLanguage(
      input.text,
      memory.map((m) => m.message),
    ) ??
    (typeof preferred === 'function' ? await preferred() : preferred) ??
    'en';
  const s: AgentSession = {
    deps,
    person: input.person,
    agentId: await copilotIdentityId(deps),
    threadId,
    correlationId: input.correlationId ?? `copilot-${randomUUID()}`,
    now,
    calls: [],
    pending: [],
    lang,
    noStoredRun: input.threadId === undefined,
  };
  const channel = input.channel ?? 'chat';
  s.outsideChannel = PERSON_CHANNELS.includes(channel) ? null : channel;
  const notes = input.threadId ? await resumeThread(s) : [];
  s.resumed = notes;
  const resumeOnly = /^\s*(resume|continue|go on|status)\s*[.!]?\s*$/i.test(input.text);
  let answer: { reply: string; refused: boolean };
  let engine = model ? `model:${model.name}` : 'router';
  // A model conversation paused on approvals goes on from its checkpoint once they are decided.
  const resumed =
    model?.resume && input.threadId && !isIncomingChannel(channel) && s.outsideChannel === null
      ? await model.resume(s)
      : null;
  // The model's own words are redacted before anything records, returns, posts or logs them.
  const resumedWords = resumed ? replyForPeople(resumed.reply) : '';
  if (resumeOnly)
    answer = {
      reply: notes.length || resumed ? '' : say(lang, 'turn.nothingWaits'),
      refused: false,
    };
  else if (isIncomingChannel(channel)) {
    // Text from outside is triaged and recorded by fixed rules; no model or router reads it for what to do.
    engine = 'triage';
    answer = await answerIncoming(s, input.text, channel);
  } else if (model) {
    try {
      // A model reads the message and the thread's memory only masked (secrets, personal data; redact.ts).
      const roles = input.person.roles;
      const told = memory.map((m) => ({
        message: messageForModel(m.message, roles),
        reply: messageForModel(m.reply, roles),
      }));
      const said = await model.answer(s, messageForModel(input.text, roles), told, channel);
      // The model's own words are redacted before anything records, returns, posts or logs them.
      answer = { reply: replyForPeople(said.reply), refused: said.refused };
    } catch (e) {
      // The model failed after its retries: the built-in router still answers, and says so. The error's text stays out (it may quote a URL).
      engine = 'router';
      const routed = await answerIntent(s, readInThread(input.text, now, memory));
      answer = {
        reply: `${say(lang, 'turn.modelFailed', { name: e instanceof Error ? e.name : 'error' })}\n\n${routed.reply}`,
        refused: routed.refused,
      };
    }
  } else answer = await answerIntent(s, readInThread(input.text, now, memory));
  const reply = [...notes.map((n) => n.words), resumedWords, answer.reply].filter(Boolean).join('\n\n');
  const refused = answer.refused || resumed?.refused === true || s.calls.some((c) => c.outcome === 'refused');
  const turn = await recordTurn(deps, {
    threadId,
    userId: input.person.userId,
    actingAs: s.agentId,
    channel,
    engine,
    message: messageForRecord(input.text),
    toolCalls: s.calls,
    refused,
    reply,
    correlationId: s.correlationId,
    createdAt: now,
  });
  return ok({ threadId, turnId: turn.id, engine, reply, toolCalls: s.calls, pendingApprovals: s.pending });
}
