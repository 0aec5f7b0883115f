import { z } from 'zod';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import { markNoticesRead, noticesOfUser, type ApprovalNoticeView } from '../../db/stores/approval-notice-store.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { authorityOf } from '../../policy/permissions.ts';
import { INBOX_READERS } from '../../policy/role-groups.ts';
import type { Actor } from '../../policy/roles.ts';
import { ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { passGate, type GateError } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry } from '../policy-gate/context.ts';
import { pageOf, pageSchema } from '../schemas.ts';

export const approvalNoticeSchema = z
  .object({
    id: z.string(),
    requestId: z
      .string()
      .nullable()
      .describe("The approval request it is about; null for an invoice's own approval (targetId is the invoice)"),
    event: z
      .enum(['granted', 'rejected', 'expired'])
      .describe('granted; rejected; expired: granted, but the approval expired before the paused call could use it'),
    actionType: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    invoiceRevision: z
      .number()
      .int()
      .nullable()
      .describe("An invoice's approval: the revision that was approved or rejected; null for a request"),
    text: z.string().describe('The notice in words: the request, the decision and what the resumed call did'),
    resumed: z
      .object({ state: z.string(), tool: z.string(), code: z.string().optional() })
      .nullable()
      .describe('What the paused copilot call did when resumed (ran, failed with a code, rejected); null: none waited'),
    threadId: z.string().nullable().describe('The copilot conversation that waited on it, if any'),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    readVia: z.string().nullable().describe('Where it was read: api, cli, slack or teams'),
    chat: z
      .object({
        state: z
          .enum(['queued', 'sending', 'retry', 'unsure', 'delivered', 'failed', 'no_chat', 'read', 'inbox'])
          .describe(
            'queued; sending; retry (after a passing failure); unsure (a try may have posted: looked up first); ' +
              'delivered; failed (for good, see lastError); no_chat (no Slack or Teams identity linked); read (read ' +
              'here before it could be sent); inbox (too old when first taken up: left here, not posted)',
          ),
        provider: z.string().nullable().describe('slack or teams'),
        attempts: z.number().int(),
        deliveredAt: z.string().nullable(),
        lastError: z.string().nullable().describe('Why the last try failed (a Slack error code, an HTTP status)'),
      })
      .nullable()
      .describe("Its delivery to the person's Slack or Teams direct message; null: not sent to chat this way"),
  })
  .describe("A requester's notice that their approval request was decided");
export type ApprovalNotice = z.output<typeof approvalNoticeSchema>;

export const toNotice = (r: ApprovalNoticeView): ApprovalNotice => ({
  id: r.id,
  requestId: r.requestId,
  event: r.event,
  actionType: r.actionType,
  targetType: r.targetType,
  targetId: r.targetId,
  invoiceRevision: r.invoiceRevision,
  text: r.text,
  resumed: r.resumed ?? null,
  threadId: r.threadId,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
  readVia: r.readVia,
  chat:
    r.chatState === null
      ? null
      : {
          state: r.chatState,
          provider: r.chatProvider,
          attempts: r.chatAttempts,
          deliveredAt: r.chatDeliveredAt?.toISOString() ?? null,
          lastError: r.chatLastError,
        },
});

/** Whose notices a call reads or marks: the person (the one the agent acts for). */
const ownerOf = (actor: Actor): string => actor.onBehalfOf?.userId ?? actor.userId;

export const approvalNoticesListSchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only unread notices, oldest first; false: only read ones; absent: all, newest first'),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page'),
  offset: z.coerce.number().int().min(0).default(0).describe('Items to skip'),
});

/**
 * approval_notices_list: the caller's own notices that their approval requests were decided, whatever
 * channel they asked in (the API's 409, the copilot in the terminal, Slack). Nobody reads another's.
 */
export const approvalNoticesList = defineTool({
  name: 'approval_notices_list',
  description:
    'My notices that approval requests I asked for, or invoices I submitted, were decided: granted or approved (and ' +
    'what my paused copilot call then did), rejected (by whom, why) or granted too late (expired). unread=true lists ' +
    'what I have not read yet, oldest first. Only my own.',
  input: approvalNoticesListSchema,
  output: pageSchema(approvalNoticeSchema),
  risk: 'read',
  policyAction: null,
  readers: INBOX_READERS,
  handler: async (ctx, q) => {
    const unread = q.unread === undefined ? undefined : q.unread === 'true';
    const r = await noticesOfUser(ctx.db, ownerOf(ctx.actor), { unread, limit: q.limit, offset: q.offset });
    return ok(pageOf(r.rows.map(toNotice), r.total, q.limit, q.offset));
  },
});

export const markNoticesReadSchema = z.strictObject({
  ids: z
    .array(z.uuid())
    .min(1)
    .max(200)
    .optional()
    .describe('The notices to mark read; absent: every unread one (at most 200, oldest first)'),
});

/**
 * approval_notices_mark_read: marks the caller's own unread notices read and answers exactly those, so a
 * notice is shown once however many readers race (the terminal chat takes its unread notices this way).
 * Ids of someone else's notices, or of read ones, are left alone and not answered.
 */
export const approvalNoticesMarkRead = defineTool({
  name: 'approval_notices_mark_read',
  description:
    'Marks my unread approval notices read (the ids given, or every unread one) and answers the ones it marked now; ' +
    'a notice already read, or not mine, is left alone.',
  input: markNoticesReadSchema,
  output: z.object({ marked: z.array(approvalNoticeSchema) }),
  risk: 'write',
  policyAction: 'approval_notice.mark_read',
  handler: async (ctx, input): Promise<Result<{ marked: ApprovalNotice[] }, GateError>> => {
    const owner = ownerOf(ctx.actor);
    const action: ActionOf<'approval_notice.mark_read'> = {
      type: 'approval_notice.mark_read',
      target: { kind: 'user', id: owner },
      args: { noticeIds: input.ids ?? null },
    };
    // One's own notices belong to no legal entity: the entity the scope check is given is one of the person's own.
    const scope = authorityOf(ctx.actor).entityIds;
    const gate = await passGate(ctx.db, ctx, action, { entityId: scope === null ? null : (scope[0] ?? null) });
    if (!gate.ok) return gate;
    const marked = await markNoticesRead(ctx.db, owner, input.ids ?? null, ctx.via ?? 'api', ctx.now, 200);
    await appendAudit(
      ctx.db,
      auditEntry(ctx, {
        action: action.type,
        targetType: 'user',
        targetId: owner,
        before: null,
        after: { marked: marked.map((m) => m.id) },
        decision: toJsonValue(gate.value.decision),
        approvalRef: approvalRef(gate.value.approvals),
      }),
    );
    return ok({ marked: marked.map(toNotice) });
  },
});
