import type { ContractBundle } from '../../../billing/inputs/contract-bundle.ts';

/** The two legal entities: Northwind Advisory Inc. (US, USD) and Northwind Advisory B.V. (NL, EUR). */
export function demoLegalEntities(): ContractBundle['legalEntities'] {
  return [
    {
      code: 'NW-US',
      name: 'Northwind Advisory Inc.',
      country: 'US',
      functionalCurrency: 'USD',
      taxRegistration: 'EIN 84-1234567',
      address: '200 Park Ave, New York, NY 10166',
      invoicePrefix: 'NWUS-',
      // A demo account (JPMorgan Chase's published ABA routing number; the account number is made up).
      bankAccount: { bankName: 'JPMorgan Chase Bank', accountNumber: '000123456789', routingCode: '021000021' },
    },
    {
      code: 'NW-EU',
      name: 'Northwind Advisory B.V.',
      country: 'NL',
      functionalCurrency: 'EUR',
      taxRegistration: 'NL859012345B01',
      address: 'Herengracht 100, 1015 BS Amsterdam',
      invoicePrefix: 'NWEU-',
      // A demo IBAN with a valid checksum (ISO 13616's Dutch example), not a real account.
      bankAccount: { bankName: 'ABN AMRO Bank', iban: 'NL91 ABNA 0417 1643 00', bic: 'ABNANL2A' },
    },
  ];
}
