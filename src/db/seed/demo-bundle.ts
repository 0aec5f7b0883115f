import type { ContractBundle, ContractInput } from '../../billing/inputs/contract-bundle.ts';

/**
 * The demo firm "Northwind Advisory": a US entity billing in USD and a Dutch entity billing in EUR,
 * 20 clients that together use every billing model and trip every exception type at least once.
 */

export const ROLE_RATES_USD: Record<string, string> = {
  Partner: '420.00', Principal: '320.00', 'Senior Consultant': '240.00', Consultant: '185.00',
  Analyst: '140.00', Engineer: '210.00', Designer: '170.00', 'Project Manager': '190.00',
};
export const ROLE_RATES_EUR: Record<string, string> = {
  Partner: '380.00', Principal: '290.00', 'Senior Consultant': '215.00', Consultant: '165.00',
  Analyst: '125.00', Engineer: '190.00', Designer: '150.00', 'Project Manager': '170.00',
};
const COST: Record<string, string> = {
  Partner: '190.00', Principal: '150.00', 'Senior Consultant': '105.00', Consultant: '82.00',
  Analyst: '60.00', Engineer: '95.00', Designer: '75.00', 'Project Manager': '85.00', 'Data Scientist': '110.00',
};

const FIRST = ['Ava', 'Ben', 'Chloe', 'Diego', 'Elif', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kenji', 'Lena', 'Mateo', 'Nora', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Aart', 'Bram', 'Carla', 'Daan', 'Eva', 'Femke', 'Gijs', 'Hugo', 'Iris', 'Joost'];
const LAST = ['Adams', 'Brooks', 'Chen', 'Diaz', 'Ekin', 'Fischer', 'Garcia', 'Hoang', 'Ivanova', 'Jensen', 'Kato', 'Larsen', 'Moreno', 'Novak', 'Okafor', 'Patel', 'Quist', 'Rossi', 'Svensson', 'Tanaka', 'Usman', 'Visser', 'Wang', 'Xu', 'Yilmaz', 'Zimmer', 'de Boer', 'Bakker', 'Smit', 'de Vries', 'Mulder', 'Jansen', 'Meijer', 'Bos', 'Vos', 'Peters'];
const ROLES = ['Partner', 'Principal', 'Senior Consultant', 'Senior Consultant', 'Consultant', 'Consultant', 'Analyst', 'Engineer', 'Engineer', 'Designer', 'Project Manager', 'Consultant'];

/** 36 people: the first 24 in the US entity, the rest in the EU entity; one data scientist has no rate anywhere. */
export function demoPeople(): ContractBundle['people'] {
  return FIRST.map((first, i) => {
    const role = i === 13 ? 'Data Scientist' : ROLES[i % ROLES.length]!;
    const us = i < 24;
    return {
      code: `P${String(i + 1).padStart(3, '0')}`,
      name: `${first} ${LAST[i]}`,
      email: `${first.toLowerCase()}.${LAST[i]!.toLowerCase().replace(/\s/g, '')}@northwind.example`,
      role,
      legalEntity: us ? 'NW-US' : 'NW-EU',
      costRate: COST[role]!,
      costCurrency: us ? 'USD' : 'EUR',
    };
  });
}

const card = (rates: Record<string, string>, from = '2026-01-01') =>
  Object.entries(rates).map(([role, rate]) => ({ role, rate, unit: 'hour' as const, effectiveFrom: from }));

type C = Omit<ContractInput, 'status' | 'timeRounding' | 'hoursPerDay' | 'longDays' | 'recurringFees' | 'rateCard' | 'milestones' | 'expenses' | 'discounts' | 'taxTreatment' | 'invoiceFrequency' | 'projects'> & Partial<ContractInput>;
const contract = (c: C): ContractInput => ({
  status: 'active', timeRounding: { incrementMinutes: 0, direction: 'nearest' }, hoursPerDay: '8', longDays: 'pro_rata', recurringFees: [],
  rateCard: [], milestones: [],
  expenses: { billable: true, markupPercent: '0' }, discounts: [], taxTreatment: 'standard', invoiceFrequency: 'monthly',
  projects: [{ code: `${c.code}-P1`, name: `${c.name} delivery`, status: 'active', projectManager: 'pm@northwind.example' }],
  ...c,
} as ContractInput);

