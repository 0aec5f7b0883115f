import { z } from 'zod';
import {
  amountField,
  boundedList,
  boundedText,
  codeField,
  dateField,
  decimalField,
  emailField,
  refineAmount,
} from '../../shared/bounded-fields.ts';
import { checkAmount, checkDecimal, DECIMAL_BOUNDS } from '../../shared/bounds.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { normalizeTiers } from './usage-tiers.ts';
import { bicProblem, compactIban, ibanProblem } from '../collections/bank-account.ts';

/**
 * Schemas for master data coming in from files, the API and (later) agent tools: one schema per
 * input. Every text, amount, rate, quantity and date is bounded (shared/bounds.ts, docs/limits.md);
 * amounts are checked against their currency in each object's superRefine.
 */

const amount = amountField();
const isoDate = dateField();
const currency = z.string().refine(isKnownCurrency, 'an ISO 4217 currency code this system knows (e.g. USD, EUR, JPY)');
const country = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 two-letter country code');
const code = codeField();
const name = boundedText('name').min(1);
const label = boundedText('label').min(1);

/** Where clients pay: an IBAN (checked, IBAN_INVALID) with BIC and bank, or an account number and routing code. */
export const bankAccountInputSchema = z
  .object({
    bankName: boundedText('name').nullish().describe('The bank, e.g. Commerzbank'),
    iban: z.string().max(42).nullish().describe('IBAN, spaced or not; its mod-97 checksum is checked (IBAN_INVALID)'),
    bic: z.string().max(14).nullish().describe('BIC (SWIFT code) of the bank, 8 or 11 characters'),
    accountNumber: z
      .string()
      .regex(/^[A-Za-z0-9 -]{4,34}$/, '4 to 34 letters, digits, spaces or dashes')
      .nullish()
      .describe('Account number, for a country without IBANs (US, CA, AU...)'),
    routingCode: z
      .string()
      .regex(/^[A-Za-z0-9 -]{3,20}$/, '3 to 20 letters, digits, spaces or dashes')
      .nullish()
      .describe("The account's routing code: ABA routing number (US), sort code (GB), BSB (AU)"),
  })
  .superRefine((b, ctx) => {
    const bad = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', message, path: [path], params: { code: 'IBAN_INVALID' } });
    if (b.iban && b.accountNumber)
      bad('accountNumber', 'give an IBAN or an account number, not both (an IBAN includes the account)');
    if (!b.iban && !b.accountNumber) bad('iban', 'an IBAN or an account number is required');
    const ibanWhy = b.iban ? ibanProblem(b.iban) : null;
    if (ibanWhy) bad('iban', `${ibanWhy} (${compactIban(b.iban!)})`);
    const bicWhy = b.bic ? bicProblem(b.bic) : null;
    if (bicWhy) bad('bic', bicWhy);
  });

export const legalEntityInputSchema = z.object({
  code: code.describe('Unique short code, e.g. NW-US'),
  name,
  country,
  functionalCurrency: currency,
  taxRegistration: boundedText('identifier').nullish(),
  address: boundedText('address').nullish(),
  invoicePrefix: z.string().min(1).max(16).describe('Prefix of invoice numbers, e.g. NWUS-'),
  bankAccount: bankAccountInputSchema
    .nullish()
    .describe(
      'Where clients pay, printed on reminders: an IBAN (with BIC, bank name) or an account number with its ' +
        'routing code. Omitted: kept as it is. Only an entity the bundle creates may get its first account here; ' +
        "setting, changing or removing an existing entity's account is refused (BANK_ACCOUNT_NEEDS_APPROVAL): " +
        'legal_entities_change_bank_account does it under approval',
    ),
});

export const clientInputSchema = z.object({
  code,
  legalEntity: code.describe(
    'Code of the legal entity that bills this client (its account is the one the invoices and reminders print). ' +
      'Moving an existing client is client.change_billing_details, approved like a bank-account change (the approver needs ' +
      "both entities in scope), and takes the client's contracts along; the master-data bundle refuses it (CLIENT_MOVE_NEEDS_APPROVAL)",
  ),
  name,
  country,
  taxId: boundedText('identifier').nullish(),
  billingContacts: boundedList(
    z.object({ name: boundedText('name'), email: emailField(), role: boundedText('label').optional() }),
    'billingContacts',
  ).default([]),
  deliveryChannel: z.enum(['email', 'portal', 'peppol', 'post']).default('email'),
  poRequired: z.boolean().default(false),
  paymentTermsDays: z.number().int().min(0).max(365).default(30),
  creditLimit: z
    .object({ amount, currency })
    .superRefine((l, ctx) => refineAmount(ctx, l.amount, l.currency, ['amount']))
    .nullish(),
  accountManager: boundedText('name').nullish(),
  language: z.string().min(2).max(8).default('en'),
});

