import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, chatNotices } from '../db/schema/index.ts';
import { backend } from '../../test/helpers/db.ts';
import { call } from '../../test/helpers/api.ts';
import { useFirmApp } from '../../test/helpers/firm-app.ts';
import { insertInvoice } from '../../test/helpers/invoices.ts';
import { relayChatNotices } from './chat/relay-notices.ts';

type Notice = {
  id: string;
  requestId: string;
  event: string;
  text: string;
  resumed: { state: string; tool: string; code?: string } | null;
  threadId: string | null;
  readAt: string | null;
  readVia: string | null;
};
type Body = {
  code?: string;
  details?: { requestId?: string };
  items?: Notice[];
  marked?: Notice[];
  threadId?: string;
  pendingApprovals?: { requestId: string }[];
};

/**
 * A requester who asked through the API (a plain 409 APPROVAL_REQUIRED, or the copilot's POST /agent/messages)
 * is told of the decision in GET /approvals/notices, once; nobody else sees it.
 */
describe(`approval notices over HTTP on ${backend}`, () => {
  const env = useFirmApp();
  const get = (key: string, query = '?unread=true') =>
    call<Body>(env.app, 'GET', `/approvals/notices${query}`, { key });
  const markRead = (key: string, body: unknown = {}) =>
    call<Body>(env.app, 'POST', '/approvals/notices/read', { key, body });
  const relay = () =>
    relayChatNotices({
      tools: { database: env.database, now: () => new Date() },
      notifiers: [],
      channels: {},
      model: null,
      log: () => undefined,
    });
  const draftA = () =>
    insertInvoice(env.database, {
      totalMinor: 50_000n,
      status: 'draft',
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
  const grant = async (requestId: string) =>
    expect(
      (await call(env.app, 'POST', `/approvals/${requestId}/grant`, { key: env.users.key.controller })).status,
    ).toBe(200);

  it('tells an API requester once that their request was granted, and what to do', async () => {
    const draft = await draftA();
    const asked = await call<Body>(env.app, 'POST', `/invoices/${draft}/void`, {
      key: env.users.key.billing_clerk,
      body: { reason: 'raised in error' },
    });
    expect(asked.status).toBe(409);
    const requestId = asked.body.details!.requestId!;
    expect((await get(env.users.key.billing_clerk)).body.items!.map((n) => n.requestId)).not.toContain(requestId);
    await grant(requestId);
    await relay();

    const unread = (await get(env.users.key.billing_clerk)).body.items!.filter((n) => n.requestId === requestId);
    expect(unread).toEqual([
      expect.objectContaining({ event: 'granted', resumed: null, threadId: null, readAt: null }),
    ]);
    expect(unread[0]!.text).toMatch(
      /^Your approval request .* \(invoice\.void on invoice .*\) was granted\. Run the same/,
    );

    // Another person sees none of it and cannot mark it read.
    expect((await get(env.users.key.collector, '')).body.items!.map((n) => n.id)).not.toContain(unread[0]!.id);
    const theirs = await markRead(env.users.key.collector, { ids: [unread[0]!.id] });
    expect(theirs).toMatchObject({ status: 200, body: { marked: [] } });

    const read = await markRead(env.users.key.billing_clerk);
    expect(read.status).toBe(200);
    expect(read.body.marked!.map((n) => [n.id, n.readVia])).toEqual([[unread[0]!.id, 'api']]);
    expect((await markRead(env.users.key.billing_clerk)).body.marked).toEqual([]);
    expect((await get(env.users.key.billing_clerk)).body.items).toEqual([]);
    expect((await get(env.users.key.billing_clerk, '?unread=false')).body.items!.map((n) => n.id)).toContain(
      unread[0]!.id,
    );
    // A second relay (a retry) tells nobody twice.
    await relay();
    expect((await get(env.users.key.billing_clerk)).body.items).toEqual([]);
  });

  it('tells a copilot requester what their resumed call did once it was granted, and who rejected another, and why', async () => {
    const [toVoid, toKeep] = [await draftA(), await draftA()];
    const ask = async (id: string) => {
      const ref = `DRAFT-${id.slice(0, 8).toUpperCase()}`;
      const r = await call<Body>(env.app, 'POST', '/agent/messages', {
        key: env.users.key.billing_clerk,
        body: { text: `Void ${ref} because it was raised in error` },
      });
      expect(r.status).toBe(200);
      return { threadId: r.body.threadId!, requestId: r.body.pendingApprovals![0]!.requestId };
    };
    const voided = await ask(toVoid);
    const kept = await ask(toKeep);
    await grant(voided.requestId);
    const rejected = await call(env.app, 'POST', `/approvals/${kept.requestId}/reject`, {
      key: env.users.key.controller,
      body: { reason: 'the client asked for it' },
    });
    expect(rejected.status).toBe(200);
    await relay();

    const notices = (await get(env.users.key.billing_clerk)).body.items!;
    const of = (id: string) => notices.find((n) => n.requestId === id)!;
    expect(of(voided.requestId)).toMatchObject({
      event: 'granted',
      resumed: { state: 'ran', tool: 'invoices_void' },
      threadId: voided.threadId,
    });
    expect(of(voided.requestId).text).toContain(
      `Approval request ${voided.requestId} was granted: I ran invoices_void`,
    );
    expect(of(kept.requestId)).toMatchObject({
      event: 'rejected',
      resumed: { state: 'rejected', tool: 'invoices_void' },
      threadId: kept.threadId,
    });
    expect(of(kept.requestId).text).toMatch(/was rejected by .*controller.*: the client asked for it\./);
    // A relay cut off after the resume takes the row up again: resuming does nothing, and the copilot's words stay.
    const words = of(voided.requestId).text;
    await env.database.db
      .update(chatNotices)
      .set({ status: 'failed' })
      .where(and(eq(chatNotices.requestId, voided.requestId), eq(chatNotices.event, 'granted')));
    await relay();
    const again = (await get(env.users.key.billing_clerk)).body.items!.find((n) => n.requestId === voided.requestId);
    expect(again?.text).toBe(words);
    // The void ran once, by the relay's resume; reading the notice runs nothing.
    await markRead(env.users.key.billing_clerk);
    const voids = await env.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invoice.void'), eq(auditLog.targetId, toVoid)));
    expect(voids).toHaveLength(1);
  });

  it('refuses the auditor, who asks for nothing and has no notices', async () => {
    expect((await get(env.users.key.auditor)).status).toBe(403);
    expect((await markRead(env.users.key.auditor)).status).toBe(403);
  });
});
