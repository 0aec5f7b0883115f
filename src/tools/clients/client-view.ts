import { z } from 'zod';
import { accountOfColumns } from '../../billing/collections/bank-account.ts';
import type { getClient } from '../../db/stores/master-data-queries.ts';
import type { ClientBillingDetails } from '../../policy/actions.ts';
import { EVERYONE } from '../../policy/role-groups.ts';
import type { Role } from '../../policy/roles.ts';
import { format } from '../../shared/money.ts';
import { moneyViewSchema } from '../schemas.ts';

/** Who reads clients: everyone, the agent for them. */
export const CLIENT_READERS: readonly Role[] = EVERYONE;

export type ClientRow = NonNullable<Awaited<ReturnType<typeof getClient>>>;

export const clientViewSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    legalEntity: z.string().describe('Code of the legal entity that bills the client'),
    country: z.string(),
    taxId: z.string().nullable(),
    billingContacts: z
      .array(z.object({ name: z.string(), email: z.string(), role: z.string().optional() }))
      .describe('Where invoices and reminders go'),
    deliveryChannel: z.enum(['email', 'portal', 'peppol', 'post']),
    poRequired: z.boolean(),
    paymentTermsDays: z.number().int(),
    creditLimit: moneyViewSchema.nullable(),
    accountManager: z.string().nullable(),
    language: z.string(),
  })
  .describe('A client');

/** A client as the API and the agent see it. */
export function clientView(r: Pick<ClientRow, 'client' | 'entityCode'>): z.output<typeof clientViewSchema> {
  const c = r.client;
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    legalEntity: r.entityCode,
    country: c.country,
    taxId: c.taxId,
    billingContacts: c.billingContacts,
    deliveryChannel: c.deliveryChannel,
    poRequired: c.poRequired,
    paymentTermsDays: c.paymentTermsDays,
    creditLimit:
      c.creditLimitMinor !== null && c.creditLimitCurrency
        ? {
            amount: format({ amountMinor: c.creditLimitMinor, currency: c.creditLimitCurrency }),
            currency: c.creditLimitCurrency,
          }
        : null,
    accountManager: c.accountManager,
    language: c.language,
  };
}

/**
 * What client.change_billing_details guards: where invoices and reminders go, the credit limit, the account owner,
 * and the legal entity that bills the client with the account it prints (a move redirects where the client pays).
 */
export function billingDetails(r: ClientRow): ClientBillingDetails {
  const v = clientView(r);
  return {
    billingContacts: v.billingContacts.map((b) => ({ name: b.name, email: b.email, role: b.role ?? null })),
    deliveryChannel: v.deliveryChannel,
    creditLimit: v.creditLimit,
    accountManager: v.accountManager,
    legalEntity: { code: r.entityCode, bankAccount: accountOfColumns(r.entityAccount) },
  };
}
