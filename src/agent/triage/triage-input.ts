import { z } from 'zod';
import { TEXT_MAX } from '../../shared/bounds.ts';
import { TRIAGE_CLASSES } from './classes.ts';

/** One message to triage, as `POST /triage` and each line of `billing-copilot triage --json` take it. */
export const triageInputSchema = z.object({
  text: z
    .string()
    .min(1, 'a non-empty text is required')
    .max(TEXT_MAX.message, `at most ${TEXT_MAX.message} characters`)
    .describe(
      'The message as received: an ERP or procurement-network rejection, a bounce with its headers, a client e-mail',
    ),
  id: z
    .union([z.string().max(TEXT_MAX.externalId, `at most ${TEXT_MAX.externalId} characters`), z.number().int()])
    .optional()
    .describe("The caller's own id of the message, echoed in the answer"),
});
export type TriageInput = z.infer<typeof triageInputSchema>;

const nextActionSchema = z.object({
  code: z
    .string()
    .describe(
      'A stable code: request_po, check_rate_card, obtain_client_approval, review_cap, explain_retainer_overage, load_fx_rate, fix_tax_setup, verify_billing_contact, check_duplicate, route_to_person, manual_review',
    ),
  owner: z.string().describe('The role that usually does it'),
  description: z.string(),
  needsApproval: z.boolean().describe('Doing it is a write the policy layer sends for approval'),
});

/** What triage answers for one message (documentation of `POST /triage`; triage-message.ts builds it). */
export const triageResultSchema = z.object({
  id: z.union([z.string(), z.number()]).optional().describe("The caller's id, when one was sent"),
  class: z.enum(TRIAGE_CLASSES),
  confidence: z.number().min(0).max(1),
  nextAction: nextActionSchema.describe('Proposed, never done: a person acts, under policy'),
  explanation: z.string(),
  decidedBy: z.enum(['rule', 'classifier', 'model']),
  builtin: z.object({ class: z.enum(TRIAGE_CLASSES), confidence: z.number() }),
  model: z
    .object({})
    .catchall(z.unknown())
    .nullable()
    .describe("The model's suggestion or its error; null without a model"),
  cues: z.array(z.string()),
  ignoredInstructions: z.array(z.string()).describe('Passages addressed to an assistant: ignored for class and action'),
  references: z.object({
    invoices: z.array(z.string()),
    purchaseOrders: z.array(z.string()),
    smtpStatus: z.string().nullable(),
  }),
});
