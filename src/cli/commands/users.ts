import { cliCaller } from '../tool-command.ts';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { callTool, type ToolResult } from '../../tools/call-tool.ts';
import type { DomainError, Tool } from '../../tools/define-tool.ts';
import { createUserInputSchema, usersCreate } from '../../tools/users/create-user.ts';
import { usersIssueKey } from '../../tools/users/issue-key.ts';
import { usersRevokeKey } from '../../tools/users/revoke-key.ts';
import { chatLinkInputSchema, usersLinkChat, usersUnlinkChat } from '../../tools/users/link-chat.ts';
import { usersList } from '../../tools/users/list-users.ts';
import type { ErrorCode } from '../../shared/error-codes.ts';
import { EXIT, type CliContext } from '../io.ts';
import { printRefusal, setupActor } from '../operator.ts';
import { renderTable } from '../table.ts';

const USAGE = `Usage:
  billing-copilot users add --email E --name N --roles r1,r2 [--entities CODE,...]   prints the new API key once
  billing-copilot users add-key --email E                                            one more key for a user
  billing-copilot users list [--json]
  billing-copilot users revoke-key KEY_ID
  billing-copilot users link --email E (--slack USER_ID | --teams OBJECT_ID) [--workspace TEAM_OR_TENANT_ID]
  billing-copilot users unlink --email E --provider slack|teams [--workspace TEAM_OR_TENANT_ID]
Roles: billing_clerk, project_manager, controller, collector, account_manager, finance_admin, auditor, agent
`;

/**
 * Runs a users entry as the key's user, or without a key as the console operator (who may set up
 * access only while no administrator can act: policy decides). The exit code, or the Result.
 */
async function run<O, E extends DomainError>(
  ctx: CliContext,
  tool: Tool<z.ZodType, z.ZodType<O>, E>,
  input: unknown,
): Promise<ToolResult<O, E> | number> {
  const who = await setupActor(ctx, `users ${tool.name.slice('users_'.length).replace('_', '-')}`);
  if ('code' in who) return who.code;
  return callTool(cliCaller(who, ctx), tool, input);
}

/** A refusal no command names itself: policy's (role, operator after setup, one's own access) or another. */
const otherRefusal = (ctx: CliContext, e: { code: string; message: string }) =>
  printRefusal(ctx, e as { code: ErrorCode; message: string; policyCode?: string });

const list = (s: string | undefined) =>
  s === undefined
    ? undefined
    : s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);

/** Prints a new key once, with what to do with it. The key goes to stdout only, never to a log. */
function printKey(ctx: CliContext, email: string, keyId: string, key: string) {
  ctx.io.stdout(`API key for ${email} (key id ${keyId}); it is shown only now, store it safely:\n${key}\n`);
}

/** A chat-link failure as a sentence and an exit code. */
function chatLinkFailure(
  ctx: CliContext,
  e: { code: string; message: string; email?: string; provider?: string; externalId?: string },
): number {
  if (e.code === 'USER_NOT_FOUND') {
    ctx.io.stderr(`No active user with email ${e.email}.\n`);
    return EXIT.NOT_FOUND;
  }
  if (e.code === 'CHAT_LINK_NOT_FOUND') {
    ctx.io.stderr(`${e.email} has no ${e.provider} link in that workspace.\n`);
    return EXIT.NOT_FOUND;
  }
  if (e.code === 'CHAT_ID_TAKEN') {
    ctx.io.stderr(`The ${e.provider} id ${e.externalId} is linked to another user; unlink it there first.\n`);
    return EXIT.PROBLEMS;
  }
  return otherRefusal(ctx, e);
}