export const personInputSchema = z.object({
  code,
  name,
  email: emailField().nullish(),
  role: label,
  legalEntity: code.nullish(),
  costRate: decimalField('rate').nullish().describe('Hourly cost, for margin'),
  costCurrency: currency.nullish(),
});

export const rateCardInputSchema = z.object({
  role: label,
  person: code.nullish().describe('Person code for an override; omit for the role rate'),
  rate: decimalField('rate').describe('Rate per unit in the contract currency'),
  unit: z
    .enum(['hour', 'day', 'half_day', 'month'])
    .default('hour')
    .describe(
      'What one rate buys; time is billed in it: days and half-days at the contract hoursPerDay, a month per person with time in it',
    ),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullish(),
});

export const milestoneInputSchema = z
  .object({
    name,
    amount: amount.nullish().describe('Fixed amount in the contract currency'),
    percent: decimalField('percent').nullish().describe('Percent of the fixed fee'),
    dueDate: isoDate.nullish(),
    status: z.enum(['pending', 'completed', 'accepted']).default('pending'),
    acceptedOn: isoDate.nullish(),
  })
  .refine((m) => (m.amount == null) !== (m.percent == null), 'a milestone has exactly one of amount or percent');

export const recurringFeeInputSchema = z.object({
  description: name.describe('How the line reads, e.g. "Monthly advisory fee"'),
  amount: amount.describe('Per full period, in the contract currency'),
  frequency: z.enum(['month', 'quarter', 'year']).default('month'),
  startDate: isoDate.describe('First day the fee covers; its month starts the first period'),
  lastPeriod: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM')
    .nullish()
    .describe('Last period billed (YYYY-MM); omit for open-ended'),
  timing: z
    .enum(['advance', 'arrears'])
    .default('advance')
    .describe("On the invoice of the period's first month (advance) or last month (arrears)"),
  prorateFirstPeriod: z.boolean().default(true).describe('A first period starting after the 1st bills its days only'),
});

const usageTierInputSchema = z.union([
  z
    .object({
      first: decimalField('quantity'),
      last: decimalField('quantity').nullable(),
      unitPrice: decimalField('unitPrice'),
    })
    .describe(
      'As statements of work write tiers: first and last unit both included, whole units ("1-50,000 at 0.30" is first 1, last 50000; "50,001 and above" is last null)',
    ),
  z
    .object({
      from: decimalField('quantity'),
      upTo: decimalField('quantity').nullable(),
      unitPrice: decimalField('unitPrice'),
    })
    .describe('Counting from 0: from included, upTo excluded (0-50000, 50000-null)'),
]);

type ContractAmounts = {
  currency: string;
  recurringFees: { amount: string }[];
  notToExceed?: string | null;
  fixedFee?: string | null;
  milestones: { amount?: string | null }[];
  retainer?: { fee: string } | null;
  usage?: { minimumCommitment?: string | null } | null;
  expenses: { cap?: string | null };
  discounts: { kind: 'percent' | 'amount'; value: string }[];
};

/** Checks every amount of a contract against its currency's bound, and each discount against its kind's. */
function refineContractAmounts(c: ContractAmounts, ctx: z.RefinementCtx): void {
  refineAmount(ctx, c.notToExceed, c.currency, ['notToExceed']);
  refineAmount(ctx, c.fixedFee, c.currency, ['fixedFee']);
  c.milestones.forEach((m, i) => refineAmount(ctx, m.amount, c.currency, ['milestones', i, 'amount']));
  refineAmount(ctx, c.retainer?.fee, c.currency, ['retainer', 'fee']);
  refineAmount(ctx, c.usage?.minimumCommitment, c.currency, ['usage', 'minimumCommitment']);
  refineAmount(ctx, c.expenses.cap, c.currency, ['expenses', 'cap']);
  c.recurringFees.forEach((f, i) => refineAmount(ctx, f.amount, c.currency, ['recurringFees', i, 'amount']));
  c.discounts.forEach((d, i) => {
    const magnitude = d.value.replace(/^-/, '');
    if (d.kind === 'amount' && !isKnownCurrency(c.currency)) return;
    const broken = d.kind === 'amount' ? checkAmount(magnitude, c.currency) : checkDecimal(magnitude, 'percent');
    if (!broken) return;
    const [code, message] =
      typeof broken === 'string' ? [DECIMAL_BOUNDS.percent.code, broken] : [broken.code, broken.message];
    ctx.addIssue({ code: 'custom', path: ['discounts', i, 'value'], message, params: { code } });
  });
}

