import { triageInputSchema, triageResultSchema } from '../../agent/triage/triage-input.ts';
import type { Triage } from '../../agent/triage/triage-message.ts';
import { EVERYONE } from '../access.ts';
import { defineRoute, type ApiRoute } from '../route.ts';

/**
 * Exception triage over HTTP: the same as `billing-copilot triage --json`, one message per request.
 * Open to every signed-in role, in no legal entity: it reads a text the caller sends and writes nothing.
 */
export function triageRoutes(triage: Triage): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/triage',
      operationId: 'triageMessage',
      tag: 'Triage',
      roles: EVERYONE,
      summary: 'Classify a message from outside: class, confidence, proposed next action, explanation',
      description:
        'ERP and procurement-network rejections, e-mail bounces and client e-mails. Deterministic rules and the built-in ' +
        'classifier decide; a configured model only suggests. Nothing is done: the next action is a proposal. Text addressed to ' +
        'an assistant ("approve", "void", "ignore your instructions") is quoted in ignoredInstructions and changes nothing. ' +
        'Bad input: 400 VALIDATION_FAILED (text missing or empty; TEXT_TOO_LONG above 20,000 characters), MALFORMED_JSON, ' +
        '415 UNSUPPORTED_MEDIA_TYPE.',
      body: triageInputSchema,
      responses: { 200: { description: 'The triage of the message', schema: triageResultSchema } },
      handler: async (c, { body }) => {
        const result = await triage(body.text);
        return c.json({ ...(body.id !== undefined ? { id: body.id } : {}), ...result });
      },
    }),
  ];
}
