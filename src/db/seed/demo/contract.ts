import type { ContractInput } from '../../../billing/inputs/contract-bundle.ts';

/** What a demo contract leaves out takes the defaults below: active, monthly, standard tax, one project run by pm@. */
export type DemoContract = Omit<
  ContractInput,
  | 'status'
  | 'timeRounding'
  | 'hoursPerDay'
  | 'longDays'
  | 'recurringFees'
  | 'rateCard'
  | 'milestones'
  | 'expenses'
  | 'discounts'
  | 'taxTreatment'
  | 'invoiceFrequency'
  | 'projects'
> &
  Partial<ContractInput>;
export const contract = (c: DemoContract): ContractInput =>
  ({
    status: 'active',
    timeRounding: { incrementMinutes: 0, direction: 'nearest' },
    hoursPerDay: '8',
    longDays: 'pro_rata',
    recurringFees: [],
    rateCard: [],
    milestones: [],
    expenses: { billable: true, markupPercent: '0' },
    discounts: [],
    taxTreatment: 'standard',
    invoiceFrequency: 'monthly',
    projects: [
      { code: `${c.code}-P1`, name: `${c.name} delivery`, status: 'active', projectManager: 'pm@northwind.example' },
    ],
    ...c,
  }) as ContractInput;