export const contractInputSchema = z
  .object({
    code: code.describe('Contract or SOW number, e.g. SOW-2026-014'),
    client: code.describe(
      "Code of the client; the contract is in the client's legal entity. A contract that exists keeps its entity: " +
        'naming a client of another entity is refused (CONTRACT_MOVE_REFUSED); moving the client takes its contracts along',
    ),
    name,
    models: z.array(z.enum(['time_and_materials', 'milestone', 'retainer', 'usage'])).min(1),
    currency,
    invoiceCurrency: currency.nullish().describe('Defaults to the contract currency'),
    startDate: isoDate,
    endDate: isoDate.nullish(),
    status: z.enum(['draft', 'active', 'ended']).default('active'),
    timeRounding: z
      .object({ incrementMinutes: z.number().int().min(0).max(240), direction: z.enum(['up', 'nearest', 'down']) })
      .default({ incrementMinutes: 0, direction: 'nearest' }),
    hoursPerDay: decimalField('entryHours')
      .default('8')
      .describe('Hours in one billed day, for day and half-day rates'),
    longDays: z
      .enum(['pro_rata', 'cap'])
      .default('pro_rata')
      .describe(
        "A person's day longer than hoursPerDay at a day rate: pro_rata (10 h at 8 h = 1.25 days) or cap (1 day)",
      ),
    recurringFees: boundedList(recurringFeeInputSchema, 'discounts')
      .default([])
      .describe('Fixed fees every month, quarter or year, beside the other models'),
    notToExceed: amount.nullish(),
    fixedFee: amount.nullish(),
    rateCard: boundedList(rateCardInputSchema, 'rateCard').default([]),
    milestones: boundedList(milestoneInputSchema, 'milestones').default([]),
    retainer: z
      .object({
        fee: amount,
        includedHours: decimalField('periodHours'),
        overageRate: decimalField('rate'),
        rolloverMaxHours: decimalField('periodHours').default('0'),
        overageTolerancePercent: decimalField('markupPercent').default('10'),
      })
      .nullish(),
    usage: z
      .object({
        unit: label,
        tiers: boundedList(usageTierInputSchema, 'usageTiers')
          .min(1)
          .describe(
            'Graduated tiers, each starting right after the one before; a gap or overlap is refused naming the tier',
          ),
        minimumCommitment: amount.nullish(),
      })
      .nullish(),
    expenses: z
      .object({
        billable: z.boolean().default(true),
        markupPercent: decimalField('markupPercent').default('0'),
        cap: amount.nullish(),
        capPercentOfFees: decimalField('markupPercent').nullish(),
      })
      .default({ billable: true, markupPercent: '0' }),
    discounts: boundedList(
      z.object({
        description: boundedText('name'),
        kind: z.enum(['percent', 'amount']),
        value: boundedText('code')
          .regex(/^-?\d+(\.\d+)?$/, 'a decimal string such as "185.00"')
          .describe('A percent (kind percent) or an amount in the contract currency'),
        appliesTo: z.enum(['fees', 'all']).default('fees'),
      }),
      'discounts',
    ).default([]),
    taxTreatment: z.enum(['standard', 'reduced', 'zero', 'exempt', 'reverse_charge']).default('standard'),
    taxJurisdiction: country,
    poNumber: boundedText('reference').nullish(),
    paymentTermsDays: z.number().int().min(0).max(365).nullish().describe('Defaults to the client terms'),
    lateFeePercentMonthly: decimalField('percent').nullish(),
    invoiceFrequency: z
      .enum(['monthly', 'quarterly', 'milestone', 'in_advance_monthly', 'on_completion'])
      .default('monthly'),
    projects: boundedList(
      z.object({
        code,
        name,
        status: z.enum(['active', 'on_hold', 'closed']).default('active'),
        projectManager: boundedText('name').nullish(),
      }),
      'projects',
    ).default([]),
  })
  .superRefine((c, ctx) => {
    refineContractAmounts(c, ctx);
    if (c.endDate && c.endDate < c.startDate)
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'endDate is before startDate' });
    if (c.models.includes('retainer') && !c.retainer)
      ctx.addIssue({ code: 'custom', path: ['retainer'], message: 'a retainer contract needs retainer terms' });
    if (c.models.includes('usage') && !c.usage)
      ctx.addIssue({ code: 'custom', path: ['usage'], message: 'a usage contract needs usage tiers' });
    for (const p of c.usage ? normalizeTiers(c.usage.tiers).problems : []) {
      ctx.addIssue({ code: 'custom', path: ['usage', 'tiers', p.index, p.field], message: p.message });
    }
    c.recurringFees.forEach((f, i) => {
      if (f.startDate < c.startDate)
        ctx.addIssue({
          code: 'custom',
          path: ['recurringFees', i, 'startDate'],
          message: `recurring fee ${i + 1} starts before the contract (${c.startDate})`,
        });
      if (f.lastPeriod && f.lastPeriod < f.startDate.slice(0, 7))
        ctx.addIssue({
          code: 'custom',
          path: ['recurringFees', i, 'lastPeriod'],
          message: `recurring fee ${i + 1} ends before it starts`,
        });
    });
    if (c.models.includes('milestone') && c.milestones.some((m) => m.percent != null) && !c.fixedFee) {
      ctx.addIssue({ code: 'custom', path: ['fixedFee'], message: 'percent milestones need a fixed fee' });
    }
  });

