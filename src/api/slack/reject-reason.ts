/**
 * Rejecting from Slack needs a reason (approvals_reject takes one; the requester reads it): the
 * Reject button opens this modal, and its submission rejects as the person who submitted it.
 */

/** The modal's callback id: a view_submission with it is a rejection with its reason. */
export const REJECT_REASON_CALLBACK = 'approval_reject_reason';
/** Block and element id of the reason input (Slack keys the submitted state and its errors by block id). */
export const REASON_BLOCK = 'reason';
const REASON_ELEMENT = 'reason_text';

/** Where the rejection came from: the request and the approver's message, carried in the modal's private_metadata. */
export interface RejectOrigin {
  requestId: string;
  /** The message with the buttons (updated after the decision); '' when Slack did not say. */
  channel: string;
  ts: string;
  /** The button press's response_url (answers to the presser), '' when absent. */
  responseUrl: string;
}

/** Words shown under the reason box when it is empty or blank. */
export const REASON_REQUIRED = 'Write why you reject it: the requester reads this reason.';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The origin of a Reject press (block_actions payload): the request id in the button's value, the message it sits in. */
export function rejectOriginOf(payload: Record<string, unknown>): RejectOrigin {
  const action = obj((payload.actions as unknown[] | undefined)?.[0]);
  const container = obj(payload.container);
  return {
    requestId: str(action.value),
    channel: str(container.channel_id) || str(obj(payload.channel).id),
    ts: str(container.message_ts) || str(obj(payload.message).ts),
    responseUrl: str(payload.response_url),
  };
}

/** The modal asking for the reason (views.open); `summary` is what the approver's message said. */
export function rejectReasonView(origin: RejectOrigin): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: REJECT_REASON_CALLBACK,
    // Slack gives private_metadata back on submission (at most 3000 characters).
    private_metadata: JSON.stringify(origin).slice(0, 3000),
    title: { type: 'plain_text', text: 'Reject the request' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `Request \`${origin.requestId}\`. The requester reads your reason.` },
      },
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'plain_text_input',
          action_id: REASON_ELEMENT,
          multiline: true,
          min_length: 1,
          max_length: 2000,
          placeholder: { type: 'plain_text', text: 'e.g. the client approved this amount already on PO 4711' },
        },
      },
    ],
  };
}

/** What a view_submission of the modal carries: the origin and the reason typed (trimmed; '' when blank). */
export function rejectSubmissionOf(payload: Record<string, unknown>): (RejectOrigin & { reason: string }) | null {
  const view = obj(payload.view);
  if (str(view.callback_id) !== REJECT_REASON_CALLBACK) return null;
  let origin: Record<string, unknown>;
  try {
    origin = obj(JSON.parse(str(view.private_metadata)));
  } catch {
    return null;
  }
  const requestId = str(origin.requestId);
  if (!requestId) return null;
  const values = obj(obj(view.state).values);
  const reason = str(obj(obj(values[REASON_BLOCK])[REASON_ELEMENT]).value).trim();
  return {
    requestId,
    channel: str(origin.channel),
    ts: str(origin.ts),
    responseUrl: str(origin.responseUrl),
    reason,
  };
}

/** The state a modal submission carries for a reason (tests, and the shape Slack sends). */
export const reasonState = (reason: string) => ({
  values: { [REASON_BLOCK]: { [REASON_ELEMENT]: { type: 'plain_text_input', value: reason } } },
});
