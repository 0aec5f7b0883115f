import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestUsers, type TestUsers } from '../../../test/helpers/api.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { startOpenAiStub, type OpenAiStub } from '../../../test/helpers/openai-stub.ts';
import { openInvoice } from '../../../test/helpers/receivables.ts';
import { loadTwoEntityFirm, twoEntityBundle } from '../../../test/helpers/two-entity-firm.ts';
import { openAiReminderWriter } from '../../agent/reminders/model-reminder-writer.ts';
import { loadConfig } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import { clients, legalEntities, reminderOutbox } from '../../db/schema/index.ts';
import { verifyAudit } from '../../db/stores/audit-store.ts';
import { serviceActor } from '../../policy/service-identities.ts';
import { callTool } from '../call-tool.ts';
import type { ToolCaller } from '../define-tool.ts';
import { masterDataImport } from '../master-data/import-bundle.ts';
import { approvalsGrant } from '../approvals/grant-approval.ts';
import { legalEntitiesChangeBankAccount } from '../legal-entities/change-bank-account.ts';
import type { ReminderWriter } from './reminder-writer-port.ts';
import { collectionsSendReminders } from './send-reminders.ts';

const IBAN = 'DE89 3704 0044 0532 0130 00';
/**
 * Every test runs the same night with a fresh invoice: the steps the night sent before count as sent, so only the
 * new invoice is drafted (and only its draft reaches the model).
 */
const NIGHT = '2026-03-20';