export const taxRateInputSchema = z.object({
  jurisdiction: country,
  category: z.enum(['standard', 'reduced', 'zero', 'exempt', 'reverse_charge']),
  ratePercent: decimalField('percent').describe('e.g. "21" for 21%'),
  validFrom: isoDate,
  validTo: isoDate.nullish(),
  note: boundedText('freeText').nullish(),
});

export const exchangeRateInputSchema = z.object({
  base: currency,
  quote: currency,
  rate: decimalField('fxRate').describe('Quote units per one base unit'),
  rateDate: isoDate,
  source: boundedText('label').default('import'),
});

/**
 * Exchange rates as `POST /exchange-rates` and `import exchange-rates FILE.csv` take them: dated
 * rates by currency pair, all written or none. A pair of one currency is refused (its rate is 1).
 */
export const exchangeRatesImportSchema = boundedList(
  exchangeRateInputSchema.refine((r) => r.base !== r.quote, {
    path: ['quote'],
    message: 'quote must differ from base (a currency converts to itself at 1)',
  }),
  'bundleList',
)
  .min(1)
  .describe(
    'Exchange rates, written all or none; the same rate again for a pair and date is a replay, another rate for it a 409',
  );
export type ExchangeRateInput = z.infer<typeof exchangeRateInputSchema>;

/** The `import contracts FILE.json` format: a bundle of master data, written all or nothing. */
export const contractBundleSchema = z.object({
  legalEntities: boundedList(legalEntityInputSchema, 'bundleList').default([]),
  taxRates: boundedList(taxRateInputSchema, 'bundleList').default([]),
  exchangeRates: boundedList(exchangeRateInputSchema, 'bundleList').default([]),
  clients: boundedList(clientInputSchema, 'bundleList').default([]),
  people: boundedList(personInputSchema, 'bundleList').default([]),
  contracts: boundedList(contractInputSchema, 'bundleList').default([]),
});

/** A parsed bundle; the reference-data sections may be left out by callers that build one in code. */
export type ContractBundle = Omit<z.infer<typeof contractBundleSchema>, 'taxRates' | 'exchangeRates'> &
  Partial<Pick<z.infer<typeof contractBundleSchema>, 'taxRates' | 'exchangeRates'>>;
export type ContractInput = z.infer<typeof contractInputSchema>;
export type ClientInput = z.infer<typeof clientInputSchema>;
export type PersonInput = z.infer<typeof personInputSchema>;
export type LegalEntityInput = z.infer<typeof legalEntityInputSchema>;

/** One time entry as imported (CSV row or API item). */
export const timeEntryInputSchema = z.object({
  externalId: boundedText('externalId')
    .min(1)
    .nullish()
    .describe('The source system id; re-importing the same id is refused'),
  person: code,
  project: code,
  role: label.nullish().describe('Defaults to the person role'),
  date: isoDate,
  hours: decimalField('entryHours').describe(
    'Hours worked, more than 0 and at most 24, in hundredths, e.g. "7.5"; a person\'s hours on one day add up to at most 24',
  ),
  billable: z.boolean().default(true),
  description: boundedText('freeText').default(''),
  status: z.enum(['submitted', 'approved', 'rejected']).default('submitted'),
  approvedBy: boundedText('name').nullish(),
  rate: decimalField('rate').nullish().describe('The rate the timesheet system applied, checked against the contract'),
});
export type TimeEntryInput = z.infer<typeof timeEntryInputSchema>;
