/**
 * How long Slack waits for our 200 on /slack/events (it gives up after 3 s): the signature check,
 * the insert that records the event and, as the server runs it, the job queued for the work
 * (pg-boss, one insert through the runner's own connection). Measured in process on DATABASE_URL,
 * or on an embedded folder served on its socket as `npm start` serves it; beside it, in the same
 * run, the baseline without the job (the work in process after the answer, as on PGlite in
 * memory). The work itself is not counted; each sample waits for the previous event to be done,
 * so work does not pile up. The Web API is a local stub. Prints p50 / p99 / max in milliseconds.
 *
 *   npx tsx bench/slack-ack.ts [events=200]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.ts';
import { createApp } from '../src/api/app.ts';
import { configuredChat, type ChatSetup } from '../src/api/chat/configured-chat.ts';
import { signSlackRequest } from '../src/api/slack/verify-signature.ts';
import { SLACK_INBOUND_QUEUE, slackInboundJob } from '../src/jobs/definitions/chat-inbound.ts';
import { createJobRunner, type JobConnection } from '../src/jobs/runner/job-runner.ts';
import { createLogger } from '../src/shared/log.ts';
import { ackFigures, loadLine, openAckDatabase, untilSettled } from './lib/ack-bench.ts';

const n = Number(process.argv[2] ?? 200);
const stub = createServer((_req, res) => res.end(JSON.stringify({ ok: true, ts: '1.1' })));
await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
const { database, socket, close } = await openAckDatabase('slack-ack');
const secret = 'bench-signing-secret';
const config = loadConfig({
  SLACK_SIGNING_SECRET: secret,
  SLACK_BOT_TOKEN: 'xoxb-bench-token',
  SLACK_API_BASE_URL: url,
});
const tools = { database, now: () => new Date() };
const run = `${Date.now()}`;
const done = (eventId: string) => untilSettled(database, 'slack', eventId);

async function measure(label: string, queued: boolean): Promise<void> {
  let chat: ChatSetup | null = null;
  const runner = queued
    ? createJobRunner({
        connection: database.reachableAs as JobConnection,
        db: database.db,
        log: createLogger('error', () => undefined),
        cron: false,
        maxConnections: 2,
        jobs: [slackInboundJob((eventId, o) => chat!.slack!.service.process(eventId, o))],
      })
    : null;
  chat = configuredChat(config, {
    tools,
    model: null,
    log: () => {},
    ...(runner
      ? {
          slackQueue: async (id: string) =>
            void (await runner.send(SLACK_INBOUND_QUEUE, { eventId: id }, { singletonKey: id })),
        }
      : {}),
  });
  await runner?.start();
  const app = createApp({ database, log: () => {}, slack: chat.slack });
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    // An unlinked user: the work is one short reply, so it does not pile up between samples.
    const eventId = `Ev${run}-${label}-${i}`;
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: 'TBENCH',
      event_id: eventId,
      event: { type: 'message', channel_type: 'im', channel: 'DX', user: 'UNOBODY', text: 'hello', ts: `${i}.0` },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const t0 = performance.now();
    const res = await app.request('/slack/events', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': ts,
        'x-slack-signature': signSlackRequest(secret, ts, body),
      },
      body,
    });
    ms.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    await done(eventId);
  }
  await runner?.stop();
  await chat.worker.stop();
  process.stdout.write(
    `slack ack on ${database.kind}${socket ? ' (socket)' : ''}, ${label}, ${n} events: ${ackFigures(ms)}\n`,
  );
}

process.stdout.write(`load average before: ${loadLine()}\n`);
await measure('recorded, worked in process (baseline)', false);
await measure('recorded and queued on the job runner', true);
process.stdout.write(`load average after: ${loadLine()}\n`);
await close();
stub.close();
