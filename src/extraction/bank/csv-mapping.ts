/**
 * The column mapping of a bank CSV export, apart from the parser (bank-csv.ts): the import's input
 * schema needs it when the app starts, the parser and csv-parse only when a CSV file is read.
 */
import { z } from 'zod';
import { isKnownCurrency } from '../../shared/currency.ts';
import { DATE_FORMATS } from './amounts.ts';

const header = z.string().trim().min(1).max(100);

/**
 * Which column of a bank's CSV export holds what (header names, matched ignoring case and spaces
 * around them), and how it writes numbers and dates. The default fits a plain export with the
 * headers date, amount, currency, reference, counterparty, account, remittance.
 */
export const csvMappingSchema = z
  .object({
    delimiter: z.enum([',', ';', '\t', '|']).default(',').describe('The field separator'),
    decimalSeparator: z.enum(['.', ',']).default('.').describe('"," for 1.234,56'),
    dateFormat: z.enum(DATE_FORMATS).default('YYYY-MM-DD'),
    columns: z
      .object({
        bookedOn: header.default('date').describe('Booking date'),
        valueOn: header.optional().describe('Value date'),
        amount: header
          .optional()
          .describe('Signed amount: negative is money out. Give either amount, or credit and/or debit'),
        credit: header.optional().describe('Money in, when the export has separate in and out columns'),
        debit: header.optional().describe('Money out, when the export has separate in and out columns'),
        currency: header.optional().describe("The line's currency; absent: the mapping's currency"),
        reference: header
          .optional()
          .describe(
            "The bank's transaction reference; absent: a hash of the line (less stable across overlapping exports)",
          ),
        counterparty: header.optional().describe('Name of the payer'),
        account: header.optional().describe("Payer's IBAN or account number"),
        remittance: header.optional().describe('Description / remittance text; several columns are joined'),
        remittanceMore: z.array(header).max(5).default([]).describe('Further text columns joined to the remittance'),
      })
      .default({
        bookedOn: 'date',
        amount: 'amount',
        currency: 'currency',
        reference: 'reference',
        counterparty: 'counterparty',
        account: 'account',
        remittance: 'remittance',
        remittanceMore: [],
      }),
    currency: z
      .string()
      .refine(isKnownCurrency, 'an ISO 4217 currency code this system knows')
      .optional()
      .describe('Currency of every line when the file has no currency column'),
    skipRows: z
      .number()
      .int()
      .min(0)
      .max(50)
      .default(0)
      .describe('Lines before the header row (an account summary some banks print first)'),
  })
  .describe('The column mapping of a bank CSV export');
export type CsvMapping = z.output<typeof csvMappingSchema>;
