/**
 * bench/agent: the copilot's own cost per turn with the model stubbed, on the embedded database (PGlite in
 * memory) seeded with the demo firm. For each request, interleaved, N times: the whole turn (runTurn: agent
 * identity, intent, catalogue calls through callForAgent and policy, the turn's record) and, as the baseline
 * measured in the same run, the bare catalogue call(s) that turn makes (callTool, same actor and arguments).
 * Overhead = turn − baseline, per pair, in wall time and in this process's CPU time (process.cpuUsage: on a shared
 * machine the CPU figure moves less with the neighbours' load than the wall one). The router and a scripted model
 * in process (langchain createAgent with its middleware; the model answers from a script at once) are both
 * measured, the model in chat and on a forwarded client e-mail (human-in-the-loop middleware and checkpointer).
 *   npx tsx bench/agent.ts [--turns 300] [--model-turns 100] [--only TEXT]   (npm run bench:agent)
 *   profile: node --cpu-prof --cpu-prof-dir /tmp/prof --import tsx bench/agent.ts --only model, then
 *   npx tsx bench/lib/profile-summary.ts /tmp/prof/*.cpuprofile
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import { agentActor } from '../src/agent/agent-tools.ts';
import { modelEngine } from '../src/agent/model/model-engine.ts';
import { runTurn, type Channel, type ModelEngine } from '../src/agent/turn.ts';
import { migrateDatabase, openDatabase } from '../src/db/client.ts';
import { users } from '../src/db/schema/index.ts';
import { seedAndBillDemo } from '../src/db/seed/seed-and-bill-demo.ts';
import type { Principal, Role } from '../src/policy/roles.ts';
import { copilotIdentityId } from '../src/tools/agent/pending-calls.ts';
import { callTool } from '../src/tools/call-tool.ts';

const { values } = parseArgs({
  options: {
    turns: { type: 'string', default: '300' },
    'model-turns': { type: 'string', default: '100' },
    only: { type: 'string' },
  },
});
const TURNS = Number(values.turns);
const MODEL_TURNS = Number(values['model-turns']);
const NOW = new Date('2026-12-05T09:00:00Z');

/** A chat model that answers from a script at once: a tool call for the first message, then words. */
class ScriptedModel extends BaseChatModel {
  constructor(private readonly call: { name: string; args: Record<string, unknown> }) {
    super({});
  }
  _llmType(): string {
    return 'scripted';
  }
  override bindTools(): this {
    return this;
  }
  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const toolDone = messages.some((m) => m.getType() === 'tool');
    const message = toolDone
      ? new AIMessage('Here is what I found.')
      : new AIMessage({
          content: '',
          tool_calls: [{ id: `call_${randomUUID()}`, name: this.call.name, args: this.call.args }],
        });
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (x: number): string => x.toFixed(2).padStart(7);
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Wall and CPU milliseconds of f. */
const time = async (f: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> => {
  const c = cpuMs();
  const t = process.hrtime.bigint();
  await f();
  return { wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: cpuMs() - c };
};
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

const database = await openDatabase({ dataDir: 'memory://' });
await migrateDatabase(database);
await seedAndBillDemo(database, { stdout: () => {}, stderr: () => {} }, () => NOW);
const deps = { database, now: () => NOW };
const personOf = async (role: Role): Promise<Principal> => {
  const u = (await database.db.select().from(users).where(eq(users.kind, 'person'))).find((x) =>
    x.roles.includes(role),
  )!;
  return { userId: u.id, roles: [role], entityIds: null };
};
const controller = await personOf('controller');
const agentId = await copilotIdentityId(deps);
const bare = (tool: string, args: unknown) =>
  callTool(
    { actor: agentActor(agentId, controller), correlationId: `bench-${randomUUID()}`, now: NOW, deps },
    tool,
    args,
  );
const first = async (q: Record<string, string>) => {
  const r = await bare('invoices_list', { ...q, limit: 1 });
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return (r.value as { items: { reference: string }[] }).items[0]!.reference;
};
const inv = await first({ status: 'delivered' });
const draft = await first({ status: 'draft' });

const scripted = modelEngine(
  new ScriptedModel({ name: 'invoices_list', args: { overdue: 'true', client: 'ACME' } }),
  'scripted',
);

/** Each request, the calls its turn makes (the baseline), the engine and the channel. */
const cases: { name: string; text: string; calls: [string, unknown][]; model?: ModelEngine; channel?: Channel }[] = [
  {
    name: 'overdue for a client',
    text: 'What is overdue for ACME?',
    calls: [['invoices_list', { overdue: 'true', client: 'ACME', limit: 20 }]],
  },
  { name: 'why held', text: `why is ${draft} held?`, calls: [['invoices_show', { ref: draft }]] },
  {
    name: 'explain a line',
    text: `explain line 1 of ${inv}`,
    calls: [['invoices_explain_line', { ref: inv, lineNo: 1 }]],
  },
  { name: 'my approvals', text: 'What waits for my approval?', calls: [['approvals_inbox', { limit: 20 }]] },
  {
    name: 'DSO + exceptions past SLA',
    text: "this month's DSO and exceptions past SLA",
    calls: [
      ['receivables_report', { asOf: '2026-12-05', weeks: 1 }],
      ['exceptions_list', { limit: 200 }],
    ],
  },
  {
    name: 'who should review',
    text: `who should review ${draft}?`,
    calls: [['invoices_recommend_reviewer', { ref: draft }]],
  },
  {
    name: 'scripted model: overdue',
    text: 'What is overdue for ACME?',
    calls: [['invoices_list', { overdue: 'true', client: 'ACME' }]],
    model: scripted,
  },
  {
    name: 'scripted model: e-mail',
    text: 'Hi, is anything of ours overdue? Regards, ACME accounts payable',
    calls: [['invoices_list', { overdue: 'true', client: 'ACME' }]],
    model: scripted,
    channel: 'client_email',
  },
];

console.log(
  `bench/agent: ${TURNS} router turns and ${MODEL_TURNS} scripted-model turns per request, interleaved with their bare catalogue calls; ` +
    `embedded PGlite in memory, demo firm; node ${process.version}; load average ${load()}`,
);
console.log(
  `${'request'.padEnd(28)} ${'turn p50'} ${'turn p99'} ${'bare p50'} ${'bare p99'} ${'ovh p50'} ${' ovh p99'} ${'cpu ovh p50'} ${'cpu ovh p99'}  (ms)`,
);
const allOverhead: number[] = [];
for (const c of cases.filter((x) => !values.only || x.name.includes(values.only))) {
  const n = c.model ? MODEL_TURNS : TURNS;
  const turns: number[] = [];
  const bases: number[] = [];
  const overhead: number[] = [];
  const cpuOverhead: number[] = [];
  for (let i = -10; i < n; i += 1) {
    const b = await time(async () => {
      for (const [tool, args] of c.calls) {
        const r = await bare(tool, args);
        if (!r.ok) throw new Error(`${tool}: ${JSON.stringify(r.error)}`);
      }
    });
    const t = await time(async () => {
      const r = await runTurn(deps, { person: controller, text: c.text, channel: c.channel }, c.model ?? null);
      if (!r.ok || r.value.toolCalls.some((x) => x.outcome !== 'ok')) throw new Error(JSON.stringify(r));
    });
    if (i < 0) continue; // warm-up
    turns.push(t.wall);
    bases.push(b.wall);
    overhead.push(t.wall - b.wall);
    cpuOverhead.push(t.cpu - b.cpu);
    if (!c.model) allOverhead.push(t.wall - b.wall);
  }
  console.log(
    `${c.name.padEnd(28)} ${ms(pct(turns, 50))}  ${ms(pct(turns, 99))}  ${ms(pct(bases, 50))}  ${ms(pct(bases, 99))} ${ms(pct(overhead, 50))}  ${ms(pct(overhead, 99))}     ${ms(pct(cpuOverhead, 50))}     ${ms(pct(cpuOverhead, 99))}`,
  );
}
console.log(`load average at the end ${load()}`);
if (allOverhead.length)
  console.log(
    `router, all requests: overhead per turn p50 ${pct(allOverhead, 50).toFixed(2)} ms, p99 ${pct(allOverhead, 99).toFixed(2)} ms (goal p99 < 20 ms)`,
  );
await database.close();
