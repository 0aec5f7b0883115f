/**
 * How long Teams waits for our 200 on POST /teams/messages (Bot Framework times out a bot that takes
 * over 15 s): the token check (jose, keys of a local JWKS address, cached after the first), the
 * insert that records the activity, the conversation reference and, as the server runs it, the job
 * queued for the work (pg-boss, one insert through the runner's own connection). Measured in process
 * on DATABASE_URL, or on an embedded folder served on its socket as `npm start` serves it; beside it,
 * in the same run, the baseline without the job (the work in process after the answer, as on PGlite
 * in memory). Tokens are signed before the clock starts (Microsoft signs them, not us). The work
 * itself is not counted; each sample waits for the previous message to be done, so work does not
 * pile up. 10 warm-up messages per configuration are not counted. The Bot Connector and the JWKS
 * address are a local stub (test/helpers/teams-stub.ts). Prints p50 / p99 / max in milliseconds.
 *
 *   npx tsx bench/teams-ack.ts [messages=200]
 */
import { createApp } from '../src/api/app.ts';
import { botConnector } from '../src/api/teams/connector.ts';
import { teamsBot, type TeamsBot } from '../src/api/teams/teams-bot.ts';
import { botTokenVerifier } from '../src/api/teams/verify-token.ts';
import { TEAMS_INBOUND_QUEUE, teamsInboundJob } from '../src/jobs/definitions/chat-inbound.ts';
import { createJobRunner, type JobConnection } from '../src/jobs/runner/job-runner.ts';
import { createLogger } from '../src/shared/log.ts';
import { startTeamsStub, STUB_APP_ID, STUB_ISSUER } from '../test/helpers/teams-stub.ts';
import { ackFigures, loadLine, openAckDatabase, untilSettled } from './lib/ack-bench.ts';

const n = Number(process.argv[2] ?? 200);
const WARM_UP = 10;
const stub = await startTeamsStub();
const { database, socket, close } = await openAckDatabase('teams-ack');
const tools = { database, now: () => new Date() };
const run = `${Date.now()}`;
const TENANT = '72f988bf-0000-4000-8000-00000000bench';

async function measure(label: string, queued: boolean): Promise<void> {
  let bot: TeamsBot | null = null;
  const runner = queued
    ? createJobRunner({
        connection: database.reachableAs as JobConnection,
        db: database.db,
        log: createLogger('error', () => undefined),
        cron: false,
        maxConnections: 2,
        jobs: [teamsInboundJob((activityId, o) => bot!.process(activityId, o))],
      })
    : null;
  bot = teamsBot({
    deps: tools,
    verify: botTokenVerifier({ jwksUrl: stub.jwksUrl, issuer: STUB_ISSUER, appId: STUB_APP_ID }),
    connector: botConnector({ appId: STUB_APP_ID, appPassword: 'bench-secret', tokenUrl: stub.tokenUrl }),
    model: null,
    log: () => undefined,
    ...(runner
      ? {
          queue: async (activityId: string) =>
            void (await runner.send(TEAMS_INBOUND_QUEUE, { activityId }, { singletonKey: activityId })),
        }
      : {}),
  });
  await runner?.start();
  const app = createApp({ database, log: () => {}, teams: bot });
  const ms: number[] = [];
  for (let i = 0; i < WARM_UP + n; i++) {
    // An unlinked person in a personal chat: the work is one short reply, so it does not pile up between samples.
    const id = `act-${run}-${queued ? 'queued' : 'inproc'}-${i}`;
    const body = JSON.stringify({
      type: 'message',
      id,
      serviceUrl: stub.serviceUrl,
      channelId: 'msteams',
      from: { id: '29:aad-nobody', aadObjectId: 'aad-nobody' },
      recipient: { id: `28:${STUB_APP_ID}` },
      conversation: { id: 'a:personal-bench', conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      text: 'hello',
    });
    const authorization = `Bearer ${await stub.sign()}`;
    const t0 = performance.now();
    const res = await app.request('/teams/messages', {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body,
    });
    const took = performance.now() - t0;
    if (res.status !== 200) throw new Error(`status ${res.status}: ${await res.text()}`);
    if (i >= WARM_UP) ms.push(took);
    await untilSettled(database, 'teams', id);
  }
  await runner?.stop();
  await bot.idle();
  process.stdout.write(
    `teams ack on ${database.kind}${socket ? ' (socket)' : ''}, ${label}, ${n} messages: ${ackFigures(ms)}\n`,
  );
}

process.stdout.write(`load average before: ${loadLine()}\n`);
await measure('recorded, worked in process (baseline)', false);
await measure('recorded and queued on the job runner', true);
process.stdout.write(`load average after: ${loadLine()}\n`);
process.stdout.write(`replies posted to the connector stub: ${stub.posted.length}\n`);
await close();
await stub.close();
