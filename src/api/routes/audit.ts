import { auditList } from '../../tools/audit/list-audit.ts';
import type { ApiDeps } from '../deps.ts';
import type { ApiRoute } from '../route.ts';
import { toolRoute } from '../tool-route.ts';

/** The audit trail, read-only, derived from audit_list: auditors and controllers with every entity (the trail is firm-wide). */
export function auditRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, auditList, {
      method: 'get',
      path: '/audit',
      operationId: 'listAudit',
      tag: 'Audit',
      summary: 'Read the audit trail, newest first',
    }),
  ];
}
