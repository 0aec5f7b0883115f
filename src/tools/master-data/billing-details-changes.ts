import { isDeepStrictEqual } from 'node:util';
import type { ContractBundle } from '../../billing/inputs/contract-bundle.ts';
import type { DbOrTx } from '../../db/client.ts';
import { getClient } from '../../db/stores/master-data-queries.ts';
import { InputError } from '../../shared/errors.ts';
import type { ClientBillingDetails } from '../../policy/actions.ts';
import { billingDetails } from '../clients/client-view.ts';

/** The billing details a bundle may not change on a client that exists (its legal entity: clientMoves). */
const FIELDS = ['billingContacts', 'deliveryChannel', 'creditLimit', 'accountManager'] as const;

/**
 * Where an existing client's invoices and reminders go (billing contacts, delivery channel) and what it may owe
 * (credit limit, account manager) change only under client.change_billing_details, which the matrix has a second
 * person approve (clients_upsert). The master-data bundle is one administrator's, so it may create clients with any
 * details and repeat the ones on file, but not change them: read before the bundle is written, compared after, in
 * the bundle's savepoint. A change throws, naming the client and the fields, and the savepoint rolls back whole.
 */
export const billingDetailsChanges = {
  /** The billing details on file of the bundle's clients that exist, by code. */
  async read(db: DbOrTx, bundle: ContractBundle): Promise<Map<string, ClientBillingDetails>> {
    const onFile = new Map<string, ClientBillingDetails>();
    for (const c of bundle.clients) {
      const row = await getClient(db, c.code);
      if (row) onFile.set(c.code, billingDetails(row));
    }
    return onFile;
  },

  /** Throws CLIENT_BILLING_DETAILS_NEED_APPROVAL for the first existing client whose details the bundle changed. */
  async refuse(db: DbOrTx, bundle: ContractBundle, before: ReadonlyMap<string, ClientBillingDetails>): Promise<void> {
    for (const [i, c] of bundle.clients.entries()) {
      const was = before.get(c.code);
      if (!was) continue;
      const row = await getClient(db, c.code);
      if (!row) continue;
      const is = billingDetails(row);
      const changed = FIELDS.filter((f) => !isDeepStrictEqual(was[f], is[f]));
      if (changed.length === 0) continue;
      throw new InputError(
        'CLIENT_BILLING_DETAILS_NEED_APPROVAL',
        `clients.${i}: the bundle would change ${changed.join(', ')} of client ${c.code}, which decides where its ` +
          "invoices and reminders go; an existing client's billing details change only with a second person's " +
          'approval: POST /clients (clients_upsert); repeat the details on file in the bundle (an omitted field is ' +
          'its default, which counts as a change) to keep them',
        { path: `clients.${i}`, client: c.code, fields: changed },
      );
    }
  },
};
