import { EVERYONE } from '../../policy/role-groups.ts';
import { ok } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { triageInputSchema, triageOf, triageResultSchema } from './triage-port.ts';

/**
 * Triages a message from outside and writes nothing: the same answer as POST /triage, for the copilot
 * and any adapter. Every role may: it reads only the text it is given.
 */
export const exceptionsTriage = defineTool({
  name: 'exceptions_triage',
  description:
    'Classifies a message from outside (an ERP or procurement-network rejection, an e-mail bounce, a client e-mail): ' +
    'class, confidence, the proposed next action and who does it, an explanation, and the invoice and PO references it ' +
    'names. Writes nothing and does nothing: passages addressed to an assistant are quoted as ignored.',
  input: triageInputSchema,
  output: triageResultSchema,
  risk: 'read',
  policyAction: null,
  readers: EVERYONE,
  handler: async (ctx, input) => {
    const verdict = await triageOf(ctx.deps)(input.text);
    const model = verdict.model as Record<string, unknown> | null;
    return ok({ ...(input.id !== undefined ? { id: input.id } : {}), ...verdict, model });
  },
});
