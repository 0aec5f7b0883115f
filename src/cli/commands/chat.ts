import { parseArgs } from 'node:util';
import { copilotFromConfig } from '../../agent/copilot-model.ts';
import { runTurn, type ModelEngine, type TurnAnswer } from '../../agent/turn.ts';
import type { Principal } from '../../policy/roles.ts';
import { cliExitOf, errorKindOf } from '../../shared/error-codes.ts';
import {
  approvalNoticesList,
  approvalNoticesMarkRead,
  type ApprovalNotice,
} from '../../tools/approvals/approval-notices.ts';
import { callTool } from '../../tools/call-tool.ts';
import { cliCaller, keyActor, toJson } from '../tool-command.ts';
import { EXIT, type CliContext } from '../io.ts';

const USAGE = `Usage: billing-copilot chat [--message TEXT | TEXT...] [--thread ID] [--json] [--builtin]
  Talks to the copilot as the user of BILLING_COPILOT_API_KEY: it answers from the catalogue, under your roles and
  policy, and never approves anything. With a message (--message or words after chat): one turn, then exit.
  Without: an interactive conversation on standard input ("exit" or end of input ends it; "resume" looks at
  approvals the conversation waits on). --json: one JSON object per turn. --builtin: never ask the configured model.
  Notices that your approval requests were decided (granted, and what the paused call did; rejected; expired) are
  printed when the session starts and between turns (in --json, as "notices" of the turn), and marked read.
`;

const noticeLine = (n: ApprovalNotice): string => `[notice] ${n.text}\n`;

/**
 * The person's unread approval notices, marked read as they are taken (approval_notices_mark_read answers
 * each notice to one caller only). Listed first, so a session with nothing new writes nothing, not even
 * an audit row. A role that reads no notices (the auditor) has none.
 */
async function takeNotices(who: Parameters<typeof cliCaller>[0], ctx: CliContext): Promise<ApprovalNotice[]> {
  const caller = { ...cliCaller(who, ctx), via: 'cli' };
  const unread = await callTool(caller, approvalNoticesList, { unread: 'true', limit: 200 });
  if (!unread.ok || unread.value.items.length === 0) return [];
  const marked = await callTool(caller, approvalNoticesMarkRead, { ids: unread.value.items.map((n) => n.id) });
  return marked.ok ? marked.value.marked : [];
}

function print(ctx: CliContext, a: TurnAnswer, json: boolean, notices: readonly ApprovalNotice[]): void {
  if (json) {
    ctx.io.stdout(`${JSON.stringify(JSON.parse(toJson({ ...a, notices })))}\n`);
    return;
  }
  ctx.io.stdout(`${a.reply}\n`);
  for (const c of a.toolCalls)
    ctx.io.stderr(
      `  [${c.tool} ${c.outcome}${c.code ? ` ${c.code}` : ''}${c.requestId ? ` request ${c.requestId}` : ''}]\n`,
    );
}

async function* inputLines(ctx: CliContext): AsyncGenerator<string> {
  if (!ctx.io.stdin) return;
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of ctx.io.stdin) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
    }
  }
  if (rest.trim()) yield rest;
}

/** `billing-copilot chat`: one turn, or a conversation on standard input, recorded in the turn log like the API's. */
export async function chatCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      message: { type: 'string', short: 'm' },
      thread: { type: 'string' },
      json: { type: 'boolean' },
      builtin: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    ctx.io.stdout(USAGE);
    return EXIT.OK;
  }
  const who = await keyActor(ctx, 'chat');
  if ('code' in who) return who.code;
  const person: Principal = { userId: who.actor.userId, roles: who.actor.roles, entityIds: who.actor.entityIds };
  const model: ModelEngine | null = values.builtin ? null : copilotFromConfig(ctx.config);
  const deps = { database: who.database, now: ctx.now };
  let threadId = values.thread;
  const json = values.json ?? false;
  /** Notices taken but not yet shown: in --json they travel with the next turn's object. */
  let held: ApprovalNotice[] = [];
  const notices = async (): Promise<void> => {
    const taken = await takeNotices(who, ctx);
    if (json) held.push(...taken);
    else for (const n of taken) ctx.io.stdout(noticeLine(n));
  };
  const turn = async (text: string): Promise<number> => {
    const r = await runTurn(deps, { person, text, threadId, channel: 'chat' }, model);
    if (!r.ok) {
      ctx.io.stderr(`${r.error.message}. Start a new conversation without --thread.\n`);
      return cliExitOf(errorKindOf(r.error.code));
    }
    threadId = r.value.threadId;
    // What was decided while the turn ran (a relay resumed a call) is shown with it, after the reply.
    const after = await takeNotices(who, ctx);
    print(ctx, r.value, json, [...held, ...after]);
    if (!json) for (const n of after) ctx.io.stdout(noticeLine(n));
    held = [];
    return EXIT.OK;
  };
  await notices();
  const one = values.message ?? (positionals.length ? positionals.join(' ') : undefined);
  if (one !== undefined) {
    if (!one.trim()) {
      ctx.io.stderr(`The message is empty.\n${USAGE}`);
      return EXIT.USAGE;
    }
    return turn(one);
  }
  if (!json)
    ctx.io.stderr(
      `Billing Copilot (${model ? `model ${model.name}` : 'built-in router, no model'}). Ask, or "help"; "exit" ends.\n> `,
    );
  for await (const line of inputLines(ctx)) {
    const text = line.trim();
    if (text === 'exit' || text === 'quit') break;
    if (text) {
      const code = await turn(text);
      if (code !== EXIT.OK) return code;
    }
    if (!json) ctx.io.stderr('> ');
  }
  if (!json && threadId) ctx.io.stderr(`\nConversation ${threadId} (continue it with --thread ${threadId}).\n`);
  return EXIT.OK;
}
