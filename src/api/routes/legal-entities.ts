import { legalEntitiesChangeBankAccount } from '../../tools/legal-entities/change-bank-account.ts';
import type { ApiDeps } from '../deps.ts';
import type { ApiRoute } from '../route.ts';
import { toolRoute } from '../tool-route.ts';

/** Legal entities: the account their clients pay into, changed only under a second person's approval. */
export function legalEntityRoutes(deps: ApiDeps): ApiRoute[] {
  return [
    toolRoute(deps, legalEntitiesChangeBankAccount, {
      method: 'post',
      path: '/legal-entities/:code/bank-account',
      pathFields: { code: 'legalEntity' },
      operationId: 'changeBankAccount',
      tag: 'Master data',
      summary: "Set, change or remove a legal entity's bank account (a second person approves)",
      description:
        'Where clients pay (printed on every reminder) is the policy action legal_entity.change_bank_account, ' +
        "which a second person always approves (the matrix's legalEntityBankAccount rule; a finance admin by " +
        'default, never the requester). Body: `{"bankAccount": {"iban": "...", "bic": "...", "bankName": ' +
        '"..."}}` or an `accountNumber` with its `routingCode`; `{"bankAccount": null}` removes it. The first ' +
        'call answers 409 APPROVAL_REQUIRED with the request and writes nothing; once granted (POST ' +
        '/approvals/{id}/grant), the same call writes the account once, audited with it before and after. The ' +
        'account already on file answers 200 with changed: false. A wrong IBAN is 400 VALIDATION_FAILED ' +
        'naming IBAN_INVALID; an unknown entity 404 LEGAL_ENTITY_NOT_FOUND.',
      errors: [404, 409],
      responseDescription: 'The account before and after (changed: false when it already was on file)',
    }),
  ];
}
