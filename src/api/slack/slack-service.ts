import { createHash, randomUUID } from 'node:crypto';
import type { Language } from '../../agent/language/detect.ts';
import { say } from '../../agent/language/say.ts';
import { runTurn, type ModelEngine } from '../../agent/turn.ts';
import { callTool } from '../../tools/call-tool.ts';
import { approvalsGrant } from '../../tools/approvals/grant-approval.ts';
import { approvalsReject } from '../../tools/approvals/reject-approval.ts';
import {
  claimInbound,
  noteInboundResult,
  personOfChatId,
  recordInbound,
  settleInbound,
  unhandledInbound,
  type ChatInboundRow,
} from '../../tools/chat/chat-inbound.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import type { ChatWorker } from '../chat/chat-worker.ts';
import { APPROVE_ACTION, REJECT_ACTION } from './slack-notifier.ts';
import {
  REASON_BLOCK,
  REASON_REQUIRED,
  rejectOriginOf,
  rejectReasonView,
  rejectSubmissionOf,
} from './reject-reason.ts';
import { slackLocales, type SlackLocales } from './user-locale.ts';
import type { SlackWebApi } from './web-api.ts';

export type SlackInboundKind = 'event' | 'command' | 'action' | 'submission';

export interface SlackServiceDeps {
  tools: ToolDeps;
  api: SlackWebApi;
  worker: ChatWorker;
  model: ModelEngine | null;
  log: (msg: string, meta: Record<string, unknown>) => void;
  /**
   * Queues a recorded event on the durable job runner (a job per event id, whose handler calls
   * `process`). Absent (PGlite in memory: no runner), the event is handled in this process right
   * after the answer, and the periodic sweep takes up what a restart cut off.
   */
  queue?: (eventId: string) => Promise<void>;
  /** Slack users' languages (users.info, cached); default: read through `api` with slackLocales' defaults. */
  locales?: SlackLocales;
}

