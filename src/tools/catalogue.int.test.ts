import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count, eq, sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import {
  auditLog,
  contracts,
  legalEntities,
  paymentAllocations,
  reminderOutbox,
  timeEntries,
} from '../db/schema/index.ts';
import { verifyAudit } from '../db/stores/audit-store.ts';
import { rolesPermit } from '../policy/permissions.ts';
import { ROLES, type Actor, type Role } from '../policy/roles.ts';
import { operatorActor, serviceActor } from '../policy/service-identities.ts';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { createTestUsers, type TestUsers } from '../../test/helpers/api.ts';
import { insertInvoice } from '../../test/helpers/invoices.ts';
import { openInvoice } from '../../test/helpers/receivables.ts';
import { loadTwoEntityFirm, type FirmTargets } from '../../test/helpers/two-entity-firm.ts';
import { callTool } from './call-tool.ts';
import type { AnyTool, ToolCaller } from './define-tool.ts';
import { paymentsApply } from './payments/apply-payment.ts';
import { paymentsRecord } from './payments/record-payment.ts';
import { ALL_TOOLS, CATALOGUE, toolNamed } from './registry.ts';
import { createCreditNote, disputeInvoice, voidInvoice, writeOffInvoice } from './invoices/lifecycle/index.ts';
import { approvalsGrant } from './approvals/grant-approval.ts';
import { documentsApplyTerms } from './documents/apply-terms.ts';
import { approvalMatrixChange } from './approval-matrix/change-approval-matrix.ts';
import { approvalMatrixJson, approvalMatrixV1 } from '../policy/approval-matrix.ts';
import { createTriage } from '../agent/triage/triage-message.ts';

const PEOPLE: Role[] = ROLES.filter((r) => r !== 'agent');
/** The built-in triage the composition root gives exceptions_triage and exceptions_record_incoming. */
const triage = createTriage();

/** How each write or decision succeeds on the two-entity firm: who calls it (a permitted role) and with what. */
interface SuccessCase {
  role: Role;
  input: (t: Targets, n: number) => unknown;
  /**
   * The audit rows a success leaves when they are not its policy action's: a master-data upsert records
   * `<kind>.create` or `<kind>.update`, its policy action guarding only a change of the guarded part.
   */
  audits?: readonly string[];
}

/** The firm's targets, a posted USD invoice of CL-A (10,000.00) that payments apply to, and an invoice of entity A for each lifecycle step. */
type Targets = FirmTargets & {
  openA: string;
  postedA: string;
  assigneeId: string;
  secondRequestA: string;
  lifecycle: Lifecycle;
  matrix: MatrixChange;
  bankStatementA?: string;
  /** A key issued to the auditor in beforeAll, for users_revoke_key. */
  revocableKeyId?: string;
  /** An e-mail reminder of a delivered invoice of entity A, as sent, for reminders_record_bounce. */
  sentReminderA?: string;
};
/** A proposed approval matrix version 2 (low margin below 20%), its request granted by a second finance admin. */
interface MatrixChange {
  input: { matrix: Record<string, unknown>; reason: string };
  sha256: string;
}
/** Invoices of entity A in the status each lifecycle entry takes; void, credit and write-off already approved. */
interface Lifecycle {
  draft: string;
  pending: string;
  pendingToReject: string;
  approved: string;
  posted: string;
  toVoid: string;
  toCredit: string;
  toWriteOff: string;
  toDispute: string;
  disputed: string;
  /** Delivered, due 2026-02-01 on K-A (1.5% a month late fee); its fee as of 2026-11-20 already approved by an account manager. */
  toLateFee: string;
}
const VOID_REASON = 'raised in error';
const CREDIT_REASON = 'the rate was wrong';
const WRITE_OFF_REASON = 'the client is insolvent';
const LATE_FEE_AS_OF = '2026-11-20';
const postedInvoiceA = (database: Database) =>
  insertInvoice(database, {
    totalMinor: 1_000_000n,
    status: 'posted',
    codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
  });

/** Input a read succeeds with. */
const READ_INPUT: Record<string, (t: Targets) => unknown> = {
  exceptions_list: () => ({}),
  exceptions_triage: () => ({ text: 'Reason: PO Number Required' }),
  approvals_inbox: () => ({}),
  approval_notices_list: () => ({ unread: 'true' }),
  payments_list: () => ({}),
  payments_show: (t) => ({ id: t.paymentA }),
  payments_suggest_application: (t) => ({ paymentId: t.paymentA }),
  documents_preview_terms: (t) => ({ documentId: t.termsDocumentA, fields: ['paymentTerms.netDays'] }),
  clients_list: () => ({}),
  clients_show: () => ({ code: 'CL-A' }),
  projects_list: () => ({ contract: 'K-A' }),
  projects_show: () => ({ code: 'PR-A' }),
  people_list: () => ({ legalEntity: 'LE-A' }),
  people_show: () => ({ code: 'P-A' }),
  contracts_list: () => ({ client: 'CL-A' }),
  contracts_show: () => ({ code: 'K-A' }),
  exchange_rates_list: () => ({ base: 'GBP' }),
  approval_matrix_show: () => ({}),
  approval_matrix_versions: () => ({}),
  approval_matrix_show_version: () => ({ version: 1 }),
  approval_matrix_show_proposal: (t) => ({ sha256: t.matrix.sha256 }),
  billing_runs_list: () => ({}),
  billing_runs_show: (t) => ({ id: t.billingRunId }),
  invoices_list: () => ({ overdue: 'true' }),
  agent_turns_list: () => ({ refused: 'true' }),
  invoices_show: (t) => ({ ref: t.postedA }),
  invoices_explain_line: (t) => ({ ref: t.postedA, lineNo: 1 }),
  invoices_recommend_reviewer: (t) => ({ ref: t.postedA }),
  documents_summarise: (t) => ({ document: t.termsDocumentA }),
  collections_worklist: () => ({}),
  collections_summary: () => ({}),
  bank_statements_show: (t) => ({ id: t.bankStatementA }),
  receivables_report: () => ({ asOf: '2026-11-30' }),
  expenses_list: () => ({ project: 'PR-A' }),
  usage_list: () => ({ contract: 'U-A' }),
  milestones_list: () => ({ contract: 'K-A' }),
  time_entries_list: () => ({ legalEntity: 'LE-A' }),
  billing_kpis_show: () => ({ from: '2026-11-01' }),
  disputes_list: () => ({ status: 'all' }),
  promises_list: () => ({ status: 'all' }),
  reminders_list: () => ({ draftedBy: 'model', modelRefused: 'false' }),
  dunning_policy_show: () => ({}),
  audit_list: () => ({ action: 'invoice.approve' }),
  job_failures_list: () => ({ final: 'true' }),
  documents_show: (t) => ({ id: t.termsDocumentA }),
  documents_search: () => ({ q: 'rate per hour' }),
  invoices_dispute_risk: (t) => ({ ref: t.postedA }),
  users_list: () => ({ limit: 5 }),
  users_chat_links_list: () => ({}),
};

