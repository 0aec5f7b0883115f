import type { Context } from 'hono';
import { runTurn, type ModelEngine } from '../../agent/turn.ts';
import {
  claimInbound,
  noteInboundResult,
  recordInbound,
  settleInbound,
  unhandledInbound,
} from '../../tools/chat/chat-inbound.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import {
  claimTeamsActivityOnce,
  forgetTeamsConversation,
  linkedTeamsUser,
  rememberTeamsConversation,
} from '../../tools/teams/teams-chat.ts';
import type { Identity } from '../../policy/identity.ts';
import { sendError } from '../error-map.ts';
import {
  activitySchema,
  languageOfActivity,
  localeOfActivity,
  tenantOf,
  threadIdOf,
  wordsOf,
  type Activity,
} from './activity.ts';
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
  /**
   * Queues a recorded message on the durable job runner (`chat.teams.inbound`, a job per activity id,
   * whose handler calls `process`). Absent (PGlite in memory: no runner), the message is handled in
   * this process right after the answer, and the sweep takes up what a restart cut off.
   */
  queue?: (activityId: string) => Promise<void>;
}

export interface TeamsBot {
  /** POST /teams/messages: verify, take in, answer at once; messages are worked on after the answer. */
  handle(c: Context): Promise<Response>;
  /** Resolves once all work taken in so far in this process is done (tests; a graceful stop). */
  idle(): Promise<void>;
  /**
   * Handles one recorded message once (the job's handler): claims it, works, settles it. A failure
   * is given back for the next try, or (final) marked failed; it throws either way so the runner
   * records it.
   */
  process(activityId: string, opts: { final: boolean }): Promise<void>;
  /** Messages acknowledged but never handled: on the runner, queues those never queued; else handles them. */
  sweep(): Promise<void>;
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
 * into the product; a message is recorded once by activity id (chat_inbound_events, provider
 * teams), queued as a `chat.teams.inbound` job (in process when there is no runner), acknowledged
 * with 200, and answered by that job through the Bot Connector, the copilot acting for the linked
 * user. Card clicks (invoke adaptiveCard/action) decide approval requests through the catalogue as
 * the linked user before the answer, which carries the outcome card; an Action.Submit card arrives
 * as a message and is decided by its job.
 */
export function teamsBot(o: TeamsBotOptions): TeamsBot {
  const inFlight = new Set<Promise<void>>();
  const later = (what: string, work: () => Promise<void>) => {
    const p = work()
      .catch((e: unknown) => o.log('teams: work after the answer failed', { what, error: (e as Error)?.name }))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  /** Posts a reply to the message; a failed post throws, so the message's job tries again. */
  const reply = async (a: Activity, text: string) => {
    const r = await o.connector.send(a.serviceUrl, a.conversation.id, {
      type: 'message',
      text,
      textFormat: 'markdown',
      ...(a.id ? { replyToId: a.id } : {}),
    });
    if (!r.ok) {
      o.log('teams: reply not delivered', { conversation: a.conversation.id, error: r.error });
      throw new Error(`reply not delivered: ${r.error}`);
    }
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
      // The person's locale, for the cards and notices sent to them later (a group chat's is nobody's).
      locale: personal ? localeOfActivity(a) : null,
    });
  };
  const person = (a: Activity) =>
    a.from.aadObjectId ? linkedTeamsUser(o.deps, tenantOf(a), a.from.aadObjectId) : null;

  /** A recorded message's work. `kept` is the copilot's answer a failed try already got (posted instead of asking again). */
  async function onMessage(a: Activity, kept: string | null): Promise<void> {
    if (kept !== null) return reply(a, kept);
    const who = await person(a);
    if (!who) return reply(a, unlinkedWords(a));
    const d = cardDecisionOf(a.value);
    if (d) {
      const words = (await decide(a, who, d)).words;
      await noteInboundResult(o.deps, 'teams', a.id!, words);
      return reply(a, words);
    }
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
        // Teams says which language the person uses Teams in: the answer's language when the message says none.
        preferredLanguage: languageOfActivity(a),
      },
      o.model,
    );
    const answer = r.ok ? r.value.reply || 'Done.' : r.error.message;
    // Kept before posting: a try after a failed post sends this answer, it does not ask the copilot (and its tools) again.
    await noteInboundResult(o.deps, 'teams', a.id!, answer);
    if (r.ok && r.value.pendingApprovals.length)
      await o.onApprovalsRequested?.(
        r.value.pendingApprovals.map((p) => p.requestId),
        who.id,
      );
    await reply(a, answer);
  }

  /** Claims a recorded message, works it, settles it; a failure is given back for another try unless final. */
  async function work(activityId: string, final: boolean): Promise<void> {
    const row = await claimInbound(o.deps, 'teams', activityId);
    if (!row) return;
    try {
      const { _result, ...activity } = row.payload;
      await onMessage(activitySchema.parse(activity), typeof _result === 'string' ? _result : null);
      await settleInbound(o.deps, 'teams', activityId, null);
    } catch (e) {
      const error = e instanceof Error ? e.message.slice(0, 500) : 'error';
      await settleInbound(o.deps, 'teams', activityId, error, { retry: !final });
      throw e;
    }
  }
  /** Acknowledged but never queued (the process died between recording and queueing): a minute is plenty. */
  const NEVER_QUEUED_MS = 60_000;

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
          { error: out.words, lang: languageOfActivity(a) ?? 'en' },
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
      // Recorded once by activity id (a redelivery finds it and does nothing), then queued: acknowledged means
      // recorded and queued, or (queueing failed) swept up later.
      const id = a.id;
      if (!(await recordInbound(o.deps, { provider: 'teams', eventId: id, kind: 'message', payload: a })))
        return c.body(null, 200);
      await remember(a);
      if (o.queue)
        await o.queue(id).catch((e: unknown) =>
          o.log('teams: message not queued; the sweep queues it', {
            activityId: id,
            error: e instanceof Error ? e.message : String(e),
          }),
        );
      else later(`message ${id}`, () => work(id, true));
      return c.body(null, 200);
    },
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    process: (activityId, opts) => work(activityId, opts.final),
    async sweep() {
      const now = o.deps.now().getTime();
      for (const row of await unhandledInbound(o.deps, 20, 'teams')) {
        if (o.queue) {
          // Claimed before (attempts > 0): its job retries it. Never claimed and old: its job was never queued.
          if (row.attempts === 0 && now - row.receivedAt.getTime() > NEVER_QUEUED_MS) await o.queue(row.eventId);
          continue;
        }
        await work(row.eventId, true).catch((e: unknown) =>
          o.log('teams: message failed', {
            activityId: row.eventId,
            error: e instanceof Error ? e.message : String(e),
          }),
        );
      }
    },
  };
}
