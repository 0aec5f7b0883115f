import { z } from 'zod';
import { TRIAGE_CLASSES, type TriageClass } from '../../billing/incoming/incoming-rules.ts';
import { TEXT_MAX } from '../../shared/bounds.ts';

/**
 * What triage says about one message, as the catalogue reads it. The triage itself (rules, built-in
 * classifier, a model's suggestion) lives in src/agent/triage, above the catalogue: the composition
 * root hands it in as ToolDeps.triage.
 */
export interface TriageVerdict {
  class: TriageClass;
  confidence: number;
  nextAction: { code: string; owner: string; description: string; needsApproval: boolean };
  explanation: string;
  decidedBy: 'rule' | 'classifier' | 'model';
  builtin: { class: TriageClass; confidence: number };
  model: unknown;
  cues: string[];
  ignoredInstructions: string[];
  references: { invoices: string[]; purchaseOrders: string[]; smtpStatus: string | null };
}

/** Triages one text (src/agent/triage's createTriage). */
export type TriageText = (text: string) => Promise<TriageVerdict>;

/** The next action of a triage proposal whose confidence is below the doubt threshold. */
export const MANUAL_REVIEW_CODE = 'manual_review';

/** The message to triage or record, as received. */
export const incomingTextSchema = z
  .string()
  .min(1, 'a non-empty text is required')
  .max(TEXT_MAX.message, `at most ${TEXT_MAX.message} characters`)
  .describe(
    'The message as received: an ERP or procurement-network rejection, a bounce with its headers, a client e-mail',
  );

/** One message to triage, as POST /triage, each line of `billing-copilot triage --json` and exceptions_triage take it. */
export const triageInputSchema = z.object({
  text: incomingTextSchema,
  id: z
    .union([z.string().max(TEXT_MAX.externalId, `at most ${TEXT_MAX.externalId} characters`), z.number().int()])
    .optional()
    .describe("The caller's own id of the message, echoed in the answer"),
});
export type TriageInput = z.infer<typeof triageInputSchema>;

export const nextActionSchema = z.object({
  code: z
    .string()
    .describe(
      'A stable code: request_po, check_rate_card, obtain_client_approval, review_cap, explain_retainer_overage, load_fx_rate, fix_tax_setup, verify_billing_contact, check_duplicate, route_to_person, manual_review',
    ),
  owner: z.string().describe('The role that usually does it'),
  description: z.string(),
  needsApproval: z.boolean().describe('Doing it is a write the policy layer sends for approval'),
});

/** What triage answers for one message. */
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

/** The triage of the composition root; a wiring bug when absent (the catalogue cannot import src/agent). */
export function triageOf(deps: { triage?: TriageText | undefined }): TriageText {
  if (!deps.triage) throw new Error('ToolDeps.triage is not set: the composition root passes createTriage()');
  return deps.triage;
}
