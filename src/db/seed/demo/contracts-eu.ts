import type { ContractInput } from '../../../billing/inputs/contract-bundle.ts';
import { contract } from './contract.ts';
import { card, ROLE_RATES_EUR } from './rates.ts';

/** The Dutch entity's 6 contracts, in EUR (invoiced in GBP and CHF too): reverse charge, zero rate, a usage contract that ended. */
export function demoEuContracts(): ContractInput[] {
  const eur = card(ROLE_RATES_EUR);
  return [
    contract({
      code: 'SOW-ORANJE-01',
      client: 'ORANJE',
      name: 'Oranje Bank payments modernisation',
      models: ['time_and_materials'],
      currency: 'EUR',
      startDate: '2026-06-01',
      endDate: '2027-06-30',
      taxJurisdiction: 'NL',
      rateCard: eur,
      timeRounding: { incrementMinutes: 30, direction: 'nearest' },
    }),
    contract({
      code: 'SOW-PRAXIS-01',
      client: 'PRAXIS',
      name: 'Praxis ERP integration',
      models: ['time_and_materials'],
      currency: 'EUR',
      startDate: '2026-06-01',
      endDate: '2027-06-30',
      taxJurisdiction: 'NL',
      taxTreatment: 'reverse_charge',
      rateCard: eur,
      expenses: { billable: true, markupPercent: '5', cap: '4000.00' },
    }),
    contract({
      code: 'SOW-QUAY-01',
      client: 'QUAY',
      name: 'Quay treasury review',
      models: ['time_and_materials'],
      currency: 'EUR',
      invoiceCurrency: 'GBP',
      startDate: '2026-06-01',
      endDate: '2027-06-30',
      taxJurisdiction: 'NL',
      taxTreatment: 'zero',
      rateCard: eur,
    }),
    contract({
      code: 'RET-RHEIN-01',
      client: 'RHEIN',
      name: 'Rhein Chemie data platform retainer',
      models: ['retainer', 'usage'],
      currency: 'EUR',
      startDate: '2026-06-01',
      endDate: '2027-05-31',
      taxJurisdiction: 'NL',
      taxTreatment: 'reverse_charge',
      retainer: {
        fee: '12000.00',
        includedHours: '50',
        overageRate: '210.00',
        rolloverMaxHours: '10',
        overageTolerancePercent: '20',
      },
      usage: {
        unit: 'GB processed',
        tiers: [
          { from: '0', upTo: '500', unitPrice: '0.00' },
          { from: '500', upTo: null, unitPrice: '0.35' },
        ],
        minimumCommitment: null,
      },
    }),
    contract({
      code: 'SOW-SAANE-01',
      client: 'SAANE',
      name: 'Saane clinical data review',
      models: ['time_and_materials'],
      currency: 'EUR',
      invoiceCurrency: 'CHF',
      startDate: '2026-06-01',
      endDate: '2027-06-30',
      taxJurisdiction: 'NL',
      taxTreatment: 'zero',
      rateCard: eur,
    }),
    contract({
      code: 'USG-TULP-01',
      client: 'TULP',
      name: 'Tulp route optimisation service',
      models: ['usage', 'time_and_materials'],
      currency: 'EUR',
      startDate: '2026-04-01',
      endDate: '2026-09-30',
      taxJurisdiction: 'NL',
      rateCard: eur,
      usage: {
        unit: 'optimised route',
        tiers: [
          { from: '0', upTo: '10000', unitPrice: '0.40' },
          { from: '10000', upTo: null, unitPrice: '0.25' },
        ],
        minimumCommitment: '3000.00',
      },
    }),
  ];
}
