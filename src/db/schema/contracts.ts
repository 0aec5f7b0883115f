import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { clients } from './clients.ts';
import { legalEntities } from './legal-entities.ts';
import { people } from './people.ts';
import type { DiscountTerm, ExpenseTerms, RecurringFee, RetainerTerms, UsageTerms } from '../../billing/model.ts';

export const billingModel = pgEnum('billing_model', ['time_and_materials', 'milestone', 'retainer', 'usage']);
export const taxCategory = pgEnum('tax_category', ['standard', 'reduced', 'zero', 'exempt', 'reverse_charge']);
export const invoiceFrequency = pgEnum('invoice_frequency', [
  'monthly',
  'quarterly',
  'milestone',
  'in_advance_monthly',
  'on_completion',
]);
export const contractStatus = pgEnum('contract_status', ['draft', 'active', 'ended']);
export const roundingDirection = pgEnum('rounding_direction', ['up', 'nearest', 'down']);
export const rateUnit = pgEnum('rate_unit', ['hour', 'day', 'half_day', 'month']);
export const longDays = pgEnum('long_days', ['pro_rata', 'cap']);

/** JSON shapes of contract terms stored as jsonb: money as decimal-string minor units (jsonb has no bigint). */
export type RetainerJson = Omit<RetainerTerms, 'feeMinor'> & { feeMinor: string };
export type UsageJson = Omit<UsageTerms, 'minimumCommitmentMinor'> & { minimumCommitmentMinor: string | null };
export type ExpenseJson = Omit<ExpenseTerms, 'capMinor'> & { capMinor: string | null };
export type RecurringFeeJson = Omit<RecurringFee, 'amountMinor'> & { amountMinor: string };

/** A contract or SOW: billing models, currency, caps, schedules and commercial terms. */
export const contracts = pgTable(
  'contracts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    legalEntityId: uuid('legal_entity_id')
      .notNull()
      .references(() => legalEntities.id),
    name: text('name').notNull(),
    status: contractStatus('status').notNull().default('active'),
    models: billingModel('models').array().notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    invoiceCurrency: char('invoice_currency', { length: 3 }).notNull(),
    startDate: date('start_date').notNull(),
    endDate: date('end_date'),
    timeRoundingMinutes: integer('time_rounding_minutes').notNull().default(0),
    timeRoundingDirection: roundingDirection('time_rounding_direction').notNull().default('nearest'),
    hoursPerDay: numeric('hours_per_day', { precision: 4, scale: 2 }).notNull().default('8'),
    longDays: longDays('long_days').notNull().default('pro_rata'),
    recurringFees: jsonb('recurring_fees').$type<RecurringFeeJson[]>().notNull().default([]),
    notToExceedMinor: bigint('not_to_exceed_minor', { mode: 'bigint' }),
    fixedFeeMinor: bigint('fixed_fee_minor', { mode: 'bigint' }),
    retainer: jsonb('retainer').$type<RetainerJson>(),
    usageTerms: jsonb('usage_terms').$type<UsageJson>(),
    expenseTerms: jsonb('expense_terms').$type<ExpenseJson>().notNull(),
    discounts: jsonb('discounts').$type<DiscountTerm[]>().notNull().default([]),
    taxTreatment: taxCategory('tax_treatment').notNull().default('standard'),
    taxJurisdiction: char('tax_jurisdiction', { length: 2 }).notNull(),
    poNumber: text('po_number'),
    paymentTermsDays: integer('payment_terms_days').notNull().default(30),
    lateFeePercentMonthly: numeric('late_fee_percent_monthly', { precision: 6, scale: 3 }),
    invoiceFrequency: invoiceFrequency('invoice_frequency').notNull().default('monthly'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contracts_client_idx').on(t.clientId),
    check('contracts_dates_ck', sql`${t.endDate} IS NULL OR ${t.endDate} >= ${t.startDate}`),
    check('contracts_hours_per_day_ck', sql`${t.hoursPerDay} > 0 AND ${t.hoursPerDay} <= 24`),
  ],
);

/** A rate for a role (person_id null) or a person override, effective over a date range. */
export const rateCardEntries = pgTable(
  'rate_card_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    contractId: uuid('contract_id')
      .notNull()
      .references(() => contracts.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    personId: uuid('person_id').references(() => people.id),
    rate: numeric('rate', { precision: 18, scale: 6 }).notNull(),
    unit: rateUnit('unit').notNull().default('hour'),
    effectiveFrom: date('effective_from').notNull(),
    effectiveTo: date('effective_to'),
  },
  (t) => [index('rate_card_contract_idx').on(t.contractId)],
);
