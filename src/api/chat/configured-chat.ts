import type { Config } from '../../config.ts';
import { languageOfTag } from '../../agent/language/detect.ts';
import type { ModelEngine } from '../../agent/turn.ts';
import { chatMessagesFor, rememberChatMessage } from '../../tools/chat/chat-notices.ts';
import type { ToolDeps } from '../../tools/define-tool.ts';
import { SlackNotifier, type PostedMessages } from '../slack/slack-notifier.ts';
import type { SlackEndpoints } from '../slack/slack-routes.ts';
import { createSlackService } from '../slack/slack-service.ts';
import { slackLocales, type SlackLocales } from '../slack/user-locale.ts';
import { slackWebApi, type SlackWebApi } from '../slack/web-api.ts';
import { createChatWorker, type ChatWorker } from './chat-worker.ts';
import type { ChatNotifier, ChatProvider } from './notifier.ts';

/** The chat side of a server: its notifiers, the worker that relays and works after responses, Slack's endpoints. */
export interface ChatSetup {
  notifiers: ChatNotifier[];
  worker: ChatWorker;
  slack: SlackEndpoints | null;
}

/** Where a provider's notifier keeps the messages it posted (chat_messages), with the language each is in. */
export const postedMessages = (tools: ToolDeps, provider: ChatProvider): PostedMessages => ({
  remember: (m) =>
    rememberChatMessage(tools, {
      provider,
      requestId: m.requestId,
      userId: m.userId,
      channel: m.channel,
      messageRef: m.ts,
      language: m.language,
    }),
  of: async (requestId) =>
    (await chatMessagesFor(tools, provider, requestId)).map((r) => ({
      userId: r.userId,
      channel: r.channel,
      ts: r.messageRef,
      language: languageOfTag(r.language),
    })),
});

export interface ChatSetupOptions {
  tools: ToolDeps;
  model: ModelEngine | null;
  log: (msg: string, meta: Record<string, unknown>) => void;
  /** A Slack Web API client other than the configured one (tests: a local stub). */
  slackApi?: SlackWebApi;
  intervalMs?: number;
  /** Queues an acknowledged Slack event on the durable job runner (see SlackServiceDeps.queue); absent: in process. */
  slackQueue?: (eventId: string) => Promise<void>;
  /**
   * Notifiers built elsewhere (the Teams bot's), with the channel each posts the collections summary to, and the
   * sweep of its inbound work (acknowledged but never handled or queued), run with the worker's other sweeps.
   */
  more?: { notifier: ChatNotifier; channel?: string | undefined; sweep?: () => Promise<void> }[];
}

/**
 * Builds the chat adapters configuration asks for: Slack when SLACK_SIGNING_SECRET and
 * SLACK_BOT_TOKEN are set; the Teams notifier (`more`) joins the same list. Without any, the worker still
 * drains the outbox (marking notices sent to nobody), so it never grows.
 */
export function configuredChat(config: Config, o: ChatSetupOptions): ChatSetup {
  const notifiers: ChatNotifier[] = [];
  const channels: Partial<Record<ChatProvider, string>> = {};
  const sweeps: (() => Promise<void>)[] = [];
  let slack: SlackEndpoints | null = null;
  const slackOn = Boolean(config.SLACK_SIGNING_SECRET && config.SLACK_BOT_TOKEN);
  const api = slackOn
    ? (o.slackApi ?? slackWebApi({ baseUrl: config.SLACK_API_BASE_URL, botToken: config.SLACK_BOT_TOKEN! }))
    : null;
  // One cache of Slack users' languages: the service's replies and the notifier's cards and notices ask it alike.
  const locales: SlackLocales | null = api ? slackLocales(api, { log: o.log }) : null;
  if (api && locales) {
    notifiers.push(new SlackNotifier(api, postedMessages(o.tools, 'slack'), locales));
    if (config.SLACK_COLLECTIONS_CHANNEL) channels.slack = config.SLACK_COLLECTIONS_CHANNEL;
  }
  for (const m of o.more ?? []) {
    notifiers.push(m.notifier);
    if (m.channel !== undefined) channels[m.notifier.provider] = m.channel;
    if (m.sweep) sweeps.push(m.sweep);
  }
  const worker = createChatWorker({
    relay: { tools: o.tools, notifiers, channels, model: o.model, log: o.log },
    sweeps,
    delivery: {
      budgetMs: config.CHAT_NOTICE_DELIVERY_BUDGET_SECONDS * 1000,
      maxAgeHours: config.CHAT_NOTICE_MAX_AGE_HOURS,
    },
    ...(o.intervalMs ? { intervalMs: o.intervalMs } : {}),
  });
  if (api && locales) {
    const service = createSlackService({
      tools: o.tools,
      api,
      locales,
      worker,
      model: o.model,
      log: o.log,
      ...(o.slackQueue ? { queue: o.slackQueue } : {}),
    });
    sweeps.push(() => service.sweep());
    slack = { signingSecret: config.SLACK_SIGNING_SECRET!, service, now: o.tools.now };
  }
  return { notifiers, worker, slack };
}
