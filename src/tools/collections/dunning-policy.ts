import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  DEFAULT_POLICY,
  DUNNING_CHANNELS,
  DUNNING_STEPS,
  type PolicyStep,
  STEP_KINDS,
} from '../../billing/collections/dunning.ts';
import { MAX_POLICY_STEPS, type PolicyProblemCode, policyProblem } from '../../billing/collections/dunning-rules.ts';
import { clients, dunningPolicies } from '../../db/schema/index.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { passGate, precheck, type GateError } from '../policy-gate/approval-gate.ts';
import { auditEntry, readMatrixInForce } from '../policy-gate/context.ts';
import { WORKLIST_READERS } from './roles.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { decimalField } from '../../shared/bounded-fields.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError } from '../scope.ts';

export const dunningStepSchema = z.object({
  days: z
    .number()
    .int()
    .min(-60)
    .max(365)
    .describe('Days from the due date on which the step is due (negative: before the due date, a courtesy note)'),
  step: z
    .enum(DUNNING_STEPS)
    .describe(
      "The step's name: a reminder's tone (courtesy, friendly, firm, final; tones may repeat, final once), escalate or call",
    ),
  kind: z
    .enum(STEP_KINDS)
    .optional()
    .describe(
      'reminder (to the client), escalate (to the account manager), call (a task for the collector), final_notice ' +
        '(named final; may carry a late fee). Default: from the name and finalNotice',
    ),
  channel: z
    .enum(DUNNING_CHANNELS)
    .describe('email to the client, task for the collector, account_manager: a notification to the account manager'),
  template: z
    .string()
    .regex(/^[a-z][a-z0-9_.-]{0,63}$/)
    .optional()
    .describe('Template of the text: courtesy, friendly, firm, final, escalate, call; default the step name'),
  finalNotice: z.boolean().optional().describe('The final notice (the same as kind final_notice): at most one'),
  lateFee: z
    .union([
      z.object({ kind: z.literal('contract') }),
      z.object({ kind: z.literal('percent_monthly'), percent: decimalField('percent') }),
    ])
    .nullable()
    .optional()
    .describe("A late fee announced with the final notice: the contract's monthly percent, or a fixed one"),
});