/** Recording work and running billing, on entity A: each succeeds again with a fresh n (a new event key, a new expense). */
const WORK_SUCCESS: Record<string, SuccessCase> = {
  expenses_record: {
    role: 'billing_clerk',
    input: (_t, n) => ({
      project: 'PR-A',
      incurredOn: '2026-11-03',
      category: `travel-${n}`,
      amount: '120.50',
      currency: 'USD',
    }),
  },
  expenses_import: {
    role: 'billing_clerk',
    input: (_t, n) => ({
      expenses: [
        {
          externalId: `catalogue-ex-${n}-1`,
          project: 'PR-A',
          incurredOn: '2026-11-03',
          category: 'travel',
          amount: '80.00',
          currency: 'USD',
        },
        {
          externalId: `catalogue-ex-${n}-2`,
          project: 'PR-A',
          incurredOn: '2026-11-04',
          category: 'meals',
          amount: '21.40',
          currency: 'USD',
        },
      ],
    }),
  },
  expenses_approve: { role: 'project_manager', input: (t) => ({ ids: t.submittedExpenseA }) },
  usage_report: {
    role: 'billing_clerk',
    input: (_t, n) => ({
      records: [{ eventKey: `catalogue-ev-${n}`, contract: 'U-A', occurredOn: '2026-11-02', quantity: '15' }],
    }),
  },
  milestones_complete: { role: 'project_manager', input: (t) => ({ id: t.milestoneA, completedOn: '2026-11-05' }) },
  milestones_accept: {
    role: 'account_manager',
    input: (t) => ({ id: t.milestoneA, acceptedOn: '2026-11-06', acceptedBy: 'ap@client-a.example' }),
  },
  billing_runs_start: { role: 'controller', input: () => ({ period: '2026-11', legalEntity: 'LE-A' }) },
};

/** A one-line bank CSV of entity A: 10.00 USD from Client A on account, under its own reference. */
const bankCsvA = (ref: string) =>
  `date,amount,currency,reference,counterparty,account,remittance\n2026-10-31,10.00,USD,${ref},Client A,,on account\n`;

/** Access, the master-data bundle and the timesheet file: the administrator's, and the clerk's file. */
const ACCESS_SUCCESS: Record<string, SuccessCase> = {
  users_create: {
    role: 'finance_admin',
    input: (_t, n) => ({ email: `cat-${n}@test.example`, name: `Cat ${n}`, roles: ['billing_clerk'], entities: null }),
  },
  users_issue_key: { role: 'finance_admin', input: () => ({ email: 'collector@test.example' }) },
  users_revoke_key: { role: 'finance_admin', input: (t) => ({ keyId: t.revocableKeyId }) },
  users_link_chat: {
    role: 'finance_admin',
    input: (_t, n) => ({
      email: 'controller@test.example',
      provider: 'slack',
      externalId: `UCAT${n}`,
      workspaceId: 'TCAT',
    }),
  },
  users_unlink_chat: {
    role: 'finance_admin',
    input: () => ({ email: 'controller@test.example', provider: 'slack', workspaceId: 'TCAT' }),
  },
  master_data_import: {
    role: 'finance_admin',
    input: (_t, n) => ({
      bundle: { clients: [{ code: `CL-BUNDLE-${n}`, legalEntity: 'LE-A', name: `Bundle client ${n}`, country: 'US' }] },
      file: `bundle-${n}.json`,
    }),
  },
  time_entries_import_file: {
    role: 'billing_clerk',
    input: (_t, n) => ({
      content:
        'external_id,person,project,role,date,hours,billable,description,status,approved_by,rate\n' +
        `CAT-FILE-${n},P-A,PR-A,,2026-11-20,1,true,Catalogue file,submitted,,`,
      file: 'catalogue.csv',
    }),
  },
};

