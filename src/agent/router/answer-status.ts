import { pausedCallFor, type PendingCallRow } from '../../tools/agent/pending-calls.ts';
import type { Language } from '../language/detect.ts';
import { momentIn } from '../language/format.ts';
import { say, statusIn } from '../language/say.ts';
import { callForAgent, type AgentSession } from '../session.ts';
import { failureWords, langOf } from './answer-words.ts';

/** What a paused call's record says became of it: only what happened, never more. */
function wordsOf(p: PendingCallRow, lang: Language): string {
  const o = (p.outcome ?? {}) as { ok?: boolean; code?: string; message?: string; state?: string; reason?: string };
  const when = p.resolvedAt ? ` (${momentIn(p.resolvedAt, lang)})` : '';
  const base = { id: p.requestId, tool: p.tool, when };
  switch (p.status) {
    case 'done':
      return say(lang, 'status.done', base);
    case 'rejected':
      return say(lang, 'status.rejected', { ...base, reason: o.reason });
    case 'failed':
      return o.state
        ? say(lang, 'status.state', { ...base, state: o.state.replace('_', ' ') })
        : say(lang, 'status.failed', { ...base, message: o.message ?? say(lang, 'status.itFailed'), code: o.code });
    default:
      return say(lang, 'status.waiting', base);
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
  const lang = langOf(s);
  const told = new Set((s.resumed ?? []).map((n) => n.requestId));
  const lines: string[] = [];
  for (const id of requestIds) {
    if (told.has(id)) continue;
    const p = await pausedCallFor(s.deps, id, s.person.userId);
    if (p) lines.push(wordsOf(p, lang));
  }
  if (ref) {
    const r = await callForAgent(s, 'invoices_show', { ref });
    const d = r.value as { reference: string; status: string } | undefined;
    lines.push(
      d ? say(lang, 'status.ledger', { ref: d.reference, status: statusIn(d.status, lang) }) : failureWords(r, lang),
    );
  }
  if (lines.length === 0 && told.size === 0) return say(lang, 'status.nothing');
  return lines.join('\n');
}
