/**
 * How long Slack waits for our 200 on /slack/events (it gives up after 3 s): the signature check
 * and the one insert that records the event, measured in process on embedded PGlite (memory) or
 * on DATABASE_URL. The copilot's work runs after the response and is not counted; the Web API is
 * a local stub. Prints p50 / p99 / max in milliseconds.
 *
 *   npx tsx bench/slack-ack.ts [events=200]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.ts';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { createApp } from '../src/api/app.ts';
import { configuredChat } from '../src/api/chat/configured-chat.ts';
import { signSlackRequest } from '../src/api/slack/verify-signature.ts';

const n = Number(process.argv[2] ?? 200);
const stub = createServer((_req, res) => res.end(JSON.stringify({ ok: true, ts: '1.1' })));
await new Promise<void>((r) => stub.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
const database = process.env.DATABASE_URL
  ? await openDatabase({ databaseUrl: process.env.DATABASE_URL, poolSize: 4 })
  : await openDatabase({ dataDir: 'memory://' });
await migrateDatabase(database);
const secret = 'bench-signing-secret';
const config = loadConfig({
  SLACK_SIGNING_SECRET: secret,
  SLACK_BOT_TOKEN: 'xoxb-bench-token',
  SLACK_API_BASE_URL: url,
});
const chat = configuredChat(config, { tools: { database, now: () => new Date() }, model: null, log: () => {} });
const app = createApp({ database, log: () => {}, slack: chat.slack });
const run = `${Date.now()}`;
const ms: number[] = [];
for (let i = 0; i < n; i++) {
  // An unlinked user: the after-response work is one short reply, so it does not pile up between samples.
  const body = JSON.stringify({
    type: 'event_callback',
    team_id: 'TBENCH',
    event_id: `Ev${run}-${i}`,
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
  await chat.worker.idle();
}
ms.sort((a, b) => a - b);
const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(1);
process.stdout.write(
  `slack ack on ${database.kind}, ${n} events: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${ms.at(-1)!.toFixed(1)} ms\n`,
);
await chat.worker.stop();
await database.close();
stub.close();