/** One case per write or decision entry of the catalogue; the test fails for an entry without one. */
const SUCCESS: Record<string, SuccessCase> = {
  exceptions_assign: { role: 'billing_clerk', input: (t) => ({ exceptionId: t.exceptionA, assigneeId: t.assigneeId }) },
  // A rejection naming client CL-A (entity A): a new text each time, or a second call is a duplicate writing nothing.
  exceptions_record_incoming: {
    role: 'billing_clerk',
    input: (_t, n) => ({
      text: `Client CL-A: invoice rejected (catalogue ${n}).\nReason: PO Number Required`,
      channel: 'erp_error',
    }),
  },
  exceptions_resolve: {
    role: 'controller',
    input: (t) => ({
      exceptionId: t.exceptionA,
      resolutionCode: 'corrected_data',
      note: 'time approved in the source system',
    }),
  },
  approvals_grant: { role: 'controller', input: (t) => ({ requestId: t.approvalRequestA }) },
  approvals_reject: {
    role: 'controller',
    input: (t) => ({ requestId: t.secondRequestA, reason: 'the invoice stands' }),
  },
  payments_record: {
    role: 'collector',
    input: (_t, n) => ({
      client: 'CL-A',
      amount: '10.00',
      currency: 'USD',
      receivedOn: '2026-10-31',
      method: 'check',
      bankReference: `CATALOGUE-${n}`,
    }),
  },
  payments_apply: {
    role: 'finance_admin',
    input: (t) => ({ paymentId: t.paymentA, allocations: [{ invoice: t.postedA, amount: '1.00' }] }),
  },
  payments_reverse: { role: 'collector', input: (t) => ({ paymentId: t.paymentA, reason: 'returned by the bank' }) },
  bank_statements_import: {
    role: 'collector',
    input: (_t, n) => ({ legalEntity: 'LE-A', content: bankCsvA(`CATALOGUE-BANK-${n}`) }),
  },
  invoices_submit: { role: 'billing_clerk', input: (t) => ({ invoiceId: t.lifecycle.draft }) },
  invoices_approve: { role: 'controller', input: (t) => ({ invoiceId: t.lifecycle.pending }) },
  invoices_reject: {
    role: 'controller',
    input: (t) => ({ invoiceId: t.lifecycle.pendingToReject, reason: 'the hours are wrong' }),
  },
  invoices_post: { role: 'billing_clerk', input: (t) => ({ invoiceId: t.lifecycle.approved }) },
  invoices_deliver: { role: 'billing_clerk', input: (t) => ({ invoiceId: t.lifecycle.posted }) },
  invoices_void: { role: 'billing_clerk', input: (t) => ({ invoiceId: t.lifecycle.toVoid, reason: VOID_REASON }) },
  invoices_credit: {
    role: 'billing_clerk',
    input: (t) => ({ invoiceId: t.lifecycle.toCredit, reason: CREDIT_REASON }),
  },
  invoices_apply_late_fee: {
    role: 'collector',
    input: (t) => ({ invoiceId: t.lifecycle.toLateFee, asOf: LATE_FEE_AS_OF }),
  },
  invoices_write_off: {
    role: 'collector',
    input: (t) => ({ invoiceId: t.lifecycle.toWriteOff, reason: WRITE_OFF_REASON }),
  },
  invoices_dispute: {
    role: 'collector',
    input: (t) => ({
      invoiceId: t.lifecycle.toDispute,
      reason: 'hours on 12 Oct not agreed',
      disputedAmount: '100.00',
    }),
  },
  documents_upload: {
    role: 'account_manager',
    input: (_t, n) => ({
      content: new TextEncoder().encode(
        `STATEMENT OF WORK SOW-CAT-${n}\nServices are billed monthly. Payment net 30 days.`,
      ),
      fileName: `sow-${n}.txt`,
      client: 'CL-A',
    }),
  },
  documents_apply_terms: {
    role: 'billing_clerk',
    input: (t) => ({ documentId: t.termsDocumentA, fields: ['paymentTerms.netDays'] }),
  },
  disputes_update: {
    role: 'collector',
    input: (t) => ({ invoice: t.lifecycle.disputed, reasonCode: 'hours' }),
  },
  invoices_resolve_dispute: {
    role: 'controller',
    input: (t) => ({ invoiceId: t.lifecycle.disputed, resolution: 'rejected', note: 'the timesheets were signed' }),
  },
  // Master data: a new record each time (its create needs no approval); a change of the guarded part is master-data-policy.int.test.ts's.
  clients_upsert: {
    role: 'billing_clerk',
    input: (_t, n) => ({ code: `CL-CAT-${n}`, legalEntity: 'LE-A', name: `Catalogue client ${n}`, country: 'US' }),
    audits: ['client.create'],
  },
  // Entity A's first account: its request is opened and granted by a finance admin in beforeAll, so the call writes.
  legal_entities_change_bank_account: {
    role: 'controller',
    input: () => ({
      legalEntity: 'LE-A',
      bankAccount: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: 'Commerzbank' },
    }),
  },
  projects_upsert: {
    role: 'controller',
    input: (_t, n) => ({ code: `PR-CAT-${n}`, contract: 'K-A', name: `Catalogue project ${n}` }),
    audits: ['project.create'],
  },
  people_upsert: {
    role: 'finance_admin',
    input: (_t, n) => ({
      code: `P-CAT-${n}`,
      name: `Person ${n}`,
      role: 'Analyst',
      legalEntity: 'LE-A',
      costRate: '40.00',
      costCurrency: 'USD',
    }),
    audits: ['person.create'],
  },
  contracts_upsert: {
    role: 'billing_clerk',
    input: (_t, n) => ({
      code: `K-CAT-${n}`,
      client: 'CL-A',
      name: `Contract ${n}`,
      models: ['time_and_materials'],
      currency: 'USD',
      startDate: '2026-01-01',
      taxJurisdiction: 'US',
    }),
    audits: ['contract.create'],
  },
  exchange_rates_import: {
    role: 'controller',
    input: (_t, n) => ({
      rates: [
        {
          base: 'GBP',
          quote: 'USD',
          rate: '1.2710',
          rateDate: new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10),
        },
      ],
    }),
  },
  // Applied by its proposer once another finance admin granted the request (beforeAll); it runs last, the matrix changing under nothing after it.
  approval_matrix_change: { role: 'finance_admin', input: (t) => t.matrix.input },
  ...WORK_SUCCESS,
  time_entries_import: {
    role: 'billing_clerk',
    input: (_t, n) => ({
      week: {
        weekOf: '2026-11-16',
        rows: [
          {
            person: 'P-A',
            project: 'PR-A',
            task: 'catalogue',
            externalId: `CAT-WEEK-${n}`,
            hours: ['2', '', '1.5', '', '', '', ''],
          },
        ],
      },
    }),
  },
  time_entries_approve: { role: 'project_manager', input: (t) => ({ ids: t.submittedTimeA }) },
  collections_prioritize: { role: 'controller', input: () => ({ asOf: '2026-11-30' }) },
  risk_models_train: { role: 'finance_admin', input: () => ({ asOf: '2026-11-30' }) },
  risk_scores_backfill: { role: 'controller', input: () => ({ asOf: '2026-11-30' }) },
  clients_assign_collector: { role: 'controller', input: () => ({ clientCode: 'CL-A', segment: 'strategic' }) },
  collections_send_reminders: { role: 'finance_admin', input: () => ({ asOf: '2026-11-30' }) },
  reminders_deliver: { role: 'controller', input: () => ({}) },
  // No FINANCE_DIGEST_TO in these deps: it checks the run exists, sends nothing and audits the call.
  collections_email_digest: { role: 'controller', input: () => ({ asOf: '2026-11-30', text: 'Collections worklist' }) },
  chat_events_prune: { role: 'finance_admin', input: () => ({ retentionDays: 30 }) },
  agent_checkpoints_prune: { role: 'finance_admin', input: () => ({ retentionDays: 30 }) },
  // Marks the caller's own notices read (none here): the call still runs under policy and leaves its row.
  approval_notices_mark_read: { role: 'collector', input: () => ({}) },
  // No chat tool in these deps: nothing is sent, the run still passes policy and leaves its row.
  approval_notices_deliver: { role: 'finance_admin', input: () => ({}) },
  // The mail server's notice that the reminder sent in beforeAll bounced, naming its Message-ID.
  reminders_record_bounce: {
    role: 'controller',
    input: (t) => ({
      text: [
        'Subject: Undelivered Mail Returned to Sender',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 no such user',
        '',
        `Message-ID: <reminder.${t.sentReminderA}@firm.example>`,
      ].join('\n'),
    }),
  },
  collections_record_promise: {
    role: 'collector',
    input: (t) => ({ invoice: t.openA, amount: '100.00', promisedFor: '2027-01-31', promisedBy: 'AP lead by phone' }),
  },
  dunning_policy_set: {
    role: 'finance_admin',
    input: () => ({
      scope: 'segment:strategic',
      steps: [
        { days: -3, step: 'friendly', channel: 'email', template: 'courtesy' },
        { days: 14, step: 'firm', channel: 'account_manager' },
        { days: 45, step: 'final', channel: 'email', finalNotice: true, lateFee: { kind: 'contract' } },
      ],
    }),
  },
  collections_pause_dunning: {
    role: 'account_manager',
    input: () => ({ client: 'CL-A', reason: 'client restructuring' }),
  },
  ...ACCESS_SUCCESS,
};

