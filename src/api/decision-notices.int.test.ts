import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import { approvalNotices } from '../db/schema/index.ts';
import { getInvoice } from '../db/stores/invoice-lifecycle-store.ts';
import type { ApprovalRequestRow } from '../db/stores/approval-request-store.ts';
import { approvalsCommand } from '../cli/commands/approvals.ts';
import type { CliContext } from '../cli/io.ts';
import { writeRequestDecisionNotice } from '../tools/approvals/decision-notice.ts';
import { writeInvoiceDecisionNotice } from '../tools/approvals/invoice-decision-notice.ts';
import { backend } from '../../test/helpers/db.ts';
import { call } from '../../test/helpers/api.ts';
import { useFirmApp } from '../../test/helpers/firm-app.ts';
import { insertInvoice } from '../../test/helpers/invoices.ts';

type Notice = {
  id: string;
  requestId: string | null;
  event: string;
  actionType: string;
  targetType: string;
  targetId: string;
  invoiceRevision: number | null;
  text: string;
  readAt: string | null;
};
type Body = { code?: string; details?: { requestId?: string }; items?: Notice[]; status?: string; number?: string };

/**
 * The notice is part of the decision: approving or rejecting an invoice, granting or rejecting a request,
 * from the API or the CLI with no chat relay running, writes the requester's notice in the same
 * transaction, once; a service identity that asked is told nothing.
 */
