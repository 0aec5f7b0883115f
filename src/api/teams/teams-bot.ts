import type { Context } from 'hono';
import { runTurn, type ModelEngine } from '../../agent/turn.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import {
  claimTeamsActivityOnce,
  forgetTeamsConversation,
  linkedTeamsUser,
  rememberTeamsConversation,
} from '../../tools/teams/teams-chat.ts';
import type { Identity } from '../../policy/identity.ts';
import { sendError } from '../error-map.ts';
import { activitySchema, tenantOf, threadIdOf, wordsOf, type Activity } from './activity.ts';
import { approvalRequestCard, cardDecisionOf, decidedCard, type CardDecision } from './approval-card.ts';
import type { Connector } from './connector.ts';
import { decideFromCard, type CardOutcome } from './decide-from-card.ts';
import { REFUSAL_WORDS, type TokenVerifier } from './verify-token.ts';

/** The largest activity taken in; Teams messages are at most ~28 KB of text. */
const MAX_BODY_BYTES = 256 * 1024;

export interface TeamsBotOptions {
  deps: ToolDeps;
  verify: TokenVerifier;
  connector: Connector;
  /** The copilot's model; null = the built-in router. */
  model: ModelEngine | null;
  log: (msg: string, meta: Record<string, unknown>) => void;
  /** Called when a card click decided a request (granted a level or rejected it): where the requester is told. */
  onApprovalDecided?: (requestId: string, effect: 'granted' | 'rejected', byUserId: string) => Promise<void>;
  /** Called when a turn of the copilot opened (or paused on) approval requests: where approvers are told. */
  onApprovalsRequested?: (requestIds: string[], requesterUserId: string) => Promise<void>;
}

export interface TeamsBot {
  /** POST /teams/messages: verify, take in, answer at once; messages are worked on after the answer. */
  handle(c: Context): Promise<Response>;
  /** Resolves once all work taken in so far is done (tests; a graceful stop). */
  idle(): Promise<void>;
}

const unlinkedWords = (a: Activity) =>
  'Hello! I am the Billing Copilot, but I do not know who you are in Billing Copilot yet, so I cannot act for you. ' +
  'Ask your finance admin to link your Teams account: `billing-copilot users link --email <you> --teams ' +
  `${a.from.aadObjectId ?? '<your Entra object id>'} --workspace ${tenantOf(a) || '<tenant id>'}\`.`;

const CHANNEL_WORDS =
  'I answer in a personal chat, where only you read the answer (it shows what your roles may see): ' +
  'open a chat with me and ask there.';

/**
 * The Bot Framework messaging endpoint. Every request's token is verified before anything is read
 * into the product; a message is deduplicated by activity id, acknowledged with 200 at once and
 * answered afterwards through the Bot Connector, by the copilot acting for the linked user. Card
 * clicks (invoke adaptiveCard/action, or an Action.Submit message) decide approval requests
 * through the catalogue as the linked user, answered in the invoke's response.
 */
