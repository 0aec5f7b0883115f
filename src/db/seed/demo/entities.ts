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
    },
    {
      code: 'NW-EU',
      name: 'Northwind Advisory B.V.',
      country: 'NL',
      functionalCurrency: 'EUR',
      taxRegistration: 'NL859012345B01',
      address: 'Herengracht 100, 1015 BS Amsterdam',
      invoicePrefix: 'NWEU-',
    },
  ];
}
