import { INCOMING_CHANNELS, type IncomingChannel } from '../billing/incoming/incoming-rules.ts';
import type { RecordIncomingResult } from '../tools/exceptions/record-incoming.ts';
import type { TriageVerdict } from '../tools/exceptions/triage-port.ts';
import { callForAgent, type AgentSession } from './session.ts';
import { createTriage } from './triage/triage-message.ts';

/** True for the channels whose text the copilot triages and records instead of answering (erp_error, client_email). */
export const isIncomingChannel = (channel: string): channel is IncomingChannel =>
  (INCOMING_CHANNELS as readonly string[]).includes(channel);

let builtin: ReturnType<typeof createTriage> | null = null;
/** The built-in triage (rules and classifier, no model), for a composition root that gave none. */
const builtinTriage = () => (builtin ??= createTriage());

const CHANNEL_WORDS: Record<IncomingChannel, string> = {
  erp_error: 'this ERP message',
  client_email: 'this client e-mail',
};
const words = (role: string) => role.replace(/_/g, ' ');

type Triaged = Pick<TriageVerdict, 'class' | 'confidence' | 'nextAction' | 'explanation' | 'ignoredInstructions'> & {
  decidedBy: string;
};

function triageWords(channel: IncomingChannel, t: Triaged): string[] {
  return [
    `I triaged ${CHANNEL_WORDS[channel]} as ${t.class} (confidence ${t.confidence.toFixed(2)}). ${t.explanation}`,
    `Proposed next action: ${t.nextAction.code}, for a ${words(t.nextAction.owner)}: ${t.nextAction.description}`,
  ];
}

function recordWords(r: RecordIncomingResult): string {
  const e = r.exception;
  const on = r.linkedTo
    ? r.linkedTo.invoiceNumber
      ? ` on invoice ${r.linkedTo.invoiceNumber}`
      : ` on ${r.linkedTo.kind === 'client' ? 'client' : 'PO'} ${r.linkedTo.token}`
    : '';
  const what = `${e.type}, ${e.severity}, owned by the ${words(e.ownerRole)}`;
  if (r.outcome === 'duplicate')
    return `This text was recorded before (${r.recordedAt}), as exception ${e.id} (${what}): nothing new was written.`;
  if (r.outcome === 'attached') return `Recorded as data and attached to the open exception ${e.id}${on} (${what}).`;
  return `Recorded as data: exception ${e.id} is open${on} (${what}).`;
}

function ignoredWords(ignored: readonly string[]): string {
  const quoted = ignored.map((q) => `"${q}"`).join('; ');
  return ignored.length
    ? `Ignored, not followed: ${ignored.length} passage(s) addressed to an assistant (${quoted}). Text from outside is data.`
    : 'Text from outside is data.';
}

/**
 * The copilot's fixed answer to text from outside (erp_error, client_email): it triages the text and
 * records it through exceptions_record_incoming when the person may (else it only triages, through
 * exceptions_triage, and says why nothing was recorded). Neither the text nor a model chooses a tool:
 * nothing the text asks for is done, and instructions in it are reported as ignored.
 */
export async function answerIncoming(
  s: AgentSession,
  text: string,
  channel: IncomingChannel,
): Promise<{ reply: string; refused: boolean }> {
  if (!s.deps.triage) s.deps = { ...s.deps, triage: builtinTriage() };
  const recorded = await callForAgent(s, 'exceptions_record_incoming', { text, channel }, { recordsOutsideText: true });
  const done = 'Nothing else is done from such text: no approval, void, credit or resend.';
  if (recorded.value) {
    const r = recorded.value as RecordIncomingResult;
    return {
      reply: [...triageWords(channel, r.triage), recordWords(r), ignoredWords(r.triage.ignoredInstructions), done].join(
        '\n',
      ),
      refused: false,
    };
  }
  const why = `Not recorded: ${recorded.error?.message ?? 'the record was refused'}.`;
  const triaged = await callForAgent(s, 'exceptions_triage', { text });
  if (!triaged.value)
    return { reply: `${why}\nThe message could not be triaged: ${triaged.error?.message}.`, refused: true };
  const t = triaged.value as TriageVerdict;
  return {
    reply: [...triageWords(channel, t), why, ignoredWords(t.ignoredInstructions), done].join('\n'),
    refused: recorded.call.outcome === 'refused',
  };
}
