import {
  ranUnderKey,
  requestStanding,
  settlePendingCall,
  waitingCallsOf,
  type PendingCallRow,
} from '../tools/agent/pending-calls.ts';
import { callTool } from '../tools/call-tool.ts';
import type { TurnToolCall } from '../tools/agent/turn-log.ts';
import { say, type MessageKey } from './language/say.ts';
import { langOf } from './router/answer-words.ts';
import { callerOf, type AgentSession } from './session.ts';

/** What became of one paused call when its thread was looked at again. */
export interface ResumeNote {
  requestId: string;
  tool: string;
  state: 'ran' | 'failed' | 'rejected' | 'waiting' | 'gone';
  words: string;
}

/** Refusals of a granted call that are said in words (language/messages-approvals.ts); others by message and code. */
const WHY = new Set(['ARGS_CHANGED', 'APPROVAL_EXPIRED', 'APPROVAL_REQUIRED']);

/** Runs a paused call whose request is granted: exactly once, under the key saved with it (a second resume replays the first's outcome). */
async function runGranted(s: AgentSession, p: PendingCallRow): Promise<ResumeNote> {
  const r = await callTool(callerOf(s), p.tool, p.args, { idempotencyKey: p.idempotencyKey });
  const e = r.ok
    ? null
    : (r.error as { code: string; message: string; policyCode?: string; requestId?: string | null });
  const call: TurnToolCall = r.ok
    ? { tool: p.tool, args: p.args, outcome: 'ok', requestId: p.requestId }
    : {
        tool: p.tool,
        args: p.args,
        outcome: e!.code === 'FORBIDDEN' || e!.code === 'SOD_VIOLATION' ? 'refused' : 'error',
        code: e!.code,
        message: e!.message,
        requestId: p.requestId,
      };
  s.calls.push(call);
  await settlePendingCall(
    s.deps,
    p.id,
    r.ok ? 'done' : 'failed',
    r.ok ? { ok: true, replayed: r.replayed ?? false } : { ok: false, code: e!.code, message: e!.message },
  );
  const lang = langOf(s);
  if (r.ok)
    return {
      requestId: p.requestId,
      tool: p.tool,
      state: 'ran',
      words: say(lang, 'resume.ran', { id: p.requestId, tool: p.tool, replayed: r.replayed === true }),
    };
  const why = WHY.has(e!.code) ? say(lang, `why.${e!.code}` as MessageKey) : `${e!.message} (${e!.code})`;
  return {
    requestId: p.requestId,
    tool: p.tool,
    state: 'failed',
    words: say(lang, 'resume.failed', { id: p.requestId, tool: p.tool, why, reopened: reopened(s, p, e!) }),
  };
}

/**
 * The policy gate answers ARGS_CHANGED (or APPROVAL_REQUIRED) having opened, or found, the request for
 * the call as things stand now, and told its approvers: the person is told which, so "ask again" is not
 * read as "nothing is open".
 */
const reopened = (s: AgentSession, p: PendingCallRow, e: { code: string; requestId?: string | null }): string =>
  (e.code === 'ARGS_CHANGED' || e.code === 'APPROVAL_REQUIRED') && e.requestId && e.requestId !== p.requestId
    ? say(langOf(s), 'resume.reopened', { id: e.requestId, tool: p.tool })
    : '';

/** Looks at one paused call: runs it when granted, closes it when refused or gone, else says what it waits for. */
export async function resumePaused(s: AgentSession, p: PendingCallRow): Promise<ResumeNote> {
  const standing = await requestStanding(s.deps, callerOf(s), p.requestId);
  switch (standing.state) {
    case 'granted':
      return runGranted(s, p);
    case 'rejected':
      await settlePendingCall(s.deps, p.id, 'rejected', { reason: standing.reason });
      return {
        requestId: p.requestId,
        tool: p.tool,
        state: 'rejected',
        words: say(langOf(s), 'status.rejected', { id: p.requestId, tool: p.tool, reason: standing.reason, when: '' }),
      };
    case 'waiting':
      return {
        requestId: p.requestId,
        tool: p.tool,
        state: 'waiting',
        words: say(langOf(s), 'resume.waiting', {
          id: p.requestId,
          tool: p.tool,
          expired: standing.expired,
          needs: standing.needs,
        }),
      };
    case 'executed':
      // Executed under this call's own key: it ran when granted, and the process stopped (or another resume
      // raced it) before the call was marked done. The key replays the outcome; nothing runs twice.
      if (await ranUnderKey(s.deps, s.agentId, p.idempotencyKey)) return runGranted(s, p);
      return closeGone(s, p, standing.state);
    default:
      return closeGone(s, p, standing.state);
  }
}

/** A request executed by someone else, superseded or gone: the paused call is closed; the words say it did not run. */
async function closeGone(s: AgentSession, p: PendingCallRow, state: string): Promise<ResumeNote> {
  await settlePendingCall(s.deps, p.id, 'failed', { state });
  return {
    requestId: p.requestId,
    tool: p.tool,
    state: 'gone',
    words: say(langOf(s), 'status.state', { id: p.requestId, tool: p.tool, state: state.replace('_', ' ') }),
  };
}

/** Every paused call of the session's thread, looked at again, oldest first. */
export async function resumeThread(s: AgentSession): Promise<ResumeNote[]> {
  const notes: ResumeNote[] = [];
  for (const p of await waitingCallsOf(s.deps, s.threadId)) notes.push(await resumePaused(s, p));
  return notes;
}
