import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../../../test/helpers/api.ts';
import { backend } from '../../../test/helpers/db.ts';
import { approvalsCommand } from '../../cli/commands/approvals.ts';
import type { CliContext } from '../../cli/io.ts';
import { loadConfig } from '../../config.ts';
import { addTime, bill } from '../../../test/helpers/firm.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { auditLog, clients, contracts, invoices } from '../../db/schema/index.ts';
import { getApprovalRequest } from '../../db/stores/approval-request-store.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { draftReference } from '../../db/stores/invoice-queries.ts';
import { moneyView } from '../../shared/money.ts';
import { summarizeRequest } from '../chat/chat-notices.ts';

type Body = Record<string, unknown> & { code?: string; message?: string; details?: Record<string, unknown> };
type Steps = { level: number; role: string; reason: string }[];

/**
 * A client's move takes its drafts and invoices pending approval along: its approvers are shown each (reference, amount,
 * due date), and the approval covers that list. A different list when the move is run is another move, asked again.
 */
describe(`the approval of a client's move names the invoices it takes along, on ${backend}`, () => {
  const env = useFirmApp();
  const post = (key: string, path: string, body: unknown = {}) => call<Body>(env.app, 'POST', path, { key, body });
  const clerk = () => env.users.key.billing_clerk;
  const admin = () => env.users.key.finance_admin;
  const move = { code: 'CL-A', legalEntity: 'LE-B', name: 'Client A', country: 'US' };
  let clientId: string;
  let firstRequest: string;

  /** The client's invoices a move would take now, as the approvers are to see each. */
  const unnumbered = async () => {
    const rows = await env.database.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.clientId, clientId), inArray(invoices.status, ['draft', 'pending_approval'])))
      .orderBy(invoices.id);
    return rows.map((r) => ({
      id: r.id,
      text:
        `${draftReference(r.id)} ${moneyView(r.totalMinor, r.currency).amount} ${r.currency} ` +
        `(${r.status === 'draft' ? 'draft' : 'pending approval'}, due ${r.paymentTermsDays} days after issue)`,
    }));
  };
  const entityOfClient = async () =>
    (await env.database.db.select().from(clients).where(eq(clients.id, clientId)))[0]!.legalEntityId;

  beforeAll(async () => {
    [{ id: clientId }] = (await env.database.db
      .select({ id: clients.id })
      .from(clients)
      .where(eq(clients.code, 'CL-A'))) as [{ id: string }];
    await addTime(env.database, { person: 'P-A', project: 'PR-A', date: '2026-08-03', hours: '8' });
    await addTime(env.database, { person: 'P-A', project: 'PR-A', date: '2026-09-07', hours: '8' });
    await bill(env.database, '2026-08');
    const [k] = await env.database.db.select().from(contracts).where(eq(contracts.code, 'K-A'));
    const [august] = await env.database.db
      .select()
      .from(invoices)
      .where(and(eq(invoices.contractId, k!.id), eq(invoices.period, '2026-08')));
    const submitted = await post(clerk(), `/invoices/${august!.id}/submit`);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  });

  it('names each invoice in the request: reference, amount and due date, in the API, the inbox, the CLI and the chat', async () => {
    const listed = await unnumbered();
    expect(listed.length).toBeGreaterThanOrEqual(2);
    const asked = await post(clerk(), '/clients', move);
    expect(asked.status, JSON.stringify(asked.body)).toBe(409);
    expect(asked.body.code).toBe('APPROVAL_REQUIRED');
    firstRequest = asked.body.details!.requestId as string;
    const [step] = asked.body.details!.steps as Steps;
    expect(step!.reason).toContain(`, ${listed.length} invoices not yet numbered move with it: `);
    for (const i of listed) {
      expect(step!.reason).toContain(i.text);
      expect(asked.body.message).toContain(i.text);
    }
    expect(listed.some((i) => i.text.includes('(pending approval,'))).toBe(true);

    type Inbox = { items: { requestId?: string; reason: string }[] };
    const inbox = await call<Inbox>(env.app, 'GET', '/approvals/inbox', { key: admin() });
    const item = inbox.body.items.find((i) => i.requestId === firstRequest);
    for (const i of listed) expect(item!.reason).toContain(i.text);

    const summary = summarizeRequest((await getApprovalRequest(env.database.db, firstRequest))!, 'A clerk');
    for (const i of listed) expect(summary).toContain(i.text);

    let stdout = '';
    const cli: CliContext = {
      io: { stdout: (t) => void (stdout += t), stderr: (t) => void (stdout += t), isTty: false },
      config: loadConfig({ BILLING_COPILOT_API_KEY: admin() }),
      database: async () => env.database,
      now: () => new Date(),
    };
    expect(await approvalsCommand(['inbox'], cli), stdout).toBe(0);
    const line = stdout.split('\n').find((l) => l.startsWith(`${firstRequest}: `));
    for (const i of listed) expect(line).toContain(i.text);
    expect(await entityOfClient()).toBe(env.targets.entityA);
  });

  it('asks again, listing the invoices as they are, when another draft appeared after the grant', async () => {
    const granted = await post(admin(), `/approvals/${firstRequest}/grant`);
    expect(granted.status, JSON.stringify(granted.body)).toBe(200);
    const before = await unnumbered();
    await bill(env.database, '2026-09');
    const now = await unnumbered();
    const added = now.filter((i) => !before.some((b) => b.id === i.id));
    expect(added.length).toBeGreaterThan(0);

    const retried = await post(clerk(), '/clients', move);
    expect(retried.status, JSON.stringify(retried.body)).toBe(409);
    expect(retried.body.code).toBe('ARGS_CHANGED');
    expect(await entityOfClient()).toBe(env.targets.entityA);
    const again = retried.body.details!.requestId as string;
    expect(again).not.toBe(firstRequest);
    const [step] = retried.body.details!.steps as Steps;
    for (const i of now) expect(step!.reason).toContain(i.text);

    expect((await post(admin(), `/approvals/${again}/grant`)).status).toBe(200);
    const moved = await post(clerk(), '/clients', move);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await entityOfClient()).toBe(env.targets.entityB);
    const [row] = await env.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'client.update'), eq(auditLog.targetId, clientId)));
    const after = row!.after as { invoicesMoved: { id: string }[] };
    expect(after.invoicesMoved.map((i) => i.id)).toEqual(now.map((i) => i.id));
  });

  it('leaves an audit chain that verifies', async () => {
    expect((await verifyAudit(env.database.db)).ok).toBe(true);
  });
});
