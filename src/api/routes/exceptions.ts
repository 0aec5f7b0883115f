import { exceptionsAssign } from '../../tools/exceptions/assign-exception.ts';
import { exceptionsList } from '../../tools/exceptions/list-exceptions.ts';
import { exceptionsResolve } from '../../tools/exceptions/resolve-exception.ts';
import type { ApiDeps } from '../deps.ts';
import type { ApiRoute } from '../route.ts';
import { toolRoute } from '../tool-route.ts';

/** Billing exceptions: list, assign to a person, resolve with a resolution code (catalogue entries in src/tools/exceptions). */
export function exceptionRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, exceptionsList, {
      method: 'get',
      path: '/exceptions',
      operationId: 'listExceptions',
      tag: 'Exceptions',
      summary: 'List billing exceptions, open and most urgent first',
      responseDescription: 'A page of exceptions',
    }),
    toolRoute(deps, exceptionsAssign, {
      method: 'post',
      path: '/exceptions/:id/assign',
      pathFields: { id: 'exceptionId' },
      operationId: 'assignException',
      tag: 'Exceptions',
      summary: 'Hand an exception to a person',
      errors: [404, 409, 422],
      responseDescription: 'Assigned',
    }),
    toolRoute(deps, exceptionsResolve, {
      method: 'post',
      path: '/exceptions/:id/resolve',
      pathFields: { id: 'exceptionId' },
      operationId: 'resolveException',
      tag: 'Exceptions',
      summary: 'Resolve an exception with a resolution code',
      description:
        'An approving code releases the line or draft it held; write_off keeps the line at zero; data fixes keep the hold until billing is re-run.',
      errors: [404, 409, 422],
      responseDescription: 'Resolved',
    }),
  ];
}
