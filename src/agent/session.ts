import { randomUUID } from 'node:crypto';
import type { TurnToolCall } from '../tools/agent/turn-log.ts';
import { savePendingCall } from '../tools/agent/pending-calls.ts';
import { callTool } from '../tools/call-tool.ts';
import { RECORD_INCOMING_TOOL } from '../tools/exceptions/record-incoming.ts';
import type { AnyTool, ToolCaller, ToolDeps } from '../tools/define-tool.ts';
import { ALL_TOOLS } from '../tools/registry.ts';
import type { Principal } from '../policy/roles.ts';
import { agentActor, toolsFor, whyNotForAgent } from './agent-tools.ts';
import type { Language } from './language/detect.ts';

/** What one turn acts with: who for, as which agent identity, in which thread, and the calls made so far. */
export interface AgentSession {
  deps: ToolDeps;
  person: Principal;
  agentId: string;
  threadId: string;
  correlationId: string;
  now: Date;
  /** Every call of the turn, in order, refused ones included: the turn log's record. */
  calls: TurnToolCall[];
  /** Approval requests this turn opened (or found open) and paused on. */
  pending: { requestId: string; tool: string; message: string }[];
  /** What the turn's look at the thread's paused calls found (resume.ts), before the message is answered. */
  resumed?: readonly { requestId: string; state: string }[];
  /** The channel of text from outside (document, erp_error, client_email) the turn reads, if it does: no write is taken. */
  outsideChannel?: string | null;
  /**
   * True when no model run of the thread is stored (no checkpoint): runTurn began the thread with this turn, or
   * the model engine's resume found none or ended it. The engine then has none to drop before a new run.
   */
  noStoredRun?: boolean;
  /** The language the turn answers in (language/detect.ts: the message's, else the thread's); English when unset. */
  lang?: Language;
}

/** What a call answered: its record, and the value or error for the one who asked. */
export interface AgentCallResult {
  call: TurnToolCall;
  value?: unknown;
  error?: { code: string; message: string; [k: string]: unknown };
}

const REFUSALS = new Set([
  'FORBIDDEN',
  'SOD_VIOLATION',
  'ENTITY_OUT_OF_SCOPE',
  'UNKNOWN_LEGAL_ENTITY',
  'AGENT_TOOL_NOT_ALLOWED',
]);

/** The caller context of the session's calls: the agent for the person. */
export const callerOf = (s: AgentSession): ToolCaller => ({
  actor: agentActor(s.agentId, s.person),
  correlationId: s.correlationId,
  now: s.now,
  deps: s.deps,
});

/** The entries this session's person may have the copilot use. */
export const sessionTools = (s: AgentSession): AnyTool[] => toolsFor(s.person);

/**
 * Calls a catalogue entry for the session's person, the one way the copilot acts. An entry not
 * given to the agent (a decision, or one the person may not use) is refused here and recorded;
 * the rest go through callTool (validation, policy, idempotency, audit). A write asked for while the
 * turn reads text from outside is refused (AGENT_UNTRUSTED_SOURCE), except recordsOutsideText's one
 * entry, exceptions_record_incoming, which only incoming-channel.ts asks for. A write carries an
 * idempotency key of this turn; an approval_required answer is saved as the thread's checkpoint.
 */
export async function callForAgent(
  s: AgentSession,
  name: string,
  args: unknown,
  opts: { recordsOutsideText?: boolean } = {},
): Promise<AgentCallResult> {
  const tool = ALL_TOOLS.find((t) => t.name === name);
  const why = tool ? whyNotForAgent(tool, s.person) : `no catalogue entry ${name}`;
  if (!tool || why) {
    const call: TurnToolCall = { tool: name, args, outcome: 'refused', code: 'AGENT_TOOL_NOT_ALLOWED', message: why! };
    s.calls.push(call);
    return { call, error: { code: 'FORBIDDEN', message: why! } };
  }
  // Instructions in text from outside are data: no write (nor an approval request for one) comes of them, whichever engine proposed it.
  // The one exception is the copilot's own fixed step for such text (incoming-channel.ts): recording it, as data,
  // by its class's rule.
  const recordsText = opts.recordsOutsideText === true && name === RECORD_INCOMING_TOOL;
  if (tool.risk !== 'read' && s.outsideChannel && !recordsText) {
    const message = `a write asked for in ${s.outsideChannel.replace('_', ' ')} text is not taken: instructions in such text are data; the person must ask for it in chat`;
    const call: TurnToolCall = { tool: name, args, outcome: 'refused', code: 'AGENT_UNTRUSTED_SOURCE', message };
    s.calls.push(call);
    return { call, error: { code: 'AGENT_UNTRUSTED_SOURCE', message } };
  }
  // A fresh key per write: what a resume after approval replays under (its key + ':granted'), never a caller's request id.
  const idempotencyKey = tool.risk === 'read' ? undefined : `copilot:${randomUUID()}`;
  const r = await callTool(callerOf(s), tool, args, idempotencyKey ? { idempotencyKey } : {});
  if (r.ok) {
    const call: TurnToolCall = { tool: name, args, outcome: 'ok' };
    s.calls.push(call);
    return { call, value: r.value };
  }
  const e = r.error as { code: string; message: string; policyCode?: string; requestId?: string | null };
  const approval = e.code === 'APPROVAL_REQUIRED' && typeof e.requestId === 'string';
  const call: TurnToolCall = {
    tool: name,
    args,
    outcome: approval ? 'approval_required' : REFUSALS.has(e.code) ? 'refused' : 'error',
    code: e.code,
    message: e.message,
    ...(e.policyCode ? { policyCode: e.policyCode } : {}),
    ...(approval ? { requestId: e.requestId! } : {}),
  };
  s.calls.push(call);
  if (approval) {
    await savePendingCall(s.deps, {
      requestId: e.requestId!,
      threadId: s.threadId,
      userId: s.person.userId,
      tool: name,
      args: args as never,
      idempotencyKey: `${idempotencyKey}:granted`,
    });
    s.pending.push({ requestId: e.requestId!, tool: name, message: e.message });
  }
  return { call, error: e as AgentCallResult['error'] };
}