/** What the HTTP endpoints hand over: record once, then the work runs after the response. */
export interface SlackService {
  /** Records the event (false: its id was seen, a retry: nothing more happens) and schedules its handling. */
  accept(kind: SlackInboundKind, eventId: string, payload: Record<string, unknown>): Promise<boolean>;
  /**
   * A button press or modal submission (Slack's interactivity URL): Approve is recorded and decided
   * after the answer; Reject opens the reason modal; the modal's submission is refused at once when
   * the reason is blank (the answer shows it under the box), else recorded and rejected after the
   * answer. Resolves with the JSON to answer, or null for an empty 200.
   */
  interact(payload: Record<string, unknown>): Promise<Record<string, unknown> | null>;
  /** Handles events acknowledged but never handled (a restart cut them off); on the runner: queues them again. */
  sweep(): Promise<void>;
  /**
   * Handles one recorded event once: claims it, works, settles it (the job's handler). A failure is
   * given back for the next try, or (final) marked failed; it throws either way so the runner records it.
   */
  process(eventId: string, opts: { final: boolean }): Promise<void>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** A stable conversation id for a Slack conversation (a UUID from its parts), so a DM or a thread keeps its memory. */
export function slackThreadId(...parts: string[]): string {
  const h = createHash('sha256')
    .update(`slack:${parts.join(':')}`)
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((Number.parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** What an unlinked Slack user is told, in their language: politely, how to get linked; nothing is done for them. */
export const notLinkedText = (team: string, user: string, lang: Language = 'en'): string =>
  say(lang, 'slack.notLinked', {
    user,
    command: `billing-copilot users link --email <your email> --slack ${user}${team ? ` --workspace ${team}` : ''}`,
  });

/** The Slack adapter's work: events and slash commands to the copilot, buttons to the approval entries. */
export function createSlackService(d: SlackServiceDeps): SlackService {
  const locales = d.locales ?? slackLocales(d.api, { log: d.log });
  /** The words the adapter writes itself, in the person's Slack language (English when unknown or slow). */
  const notLinked = async (team: string, user: string) =>
    notLinkedText(team, user, (await locales.languageOf(user)) ?? 'en');
  const help = async (user: string) => say((await locales.languageOf(user)) ?? 'en', 'slack.help');
  const ask = async (
    person: NonNullable<Awaited<ReturnType<typeof personOfChatId>>>,
    text: string,
    threadId: string,
    slackUser: string,
  ) => {
    const r = await runTurn(
      d.tools,
      {
        person: { userId: person.userId, roles: person.roles, entityIds: person.entityIds },
        text,
        threadId,
        channel: 'slack',
        correlationId: `slack-${randomUUID()}`,
        // The asker's Slack language, asked for only when neither the message ("INV-2027-0042?") nor its thread
        // says one: a message or thread in a language is answered in it, with no users.info call.
        preferredLanguage: () => locales.languageOf(slackUser),
      },
      d.model,
    );
    return r.ok ? r.value.reply : `I could not continue that conversation (${r.error.code}).`;
  };

  /** The copilot's answer to a question, asked once: a retry (the post failed) sends the answer kept the first time. */
  const answerOnce = async (
    payload: Record<string, unknown>,
    eventId: string,
    asking: () => Promise<string>,
  ): Promise<string> => {
    const kept = str(payload._result);
    if (kept) return kept;
    const answer = await asking();
    await noteInboundResult(d.tools, 'slack', eventId, answer);
    return answer;
  };

  const onEvent = async (body: Record<string, unknown>, eventId: string) => {
    const team = str(body.team_id);
    const e = obj(body.event);
    const type = str(e.type);
    // The bot's own messages, edits and joins are no questions (and answering them would loop).
    if (e.bot_id || str(e.subtype)) return;
    const isDm = type === 'message' && str(e.channel_type) === 'im';
    if (type !== 'app_mention' && !isDm) return;
    const user = str(e.user);
    const channel = str(e.channel);
    const text = str(e.text)
      .replace(/<@[A-Z0-9]+>/g, '')
      .trim();
    const threadTs = type === 'app_mention' ? str(e.thread_ts) || str(e.ts) : '';
    // A DM is private; an answer to a mention goes to the asker only, since the channel's members may not hold their roles.
    const reply = (t: string) =>
      isDm
        ? d.api.postMessage({ channel, text: t })
        : d.api.postEphemeral({ channel, user, text: t, ...(threadTs ? { thread_ts: threadTs } : {}) });
    const person = await personOfChatId(d.tools, { provider: 'slack', workspaceId: team, externalId: user });
    if (!person) {
      await reply(await notLinked(team, user));
      return;
    }
    if (!text) {
      await reply(await help(user));
      return;
    }
    const threadId = slackThreadId(team, channel, user, threadTs);
    const res = await reply(await answerOnce(body, eventId, () => ask(person, text, threadId, user)));
    if (!res.ok) throw new Error(`the Slack reply failed: ${res.error}`);
  };

  const onCommand = async (p: Record<string, unknown>, eventId: string) => {
    const team = str(p.team_id);
    const user = str(p.user_id);
    const url = str(p.response_url);
    const text = str(p.text).trim();
    const respond = (t: string) => d.api.respond(url, { response_type: 'ephemeral', text: t });
    const person = await personOfChatId(d.tools, { provider: 'slack', workspaceId: team, externalId: user });
    if (!person) return void (await respond(await notLinked(team, user)));
    if (!text || /^help$/i.test(text)) return void (await respond(await help(user)));
    const res = await respond(
      await answerOnce(p, eventId, () => ask(person, text, slackThreadId(team, 'command', user), user)),
    );
    if (!res.ok) throw new Error(`the Slack answer failed: ${res.error}`);
  };

  const callerOf = (person: NonNullable<Awaited<ReturnType<typeof personOfChatId>>>) => ({
    actor: { userId: person.userId, roles: person.roles, entityIds: person.entityIds, onBehalfOf: null },
    correlationId: `slack-${randomUUID()}`,
    now: d.tools.now(),
    deps: d.tools,
    via: 'slack',
  });
  /** Answers the presser through a button's response_url: replacing the message, or only to them. */
  const tellVia = (url: string, t: string, replace = false) =>
    d.api.respond(
      url,
      replace ? { replace_original: true, text: t } : { response_type: 'ephemeral', replace_original: false, text: t },
    );

  const onAction = async (p: Record<string, unknown>, eventId: string) => {
    const team = str(obj(p.team).id);
    const user = str(obj(p.user).id);
    const url = str(p.response_url);
    const action = obj((p.actions as unknown[] | undefined)?.[0]);
    const requestId = str(action.value);
    if (str(action.action_id) !== APPROVE_ACTION) return;
    const person = await personOfChatId(d.tools, { provider: 'slack', workspaceId: team, externalId: user });
    if (!person) return void (await tellVia(url, await notLinked(team, user)));
    // The event id keys the call: a retried job replays the first answer instead of granting again.
    const r = await callTool(callerOf(person), approvalsGrant, { requestId }, { idempotencyKey: `slack:${eventId}` });
    if (!r.ok) return void (await tellVia(url, `Not approved: ${r.error.message} (${r.error.code}).`));
    const v = r.value;
    await tellVia(
      url,
      v.approvedLevel === null
        ? `Approval request ${requestId} needed nothing more from you: every level is approved.`
        : `You approved level ${v.approvedLevel} of request ${requestId} (${v.actionType}).${v.ready ? ' Every level is approved; the requester is told.' : ' It waits for the next level.'}`,
      true,
    );
  };

  /** Reject pressed: the modal asking why opens at once (its trigger_id lives 3 s); nothing is decided yet. */
  const openRejectDialog = async (p: Record<string, unknown>) => {
    const team = str(obj(p.team).id);
    const user = str(obj(p.user).id);
    const origin = rejectOriginOf(p);
    const person = await personOfChatId(d.tools, { provider: 'slack', workspaceId: team, externalId: user });
    if (!person) return void (await tellVia(origin.responseUrl, await notLinked(team, user)));
    const r = await d.api.openView({ trigger_id: str(p.trigger_id), view: rejectReasonView(origin) });
    if (!r.ok) await tellVia(origin.responseUrl, `The reason dialog did not open (${r.error}): press Reject again.`);
  };

  /** The reason modal submitted: rejects as the person who submitted it, then updates the approver's message. */
  const onSubmission = async (p: Record<string, unknown>, eventId: string) => {
    const team = str(obj(p.team).id);
    const user = str(obj(p.user).id);
    const sub = rejectSubmissionOf(p);
    if (!sub) return;
    const tell = (t: string) =>
      sub.responseUrl ? tellVia(sub.responseUrl, t) : d.api.postMessage({ channel: user, text: t });
    const person = await personOfChatId(d.tools, { provider: 'slack', workspaceId: team, externalId: user });
    if (!person) return void (await tell(await notLinked(team, user)));
    // The endpoint refuses a blank reason in the modal; the catalogue entry refuses it again (VALIDATION_FAILED).
    const r = await callTool(
      callerOf(person),
      approvalsReject,
      { requestId: sub.requestId, reason: sub.reason },
      { idempotencyKey: `slack:${eventId}` },
    );
    if (!r.ok) return void (await tell(`Not rejected: ${r.error.message} (${r.error.code}).`));
    const text = `You rejected request ${sub.requestId}: ${sub.reason}\nThe requester is told.`;
    if (sub.channel && sub.ts) {
      const u = await d.api.update({
        channel: sub.channel,
        ts: sub.ts,
        text,
        blocks: [{ type: 'section', text: { type: 'plain_text', text } }],
      });
      if (u.ok) return;
    }
    if (sub.responseUrl) await tellVia(sub.responseUrl, text, true);
  };

  const handle = async (row: ChatInboundRow) => {
    const payload = obj(row.payload);
    if (row.kind === 'event') await onEvent(payload, row.eventId);
    else if (row.kind === 'command') await onCommand(payload, row.eventId);
    else if (row.kind === 'action') await onAction(payload, row.eventId);
    else if (row.kind === 'submission') await onSubmission(payload, row.eventId);
  };

  const work = async (eventId: string, final: boolean) => {
    const row = await claimInbound(d.tools, 'slack', eventId);
    if (!row) return;
    try {
      await handle(row);
      await settleInbound(d.tools, 'slack', eventId, null);
    } catch (e) {
      const error = e instanceof Error ? e.message.slice(0, 500) : 'error';
      await settleInbound(d.tools, 'slack', eventId, error, { retry: !final });
      throw e;
    }
  };
  /** Acknowledged but never queued (the process died between recording and queueing): a minute is plenty. */
  const NEVER_QUEUED_MS = 60_000;

  return {
    async accept(kind, eventId, payload) {
      const fresh = await recordInbound(d.tools, { provider: 'slack', eventId, kind, payload });
      if (!fresh) return fresh;
      if (!d.queue) {
        d.worker.run(`slack.${kind}`, () => work(eventId, true));
        return fresh;
      }
      // Queued before the answer: acknowledged means recorded and queued (or, if queueing failed, swept up later).
      await d.queue(eventId).catch((e: unknown) =>
        d.log('slack event not queued; the sweep queues it', {
          eventId,
          error: e instanceof Error ? e.message : String(e),
        }),
      );
      return fresh;
    },
    async interact(payload) {
      const user = str(obj(payload.user).id);
      if (payload.type === 'block_actions') {
        const action = obj((payload.actions as unknown[] | undefined)?.[0]);
        if (str(action.action_id) === REJECT_ACTION) {
          d.worker.run('slack.reject-dialog', () => openRejectDialog(payload));
          return null;
        }
        if (str(action.action_id) !== APPROVE_ACTION || !str(action.action_ts)) return null;
        await this.accept('action', `${user}:${str(action.action_ts)}`, payload);
        return null;
      }
      if (payload.type !== 'view_submission') return null;
      const sub = rejectSubmissionOf(payload);
      if (!sub) return null;
      if (!sub.reason) return { response_action: 'errors', errors: { [REASON_BLOCK]: REASON_REQUIRED } };
      await this.accept('submission', `${user}:${str(obj(payload.view).id)}`, payload);
      return null;
    },
    async sweep() {
      const now = d.tools.now().getTime();
      for (const row of await unhandledInbound(d.tools, 20, 'slack')) {
        if (d.queue) {
          // Claimed before (attempts > 0): its job retries it. Never claimed and old: its job was never queued.
          if (row.attempts === 0 && now - row.receivedAt.getTime() > NEVER_QUEUED_MS) await d.queue(row.eventId);
          continue;
        }
        await work(row.eventId, true).catch((e: unknown) =>
          d.log('slack event failed', { eventId: row.eventId, error: e instanceof Error ? e.message : String(e) }),
        );
      }
    },
    async process(eventId, opts) {
      try {
        await work(eventId, opts.final);
      } finally {
        d.worker.kick(); // what the work queued for the outbox (a grant, a rejection) goes out now
      }
    },
  };
}
