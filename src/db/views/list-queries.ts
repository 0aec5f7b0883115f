import { z } from 'zod';
import { paginationSchema } from '../../shared/pagination.ts';
import { exceptionSeverity, exceptionStatus, exceptionType } from '../schema/exceptions.ts';

/** Filters of an invoice list: GET /invoices and `billing-copilot invoices list`. */
export const invoiceListQuerySchema = paginationSchema.extend({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM')
    .optional()
    .describe('Billing period'),
  status: z
    .enum([
      'draft',
      'pending_approval',
      'approved',
      'posted',
      'delivered',
      'partially_paid',
      'paid',
      'disputed',
      'void',
      'written_off',
    ])
    .optional(),
  client: z.string().max(64).optional().describe('Client code'),
});

/** Filters of an exception list: GET /exceptions and `billing-copilot exceptions list`. */
export const exceptionListQuerySchema = paginationSchema.extend({
  status: z.enum(exceptionStatus.enumValues).optional().describe('open, assigned or resolved'),
  // An enum, not any string: an unknown type would reach the enum column and fail as a 500.
  type: z.enum(exceptionType.enumValues).optional().describe('Exception type, e.g. missing_po'),
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period YYYY-MM')
    .optional()
    .describe('Billing period YYYY-MM'),
  client: z.string().min(1).max(64).optional().describe('Client code'),
  severity: z.enum(exceptionSeverity.enumValues).optional().describe('info, warning or blocking'),
  owner: z
    .enum(['billing_clerk', 'project_manager', 'controller', 'account_manager', 'finance_admin'])
    .optional()
    .describe('The role that owns (resolves) it'),
  assignedTo: z.string().min(1).max(200).optional().describe('The user id it is assigned to, or "me"'),
});
