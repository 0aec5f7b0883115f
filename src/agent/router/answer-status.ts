import { pausedCallFor, type PendingCallRow } from '../../tools/agent/pending-calls.ts';
import { callForAgent, type AgentSession } from '../session.ts';
import { failureWords } from './answer-words.ts';

/** What a paused call's record says became of it: only what happened, never more. */
function wordsOf(p: PendingCallRow): string {
  const o = (p.outcome ?? {}) as { ok?: boolean; code?: string; message?: string; state?: string; reason?: string };
  const when = p.resolvedAt ? ` (${p.resolvedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)` : '';
  switch (p.status) {
    case 'done':
      return `Approval request ${p.requestId} was granted and I ran ${p.tool} as approved${when}: it is done.`;
    case 'rejected':
      return (
        `Approval request ${p.requestId} was rejected${o.reason ? `: ${o.reason}` : ''}${when}; ` +
        `${p.tool} was not run.`
      );
    case 'failed':
      return o.state
        ? `Approval request ${p.requestId} is ${o.state.replace('_', ' ')}; ${p.tool} was not run by me.`
        : `Approval request ${p.requestId} was granted, but ${p.tool} did not run: ${o.message ?? 'it failed'}` +
            `${o.code ? ` (${o.code})` : ''}.`;
    default:
      return `Approval request ${p.requestId} (${p.tool}) still waits for approval; nothing was done yet.`;
  }
}

/**
 * "Is it done?": what became of the thread's requests that waited for approval, from the paused calls' records (the
 * turn's own resume has already told what it found, so those are not repeated), and the invoice's state as the
 * ledger has it now when one is named. Claims nothing the records do not show.
 */
export async function requestStatus(
  s: AgentSession,
  requestIds: readonly string[],
  ref: string | null,
): Promise<string> {
  const told = new Set((s.resumed ?? []).map((n) => n.requestId));
  const lines: string[] = [];
  for (const id of requestIds) {
    if (told.has(id)) continue;
    const p = await pausedCallFor(s.deps, id, s.person.userId);
    if (p) lines.push(wordsOf(p));
  }
  if (ref) {
    const r = await callForAgent(s, 'invoices_show', { ref });
    const d = r.value as { reference: string; status: string } | undefined;
    lines.push(d ? `${d.reference} is ${d.status} now, as the ledger has it.` : failureWords(r));
  }
  if (lines.length === 0 && told.size === 0)
    return (
      'Nothing of this conversation waited for an approval, so there is nothing to report on. ' +
      'Say what you want done.'
    );
  return lines.join('\n');
}
