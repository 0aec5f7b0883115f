import { z } from 'zod';
import type { TurnToolCall } from '../../db/schema/agent.ts';
import { insertTurn, searchTurns, threadTurns, type NewTurn } from '../../db/stores/agent-store.ts';
import { AUDIT_READERS } from '../../policy/role-groups.ts';
import { authorityOf } from '../../policy/permissions.ts';
import { err, ok } from '../../shared/result.ts';
import { outOfScopeError } from '../scope.ts';
import { defineTool, type ToolDeps } from '../define-tool.ts';
import { pageOf, pageSchema } from '../schemas.ts';

export type { TurnToolCall };

/**
 * Records one turn of the copilot. Not a catalogue entry: like the audit trail, the record of what
 * was asked is infrastructure every turn writes, refused ones included, whatever the person may do.
 */
export async function recordTurn(deps: ToolDeps, turn: NewTurn): Promise<{ id: string }> {
  const row = await insertTurn(deps.database.db, turn);
  return { id: row.id };
}

/** A thread's recent turns (oldest first) if it is this person's; null for another person's thread. */
export async function threadMemory(deps: ToolDeps, threadId: string, userId: string, limit = 10) {
  const turns = await threadTurns(deps.database.db, threadId, limit);
  if (turns.some((t) => t.userId !== userId)) return null;
  return turns.map((t) => ({ message: t.message, reply: t.reply, toolCalls: t.toolCalls, at: t.createdAt }));
}

const turnSchema = z
  .object({
    id: z.string(),
    threadId: z.string(),
    userId: z.string(),
    actingAs: z.string(),
    channel: z.string(),
    engine: z.string(),
    message: z.string(),
    toolCalls: z.array(
      z.object({
        tool: z.string(),
        args: z.unknown(),
        outcome: z.enum(['ok', 'approval_required', 'refused', 'error']),
        code: z.string().optional(),
        message: z.string().optional(),
        policyCode: z.string().optional(),
        requestId: z.string().optional(),
      }),
    ),
    refused: z.boolean(),
    reply: z.string(),
    correlationId: z.string(),
    createdAt: z.string(),
  })
  .describe('One turn of the copilot: the message, each tool call with its arguments and outcome, and the reply');

export const agentTurnsList = defineTool({
  name: 'agent_turns_list',
  description:
    "The copilot's turn log, newest first, for audit: each message, the tools it called with their arguments, policy's answers, " +
    'refusals and the reply. Filter by person (user id), thread, tool called, refused turns, words in the message or reply, and time.',
  input: z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page'),
    offset: z.coerce.number().int().min(0).default(0).describe('Items to skip'),
    user: z.string().max(100).optional().describe('The person the agent acted for (user id)'),
    thread: z.uuid().optional().describe('One conversation'),
    tool: z.string().max(100).optional().describe('Only turns that called this catalogue entry'),
    refused: z.enum(['true', 'false']).optional().describe('true: only turns with a refusal'),
    text: z.string().min(1).max(200).optional().describe('Words in the message or the reply'),
    from: z.iso.datetime({ offset: true }).optional().describe('At or after this time'),
    to: z.iso.datetime({ offset: true }).optional().describe('At or before this time'),
  }),
  output: pageSchema(turnSchema),
  risk: 'read',
  policyAction: null,
  readers: AUDIT_READERS,
  handler: async (ctx, q) => {
    // Turns are firm-wide (a question may span entities): only readers of every entity see them.
    if (authorityOf(ctx.actor).entityIds !== null) return err(outOfScopeError(null));
    const { rows, total } = await searchTurns(ctx.db, {
      userId: q.user,
      threadId: q.thread,
      tool: q.tool,
      refused: q.refused === undefined ? undefined : q.refused === 'true',
      text: q.text,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      limit: q.limit,
      offset: q.offset,
    });
    return ok(
      pageOf(
        rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
        total,
        q.limit,
        q.offset,
      ),
    );
  },
});
