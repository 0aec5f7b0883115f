import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Database } from '../db/client.ts';
import type { Actor } from '../policy/roles.ts';
import { cliExitOf, errorKindOf } from '../shared/error-codes.ts';
import type { ToolResult } from '../tools/call-tool.ts';
import type { DomainError, Tool } from '../tools/define-tool.ts';
import { actorOfKey } from './actor.ts';
import { EXIT, progress, type CliContext } from './io.ts';

/** The person of BILLING_COPILOT_API_KEY and the open database, or the exit code after saying why not. */
export async function keyActor(
  ctx: CliContext,
  what: string,
): Promise<{ database: Database; actor: Actor } | { code: number }> {
  const key = ctx.config.BILLING_COPILOT_API_KEY;
  if (!key) {
    ctx.io.stderr(
      `Set BILLING_COPILOT_API_KEY to your API key: ${what} acts as you, under the same policy and audit as the API, and the command line never takes a key as an argument. Nothing was done.\n`,
    );
    return { code: EXIT.USAGE };
  }
  const database = await ctx.database();
  const actor = await actorOfKey(database.db, key);
  if (!actor) {
    ctx.io.stderr(
      "The API key in BILLING_COPILOT_API_KEY is not valid (unknown or revoked, or its user is inactive), or it is the agent's, which acts only through the API on behalf of a person. Nothing was done.\n",
    );
    return { code: EXIT.PROBLEMS };
  }
  return { database, actor };
}

/** How a CLI command calls a catalogue entry: as `who`, under a correlation id of its own. */
export const cliCaller = (who: { database: Database; actor: Actor }, ctx: CliContext) => ({
  actor: who.actor,
  correlationId: `cli:${randomUUID()}`,
  now: ctx.now(),
  deps: { database: who.database, now: ctx.now },
});

/** Plain JSON of a value (bigints as decimal strings). */
export const toJson = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x), 2);

/**
 * Runs a catalogue entry as the key's user and hands its value to `print`; a refusal is one sentence
 * on stderr (the issues of a VALIDATION_FAILED, the request to approve of an APPROVAL_REQUIRED) and
 * the exit code of its code's kind (cliExitOf). Returns the exit code.
 */
export async function runToolCommand<I extends z.ZodType, O extends z.ZodType, E extends DomainError>(
  ctx: CliContext,
  tool: Tool<I, O, E>,
  input: z.input<I>,
  print: (value: z.output<O>, r: ToolResult<z.output<O>, E>) => void,
  opts: { idempotencyKey?: string | undefined; progressLabel?: string } = {},
): Promise<number> {
  const who = await keyActor(ctx, tool.name.replace('_', ' '));
  if ('code' in who) return who.code;
  const { callTool } = await import('../tools/call-tool.ts');
  const tick = opts.progressLabel ? progress(ctx.io, opts.progressLabel) : null;
  const r = await callTool(
    {
      ...cliCaller(who, ctx),
      ...(tick ? { reportProgress: (done: number, total: number, unit: string) => tick(done, total, unit) } : {}),
    },
    tool,
    input,
    opts.idempotencyKey === undefined ? {} : { idempotencyKey: opts.idempotencyKey },
  );
  if (r.ok) {
    print(r.value, r);
    return EXIT.OK;
  }
  ctx.io.stderr(`${refusalSentence(r.error)}\n`);
  return cliExitOf(errorKindOf(r.error.code));
}

/** One sentence for a refusal, with what to do next where the error says. */
export function refusalSentence(e: DomainError): string {
  const x = e as DomainError & { issues?: { path: string; message: string }[]; requestId?: string | null };
  if (x.code === 'VALIDATION_FAILED' && x.issues)
    return `Not valid: ${x.issues.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ')}. Nothing was done.`;
  if ((x.code === 'APPROVAL_REQUIRED' || x.code === 'ARGS_CHANGED') && x.requestId) {
    return `Waiting for approval (${x.code}): ${x.message}. Request ${x.requestId} is open; once it is granted (billing-copilot approvals grant ${x.requestId}), run this command again.`;
  }
  return `Refused (${x.code}): ${x.message}.${errorKindOf(x.code) === 'internal' ? '' : ' Nothing was done.'}`;
}