describe(`reminder drafts and bank details on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let stub: OpenAiStub;
  let writer: ReminderWriter;
  /** The same model with a short timeout, for the model that never answers (the others get time on a loaded machine). */
  let impatient: ReminderWriter;
  const at = (day: string) => new Date(`${day}T05:00:00Z`);
  const night = (day: string, w: ReminderWriter | null): ToolCaller => ({
    actor: serviceActor('scheduler'),
    correlationId: `night-${day}-${Math.random()}`,
    now: at(day),
    deps: { database, now: () => at(day), reminderWriter: w },
  });
  const admin = (): ToolCaller => ({
    actor: {
      userId: users.ids[users.email('finance_admin')]!,
      roles: ['finance_admin'],
      entityIds: null,
      onBehalfOf: null,
    },
    correlationId: `admin-${Math.random()}`,
    now: at('2026-01-01'),
    deps: { database, now: () => at('2026-01-01') },
  });
  const as = (role: 'controller'): ToolCaller => ({
    ...admin(),
    actor: { userId: users.ids[users.email(role)]!, roles: [role], entityIds: null, onBehalfOf: null },
  });
  const outboxOf = async (invoiceId: string) =>
    database.db.select().from(reminderOutbox).where(eq(reminderOutbox.invoiceId, invoiceId));
  /** A model's answer: the JSON the writer asks for. */
  const answer = (subject: string, body: string) => ({ content: JSON.stringify({ subject, body }) });
  /** A good friendly draft for an invoice of 1234.56 USD due 2026-03-12 (the entity A, client A). */
  const good = (number: string) =>
    answer(
      `Invoice ${number}: a gentle reminder`,
      `Dear Client A team,\n\nwe could not yet match a payment for invoice ${number} of 1234.56 USD, due on 2026-03-12. ` +
        `Could you check with your payables team and pay by bank transfer to Entity A, quoting ${number}?\n\nBest,\nEntity A`,
    );
  /** A fresh open invoice of client A, 1234.56 USD, issued 2026-02-10 (due 2026-03-12): tonight's step is friendly. */
  const fresh = () =>
    openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate: '2026-02-10', totalMinor: 123_456n });

  beforeAll(async () => {
    database = await createTestDatabase();
    await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    await database.db
      .update(clients)
      .set({ billingContacts: [{ name: 'AP', email: 'ap@cl-a.example' }] })
      .where(eq(clients.code, 'CL-A'));
    stub = await startOpenAiStub();
    const config = loadConfig({ LLM_BASE_URL: stub.baseUrl, LLM_MODEL: 'stub-writer', LLM_API_KEY: 'sk-test-secret' });
    writer = openAiReminderWriter(config, { timeoutMs: 60_000 })!;
    impatient = openAiReminderWriter(config, { timeoutMs: 1_000 })!;
  });
  afterAll(async () => {
    await stub?.close();
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('refuses an IBAN whose checksum fails with IBAN_INVALID, and stores a valid one compact, approved', async () => {
    const entity = twoEntityBundle().legalEntities.find((e) => e.code === 'LE-A')!;
    const bundle = (iban: string) => ({
      legalEntities: [{ ...entity, bankAccount: { iban, bic: 'COBADEFFXXX', bankName: 'Commerzbank' } }],
    });
    const bad = await callTool(admin(), masterDataImport, { bundle: bundle(IBAN.replace('89', '88')), file: 'x.json' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.ok ? null : bad.error)).toMatch(/IBAN_INVALID.*mod 97|mod 97.*IBAN_INVALID/);
    const [before] = await database.db.select().from(legalEntities).where(eq(legalEntities.code, 'LE-A'));
    expect(before!.iban).toBeNull();
    // Entity A exists: its account is set through its own entry, which a second person approves (not the bundle).
    const input = { legalEntity: 'LE-A', bankAccount: { iban: IBAN, bic: 'COBADEFFXXX', bankName: 'Commerzbank' } };
    const asked = await callTool(as('controller'), legalEntitiesChangeBankAccount, input);
    if (asked.ok || asked.error.code !== 'APPROVAL_REQUIRED') throw new Error(JSON.stringify(asked));
    const granted = await callTool(admin(), approvalsGrant, { requestId: asked.error.requestId! });
    expect(granted.ok ? 'ok' : granted.error).toBe('ok');
    const r = await callTool(as('controller'), legalEntitiesChangeBankAccount, input);
    expect(r.ok ? r.value.changed : r.error).toBe(true);
    const [after] = await database.db.select().from(legalEntities).where(eq(legalEntities.code, 'LE-A'));
    expect(after).toMatchObject({ iban: 'DE89370400440532013000', bic: 'COBADEFFXXX', bankName: 'Commerzbank' });
  });

  it('sends the template with the bank details when no model is configured', async () => {
    const inv = await fresh();
    const r = await callTool(night(NIGHT, null), collectionsSendReminders, { asOf: NIGHT });
    expect(r.ok && r.value.drafts.model).toBe(0);
    const [row] = await outboxOf(inv.id);
    expect(row).toMatchObject({ draftedBy: 'template', modelRefusal: null });
    expect(row!.body).toContain(`Bank details: IBAN ${IBAN}; BIC COBADEFFXXX; bank Commerzbank`);
  });

  it("sends a model's draft that passes the check, with the bank details appended by the program", async () => {
    const inv = await fresh();
    stub.script([good(inv.number)]);
    const r = await callTool(night(NIGHT, writer), collectionsSendReminders, { asOf: NIGHT });
    expect(r.ok && r.value.drafts).toMatchObject({ model: 1, modelRefused: [] });
    const [row] = await outboxOf(inv.id);
    expect(row).toMatchObject({ draftedBy: 'model:stub-writer', modelRefusal: null });
    expect(row!.body).toContain('we could not yet match a payment');
    expect(row!.body).toContain(`IBAN ${IBAN}`);
  });

  it('sends no IBAN, e-mail address or key to the model', async () => {
    const inv = await fresh();
    stub.script([good(inv.number)]);
    await callTool(night(NIGHT, writer), collectionsSendReminders, { asOf: NIGHT });
    expect(stub.requests).toHaveLength(1);
    const prompt = JSON.stringify(stub.requests[0]!.body.messages);
    expect(prompt).toContain(inv.number);
    expect(prompt).toContain('1234.56 USD');
    expect(prompt.replace(/\s/g, '')).not.toContain('DE89370400440532013000');
    expect(prompt).not.toMatch(/@|COBADEFF|sk-test-secret/);
  });

  it('refuses a model draft quoting a wrong amount and sends the template, saying why', async () => {
    const inv = await fresh();
    const wrong = good(inv.number).content.replace('1234.56 USD', '1243.56 USD');
    stub.script([{ content: wrong }]);
    const r = await callTool(night(NIGHT, writer), collectionsSendReminders, { asOf: NIGHT });
    const [row] = await outboxOf(inv.id);
    expect(row!.draftedBy).toBe('template');
    expect(row!.body).toContain('1234.56 USD');
    expect(row!.body).not.toContain('1243.56');
    expect(row!.modelRefusal).toMatch(/^the check refused it: .*1243\.56/);
    expect(r.ok && r.value.drafts.modelRefused).toEqual([
      { invoice: inv.number, step: expect.any(String), reason: row!.modelRefusal },
    ]);
  });

  it('refuses a model draft threatening what policy does not allow and sends the template', async () => {
    const inv = await fresh();
    const threat = good(inv.number).content.replace(
      'Best,',
      'Otherwise we will hand this to a collection agency. Best,',
    );
    stub.script([{ content: threat }]);
    await callTool(night(NIGHT, writer), collectionsSendReminders, { asOf: NIGHT });
    const [row] = await outboxOf(inv.id);
    expect(row!.draftedBy).toBe('template');
    expect(row!.body).not.toMatch(/agency/);
    expect(row!.modelRefusal).toMatch(/collection agency/);
  });

  it("keeps the refusal in the program's words: a link, address or IBAN the model wrote is masked", async () => {
    const inv = await fresh();
    const phishing = good(inv.number).content.replace(
      'Best,',
      'Pay at https://pay.evil.example/now or into GB82 WEST 1234 5698 7654 32, questions to x@evil.example. Best,',
    );
    stub.script([{ content: phishing }]);
    const r = await callTool(night(NIGHT, writer), collectionsSendReminders, { asOf: NIGHT });
    const [row] = await outboxOf(inv.id);
    expect(row!.draftedBy).toBe('template');
    expect(row!.modelRefusal).toMatch(/^the check refused it: /);
    for (const marker of ['<link>', '<IBAN>', '<e-mail address>']) expect(row!.modelRefusal).toContain(marker);
    expect(JSON.stringify([row!.modelRefusal, r.ok && r.value.drafts])).not.toMatch(/evil|GB82|WEST/);
  });

  it('falls back to the template when the model does not answer in time, or answers an error', async () => {
    const slow = await fresh();
    stub.script([{ hang: 'before_headers' }]);
    await callTool(night(NIGHT, impatient), collectionsSendReminders, { asOf: NIGHT });
    const [row] = await outboxOf(slow.id);
    expect(row).toMatchObject({ draftedBy: 'template', modelRefusal: 'the model did not answer in time' });
    expect(row!.body).toContain(`IBAN ${IBAN}`);
    const failing = await fresh();
    stub.script([{ status: 500 }]);
    await callTool(night(NIGHT, writer), collectionsSendReminders, { asOf: NIGHT });
    const [row2] = await outboxOf(failing.id);
    expect(row2).toMatchObject({ draftedBy: 'template', modelRefusal: "the model's server answered HTTP 500" });
  });
});
