import { z } from 'zod';
import {
  createCreditNote,
  createCreditNoteSchema,
  type CreateCreditNoteError,
  type CreateCreditNoteResult,
} from './lifecycle/create-credit-note.ts';
import type { Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { moneyViewSchema } from '../schemas.ts';
import { guardInvoice, type InvoiceGuardError } from './invoice-guard.ts';

export const invoicesCredit = defineTool({
  name: 'invoices_credit',
  description:
    'Credits a posted invoice with a numbered credit note negating the chosen lines (all not yet credited when none are named). Always needs approval: ' +
    'the first call opens the request (APPROVAL_REQUIRED); the same call once approved creates the credit note, approved and ready to post.',
  input: createCreditNoteSchema,
  output: z
    .object({
      creditNoteId: z.string(),
      number: z.string(),
      status: z.literal('approved'),
      creditsInvoiceId: z.string(),
      total: moneyViewSchema,
      lines: z.number().int(),
    })
    .describe('The credit note created'),
  risk: 'write',
  policyAction: 'invoice.credit_note',
  handler: async (ctx, input): Promise<Result<CreateCreditNoteResult, CreateCreditNoteError | InvoiceGuardError>> => {
    const guard = await guardInvoice(ctx.db, ctx.actor, input.invoiceId);
    return guard.ok ? createCreditNote(ctx, ctx, input) : guard;
  },
});
