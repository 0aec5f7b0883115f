import type { ContractBundle } from '../../../billing/inputs/contract-bundle.ts';

type Client = ContractBundle['clients'][number];

/** A demo client: e-mail delivery, no PO, 30 days, accounts payable as billing contact, managed by am@. */
const client = (
  code: string,
  name: string,
  country: string,
  legalEntity: string,
  extra: Partial<Client> = {},
): Client => ({
  code,
  name,
  country,
  legalEntity,
  taxId: null,
  deliveryChannel: 'email' as const,
  poRequired: false,
  paymentTermsDays: 30,
  billingContacts: [{ name: `${name} Accounts Payable`, email: `ap@${code.toLowerCase()}.example` }],
  accountManager: 'am@northwind.example',
  language: 'en',
  creditLimit: null,
  ...extra,
});

/** 20 clients: 14 billed by the US entity, 6 by the Dutch one (PO, portal, Peppol, foreign languages among them). */
export function demoClients(): Client[] {
  return [
    client('ACME', 'Acme Logistics', 'US', 'NW-US', { creditLimit: { amount: '250000.00', currency: 'USD' } }),
    client('BLUEJAY', 'Bluejay Health', 'US', 'NW-US', { paymentTermsDays: 45 }),
    client('CEDAR', 'Cedar Capital', 'US', 'NW-US'),
    client('DELTAF', 'Delta Freight', 'US', 'NW-US', { deliveryChannel: 'portal' }),
    client('EVERGREEN', 'Evergreen Energy', 'US', 'NW-US'),
    client('FALCON', 'Falcon Media', 'US', 'NW-US'),
    client('GRANITE', 'Granite Insurance', 'US', 'NW-US', { paymentTermsDays: 60 }),
    client('HARBOR', 'Harbor Analytics', 'US', 'NW-US'),
    client('IRONWOOD', 'Ironwood Manufacturing', 'US', 'NW-US', { poRequired: true }),
    client('JUNIPER', 'Juniper Schools Foundation', 'US', 'NW-US'),
    client('KESTREL', 'Kestrel Retail', 'US', 'NW-US', { poRequired: true }),
    client('LUMEN', 'Lumen Robotics K.K.', 'JP', 'NW-US', { language: 'ja' }),
    client('MAPLE', 'Maple Financial', 'CA', 'NW-US'),
    client('NORTHSTAR', 'Northstar Bio', 'US', 'NW-US'),
    client('ORANJE', 'Oranje Bank N.V.', 'NL', 'NW-EU', {
      taxId: 'NL001234567B01',
      language: 'nl',
      deliveryChannel: 'peppol',
    }),
    client('PRAXIS', 'Praxis Software GmbH', 'DE', 'NW-EU', { taxId: 'DE123456789', language: 'de' }),
    client('QUAY', 'Quay Holdings plc', 'GB', 'NW-EU', { taxId: 'GB123456789' }),
    client('RHEIN', 'Rhein Chemie AG', 'DE', 'NW-EU', { taxId: 'DE987654321', language: 'de' }),
    client('SAANE', 'Saane Pharma SA', 'CH', 'NW-EU', { taxId: 'CHE-123.456.789', language: 'fr' }),
    client('TULP', 'Tulp Logistiek B.V.', 'NL', 'NW-EU', { taxId: 'NL002345678B01', language: 'nl' }),
  ];
}
