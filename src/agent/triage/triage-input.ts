import { z } from 'zod';
import { TEXT_MAX } from '../../shared/bounds.ts';

/** One message to triage, as `POST /triage` and each line of `billing-copilot triage --json` take it. */
export const triageInputSchema = z.object({
  text: z.string().min(1, 'a non-empty text is required').max(TEXT_MAX.message, `at most ${TEXT_MAX.message} characters`)
    .describe('The message as received: an ERP or procurement-network rejection, a bounce with its headers, a client e-mail'),
  id: z.union([z.string().max(TEXT_MAX.externalId, `at most ${TEXT_MAX.externalId} characters`), z.number().int()]).optional()
    .describe("The caller's own id of the message, echoed in the answer"),
});
export type TriageInput = z.infer<typeof triageInputSchema>;
