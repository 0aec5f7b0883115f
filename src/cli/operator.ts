import { userInfo } from 'node:os';
import type { Database } from '../db/client.ts';
import type { Actor } from '../policy/roles.ts';
import { operatorActor } from '../policy/service-identities.ts';
import { errorKindOf, cliExitOf, type ErrorCode } from '../shared/error-codes.ts';
import type { CliContext } from './io.ts';
import { keyActor } from './tool-command.ts';

/** The operating-system user running the CLI ("unknown" where there is no passwd entry). */
export function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Who sets a firm up from the command line: the user of BILLING_COPILOT_API_KEY when it is set,
 * else the console operator (`cli:<os user>`, src/policy/service-identities.ts), whom policy lets
 * load master data and administer access only while no administrator can act.
 */
export async function setupActor(
  ctx: CliContext,
  what: string,
  keyed: (ctx: CliContext, what: string) => Promise<{ database: Database; actor: Actor } | { code: number }> = keyActor,
): Promise<{ database: Database; actor: Actor } | { code: number }> {
  if (ctx.config.BILLING_COPILOT_API_KEY) return keyed(ctx, what);
  return { database: await ctx.database(), actor: operatorActor(operatorName()) };
}

/** A policy refusal as one sentence naming the rule (OPERATOR_AFTER_SETUP, SOD_OWN_ACCESS, ROLE_NOT_PERMITTED), and its exit code. */
export function printRefusal(ctx: CliContext, e: { code: ErrorCode; message: string; policyCode?: string }): number {
  ctx.io.stderr(`Refused (${e.policyCode ?? e.code}): ${e.message}. Nothing was done.\n`);
  return cliExitOf(errorKindOf(e.code));
}
