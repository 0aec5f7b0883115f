import { approvalsInboxList } from '../../tools/approvals/approvals-inbox.ts';
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
