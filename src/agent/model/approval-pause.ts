import { interrupt } from '@langchain/langgraph';
import { type AnyAgentMiddleware, type BaseMessage, ToolMessage, createMiddleware } from 'langchain';
import type { PendingCallRow } from '../../tools/agent/pending-calls.ts';

/** One tool call of a paused run whose answer was approval_required. */
export interface PausedCall {
  toolCallId: string;
  requestId: string;
  tool: string;
}

/** What a run paused on (the interrupt's value, kept in its checkpoint). */
export interface ApprovalPause {
  calls: PausedCall[];
}

/** What resumes it: per tool call id, the answer the model reads instead of approval_required. */
export type ApprovalAnswers = Record<string, string>;

function bodyOf(m: ToolMessage): { error?: unknown; requestId?: unknown } | null {
  const text = typeof m.content === 'string' ? m.content : JSON.stringify(m.content);
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === 'object' ? (body as { error?: unknown; requestId?: unknown }) : null;
  } catch {
    return null;
  }
}

/** The calls of the model's last step (the tool answers after its last message) that answered approval_required. */
export function approvalCallsOf(messages: readonly BaseMessage[]): PausedCall[] {
  const calls: PausedCall[] = [];
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const m = messages[i];
    if (!ToolMessage.isInstance(m)) break;
    const body = bodyOf(m);
    if (body?.error === 'APPROVAL_REQUIRED' && typeof body.requestId === 'string')
      calls.unshift({ toolCallId: m.tool_call_id, requestId: body.requestId, tool: m.name ?? '' });
  }
  return calls;
}

/** A middleware's beforeModel hook as a function (langchain takes a function or `{ hook, canJumpTo }`). */
function beforeModelOf(m: AnyAgentMiddleware): ((state: never, runtime: never) => unknown) | undefined {
  const h = m.beforeModel as unknown;
  if (typeof h === 'function') return h as (state: never, runtime: never) => unknown;
  if (h && typeof h === 'object' && 'hook' in h) return (h as { hook: (state: never, runtime: never) => unknown }).hook;
  return undefined;
}

/**
 * Pauses the run, durably (the graph's checkpointer), before the model reads a step's answers when
 * one of them is approval_required: the conversation stops where the write waits. Resumed with the
 * answers of those calls (what became of each once its request was decided), it puts them in place
 * of approval_required and the model goes on from there. The write itself never runs in the graph:
 * resume.ts runs it once, under the idempotency key saved in agent_pending_calls.
 *
 * `first`, a middleware with only a beforeModel hook (the e-mail redaction), runs inside this one's hook,
 * before it and on what it returns, as its own node would run just before: every hook is a graph step per
 * model call, and a step is most of what the model path costs a turn (docs/performance.md, "Copilot overhead
 * per turn"). Its own node ran the same hook with the same runtime (no context schema: an empty context).
 */
export const approvalPauseMiddleware = (first?: AnyAgentMiddleware) => {
  const firstHook = first ? beforeModelOf(first) : undefined;
  if (
    first &&
    (!firstHook ||
      first.afterModel ||
      first.wrapModelCall ||
      first.wrapToolCall ||
      first.beforeAgent ||
      first.afterAgent)
  )
    throw new Error(`${first.name}: only a middleware with a beforeModel hook alone runs inside the approval pause`);
  return createMiddleware({
    name: 'ApprovalPause',
    beforeModel: async (state, runtime) => {
      const before = firstHook
        ? ((await firstHook(state as never, runtime as never)) as { messages?: BaseMessage[] } | undefined)
        : undefined;
      const messages = before?.messages ?? (state.messages as BaseMessage[]);
      const calls = approvalCallsOf(messages);
      if (calls.length === 0) return before?.messages ? { messages } : undefined;
      const answers = interrupt<ApprovalPause, ApprovalAnswers>({ calls });
      const answered = (m: BaseMessage): m is ToolMessage =>
        ToolMessage.isInstance(m) && answers[m.tool_call_id] !== undefined;
      const replace = (m: ToolMessage) =>
        new ToolMessage({
          ...(m.id ? { id: m.id } : {}),
          tool_call_id: m.tool_call_id,
          ...(m.name ? { name: m.name } : {}),
          content: answers[m.tool_call_id]!,
        });
      // The messages reducer replaces a message by its id: the redacted list whole (as its own step returned it)
      // with the answers in place, or only the answered calls.
      if (!firstHook) return { messages: messages.filter(answered).map(replace) };
      // An answer is new text (an approver's reason, an error's message): redacted like the rest before the model
      // reads it, by the same hook on the list with the answers in place.
      const full = messages.map((m) => (answered(m) ? replace(m) : m));
      const again = (await firstHook({ ...state, messages: full } as never, runtime as never)) as
        | { messages?: BaseMessage[] }
        | undefined;
      return { messages: again?.messages ?? full };
    },
  });
};

/** What the model reads of a paused call once its request is decided: whether it ran, and if not why. */
export function answerOfSettled(p: PendingCallRow): Record<string, unknown> {
  const o = (p.outcome ?? {}) as { ok?: boolean; replayed?: boolean; code?: string; message?: string; reason?: string };
  if (p.status === 'done')
    return { ranAfterApproval: true, requestId: p.requestId, tool: p.tool, alreadyRan: o.replayed === true };
  if (p.status === 'rejected')
    return { error: 'APPROVAL_REJECTED', requestId: p.requestId, message: o.reason ?? 'the request was rejected' };
  return {
    error: o.code ?? 'NOT_RUN',
    requestId: p.requestId,
    message: o.message ?? `the request is ${String((o as { state?: string }).state ?? 'gone')}; the call did not run`,
  };
}
