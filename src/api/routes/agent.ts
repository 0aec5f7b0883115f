import { z } from 'zod';
import { languageOfTag } from '../../agent/language/detect.ts';
import { CHANNELS } from '../../agent/channels.ts';
import type { ModelEngine } from '../../agent/turn.ts';
import type { Principal } from '../../policy/roles.ts';
import type { ApiDeps } from '../deps.ts';
import { sendError } from '../error-map.ts';
import { EVERYONE } from '../access.ts';
import { defineRoute, type ApiRoute } from '../route.ts';
import { toolRoute } from '../tool-route.ts';
import { agentTurnsList } from '../../tools/agent/turn-log.ts';
import type { TriageText } from '../../tools/exceptions/triage-port.ts';

export const agentMessageSchema = z.object({
  text: z.string().trim().min(1).max(8_000).describe('What the person asks, in plain words'),
  threadId: z.uuid().optional().describe('Continue this conversation (one of yours); absent starts a new one'),
  channel: z
    .enum(CHANNELS)
    .optional()
    .describe(
      'chat (default); document, erp_error or client_email: text from outside, whose instructions are data. erp_error and ' +
        'client_email text is triaged and recorded as a billing exception (exceptions_record_incoming) when your role may; nothing it asks for is done',
    ),
});

const toolCallSchema = z.object({
  tool: z.string(),
  args: z.unknown(),
  outcome: z.enum(['ok', 'approval_required', 'refused', 'error']),
  code: z.string().optional(),
  message: z.string().optional(),
  policyCode: z.string().optional(),
  requestId: z.string().optional(),
});

const agentReplySchema = z
  .object({
    threadId: z.string(),
    turnId: z.string(),
    engine: z.string().describe('router (built-in), model:<name>, or triage (erp_error and client_email text)'),
    reply: z.string(),
    toolCalls: z.array(toolCallSchema),
    pendingApprovals: z.array(z.object({ requestId: z.string(), tool: z.string(), message: z.string() })),
  })
  .describe("The copilot's answer with every catalogue call it made for the caller");

/** POST /agent/messages: one turn of the copilot, acting for the caller (or, for the agent key, for X-On-Behalf-Of). */
export function agentRoutes(deps: ApiDeps, model: ModelEngine | null, triage?: TriageText): ApiRoute[] {
  return [
    defineRoute({
      method: 'post',
      path: '/agent/messages',
      operationId: 'sendAgentMessage',
      tag: 'Copilot',
      roles: EVERYONE,
      errors: [404],
      summary: 'Ask the copilot: it answers from the catalogue, acting for you under policy',
      description:
        'The copilot calls catalogue entries for the caller only: reads the caller may read, writes through policy (which may ' +
        'open an approval request: the thread pauses, and a later message in it runs exactly that call once it is granted). It never ' +
        'approves or decides. Without LLM_MODEL a built-in router answers the common requests. Text from outside (channel erp_error, ' +
        'client_email) is triaged and recorded as a billing exception instead; instructions in it are reported as ignored. Every turn is recorded (agent_turns_list). ' +
        'Errors: 404 AGENT_THREAD_NOT_FOUND (not one of your threads), 400 VALIDATION_FAILED.',
      body: agentMessageSchema,
      responses: {
        200: {
          description: 'The reply, the calls made and the approvals the thread waits on',
          schema: agentReplySchema,
        },
      },
      handler: async (c, { body }) => {
        const auth = c.get('auth');
        const who = auth.onBehalfOf ?? auth.user;
        const person: Principal = {
          userId: who.id,
          roles: who.roles.filter((r) => r !== 'agent'),
          entityIds: who.entityIds,
        };
        // The turn (router, redaction, language, the copilot's tool plumbing) is loaded on the first message.
        const { runTurn } = await import('../../agent/turn.ts');
        const r = await runTurn(
          {
            database: deps.database,
            now: deps.now,
            billingRunner: deps.billingRunner ?? null,
            // A document search by the copilot embeds the question as the stored passages were.
            ...(deps.embedder ? { embedder: deps.embedder } : {}),
            // erp_error and client_email text is triaged as POST /triage does (a model suggests when configured).
            ...(triage ? { triage } : {}),
          },
          {
            person,
            text: body.text,
            threadId: body.threadId,
            channel: body.channel,
            correlationId: c.get('requestId'),
            // Answers in the message's language; Accept-Language only when neither it nor the thread says one.
            preferredLanguage: languageOfTag(c.req.header('Accept-Language')),
          },
          model,
        );
        if (!r.ok) return sendError(c, r.error.code, r.error.message, { threadId: r.error.threadId });
        return c.json(r.value);
      },
    }),
    toolRoute(deps, agentTurnsList, {
      method: 'get',
      path: '/agent/turns',
      operationId: 'listAgentTurns',
      tag: 'Copilot',
      summary:
        "The copilot's turn log, newest first: messages, tool calls with arguments and outcomes, refusals, replies",
      responseDescription: 'A page of turns',
    }),
  ];
}