const scopeSchema = z
  .string()
  .regex(/^(segment|client):[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'segment:<name> or client:<code>')
  .describe('segment:<name> (e.g. segment:strategic) or client:<code>');

type SetPolicyError =
  | GateError
  | { code: 'CLIENT_NOT_FOUND'; message: string }
  | { code: 'DUNNING_POLICY_INVALID'; message: string; problem: PolicyProblemCode }
  | { code: 'DUNNING_POLICY_CHANGED'; message: string; version: number };

/** Sets the reminder sequence of a segment or a client: validated, versioned, audited before and after. */
export const dunningPolicySet = defineTool({
  name: 'dunning_policy_set',
  description:
    'Sets the reminder sequence of a segment (segment:NAME) or one client (client:CODE): up to ' +
    `${MAX_POLICY_STEPS} steps with day offsets from the due date (strictly rising, negative before it), name and kind (reminder ` +
    "with its tone, escalate, call, final_notice), channel (email, task, account_manager), template key, the final notice's " +
    'late fee rule. A client sequence wins over its segment over the default. Each change bumps the version and is audited with ' +
    'the steps before and after; fromVersion guards against overwriting a change you did not see. Controllers and finance admins only.',
  input: z.object({
    scope: scopeSchema,
    // Bounded here; the sequence's own limit (MAX_POLICY_STEPS) is refused with a sentence by policyProblem.
    steps: z.array(dunningStepSchema).max(100),
    fromVersion: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe('The version you read (0: none yet); refused when it changed since'),
    reason: z.string().trim().min(3).max(500).optional().describe('Why the sequence changes: kept with the audit row'),
  }),
  output: z.object({ scope: z.string(), version: z.number().int(), steps: z.array(dunningStepSchema) }),
  risk: 'write',
  policyAction: 'collections.set_dunning_policy',
  handler: async (
    ctx,
    input,
  ): Promise<Result<{ scope: string; version: number; steps: PolicyStep[] }, SetPolicyError>> => {
    const steps = input.steps as PolicyStep[];
    const problem = policyProblem(steps);
    if (problem) return err({ code: 'DUNNING_POLICY_INVALID', message: problem.message, problem: problem.code });
    if (input.scope.startsWith('client:')) {
      const [c] = await ctx.db
        .select()
        .from(clients)
        .where(eq(clients.code, input.scope.slice(7)));
      if (!c) return err({ code: 'CLIENT_NOT_FOUND', message: `no client ${input.scope.slice(7)}` });
    }
    const action: ActionOf<'collections.set_dunning_policy'> = {
      type: 'collections.set_dunning_policy',
      target: { kind: 'dunning_policy', id: input.scope },
      args: {
        scope: input.scope,
        steps,
        ...(input.fromVersion === undefined ? {} : { fromVersion: input.fromVersion }),
      },
    };
    await readMatrixInForce(ctx.db, ctx);
    const denied = precheck(ctx, action, { entityId: null });
    if (!denied.ok) return denied;
    const [before] = await ctx.db
      .select()
      .from(dunningPolicies)
      .where(eq(dunningPolicies.scope, input.scope))
      .for('update');
    const current = before?.version ?? 0;
    if (input.fromVersion !== undefined && input.fromVersion !== current)
      return err({
        code: 'DUNNING_POLICY_CHANGED',
        message: `${input.scope} is at version ${current}, not ${input.fromVersion}: read it again`,
        version: current,
      });
    const gate = await passGate(ctx.db, ctx, action, { entityId: null });
    if (!gate.ok) return gate;
    const values = {
      steps: steps as unknown as Record<string, unknown>[],
      updatedBy: ctx.actor.userId,
      updatedAt: ctx.now,
    };
    await ctx.db
      .insert(dunningPolicies)
      .values({ scope: input.scope, version: current + 1, ...values })
      .onConflictDoUpdate({
        target: dunningPolicies.scope,
        set: { ...values, version: sql`${dunningPolicies.version} + 1` },
      });
    await appendAudit(
      ctx.db,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'dunning_policy',
        targetId: input.scope,
        before: before ? { version: before.version, steps: before.steps } : null,
        after: { version: current + 1, steps },
        decision: gate.value.decision,
        reason: input.reason ?? null,
      }),
    );
    return ok({ scope: input.scope, version: current + 1, steps });
  },
});

/** The sequences in force: the default and every stored segment or client sequence, with versions. */
export const dunningPolicyShow = defineTool({
  name: 'dunning_policy_show',
  description:
    'Shows the reminder sequences: the built-in default and every segment (segment:NAME) and client (client:CODE) sequence, with its ' +
    'version, steps (days, name, kind, channel, template, final notice, late fee) and who changed it last. A scope narrows it to one.',
  input: z.object({ scope: scopeSchema.optional() }),
  output: z.object({
    default: z.array(dunningStepSchema),
    policies: z.array(
      z.object({
        scope: z.string(),
        version: z.number().int(),
        steps: z.array(dunningStepSchema),
        updatedBy: z.string(),
        updatedAt: z.string(),
      }),
    ),
  }),
  risk: 'read',
  policyAction: null,
  readers: WORKLIST_READERS,
  handler: async (ctx, input) => {
    // Firm-wide, like the run that applies them: a person limited to some legal entities does not read them.
    if (!actorMayTouch(ctx.actor, null)) return err(outOfScopeError(null));
    const rows = await ctx.db
      .select()
      .from(dunningPolicies)
      .where(input.scope ? eq(dunningPolicies.scope, input.scope) : sql`true`)
      .orderBy(dunningPolicies.scope);
    return ok({
      default: DEFAULT_POLICY.map((s) => ({ ...s })),
      policies: rows.map((r) => ({
        scope: r.scope,
        version: r.version,
        steps: r.steps as unknown as PolicyStep[],
        updatedBy: r.updatedBy,
        updatedAt: r.updatedAt.toISOString(),
      })),
    });
  },
});