/** The demo master data as an import bundle (the same format `import contracts` reads). */
export function demoBundle(): ContractBundle {
  const usd = card(ROLE_RATES_USD);
  const eur = card(ROLE_RATES_EUR);
  const client = (code: string, name: string, country: string, legalEntity: string, extra: Partial<ContractBundle['clients'][number]> = {}) => ({
    code, name, country, legalEntity, taxId: null, deliveryChannel: 'email' as const, poRequired: false, paymentTermsDays: 30,
    billingContacts: [{ name: `${name} Accounts Payable`, email: `ap@${code.toLowerCase()}.example` }],
    accountManager: 'am@northwind.example', language: 'en', creditLimit: null, ...extra,
  });
  return {
    legalEntities: [
      { code: 'NW-US', name: 'Northwind Advisory Inc.', country: 'US', functionalCurrency: 'USD', taxRegistration: 'EIN 84-1234567', address: '200 Park Ave, New York, NY 10166', invoicePrefix: 'NWUS-' },
      { code: 'NW-EU', name: 'Northwind Advisory B.V.', country: 'NL', functionalCurrency: 'EUR', taxRegistration: 'NL859012345B01', address: 'Herengracht 100, 1015 BS Amsterdam', invoicePrefix: 'NWEU-' },
    ],
    people: demoPeople(),
    clients: [
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
      client('ORANJE', 'Oranje Bank N.V.', 'NL', 'NW-EU', { taxId: 'NL001234567B01', language: 'nl', deliveryChannel: 'peppol' }),
      client('PRAXIS', 'Praxis Software GmbH', 'DE', 'NW-EU', { taxId: 'DE123456789', language: 'de' }),
      client('QUAY', 'Quay Holdings plc', 'GB', 'NW-EU', { taxId: 'GB123456789' }),
      client('RHEIN', 'Rhein Chemie AG', 'DE', 'NW-EU', { taxId: 'DE987654321', language: 'de' }),
      client('SAANE', 'Saane Pharma SA', 'CH', 'NW-EU', { taxId: 'CHE-123.456.789', language: 'fr' }),
      client('TULP', 'Tulp Logistiek B.V.', 'NL', 'NW-EU', { taxId: 'NL002345678B01', language: 'nl' }),
    ],
    contracts: [
      contract({ code: 'SOW-ACME-01', client: 'ACME', name: 'Acme network redesign', models: ['time_and_materials'], currency: 'USD', startDate: '2026-06-01', endDate: '2027-05-31', taxJurisdiction: 'US', timeRounding: { incrementMinutes: 15, direction: 'up' },
        rateCard: [...usd.map((r) => ({ ...r, effectiveTo: '2026-10-15' })), ...card({ ...ROLE_RATES_USD, 'Senior Consultant': '255.00', Consultant: '195.00' }, '2026-10-16')] }),
      contract({ code: 'SOW-BLUEJAY-01', client: 'BLUEJAY', name: 'Bluejay claims platform', models: ['time_and_materials'], currency: 'USD', startDate: '2026-07-01', endDate: '2026-12-31', taxJurisdiction: 'US', notToExceed: '150000.00', rateCard: usd }),
      contract({ code: 'SOW-CEDAR-01', client: 'CEDAR', name: 'Cedar risk analytics', models: ['time_and_materials'], currency: 'USD', startDate: '2026-06-01', endDate: null, taxJurisdiction: 'US',
        rateCard: [...usd, { role: 'Partner', person: 'P001', rate: '395.00', unit: 'hour', effectiveFrom: '2026-01-01' }],
        discounts: [{ description: 'Volume discount 5%', kind: 'percent', value: '5', appliesTo: 'fees' }],
        expenses: { billable: true, markupPercent: '0', cap: '2500.00' } }),
      contract({ code: 'SOW-DELTAF-01', client: 'DELTAF', name: 'Delta Freight TMS rollout', models: ['milestone'], currency: 'USD', startDate: '2026-06-01', endDate: '2027-03-31', taxJurisdiction: 'US', invoiceFrequency: 'milestone',
        milestones: [
          { name: 'Discovery complete', amount: '45000.00', status: 'accepted', acceptedOn: '2026-08-14', dueDate: '2026-08-15' },
          { name: 'Design sign-off', amount: '60000.00', status: 'accepted', acceptedOn: '2026-10-09', dueDate: '2026-10-01' },
          { name: 'Go-live', amount: '95000.00', status: 'completed', dueDate: '2026-12-15' },
        ] }),
      contract({ code: 'SOW-EVERGREEN-01', client: 'EVERGREEN', name: 'Evergreen grid study', models: ['milestone'], currency: 'USD', startDate: '2026-07-01', endDate: '2027-01-31', taxJurisdiction: 'US', fixedFee: '240000.00', invoiceFrequency: 'milestone',
        milestones: [
          { name: 'Mobilisation (25%)', percent: '25', status: 'accepted', acceptedOn: '2026-08-03' },
          { name: 'Interim report (25%)', percent: '25', status: 'accepted', acceptedOn: '2026-09-28' },
          { name: 'Final report (50%)', percent: '50', status: 'pending', dueDate: '2027-01-15' },
        ] }),
      contract({ code: 'RET-FALCON-01', client: 'FALCON', name: 'Falcon Media advisory retainer', models: ['retainer'], currency: 'USD', startDate: '2026-06-01', endDate: '2027-05-31', taxJurisdiction: 'US', invoiceFrequency: 'in_advance_monthly',
        retainer: { fee: '20000.00', includedHours: '80', overageRate: '260.00', rolloverMaxHours: '20', overageTolerancePercent: '15' } }),
      contract({ code: 'RET-GRANITE-01', client: 'GRANITE', name: 'Granite Insurance architecture retainer', models: ['retainer'], currency: 'USD', startDate: '2026-06-01', endDate: '2027-05-31', taxJurisdiction: 'US', invoiceFrequency: 'in_advance_monthly',
        retainer: { fee: '15000.00', includedHours: '60', overageRate: '240.00', rolloverMaxHours: '0', overageTolerancePercent: '10' } }),
      contract({ code: 'USG-HARBOR-01', client: 'HARBOR', name: 'Harbor managed data pipeline', models: ['usage'], currency: 'USD', startDate: '2026-06-01', endDate: null, taxJurisdiction: 'US',
        usage: { unit: 'pipeline run', tiers: [{ from: '0', upTo: '1000', unitPrice: '2.50' }, { from: '1000', upTo: '5000', unitPrice: '1.80' }, { from: '5000', upTo: null, unitPrice: '1.20' }], minimumCommitment: '6000.00' } }),
      contract({ code: 'SOW-IRONWOOD-01', client: 'IRONWOOD', name: 'Ironwood MES upgrade', models: ['milestone', 'time_and_materials'], currency: 'USD', startDate: '2026-07-01', endDate: '2027-06-30', taxJurisdiction: 'US', poNumber: 'PO-IW-55812', fixedFee: '180000.00',
        rateCard: usd, milestones: [{ name: 'Blueprint (30%)', percent: '30', status: 'accepted', acceptedOn: '2026-09-18' }, { name: 'Pilot plant live (70%)', percent: '70', status: 'pending' }],
        expenses: { billable: true, markupPercent: '10', capPercentOfFees: '15' } }),
      contract({ code: 'SOW-JUNIPER-01', client: 'JUNIPER', name: 'Juniper data strategy (pro-bono rates)', models: ['time_and_materials'], currency: 'USD', startDate: '2026-06-01', endDate: '2027-06-30', taxJurisdiction: 'US', taxTreatment: 'exempt',
        rateCard: card({ Principal: '200.00', Consultant: '120.00', Analyst: '90.00' }) }),
      contract({ code: 'SOW-KESTREL-01', client: 'KESTREL', name: 'Kestrel store analytics', models: ['time_and_materials'], currency: 'USD', startDate: '2026-06-01', endDate: '2027-06-30', taxJurisdiction: 'US', poNumber: null, rateCard: usd }),
      contract({ code: 'SOW-LUMEN-01', client: 'LUMEN', name: 'Lumen controls integration', models: ['time_and_materials'], currency: 'USD', invoiceCurrency: 'JPY', startDate: '2026-06-01', endDate: '2027-03-31', taxJurisdiction: 'US', rateCard: usd }),
      contract({ code: 'SOW-MAPLE-01', client: 'MAPLE', name: 'Maple regulatory reporting', models: ['time_and_materials'], currency: 'CAD', startDate: '2026-06-01', endDate: '2027-06-30', taxJurisdiction: 'CA',
        rateCard: card({ Principal: '430.00', 'Senior Consultant': '325.00', Consultant: '250.00', Analyst: '190.00' }) }),
      contract({ code: 'SOW-NORTHSTAR-01', client: 'NORTHSTAR', name: 'Northstar lab informatics', models: ['time_and_materials'], currency: 'USD', startDate: '2026-06-01', endDate: '2027-06-30', taxJurisdiction: 'US', rateCard: usd }),
      contract({ code: 'SOW-ORANJE-01', client: 'ORANJE', name: 'Oranje Bank payments modernisation', models: ['time_and_materials'], currency: 'EUR', startDate: '2026-06-01', endDate: '2027-06-30', taxJurisdiction: 'NL', rateCard: eur, timeRounding: { incrementMinutes: 30, direction: 'nearest' } }),
      contract({ code: 'SOW-PRAXIS-01', client: 'PRAXIS', name: 'Praxis ERP integration', models: ['time_and_materials'], currency: 'EUR', startDate: '2026-06-01', endDate: '2027-06-30', taxJurisdiction: 'NL', taxTreatment: 'reverse_charge', rateCard: eur,
        expenses: { billable: true, markupPercent: '5', cap: '4000.00' } }),
      contract({ code: 'SOW-QUAY-01', client: 'QUAY', name: 'Quay treasury review', models: ['time_and_materials'], currency: 'EUR', invoiceCurrency: 'GBP', startDate: '2026-06-01', endDate: '2027-06-30', taxJurisdiction: 'NL', taxTreatment: 'zero', rateCard: eur }),
      contract({ code: 'RET-RHEIN-01', client: 'RHEIN', name: 'Rhein Chemie data platform retainer', models: ['retainer', 'usage'], currency: 'EUR', startDate: '2026-06-01', endDate: '2027-05-31', taxJurisdiction: 'NL', taxTreatment: 'reverse_charge',
        retainer: { fee: '12000.00', includedHours: '50', overageRate: '210.00', rolloverMaxHours: '10', overageTolerancePercent: '20' },
        usage: { unit: 'GB processed', tiers: [{ from: '0', upTo: '500', unitPrice: '0.00' }, { from: '500', upTo: null, unitPrice: '0.35' }], minimumCommitment: null } }),
      contract({ code: 'SOW-SAANE-01', client: 'SAANE', name: 'Saane clinical data review', models: ['time_and_materials'], currency: 'EUR', invoiceCurrency: 'CHF', startDate: '2026-06-01', endDate: '2027-06-30', taxJurisdiction: 'NL', taxTreatment: 'zero', rateCard: eur }),
      contract({ code: 'USG-TULP-01', client: 'TULP', name: 'Tulp route optimisation service', models: ['usage', 'time_and_materials'], currency: 'EUR', startDate: '2026-04-01', endDate: '2026-09-30', taxJurisdiction: 'NL', rateCard: eur,
        usage: { unit: 'optimised route', tiers: [{ from: '0', upTo: '10000', unitPrice: '0.40' }, { from: '10000', upTo: null, unitPrice: '0.25' }], minimumCommitment: '3000.00' } }),
    ],
  };
}
