import { approvalsInboxList } from '../../tools/approvals/approvals-inbox.ts';
import { approvalNoticesList, approvalNoticesMarkRead } from '../../tools/approvals/approval-notices.ts';
import { approvalsGrant } from '../../tools/approvals/grant-approval.ts';
import { approvalsReject } from '../../tools/approvals/reject-approval.ts';
import type { ApiDeps } from '../deps.ts';
import type { ApiRoute } from '../route.ts';
import { toolRoute } from '../tool-route.ts';

/** The approvals inbox (what waits for me, and why) and deciding approval requests (catalogue entries in src/tools/approvals). */
export function approvalRoutes(deps: ApiDeps): ApiRoute[] {
  const description =
    "Policy decides: the approver holds the level's role, is not the requester, approves one level only, and is never the agent.";
  return [
    toolRoute(deps, approvalsInboxList, {
      method: 'get',
      path: '/approvals/inbox',
      operationId: 'approvalsInbox',
      tag: 'Approvals',
      summary: 'What waits for my approval, with the reason',
      description:
        "Invoices pending approval and action requests that wait for one of the caller's roles, oldest first. canDecide says whether " +
        'policy lets the caller decide it now; blocked says why not (an earlier level first, segregation of duties, the agent); problem says ' +
        'why nobody can yet (its state cannot be read, e.g. FX_RATE_MISSING). canDecide=true lists only what the caller may decide now.',
      responseDescription: 'A page of inbox items',
    }),
    toolRoute(deps, approvalNoticesList, {
      method: 'get',
      path: '/approvals/notices',
      operationId: 'listApprovalNotices',
      tag: 'Approvals',
      summary: 'My notices that approval requests I asked for were decided',
      description:
        'Granted (with what the paused copilot call then did), rejected (by whom, why) or granted too late (expired), whatever ' +
        "channel the request was made in. unread=true lists the ones not read yet, oldest first. Only the caller's own.",
      responseDescription: 'A page of notices',
    }),
    toolRoute(deps, approvalNoticesMarkRead, {
      method: 'post',
      path: '/approvals/notices/read',
      operationId: 'markApprovalNoticesRead',
      tag: 'Approvals',
      summary: 'Mark my approval notices read',
      description:
        'Marks the given notices (or every unread one) read and answers the ones marked now: a notice is answered once. ' +
        "Someone else's notices are left alone.",
      responseDescription: 'The notices marked read by this call',
    }),
    toolRoute(deps, approvalsGrant, {
      method: 'post',
      path: '/approvals/:id/grant',
      pathFields: { id: 'requestId' },
      operationId: 'grantApproval',
      tag: 'Approvals',
      summary: 'Approve the next level of an approval request',
      description,
      errors: [404, 409],
      responseDescription: 'The request afterwards',
    }),
    toolRoute(deps, approvalsReject, {
      method: 'post',
      path: '/approvals/:id/reject',
      pathFields: { id: 'requestId' },
      operationId: 'rejectApproval',
      tag: 'Approvals',
      summary: 'Refuse an approval request, with the reason',
      description,
      errors: [404, 409],
      responseDescription: 'The request afterwards',
    }),
  ];
}
