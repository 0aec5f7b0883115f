import type { ApprovalNotice, ChatNotifier, ChatRecipient, DeliveryReport } from '../chat/notifier.ts';
import type { SlackWebApi } from './web-api.ts';

/** Action ids of the buttons on an approval message; their value is the request id. */
export const APPROVE_ACTION = 'approval_grant';
export const REJECT_ACTION = 'approval_reject';

/** Where the notifier keeps the messages it posted for a request, so a decision updates them. */
export interface PostedMessages {
  remember(m: { requestId: string; userId: string; channel: string; ts: string }): Promise<void>;
  of(requestId: string): Promise<{ userId: string; channel: string; ts: string }[]>;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The approver's message: what is asked, and Approve / Reject buttons carrying the request id. */
export function approvalBlocks(n: ApprovalNotice): unknown[] {
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Approval needed* (${escape(n.action)})\n${escape(n.summary)}` },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Request \`${n.requestId}\`` }] },
    {
      type: 'actions',
      block_id: `approval:${n.requestId}`,
      elements: [
        {
          type: 'button',
          action_id: APPROVE_ACTION,
          style: 'primary',
          text: { type: 'plain_text', text: 'Approve' },
          value: n.requestId,
        },
        {
          type: 'button',
          action_id: REJECT_ACTION,
          style: 'danger',
          text: { type: 'plain_text', text: 'Reject' },
          value: n.requestId,
        },
      ],
    },
  ];
}

/** The words of a decided request, for the requester and for the approvers' updated message. */
export function decisionText(n: ApprovalNotice): string {
  const verdict = n.status === 'granted' ? 'was approved' : n.status === 'rejected' ? 'was rejected' : 'expired';
  return `Approval request ${n.requestId} (${n.action}) ${verdict}${n.reason ? `: ${n.reason}` : '.'}\n${n.summary}`;
}

/**
 * Slack's ChatNotifier: approvers get a direct message with Approve / Reject buttons (the bot
 * posts to the user's id, which Slack opens as the app's DM); when decided, the requester gets the
 * outcome and every approver message of the request is updated so nobody presses a stale button.
 */
export class SlackNotifier implements ChatNotifier {
  readonly provider = 'slack' as const;
  constructor(
    private readonly api: SlackWebApi,
    private readonly posted: PostedMessages,
  ) {}

  async notifyApproval(notice: ApprovalNotice, recipients: ChatRecipient[]): Promise<DeliveryReport[]> {
    const reports: DeliveryReport[] = [];
    if (notice.status === 'open') {
      for (const r of recipients) {
        const res = await this.api.postMessage({
          channel: r.externalId,
          text: `Approval needed: ${notice.summary}`,
          blocks: approvalBlocks(notice),
        });
        if (res.ok && res.ts)
          await this.posted.remember({
            requestId: notice.requestId,
            userId: r.userId,
            channel: res.channel ?? r.externalId,
            ts: res.ts,
          });
        reports.push(res.ok ? { recipient: r, ok: true } : { recipient: r, ok: false, error: res.error });
      }
      return reports;
    }
    const text = decisionText(notice);
    for (const r of recipients) {
      const res = await this.api.postMessage({ channel: r.externalId, text });
      reports.push(res.ok ? { recipient: r, ok: true } : { recipient: r, ok: false, error: res.error });
    }
    // The approvers' messages lose their buttons; a failure here is not the requester's.
    for (const m of await this.posted.of(notice.requestId))
      await this.api.update({
        channel: m.channel,
        ts: m.ts,
        text,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escape(text) } }],
      });
    return reports;
  }

  async postToChannel(channel: string, text: string): Promise<{ ok: boolean; error?: string }> {
    const res = await this.api.postMessage({ channel, text });
    return res.ok ? { ok: true } : { ok: false, error: res.error };
  }
}
