import { randomUUID } from 'node:crypto';
import { serviceActor } from '../../policy/service-identities.ts';
import { callTool } from '../../tools/call-tool.ts';
import {
  approvalNoticesDeliver,
  decisionNoticesDue,
  type DeliverNoticesResult,
  type NoticeMessenger,
} from '../../tools/approvals/deliver-decision-notices.ts';
import type { ChatNotifier } from './notifier.ts';
import type { RelayDeps } from './relay-notices.ts';

const isMessenger = (n: ChatNotifier): n is ChatNotifier & NoticeMessenger =>
  typeof (n as Partial<NoticeMessenger>).postNotice === 'function' &&
  typeof (n as Partial<NoticeMessenger>).noticePosted === 'function';

/** How the chat worker runs the delivery (CHAT_NOTICE_DELIVERY_BUDGET_SECONDS, CHAT_NOTICE_MAX_AGE_HOURS). */
export interface NoticeDeliveryOptions {
  /** Milliseconds after which a run takes no further notice; absent: the entry's default (20 s). */
  budgetMs?: number;
  /** A notice older than this when first taken up is left in the inbox; absent: the entry's default (24 h). */
  maxAgeHours?: number;
}

/**
 * The chat worker's part of decision notices: when some wait for a chat delivery, one catalogue call
 * (approval_notices_deliver) as service:job-worker sends them through the configured Slack and Teams notifiers, with
 * one audit row for the run. Nothing is called while none wait (the worker looks every few seconds). Null when
 * nothing was due or no notifier can send them.
 */
export async function deliverDecisionNotices(
  d: RelayDeps,
  o: NoticeDeliveryOptions = {},
): Promise<DeliverNoticesResult | null> {
  const messengers = d.notifiers.filter(isMessenger);
  if (messengers.length === 0 || (await decisionNoticesDue(d.tools)) === 0) return null;
  const caller = {
    actor: serviceActor('job-worker'),
    correlationId: `chat-notices:${randomUUID()}`,
    now: d.tools.now(),
    deps: { ...d.tools, noticeMessengers: messengers },
    via: 'chat-worker',
  };
  const r = await callTool(caller, approvalNoticesDeliver, {
    ...(o.budgetMs !== undefined ? { budgetMs: o.budgetMs } : {}),
    ...(o.maxAgeHours !== undefined ? { maxAgeHours: o.maxAgeHours } : {}),
  });
  if (!r.ok) {
    d.log('decision notices not delivered', { code: r.error.code, message: r.error.message });
    return null;
  }
  if (r.value.failed || r.value.retrying) d.log('decision notices: some not delivered', { ...r.value });
  return r.value;
}