describe(`notices written by the decision itself on ${backend}`, () => {
  const env = useFirmApp();
  const unread = async (key: string) =>
    (await call<Body>(env.app, 'GET', '/approvals/notices?unread=true', { key })).body.items!;
  const about = async (key: string, targetId: string) => (await unread(key)).filter((n) => n.targetId === targetId);
  const clerk = () => env.users.ids[env.users.email('billing_clerk')]!;
  const submittedBy = (submitter: string) =>
    insertInvoice(env.database, {
      totalMinor: 50_000n,
      status: 'pending_approval',
      submittedBy: submitter,
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
  const decide = (verb: 'approve' | 'reject', invoiceId: string, idempotencyKey?: string) =>
    call<Body>(env.app, 'POST', `/invoices/${invoiceId}/${verb}`, {
      key: env.users.key.controller,
      body: verb === 'reject' ? { reason: 'the March hours belong to April' } : {},
      ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
    });

  it('tells the submitter once that their invoice was approved, naming it, its number and the approver', async () => {
    const invoiceId = await submittedBy(clerk());
    const approved = await decide('approve', invoiceId);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('approved');

    // No relay ran: the decision wrote it.
    const notices = await about(env.users.key.billing_clerk, invoiceId);
    expect(notices).toEqual([
      expect.objectContaining({
        requestId: null,
        event: 'granted',
        actionType: 'invoice.approve',
        targetType: 'invoice',
        invoiceRevision: 1,
        readAt: null,
      }),
    ]);
    expect(notices[0]!.text).toMatch(
      new RegExp(`^Your invoice DRAFT-\\w{8} \\(invoice ${invoiceId}\\) was approved by .*controller.*: numbered `),
    );
    expect(notices[0]!.text).toContain(approved.body.number!);
    // The approver has none of it; a second approval is refused and tells nobody again.
    expect(await about(env.users.key.controller, invoiceId)).toEqual([]);
    expect((await decide('approve', invoiceId)).status).toBe(409);
    expect(await about(env.users.key.billing_clerk, invoiceId)).toHaveLength(1);
  });

  it('tells the submitter their invoice was rejected, with the reason, once however often it is replayed', async () => {
    const invoiceId = await submittedBy(clerk());
    const first = await decide('reject', invoiceId, `reject-${invoiceId}`);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const replay = await decide('reject', invoiceId, `reject-${invoiceId}`);
    expect(replay.status).toBe(200);

    const notices = await about(env.users.key.billing_clerk, invoiceId);
    expect(notices).toEqual([expect.objectContaining({ event: 'rejected', requestId: null, invoiceRevision: 1 })]);
    expect(notices[0]!.text).toMatch(
      new RegExp(
        `^Your invoice DRAFT-\\w{8} \\(invoice ${invoiceId}\\) was rejected by .*controller.*: ` +
          'the March hours belong to April\\. It is back in draft at revision 2',
      ),
    );
    // Written again for the same revision (a retried decision): nothing new.
    const before = (await getInvoice(env.database.db, invoiceId))!;
    const again = await env.database.db.transaction((tx) =>
      writeInvoiceDecisionNotice(
        tx,
        { ...before, revision: 1, submittedBy: clerk() },
        { event: 'rejected', decidedBy: clerk(), reason: 'again' },
        new Date(),
      ),
    );
    expect(again).toBe(false);
    expect(await about(env.users.key.billing_clerk, invoiceId)).toHaveLength(1);
  });

  it('leaves exactly one notice per decided invoice, whatever mix of decisions and replays arrives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<'approve' | 'reject'>('approve', 'reject'),
        fc.array(fc.constantFrom('replay', 'again', 'other'), { maxLength: 4 }),
        async (verb, then) => {
          const invoiceId = await submittedBy(clerk());
          const key = `p-${invoiceId}`;
          expect((await decide(verb, invoiceId, key)).status).toBe(200);
          for (const t of then) {
            // replay: the same key (the stored result answers); again: the same decision anew; other: the other.
            const v = t === 'other' ? (verb === 'approve' ? 'reject' : 'approve') : verb;
            await decide(v, invoiceId, t === 'replay' ? key : undefined);
          }
          const rows = await env.database.db
            .select()
            .from(approvalNotices)
            .where(eq(approvalNotices.targetId, invoiceId));
          expect(rows.map((r) => [r.event, r.invoiceRevision])).toEqual([
            [verb === 'approve' ? 'granted' : 'rejected', 1],
          ]);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('tells nobody when a service identity submitted the invoice', async () => {
    const invoiceId = await submittedBy('service:scheduler');
    expect((await decide('approve', invoiceId)).status).toBe(200);
    const rows = await env.database.db.select().from(approvalNotices).where(eq(approvalNotices.targetId, invoiceId));
    expect(rows).toEqual([]);
  });

  it('writes none for a request a service identity asked for, nor for the agent', async () => {
    const request = {
      id: '00000000-0000-4000-8000-000000000001',
      actionType: 'invoice.apply_late_fee',
      targetType: 'invoice',
      targetId: '00000000-0000-4000-8000-000000000002',
      requestedBy: 'service:scheduler',
      requestedFor: null,
    } as ApprovalRequestRow;
    const agent = env.users.ids[env.users.email('agent')];
    for (const requestedBy of ['service:scheduler', ...(agent ? [agent] : [])]) {
      const wrote = await env.database.db.transaction((tx) =>
        writeRequestDecisionNotice(
          tx,
          { ...request, requestedBy },
          { event: 'granted', decidedBy: clerk(), reason: null },
          new Date(),
        ),
      );
      expect(wrote).toBe(false);
    }
  });

  it('writes the notice of a decision made from the CLI, with no server relaying chat', async () => {
    const draft = await insertInvoice(env.database, {
      totalMinor: 50_000n,
      status: 'draft',
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
    const asked = await call<Body>(env.app, 'POST', `/invoices/${draft}/void`, {
      key: env.users.key.billing_clerk,
      body: { reason: 'raised in error' },
    });
    expect(asked.status).toBe(409);
    const requestId = asked.body.details!.requestId!;
    let stderr = '';
    const ctx: CliContext = {
      io: { stdout: () => undefined, stderr: (s) => void (stderr += s), isTty: false },
      config: loadConfig({ BILLING_COPILOT_API_KEY: env.users.key.controller }),
      database: async () => env.database,
      now: () => new Date(),
    };
    expect(await approvalsCommand(['grant', requestId], ctx), stderr).toBe(0);

    const notices = (await unread(env.users.key.billing_clerk)).filter((n) => n.requestId === requestId);
    expect(notices).toEqual([
      expect.objectContaining({ event: 'granted', actionType: 'invoice.void', targetId: draft, invoiceRevision: null }),
    ]);
    expect(notices[0]!.text).toMatch(/was granted\. Run the same call again, with the same arguments/);
    // Granting again finds every level approved: nothing more is written.
    expect(await approvalsCommand(['grant', requestId], ctx), stderr).toBe(0);
    expect((await unread(env.users.key.billing_clerk)).filter((n) => n.requestId === requestId)).toHaveLength(1);
  });
});