/** What a success of this entry leaves in the audit trail. */
const auditsOf = (t: AnyTool & { policyAction: string }): string[] =>
  [...(SUCCESS[t.name]!.audits ?? [t.policyAction, ...(t.alsoAudits ?? [])])].sort();

describe(`the catalogue on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let targets: Targets;
  let n = 0;
  const actorOf = (role: Role): Actor => ({
    userId: users.ids[users.email(role)]!,
    roles: [role],
    entityIds: null,
    onBehalfOf: null,
  });
  const caller = (role: Role): ToolCaller => ({
    actor: actorOf(role),
    correlationId: `catalogue-${++n}`,
    now: new Date(),
    deps: { database, now: () => new Date(), triage },
  });
  const auditRowsOf = async (correlationId: string) =>
    (
      await database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.correlationId, correlationId))
    ).map((r) => r.action);

  beforeAll(async () => {
    database = await createTestDatabase();
    const firm = await loadTwoEntityFirm(database);
    users = await createTestUsers(database, 'LE-B');
    // A second pending request on entity A, to refuse: voiding another draft asks a controller.
    const draft = await insertInvoice(database, {
      totalMinor: 50_000n,
      status: 'draft',
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
    const voided = await voidInvoice(
      database,
      { actor: actorOf('billing_clerk'), correlationId: 'setup', now: new Date() },
      { invoiceId: draft, reason: 'a request to refuse' },
    );
    if (voided.ok || voided.error.code !== 'APPROVAL_REQUIRED' || !voided.error.requestId)
      throw new Error(JSON.stringify(voided));
    targets = {
      ...firm,
      openA: (
        await openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate: '2026-01-02', totalMinor: 500_000n })
      ).id,
      postedA: await postedInvoiceA(database),
      assigneeId: users.ids[users.email('billing_clerk')]!,
      secondRequestA: voided.error.requestId,
      lifecycle: await lifecycleInvoices(),
      matrix: await grantedMatrixChange(),
    };
    // A bank account always asks a second person (a finance admin): opened by the controller, granted here.
    const bankAsked = await callTool(
      caller('controller'),
      'legal_entities_change_bank_account',
      SUCCESS.legal_entities_change_bank_account!.input(targets, n),
    );
    if (bankAsked.ok || bankAsked.error.code !== 'APPROVAL_REQUIRED') throw new Error(JSON.stringify(bankAsked));
    const bankGranted = await callTool(caller('finance_admin'), approvalsGrant, {
      requestId: (bankAsked.error as unknown as { requestId: string }).requestId,
    });
    if (!bankGranted.ok) throw new Error(JSON.stringify(bankGranted.error));
    // Applying a document's terms always asks a controller: the request is opened and granted here, so the call then writes.
    await approved(() =>
      callTool(caller('billing_clerk'), documentsApplyTerms, SUCCESS.documents_apply_terms!.input(targets, n)),
    );
    const bank = await callTool(caller('collector'), 'bank_statements_import', {
      legalEntity: 'LE-A',
      content: bankCsvA('CATALOGUE-BANK-SETUP'),
    });
    if (!bank.ok) throw new Error(JSON.stringify(bank.error));
    targets.bankStatementA = (bank.value as { statementId: string }).statementId;
    const issued = await callTool(caller('finance_admin'), 'users_issue_key', { email: 'auditor@test.example' });
    if (!issued.ok) throw new Error(JSON.stringify(issued.error));
    targets.revocableKeyId = (issued.value as { keyId: string }).keyId;
    const [sent] = await database.db
      .insert(reminderOutbox)
      .values({
        // Issued the week before the collections run of 2026-11-30: no dunning step is due for it then.
        invoiceId: (
          await openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate: '2026-11-25', totalMinor: 20_000n })
        ).id,
        step: 'friendly',
        asOf: '2026-11-01',
        channel: 'email',
        language: 'en',
        recipient: 'ap@client-a.example',
        subject: 'A friendly reminder',
        body: 'Your invoice is due.',
        status: 'sent',
        attempts: 1,
        createdAt: new Date('2026-11-01T04:00:00Z'),
        sentAt: new Date('2026-11-01T04:00:05Z'),
      })
      .returning({ id: reminderOutbox.id });
    targets.sentReminderA = sent!.id;
  });

  /** Proposes version 2 of the matrix as the finance admin; a second finance admin grants its request. */
  const grantedMatrixChange = async (): Promise<MatrixChange> => {
    const matrix = {
      ...(approvalMatrixJson(approvalMatrixV1) as Record<string, unknown>),
      version: 2,
      lowMargin: { belowPercent: '20', roles: ['controller'] },
    };
    const input = { matrix, reason: 'margin below 20% needs a controller' };
    const asked = await callTool(caller('finance_admin'), approvalMatrixChange, input);
    if (asked.ok || asked.error.code !== 'APPROVAL_REQUIRED' || !('matrixHash' in asked.error))
      throw new Error(JSON.stringify(asked));
    const secondFinanceAdmin: ToolCaller = {
      ...caller('finance_admin'),
      actor: { userId: 'catalogue-fa2', roles: ['finance_admin'], entityIds: null, onBehalfOf: null },
    };
    const granted = await callTool(secondFinanceAdmin, approvalsGrant, { requestId: asked.error.requestId });
    if (!granted.ok) throw new Error(JSON.stringify(granted.error));
    return { input, sha256: asked.error.matrixHash };
  };

  /** An invoice of entity A (500.00) in a status. */
  const invoiceA = (status: 'draft' | 'pending_approval' | 'approved' | 'posted') =>
    insertInvoice(database, {
      totalMinor: 50_000n,
      status,
      codes: { entity: 'LE-A', client: 'CL-A', contract: 'K-A' },
    });
  /** Opens the approval request an action asks for (its first call) and has a controller grant it, so the same call then succeeds. */
  const approved = async (
    open: () => Promise<{ ok: boolean; error?: { code: string; requestId?: string | null } }>,
  ) => {
    const first = await open();
    if (first.ok || first.error?.code !== 'APPROVAL_REQUIRED' || !first.error.requestId)
      throw new Error(JSON.stringify(first));
    const granted = await callTool(caller('controller'), approvalsGrant, { requestId: first.error.requestId });
    if (!granted.ok) throw new Error(JSON.stringify(granted.error));
  };
  const lifecycleInvoices = async (): Promise<Lifecycle> => {
    const ctx = (role: Role) => ({ actor: actorOf(role), correlationId: 'setup', now: new Date() });
    const l: Lifecycle = {
      draft: await invoiceA('draft'),
      pending: await invoiceA('pending_approval'),
      pendingToReject: await invoiceA('pending_approval'),
      approved: await invoiceA('approved'),
      posted: await invoiceA('posted'),
      toVoid: await invoiceA('draft'),
      toCredit: await invoiceA('posted'),
      toWriteOff: await invoiceA('posted'),
      toDispute: await invoiceA('posted'),
      disputed: await invoiceA('posted'),
      toLateFee: (
        await openInvoice(database, { client: 'CL-A', contract: 'K-A', issueDate: '2026-01-02', totalMinor: 100_000n })
      ).id,
    };
    await database.db.update(contracts).set({ lateFeePercentMonthly: '1.5' }).where(eq(contracts.code, 'K-A'));
    // A late fee asks an account manager (not a controller): the collector's request, granted by one.
    const fee = await callTool(caller('collector'), 'invoices_apply_late_fee', {
      invoiceId: l.toLateFee,
      asOf: LATE_FEE_AS_OF,
    });
    if (fee.ok || fee.error.code !== 'APPROVAL_REQUIRED') throw new Error(JSON.stringify(fee));
    const feeGranted = await callTool(caller('account_manager'), approvalsGrant, {
      requestId: (fee.error as unknown as { requestId: string }).requestId,
    });
    if (!feeGranted.ok) throw new Error(JSON.stringify(feeGranted.error));
    if (!(await disputeInvoice(database, ctx('collector'), { invoiceId: l.disputed, reason: 'the client objects' })).ok)
      throw new Error('could not open a dispute');
    await approved(() => voidInvoice(database, ctx('billing_clerk'), { invoiceId: l.toVoid, reason: VOID_REASON }));
    await approved(() =>
      createCreditNote(database, ctx('billing_clerk'), { invoiceId: l.toCredit, reason: CREDIT_REASON }),
    );
    await approved(() =>
      writeOffInvoice(database, ctx('collector'), { invoiceId: l.toWriteOff, reason: WRITE_OFF_REASON }),
    );
    return l;
  };
  afterAll(async () => {
    if (database) expect((await verifyAudit(database.db)).ok).toBe(true);
    await database?.close();
  });

  it('names every entry resource_verb, once, with input and output schemas, and every write or decision with a policy action', () => {
    expect(new Set(ALL_TOOLS.map((t) => t.name)).size).toBe(ALL_TOOLS.length);
    for (const t of ALL_TOOLS) {
      expect(t.name, t.name).toMatch(/^[a-z]+(_[a-z]+)+$/);
      expect(t.description.length, t.name).toBeGreaterThan(40);
      if (t.risk !== 'read') expect(t.policyAction, t.name).not.toBeNull();
      else expect(t.readers?.length, t.name).toBeGreaterThan(0);
    }
  });

  it('has a success case for every write or decision entry', () => {
    expect(
      ALL_TOOLS.filter((t) => t.risk !== 'read')
        .map((t) => t.name)
        .sort(),
    ).toEqual(Object.keys(SUCCESS).sort());
  });

  const writes = () =>
    ALL_TOOLS.filter(
      (t): t is AnyTool & { policyAction: NonNullable<AnyTool['policyAction']> } =>
        t.risk !== 'read' && t.policyAction !== null,
    );

  it('refuses every write or decision for a role outside its policy action, writing no audit row', async () => {
    for (const t of writes()) {
      const outside = PEOPLE.find((r) => !rolesPermit([r], t.policyAction));
      expect(outside, `${t.name}: some role may not ${t.policyAction}`).toBeDefined();
      const who = caller(outside!);
      const r = await callTool(who, t, SUCCESS[t.name]!.input(targets, n));
      expect(r.ok, t.name).toBe(false);
      if (!r.ok)
        expect(r.error, `${t.name} as ${outside}`).toMatchObject({
          code: 'FORBIDDEN',
          policyCode: 'ROLE_NOT_PERMITTED',
        });
      expect(await auditRowsOf(who.correlationId), t.name).toEqual([]);
    }
  });

  it('answers every read for one of its readers', async () => {
    expect(
      ALL_TOOLS.filter((t) => t.risk === 'read')
        .map((t) => t.name)
        .sort(),
    ).toEqual(Object.keys(READ_INPUT).sort());
    for (const t of ALL_TOOLS.filter((x) => x.risk === 'read')) {
      const r = await callTool(caller(t.readers!.find((x) => x !== 'agent')!), t, READ_INPUT[t.name]!(targets));
      expect(r.ok ? 'ok' : JSON.stringify(r.error), t.name).toBe('ok');
      if (r.ok) expect(t.output.safeParse(r.value).success, `${t.name} answers what its output schema says`).toBe(true);
    }
  });

  it('refuses every read for a role that is not among its readers', async () => {
    for (const t of ALL_TOOLS.filter((x) => x.risk === 'read')) {
      const outside = PEOPLE.find((r) => !t.readers!.includes(r));
      if (!outside) continue;
      const r = await callTool(caller(outside), t, READ_INPUT[t.name]!(targets));
      expect(r.ok ? 'ok' : r.error.code, t.name).toBe('FORBIDDEN');
    }
  });

  it('lets a service identity read only what names its role: the console operator reads users, the scheduler not', async () => {
    const as = (actor: Actor): ToolCaller => ({ ...caller('auditor'), actor });
    for (const t of ALL_TOOLS.filter((x) => x.risk === 'read')) {
      const r = await callTool(as(operatorActor('root')), t, READ_INPUT[t.name]!(targets));
      expect(r.ok ? 'ok' : r.error.code, t.name).toBe(t.serviceReaders?.includes('operator') ? 'ok' : 'FORBIDDEN');
    }
    expect(ALL_TOOLS.filter((t) => t.serviceReaders).map((t) => t.name)).toEqual([
      'users_list',
      'users_chat_links_list',
    ]);
    const scheduler = await callTool(as(serviceActor('scheduler')), 'users_list', {});
    expect(scheduler.ok ? 'ok' : scheduler.error.code).toBe('FORBIDDEN');
  });

  it('refuses every invoice entry for a person limited to another legal entity, writing nothing', async () => {
    const [b] = await database.db
      .select({ id: legalEntities.id })
      .from(legalEntities)
      .where(eq(legalEntities.code, 'LE-B'));
    for (const t of (CATALOGUE.invoices as readonly AnyTool[]).filter((x) => x.risk !== 'read')) {
      const c = SUCCESS[t.name]!;
      const who: ToolCaller = { ...caller(c.role), actor: { ...actorOf(c.role), entityIds: [b!.id] } };
      const r = await callTool(who, t, c.input(targets, n));
      expect(r.ok ? 'ok' : r.error.code, t.name).toBe('ENTITY_OUT_OF_SCOPE');
      expect(await auditRowsOf(who.correlationId), t.name).toEqual([]);
    }
  });

  it('refuses recording work, approving expenses and billing to a person limited to another legal entity, writing nothing', async () => {
    const [b] = await database.db
      .select({ id: legalEntities.id })
      .from(legalEntities)
      .where(eq(legalEntities.code, 'LE-B'));
    for (const name of Object.keys(WORK_SUCCESS)) {
      const c = WORK_SUCCESS[name]!;
      const who: ToolCaller = { ...caller(c.role), actor: { ...actorOf(c.role), entityIds: [b!.id] } };
      const r = await callTool(who, toolNamed(name), c.input(targets, n));
      // Checked by the entry (ENTITY_OUT_OF_SCOPE) or by policy (FORBIDDEN naming it): the API answers both 403 ENTITY_OUT_OF_SCOPE.
      expect(r.ok ? 'ok' : `${r.error.code}/${(r.error as { policyCode?: string }).policyCode ?? ''}`, name).toMatch(
        /^(ENTITY_OUT_OF_SCOPE\/|FORBIDDEN\/ENTITY_OUT_OF_SCOPE)$/,
      );
      expect(await auditRowsOf(who.correlationId), name).toEqual([]);
    }
  });

  it('refuses the firm-wide billing-run reads to a person limited to one legal entity', async () => {
    const [a] = await database.db
      .select({ id: legalEntities.id })
      .from(legalEntities)
      .where(eq(legalEntities.code, 'LE-A'));
    const who: ToolCaller = { ...caller('controller'), actor: { ...actorOf('controller'), entityIds: [a!.id] } };
    for (const name of ['billing_runs_list', 'billing_runs_show']) {
      const r = await callTool(who, toolNamed(name), READ_INPUT[name]!(targets));
      expect(r.ok ? 'ok' : r.error.code, name).toBe('ENTITY_OUT_OF_SCOPE');
    }
  });

  it('leaves exactly one audit row of its policy action when a write or decision succeeds', async () => {
    const order = [
      'exceptions_assign',
      'exceptions_record_incoming',
      'exceptions_resolve',
      'approvals_grant',
      'approvals_reject',
      'payments_record',
      'payments_apply',
      'payments_reverse',
      'invoices_submit',
      'invoices_approve',
      'invoices_reject',
      'invoices_post',
      'invoices_deliver',
      'invoices_void',
      'invoices_credit',
      'invoices_apply_late_fee',
      'invoices_write_off',
      'invoices_dispute',
      'disputes_update',
      'invoices_resolve_dispute',
      'bank_statements_import',
      'risk_models_train',
      'risk_scores_backfill',
      'collections_prioritize',
      'clients_assign_collector',
      'collections_record_promise',
      'collections_pause_dunning',
      'dunning_policy_set',
      'collections_send_reminders',
      'reminders_deliver',
      'collections_email_digest',
      'reminders_record_bounce',
      'chat_events_prune',
      'agent_checkpoints_prune',
      'approval_notices_mark_read',
      'approval_notices_deliver',
      'time_entries_import',
      'time_entries_approve',
      'documents_apply_terms',
      'documents_upload',
      // After the invoice entries: the run regenerates entity A's November drafts.
      'expenses_record',
      'expenses_import',
      'expenses_approve',
      'usage_report',
      'milestones_complete',
      'milestones_accept',
      'billing_runs_start',
      'clients_upsert',
      'legal_entities_change_bank_account',
      'projects_upsert',
      'people_upsert',
      'contracts_upsert',
      'exchange_rates_import',
      'users_create',
      'users_issue_key',
      'users_revoke_key',
      'users_link_chat',
      'users_unlink_chat',
      'master_data_import',
      'time_entries_import_file',
      'approval_matrix_change',
    ];
    expect([...order].sort()).toEqual(
      writes()
        .map((t) => t.name)
        .sort(),
    );
    // Order matters on one firm: apply before reverse (a reversed payment applies nothing).
    for (const name of order) {
      const t = writes().find((x) => x.name === name)!;
      const c = SUCCESS[name]!;
      const who = caller(c.role);
      const r = await callTool(who, t, c.input(targets, n));
      expect(r.ok ? 'ok' : JSON.stringify(r.error), name).toBe('ok');
      if (r.ok)
        expect(
          t.output.safeParse(JSON.parse(JSON.stringify(r.value))).success,
          `${name} answers what its output schema says`,
        ).toBe(true);
      expect((await auditRowsOf(who.correlationId)).sort(), name).toEqual(auditsOf(t));
    }
  });

  it('replays a master-data write called again with the same idempotency key, writing once', async () => {
    for (const name of [
      'clients_upsert',
      'projects_upsert',
      'people_upsert',
      'contracts_upsert',
      'exchange_rates_import',
    ]) {
      const t = writes().find((x) => x.name === name)!;
      const c = SUCCESS[name]!;
      const input = c.input(targets, ++n);
      const [first, second] = [caller(c.role), caller(c.role)];
      const r1 = await callTool(first, t, input, { idempotencyKey: `replay-${name}-${n}` });
      const r2 = await callTool(second, t, input, { idempotencyKey: `replay-${name}-${n}` });
      expect(r1.ok && r2.ok, name).toBe(true);
      expect([r1.replayed, r2.replayed], name).toEqual([undefined, true]);
      if (r1.ok && r2.ok) expect(r2.value, name).toEqual(JSON.parse(JSON.stringify(r1.value)));
      expect((await auditRowsOf(first.correlationId)).sort(), name).toEqual(auditsOf(t));
      expect(await auditRowsOf(second.correlationId), name).toEqual([]);
    }
  });

  it('lets the agent read for a person who may, and refuses it alone, for a person who may not, and for any decision', async () => {
    const agent = (principal: Role | null): ToolCaller => ({
      ...caller('collector'),
      actor: {
        userId: users.ids[users.email('agent')]!,
        roles: ['agent'],
        entityIds: null,
        onBehalfOf: principal
          ? { userId: users.ids[users.email(principal)]!, roles: [principal], entityIds: null }
          : null,
      },
    });
    const code = (r: { ok: boolean; error?: { code: string; policyCode?: string } }) =>
      r.ok ? 'ok' : `${r.error!.code}/${r.error!.policyCode ?? ''}`;
    const list = (await import('./payments/list-payments.ts')).paymentsList;
    const grant = (await import('./approvals/grant-approval.ts')).approvalsGrant;
    expect(code(await callTool(agent('collector'), list, {}))).toBe('ok');
    expect(code(await callTool(agent(null), list, {}))).toBe('FORBIDDEN/');
    expect(code(await callTool(agent('project_manager'), list, {}))).toBe('FORBIDDEN/');
    expect(
      code(await callTool(agent('finance_admin'), paymentsRecord, SUCCESS.payments_record!.input(targets, ++n))),
    ).toBe('FORBIDDEN/ROLE_NOT_PERMITTED');
    expect(code(await callTool(agent('controller'), grant, { requestId: targets.secondRequestA }))).toBe(
      'SOD_VIOLATION/AGENT_CANNOT_DECIDE',
    );
  });

  it('imports a timesheet week all or none, naming the row and day of every refused cell', async () => {
    const { timeEntriesImport } = await import('./time/import-time-entries.ts');
    const week = (rows: unknown[]) => ({ week: { weekOf: '2026-11-23', rows } });
    const cell = (hours: string[], project = 'PR-A') => ({ person: 'P-A', project, task: 'catalogue week', hours });
    const bad = await callTool(
      caller('billing_clerk'),
      timeEntriesImport,
      week([cell(['8', '', '', '', '', '', '']), cell(['', '', 'x', '', '', '', ''])]),
    );
    expect(bad.ok ? 'ok' : bad.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'week.rows.1.hours.2', message: expect.stringContaining('Wed 2026-11-25') }],
    });
    const unknown = await callTool(
      caller('billing_clerk'),
      timeEntriesImport,
      week([cell(['8', '', '', '', '', '', '']), cell(['', '', '', '', '3', '', ''], 'NOPE')]),
    );
    expect(unknown.ok ? 'ok' : unknown.error).toMatchObject({
      code: 'IMPORT_REJECTED',
      errors: [{ index: 1, row: 1, day: 'Fri', date: '2026-11-27' }],
    });
    const both = await callTool(caller('billing_clerk'), timeEntriesImport, {
      entries: [{ person: 'P-A', project: 'PR-A', date: '2026-11-23', hours: '1' }],
      ...week([cell(['1', '', '', '', '', '', ''])]),
    });
    expect(both.ok ? 'ok' : both.error.code).toBe('VALIDATION_FAILED');
    const [{ n: stored } = { n: -1 }] = await database.db
      .select({ n: count() })
      .from(timeEntries)
      .where(eq(timeEntries.description, 'catalogue week'));
    expect(stored).toBe(0);
  });

  it('answers VALIDATION_FAILED naming the field for input its schema refuses, before policy', async () => {
    const r = await callTool(caller('auditor'), paymentsApply, { paymentId: 'not-a-uuid', allocations: [] });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        issues: expect.arrayContaining([expect.objectContaining({ path: 'paymentId' })]),
      });
  });
});

describe(`idempotency below HTTP on ${backend}`, () => {
  let database: Database;
  let users: TestUsers;
  let targets: Omit<Targets, 'lifecycle'>;
  let n = 0;
  const collector = (): ToolCaller => ({
    actor: { userId: users.ids[users.email('collector')]!, roles: ['collector'], entityIds: null, onBehalfOf: null },
    correlationId: `idem-${++n}`,
    now: new Date(),
    deps: { database, now: () => new Date(), triage },
  });
  const allocated = async (paymentId: string) =>
    (
      await database.db
        .select({ a: paymentAllocations.amountMinor })
        .from(paymentAllocations)
        .where(eq(paymentAllocations.paymentId, paymentId))
    ).reduce((s, r) => s + r.a, 0n);

  beforeAll(async () => {
    database = await createTestDatabase();
    const firm = await loadTwoEntityFirm(database);
    targets = {
      ...firm,
      openA: '',
      postedA: await postedInvoiceA(database),
      assigneeId: '',
      secondRequestA: '',
      matrix: { input: { matrix: {}, reason: '' }, sha256: '' },
    };
    users = await createTestUsers(database, 'LE-B');
  });
  afterAll(async () => database?.close());

  /** A fresh payment of 100.00 from CL-A, all of it unapplied. */
  const freshPayment = async (): Promise<string> => {
    const r = await callTool(collector(), paymentsRecord, {
      client: 'CL-A',
      amount: '100.00',
      currency: 'USD',
      receivedOn: '2026-10-31',
      method: 'bank_transfer',
      bankReference: `IDEM-${++n}`,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value.paymentId;
  };

  it('applies a payment once when the same call comes twice with one key; the second replays the first result', async () => {
    const paymentId = await freshPayment();
    const input = { paymentId, allocations: [{ invoice: targets.postedA, amount: '5.00' }] };
    const first = await callTool(collector(), paymentsApply, input, { idempotencyKey: `apply-${paymentId}` });
    const second = await callTool(collector(), paymentsApply, input, { idempotencyKey: `apply-${paymentId}` });
    expect(first.ok && second.ok).toBe(true);
    expect(second.replayed).toBe(true);
    expect(first.replayed).toBeUndefined();
    if (first.ok && second.ok) expect(second.value).toEqual(JSON.parse(JSON.stringify(first.value)));
    expect(await allocated(paymentId)).toBe(500n);
    // Without a key, the same call applies again: that is what the key is for.
    expect((await callTool(collector(), paymentsApply, input)).ok).toBe(true);
    expect(await allocated(paymentId)).toBe(1000n);
  });

  it('replays a keyed call of each work and billing-run write: one effect, and no audit row for the replay', async () => {
    const as = (role: Role): ToolCaller => ({
      actor: { userId: users.ids[users.email(role)]!, roles: [role], entityIds: null, onBehalfOf: null },
      correlationId: `idem-${++n}`,
      now: new Date(),
      deps: { database, now: () => new Date(), triage },
    });
    const rowsOf = async (correlationId: string) =>
      database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.correlationId, correlationId));
    const count = async (table: 'expenses' | 'usage_records' | 'billing_runs') =>
      Number(
        (await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0]!
          .n,
      );
    const cases: [string, Role, unknown, ('expenses' | 'usage_records' | 'billing_runs')?][] = [
      [
        'expenses_record',
        'billing_clerk',
        { project: 'PR-A', incurredOn: '2026-11-03', category: 'idem', amount: '12.00', currency: 'USD' },
        'expenses',
      ],
      [
        'expenses_import',
        'billing_clerk',
        {
          expenses: [
            {
              externalId: 'idem-ex-1',
              project: 'PR-A',
              incurredOn: '2026-11-03',
              category: 'idem',
              amount: '9.00',
              currency: 'USD',
            },
          ],
        },
        'expenses',
      ],
      ['expenses_approve', 'project_manager', { ids: targets.submittedExpenseA }],
      [
        'usage_report',
        'billing_clerk',
        { records: [{ eventKey: 'idem-ev-1', contract: 'U-A', occurredOn: '2026-11-02', quantity: '3' }] },
        'usage_records',
      ],
      ['milestones_complete', 'project_manager', { id: targets.milestoneA, completedOn: '2026-11-05' }],
      [
        'milestones_accept',
        'account_manager',
        { id: targets.milestoneA, acceptedOn: '2026-11-06', acceptedBy: 'ap@client-a.example' },
      ],
      ['billing_runs_start', 'controller', { period: '2026-11', legalEntity: 'LE-A' }, 'billing_runs'],
    ];
    for (const [name, role, input, table] of cases) {
      const tool = toolNamed(name);
      const before = table ? await count(table) : 0;
      const first = await callTool(as(role), tool, input, { idempotencyKey: `work-${name}` });
      const again = as(role);
      const second = await callTool(again, tool, input, { idempotencyKey: `work-${name}` });
      expect(first.ok ? 'ok' : JSON.stringify(first.error), name).toBe('ok');
      expect(second.replayed, name).toBe(true);
      if (first.ok && second.ok) expect(second.value, name).toEqual(JSON.parse(JSON.stringify(first.value)));
      expect(await rowsOf(again.correlationId), name).toEqual([]);
      if (table) expect(await count(table), name).toBe(before + 1);
    }
  });

  it('answers IDEMPOTENCY_KEY_REUSED for another input under the same key, applying nothing', async () => {
    const paymentId = await freshPayment();
    const key = `reuse-${paymentId}`;
    expect(
      (
        await callTool(
          collector(),
          paymentsApply,
          { paymentId, allocations: [{ invoice: targets.postedA, amount: '2.00' }] },
          { idempotencyKey: key },
        )
      ).ok,
    ).toBe(true);
    const other = await callTool(
      collector(),
      paymentsApply,
      { paymentId, allocations: [{ invoice: targets.postedA, amount: '3.00' }] },
      { idempotencyKey: key },
    );
    expect(other.ok ? 'ok' : other.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await allocated(paymentId)).toBe(200n);
  });

  it('keeps keys per actor: the same key from another person runs', async () => {
    const paymentId = await freshPayment();
    const input = { paymentId, allocations: [{ invoice: targets.postedA, amount: '1.00' }] };
    const fa: ToolCaller = {
      ...collector(),
      actor: {
        userId: users.ids[users.email('finance_admin')]!,
        roles: ['finance_admin'],
        entityIds: null,
        onBehalfOf: null,
      },
    };
    expect((await callTool(collector(), paymentsApply, input, { idempotencyKey: 'shared-key' })).ok).toBe(true);
    const r = await callTool(fa, paymentsApply, input, { idempotencyKey: 'shared-key' });
    expect(r.ok && !r.replayed).toBe(true);
    expect(await allocated(paymentId)).toBe(200n);
  });

  it('applies exactly once however many times a keyed call is retried, at once or one after another', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 900 }),
        fc.boolean(),
        async (tries, cents, together) => {
          const paymentId = await freshPayment();
          const amount = `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
          const call = () =>
            callTool(
              collector(),
              paymentsApply,
              { paymentId, allocations: [{ invoice: targets.postedA, amount }] },
              { idempotencyKey: `prop-${paymentId}` },
            );
          const results = together
            ? await Promise.all(Array.from({ length: tries }, call))
            : await (async () => {
                const out = [];
                for (let i = 0; i < tries; i++) out.push(await call());
                return out;
              })();
          expect(results.every((r) => r.ok)).toBe(true);
          expect(results.filter((r) => !r.replayed)).toHaveLength(1);
          expect(await allocated(paymentId)).toBe(BigInt(cents));
        },
      ),
      { numRuns: 8 },
    );
  });
});