/** `users add|add-key|list|revoke-key|link|unlink`. */
export async function usersCommand(argv: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'add') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        roles: { type: 'string' },
        entities: { type: 'string' },
      },
    });
    const input = createUserInputSchema.safeParse({
      email: values.email,
      name: values.name,
      roles: list(values.roles),
      entities: list(values.entities) ?? null,
    });
    if (!input.success) {
      ctx.io.stderr(
        `${input.error.issues.map((i) => `--${i.path.join('.') || 'input'}: ${i.message}`).join('\n')}\n\n${USAGE}`,
      );
      return EXIT.USAGE;
    }
    const r = await run(ctx, usersCreate, input.data);
    if (typeof r === 'number') return r;
    if (!r.ok) {
      const e = r.error;
      if (e.code === 'EMAIL_TAKEN') ctx.io.stderr(`A user with email ${e.email} exists.\n`);
      else if (e.code === 'UNKNOWN_LEGAL_ENTITY') ctx.io.stderr(`Unknown legal entity codes: ${e.codes.join(', ')}\n`);
      else return otherRefusal(ctx, e);
      return EXIT.PROBLEMS;
    }
    printKey(ctx, input.data.email, r.value.keyId, r.value.key);
    return EXIT.OK;
  }
  if (sub === 'add-key') {
    const { values } = parseArgs({ args: rest, strict: true, options: { email: { type: 'string' } } });
    if (!values.email) {
      ctx.io.stderr(USAGE);
      return EXIT.USAGE;
    }
    const r = await run(ctx, usersIssueKey, { email: values.email });
    if (typeof r === 'number') return r;
    if (!r.ok) {
      if (r.error.code !== 'USER_NOT_FOUND') return otherRefusal(ctx, r.error);
      ctx.io.stderr(`No active user with email ${values.email}.\n`);
      return EXIT.NOT_FOUND;
    }
    printKey(ctx, values.email, r.value.keyId, r.value.key);
    return EXIT.OK;
  }
  if (sub === 'revoke-key') {
    const [keyId] = rest;
    if (!keyId || !z.string().uuid().safeParse(keyId).success) {
      ctx.io.stderr(`revoke-key needs a key id (a UUID, see users list).\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    const r = await run(ctx, usersRevokeKey, { keyId });
    if (typeof r === 'number') return r;
    if (!r.ok) {
      if (r.error.code !== 'KEY_NOT_FOUND' && r.error.code !== 'KEY_ALREADY_REVOKED') return otherRefusal(ctx, r.error);
      ctx.io.stderr(r.error.code === 'KEY_NOT_FOUND' ? `No key ${keyId}.\n` : `Key ${keyId} was already revoked.\n`);
      return r.error.code === 'KEY_NOT_FOUND' ? EXIT.NOT_FOUND : EXIT.PROBLEMS;
    }
    ctx.io.stdout(`Revoked key ${keyId} (${r.value.prefix}...). Requests with it now get 401.\n`);
    return EXIT.OK;
  }
  if (sub === 'link') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: {
        email: { type: 'string' },
        slack: { type: 'string' },
        teams: { type: 'string' },
        workspace: { type: 'string' },
      },
    });
    if ((values.slack === undefined) === (values.teams === undefined)) {
      ctx.io.stderr(`users link needs exactly one of --slack or --teams.\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    const input = chatLinkInputSchema.safeParse({
      email: values.email,
      provider: values.slack !== undefined ? 'slack' : 'teams',
      externalId: values.slack ?? values.teams,
      workspaceId: values.workspace ?? '',
    });
    if (!input.success) {
      ctx.io.stderr(
        `${input.error.issues.map((i) => `--${i.path.join('.') || 'input'}: ${i.message}`).join('\n')}\n\n${USAGE}`,
      );
      return EXIT.USAGE;
    }
    const r = await run(ctx, usersLinkChat, input.data);
    if (typeof r === 'number') return r;
    if (!r.ok) return chatLinkFailure(ctx, r.error);
    ctx.io.stdout(
      `Linked ${input.data.email} to ${r.value.provider} id ${r.value.externalId}${r.value.workspaceId ? ` in ${r.value.workspaceId}` : ''}.\n`,
    );
    return EXIT.OK;
  }
  if (sub === 'unlink') {
    const { values } = parseArgs({
      args: rest,
      strict: true,
      options: { email: { type: 'string' }, provider: { type: 'string' }, workspace: { type: 'string' } },
    });
    if (!values.email || (values.provider !== 'slack' && values.provider !== 'teams')) {
      ctx.io.stderr(`users unlink needs --email and --provider slack or teams.\n\n${USAGE}`);
      return EXIT.USAGE;
    }
    const r = await run(ctx, usersUnlinkChat, {
      email: values.email,
      provider: values.provider,
      workspaceId: values.workspace ?? '',
    });
    if (typeof r === 'number') return r;
    if (!r.ok) return chatLinkFailure(ctx, r.error);
    ctx.io.stdout(`Unlinked ${values.email} from ${values.provider} id ${r.value.externalId}.\n`);
    return EXIT.OK;
  }
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, strict: true, options: { json: { type: 'boolean' } } });
    // Every user, a page at a time through users_list: as the key's user, or without a key as the console operator.
    const views: z.output<typeof usersList.output>['items'] = [];
    const who = await setupActor(ctx, 'users list');
    if ('code' in who) return who.code;
    const caller = cliCaller(who, ctx);
    for (let offset: number | null = 0; offset !== null; ) {
      const r: ToolResult<z.output<typeof usersList.output>, DomainError> = await callTool(caller, usersList, {
        limit: 200,
        offset,
      });
      if (!r.ok) return otherRefusal(ctx, r.error);
      views.push(...r.value.items);
      offset = r.value.page.nextOffset;
    }
    if (values.json) {
      ctx.io.stdout(`${JSON.stringify({ items: views }, null, 2)}\n`);
      return EXIT.OK;
    }
    ctx.io.stdout(
      renderTable(
        ['Email', 'Name', 'Roles', 'Entities', 'Active', 'Chat', 'Key id', 'Prefix', 'Last used', 'Revoked'],
        views.flatMap((u) =>
          (u.keys.length ? u.keys : [null]).map((k) => [
            u.email,
            u.name,
            u.roles.join(','),
            u.entities?.join(',') ?? 'all',
            u.active ? 'yes' : 'no',
            u.chatLinks
              .map((l) => `${l.provider}:${l.workspaceId ? `${l.workspaceId}/` : ''}${l.externalId}`)
              .join(' '),
            k?.id ?? '',
            k?.prefix ?? '',
            k?.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '',
            k?.revokedAt?.slice(0, 16).replace('T', ' ') ?? '',
          ]),
        ),
      ),
    );
    return EXIT.OK;
  }
  ctx.io.stderr(USAGE);
  return EXIT.USAGE;
}