export function teamsBot(o: TeamsBotOptions): TeamsBot {
  const inFlight = new Set<Promise<void>>();
  const later = (what: string, work: () => Promise<void>) => {
    const p = work()
      .catch((e: unknown) => o.log('teams: work after the answer failed', { what, error: (e as Error)?.name }))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const reply = async (a: Activity, text: string) => {
    const r = await o.connector.send(a.serviceUrl, a.conversation.id, {
      type: 'message',
      text,
      textFormat: 'markdown',
      ...(a.id ? { replyToId: a.id } : {}),
    });
    if (!r.ok) o.log('teams: reply not delivered', { conversation: a.conversation.id, error: r.error });
  };
  const decide = async (a: Activity, person: Identity, d: CardDecision): Promise<CardOutcome> => {
    const out = await decideFromCard(o.deps, person, d, a.id!);
    if (out.effect !== 'unchanged') await o.onApprovalDecided?.(d.requestId, out.effect, person.id);
    return out;
  };
  const remember = (a: Activity) => {
    const personal = (a.conversation.conversationType ?? 'personal') === 'personal';
    return rememberTeamsConversation(o.deps, {
      conversationId: a.conversation.id,
      tenantId: tenantOf(a),
      serviceUrl: a.serviceUrl,
      conversationType: a.conversation.conversationType ?? 'personal',
      botId: a.recipient?.id ?? '',
      aadObjectId: personal ? (a.from.aadObjectId ?? null) : null,
    });
  };
  const person = (a: Activity) =>
    a.from.aadObjectId ? linkedTeamsUser(o.deps, tenantOf(a), a.from.aadObjectId) : null;

  async function onMessage(a: Activity): Promise<void> {
    const who = await person(a);
    if (!who) return reply(a, unlinkedWords(a));
    const d = cardDecisionOf(a.value);
    if (d) return reply(a, (await decide(a, who, d)).words);
    const text = wordsOf(a.text);
    if (!text) return;
    // An answer acts on what this person may see: in a channel or group chat everyone would read it.
    if ((a.conversation.conversationType ?? 'personal') !== 'personal') return reply(a, CHANNEL_WORDS);
    const r = await runTurn(
      o.deps,
      {
        person: { userId: who.id, roles: who.roles.filter((x) => x !== 'agent'), entityIds: who.entityIds },
        text,
        threadId: threadIdOf(tenantOf(a), a.conversation.id, who.id),
        channel: 'teams',
        correlationId: `teams:${a.id}`,
      },
      o.model,
    );
    if (!r.ok) return reply(a, r.error.message);
    await reply(a, r.value.reply || 'Done.');
    if (r.value.pendingApprovals.length)
      await o.onApprovalsRequested?.(
        r.value.pendingApprovals.map((p) => p.requestId),
        who.id,
      );
  }

  async function onInvoke(c: Context, a: Activity): Promise<Response> {
    const v = (a.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
    const d = a.name === 'adaptiveCard/action' ? cardDecisionOf(v.action?.data, v.action?.verb as string) : null;
    if (!d)
      return c.json({
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'Not a Billing Copilot card action' },
      });
    const card = (words: string) =>
      c.json({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: decidedCard(words) });
    if (!(await claimTeamsActivityOnce(o.deps, a.id!, 'invoke'))) return card('This click was already handled.');
    const who = await person(a);
    if (!who) return card(unlinkedWords(a));
    const out = await decide(a, who, d);
    // Reject with an empty box: the same card again, saying why, so the approver writes a reason and clicks again.
    if (out.needsReason)
      return c.json({
        statusCode: 200,
        type: 'application/vnd.microsoft.card.adaptive',
        value: approvalRequestCard(
          { requestId: d.requestId, action: d.action ?? 'approval', summary: d.summary ?? `Request ${d.requestId}` },
          { error: out.words },
        ),
      });
    return card(out.words);
  }

  return {
    async handle(c) {
      // The token is checked before the body is trusted for anything but where it claims to come from.
      const authorization = c.req.header('authorization');
      if (!authorization) return sendError(c, 'TEAMS_TOKEN_INVALID', REFUSAL_WORDS.missing, { reason: 'missing' });
      if (Number(c.req.header('content-length') ?? 0) > MAX_BODY_BYTES)
        return sendError(c, 'PAYLOAD_TOO_LARGE', `An activity is at most ${MAX_BODY_BYTES} bytes.`);
      const raw = await c.req.text();
      if (raw.length > MAX_BODY_BYTES)
        return sendError(c, 'PAYLOAD_TOO_LARGE', `An activity is at most ${MAX_BODY_BYTES} bytes.`);
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return sendError(c, 'MALFORMED_JSON', 'The request body is not valid JSON');
      }
      const parsed = activitySchema.safeParse(json);
      if (!parsed.success)
        return sendError(c, 'VALIDATION_FAILED', 'Not a Bot Framework activity', {
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      const a = parsed.data;
      const verdict = await o.verify(authorization, a.serviceUrl, a.channelId);
      if (!verdict.ok) {
        if (verdict.reason === 'keys_unavailable')
          return sendError(c, 'TEAMS_KEYS_UNAVAILABLE', REFUSAL_WORDS.keys_unavailable);
        return sendError(c, 'TEAMS_TOKEN_INVALID', REFUSAL_WORDS[verdict.reason], { reason: verdict.reason });
      }
      if (a.type === 'installationUpdate' && /^remove/.test(String(a.action ?? ''))) {
        await forgetTeamsConversation(o.deps, a.conversation.id);
        return c.body(null, 200);
      }
      if (a.type === 'conversationUpdate' || a.type === 'installationUpdate') {
        await remember(a);
        return c.body(null, 200);
      }
      if (!a.id) return c.body(null, 200); // nothing to deduplicate on, nothing the bot acts on
      if (a.type === 'invoke') return onInvoke(c, a);
      if (a.type !== 'message') return c.body(null, 200);
      if (!(await claimTeamsActivityOnce(o.deps, a.id, 'message'))) return c.body(null, 200);
      await remember(a);
      later(`message ${a.id}`, () => onMessage(a));
      return c.body(null, 200);
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}
