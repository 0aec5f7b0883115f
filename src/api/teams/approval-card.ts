import type { Language } from '../../agent/language/detect.ts';
import { say } from '../../agent/language/say.ts';
import type { ApprovalNotice } from '../chat/notifier.ts';

/** The data an Approve or Reject button sends back (Action.Execute's data, or Action.Submit's value). */
export interface CardDecision {
  decision: 'approve' | 'reject';
  requestId: string;
  reason?: string;
  /** What the card showed (the policy action and the summary), so a refused click can show the card again. */
  action?: string;
  summary?: string;
}

/** Marks our cards' data among whatever else a message's value may hold. */
const MARK = 'billingCopilotApproval';

const text = (t: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: t, wrap: true, ...extra });

/** Words under the reason box when Reject is pressed without one. */
export const REASON_REQUIRED_WORDS = 'To reject, write the reason in the box first: the requester reads it.';

/**
 * The Adaptive Card an approver gets for an open request: what is asked and why, a reason box
 * (required to reject: the client refuses Reject with it empty, and the bot refuses it again), and
 * Approve / Reject as Action.Execute (Teams' universal actions: the click comes back as an invoke
 * the bot answers with the card's new state). `error` shows the card again with why a click was
 * refused. Deciding is policy's, as anywhere else. `lang`: the approver's language (English when unknown); the
 * verbs and the data the buttons send back are the same in every language (the bot matches on them).
 */
export function approvalRequestCard(
  notice: Pick<ApprovalNotice, 'requestId' | 'action' | 'summary'>,
  opts: { error?: string; lang?: Language } = {},
): Record<string, unknown> {
  const lang = opts.lang ?? 'en';
  const data = (decision: CardDecision['decision']) => ({
    [MARK]: 1,
    decision,
    requestId: notice.requestId,
    action: notice.action.slice(0, 100),
    summary: notice.summary.slice(0, 1000),
  });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [
      text(say(lang, 'notice.approvalRequested'), { weight: 'Bolder', size: 'Medium' }),
      text(notice.summary),
      {
        type: 'FactSet',
        facts: [
          { title: say(lang, 'notice.action'), value: notice.action },
          { title: say(lang, 'notice.request'), value: notice.requestId },
        ],
      },
      ...(opts.error ? [text(opts.error, { color: 'Attention', weight: 'Bolder' })] : []),
      {
        type: 'Input.Text',
        id: 'reason',
        label: say(lang, 'notice.reasonLabel'),
        placeholder: say(lang, 'notice.reasonPlaceholder'),
        isMultiline: true,
        maxLength: 2000,
        isRequired: true,
        errorMessage: say(lang, 'notice.reasonRequired'),
      },
    ],
    actions: [
      // Approving needs no reason: the box is not validated or sent for Approve.
      {
        type: 'Action.Execute',
        title: say(lang, 'notice.approve'),
        verb: 'approve',
        data: data('approve'),
        style: 'positive',
        associatedInputs: 'none',
      },
      {
        type: 'Action.Execute',
        title: say(lang, 'notice.reject'),
        verb: 'reject',
        data: data('reject'),
        style: 'destructive',
        associatedInputs: 'auto',
      },
    ],
  };
}

/** The card after a click: what happened, without buttons (a decided request takes no more clicks here). */
export function decidedCard(words: string): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.4',
    body: [text(words)],
  };
}

/** Our decision in a card's data or a submitted value, or null when it is not one of our cards. */
export function cardDecisionOf(data: unknown, verb?: string): CardDecision | null {
  if (!data || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  if (d[MARK] === undefined) return null;
  const decision = verb ?? d.decision;
  if ((decision !== 'approve' && decision !== 'reject') || typeof d.requestId !== 'string') return null;
  const reason = typeof d.reason === 'string' && d.reason.trim() ? d.reason.trim().slice(0, 2000) : undefined;
  return {
    decision,
    requestId: d.requestId,
    ...(reason ? { reason } : {}),
    ...(typeof d.action === 'string' ? { action: d.action } : {}),
    ...(typeof d.summary === 'string' ? { summary: d.summary } : {}),
  };
}

/** The attachment a message carries a card in. */
export const cardAttachment = (card: unknown) => ({
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: card,
});
