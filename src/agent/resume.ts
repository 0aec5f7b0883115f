import {
  ranUnderKey,
  requestStanding,
  settlePendingCall,
  waitingCallsOf,
  type PendingCallRow,
} from '../tools/agent/pending-calls.ts';
import { callTool } from '../tools/call-tool.ts';
import type { TurnToolCall } from '../tools/agent/turn-log.ts';
import { callerOf, type AgentSession } from './session.ts';

/** What became of one paused call when its thread was looked at again. */
export interface ResumeNote {
  requestId: string;
  tool: string;
  state: 'ran' | 'failed' | 'rejected' | 'waiting' | 'gone';
  words: string;
}

const WHY: Record<string, string> = {
  ARGS_CHANGED:
    'what was approved no longer matches: the target or the arguments changed since the request (ARGS_CHANGED); nothing was done — ask again to open a new request',
  APPROVAL_EXPIRED: 'the approval expired before it could be used; nothing was done — ask again to open a new request',
  APPROVAL_REQUIRED: 'it still needs approval',
};

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
  if (r.ok)
    return {
      requestId: p.requestId,
      tool: p.tool,
      state: 'ran',
      words: `Approval request ${p.requestId} was granted: I ran ${p.tool} as approved${r.replayed ? ' (it had already run; nothing ran twice)' : ''}.`,
    };
  return {
    requestId: p.requestId,
    tool: p.tool,
    state: 'failed',
    words: `Approval request ${p.requestId} was granted, but ${p.tool} did not run: ${WHY[e!.code] ?? `${e!.message} (${e!.code})`}.${reopened(p, e!)}`,
  };
}

/**
 * The policy gate answers ARGS_CHANGED (or APPROVAL_REQUIRED) having opened, or found, the request for
 * the call as things stand now, and told its approvers: the person is told which, so "ask again" is not
 * read as "nothing is open".
 */
const reopened = (p: PendingCallRow, e: { code: string; requestId?: string | null }): string =>
  (e.code === 'ARGS_CHANGED' || e.code === 'APPROVAL_REQUIRED') && e.requestId && e.requestId !== p.requestId
    ? ` Approval request ${e.requestId} is open for ${p.tool} as things stand now; its approvers are told, and asking again once it is granted runs it.`
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
        words: `Approval request ${p.requestId} was rejected${standing.reason ? `: ${standing.reason}` : ''}; ${p.tool} was not run.`,
      };
    case 'waiting':
      return {
        requestId: p.requestId,
        tool: p.tool,
        state: 'waiting',
        words: `Approval request ${p.requestId} (${p.tool}) still waits: ${standing.expired ? 'an approval given expired; ' : ''}it needs ${standing.needs}.`,
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
    words: `Approval request ${p.requestId} is ${state.replace('_', ' ')}; ${p.tool} was not run by me.`,
  };
}

/** Every paused call of the session's thread, looked at again, oldest first. */
export async function resumeThread(s: AgentSession): Promise<ResumeNote[]> {
  const notes: ResumeNote[] = [];
  for (const p of await waitingCallsOf(s.deps, s.threadId)) notes.push(await resumePaused(s, p));
  return notes;
}
