import type { FirmTargets } from '../../test/helpers/two-entity-firm.ts';
import { approvalMatrixJson, approvalMatrixV1 } from '../policy/approval-matrix.ts';

const MATRIX_V1 = approvalMatrixJson(approvalMatrixV1) as Record<string, unknown>;

/** A request aimed at entity A (LE-A), valid in every other respect, for each operation of the API (form: a multipart body). */
export type RouteCase = (
  t: FirmTargets & { assigneeId: string; clientA: string; documentA: string; bankStatementA?: string },
) => { path: string; body?: unknown; form?: FormData };

/** The text of entity A's statement of work (the access test stores it as documentA). */
export const SOW_A =
  'STATEMENT OF WORK SOW-A-1\nConsultant is paid USD 150.00 per hour for an Analyst.\nPayment terms: net 30 days.';
const sowForm = (clientId: string): FormData => {
  const form = new FormData();
  form.set('file', new File([SOW_A], 'sow-a.txt', { type: 'text/plain' }));
  form.set('clientId', clientId);
  return form;
};

/** A one-line bank CSV of entity A: 10.00 USD from Client A, naming no invoice. */
const bankForm = (): FormData => {
  const form = new FormData();
  form.set(
    'file',
    new File(
      [
        `date,amount,currency,reference,counterparty,account,remittance\n2026-11-02,10.00,USD,ACCESS-${Math.random().toString(36).slice(2)},Client A,,on account\n`,
      ],
      'bank.csv',
      { type: 'text/csv' },
    ),
  );
  form.set('legalEntity', 'LE-A');
  return form;
};

const client = { code: 'CL-A', legalEntity: 'LE-A', name: 'Client A', country: 'US' };
const contract = {
  code: 'K-A',
  client: 'CL-A',
  name: 'Contract A',
  models: ['time_and_materials', 'milestone'],
  currency: 'USD',
  startDate: '2026-01-01',
  taxJurisdiction: 'US',
  rateCard: [{ role: 'Analyst', rate: '150.00', effectiveFrom: '2026-01-01' }],
  milestones: [{ name: 'Kickoff A', amount: '1000.00' }],
  projects: [{ code: 'PR-A', name: 'Project A' }],
};

/** Operations whose outcome depends on the target's state (the lifecycle): the access test only asks that they get past 401/403. */
export const STATEFUL = new Set([
  'reversePayment',
  'applyPayment',
  'disputeInvoice',
  'resolveInvoiceDispute',
  'updateInvoiceDispute',
  'assignException',
  'resolveException',
  'submitInvoice',
  'approveInvoice',
  'rejectInvoice',
  'postInvoice',
  'markInvoiceDelivered',
  'voidInvoice',
  'createCreditNote',
  'applyLateFee',
  'writeOffInvoice',
  'grantApproval',
  'rejectApproval',
  'changeApprovalMatrix',
  'getApprovalMatrixProposal',
  'applyDocumentTerms',
  'unlinkChatUser',
  'getBankStatement',
  // Suggestions need unapplied cash: paymentA reversed or applied by an earlier route is 409.
  'suggestPaymentApplication',
  // A bank account always asks a second person first: 409 APPROVAL_REQUIRED.
  'changeBankAccount',
  // A bounce must name a reminder that went out: with none in the outbox it is 404 BOUNCE_UNMATCHED.
  'recordReminderBounce',
  // Kickoff A moves one way (pending, completed, accepted) and only through its own routes: once acceptMilestone has
  // accepted it, completing it is 409 MILESTONE_STATE_CONFLICT, and the contract listing it as pending would undo
  // the acceptance: 422 MILESTONE_PROGRESS_NEEDS_POLICY.
  'completeMilestone',
  'acceptMilestone',
  'upsertContract',
]);

/**
 * Every operation of the API; the access test fails when a route has no case here, so a new route
 * cannot ship without its 401/403 checks.
 */
export const ROUTE_CASES: Record<string, RouteCase> = {
  listClients: () => ({ path: '/clients?legalEntity=LE-A' }),
  getClient: () => ({ path: '/clients/CL-A' }),
  upsertClient: () => ({ path: '/clients', body: client }),
  changeBankAccount: () => ({
    path: '/legal-entities/LE-A/bank-account',
    body: { bankAccount: { iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX', bankName: 'Commerzbank' } },
  }),
  listContracts: () => ({ path: '/contracts?legalEntity=LE-A' }),
  getContract: () => ({ path: '/contracts/K-A' }),
  upsertContract: () => ({ path: '/contracts', body: contract }),
  listProjects: () => ({ path: '/projects?legalEntity=LE-A' }),
  getProject: () => ({ path: '/projects/PR-A' }),
  upsertProject: () => ({ path: '/projects', body: { contract: 'K-A', code: 'PR-A2', name: 'Project A2' } }),
  listPeople: () => ({ path: '/people?legalEntity=LE-A' }),
  getPerson: () => ({ path: '/people/P-A' }),
  upsertPerson: () => ({
    path: '/people',
    body: { code: 'P-A2', name: 'Person A2', role: 'Analyst', legalEntity: 'LE-A' },
  }),
  listTimeEntries: () => ({ path: '/time-entries?legalEntity=LE-A' }),
  importTimeEntries: () => ({
    path: '/time-entries',
    body: [{ person: 'P-A', project: 'PR-A', date: '2026-11-10', hours: '2' }],
  }),
  approveTimeEntries: (t) => ({ path: '/time-entries/approve', body: { ids: t.submittedTimeA } }),
  listExpenses: () => ({ path: '/expenses?legalEntity=LE-A' }),
  recordExpense: () => ({
    path: '/expenses',
    body: { project: 'PR-A', incurredOn: '2026-11-03', category: 'travel', amount: '120.50', currency: 'USD' },
  }),
  approveExpenses: (t) => ({ path: '/expenses/approve', body: { ids: t.submittedExpenseA } }),
  listExchangeRates: () => ({ path: '/exchange-rates?base=USD' }),
  importExchangeRates: () => ({
    path: '/exchange-rates',
    body: [{ base: 'GBP', quote: 'USD', rate: '1.2710', rateDate: '2026-11-02' }],
  }),
  listMilestones: () => ({ path: '/milestones?legalEntity=LE-A' }),
  completeMilestone: (t) => ({ path: `/milestones/${t.milestoneA}/complete`, body: { completedOn: '2026-11-05' } }),
  acceptMilestone: (t) => ({
    path: `/milestones/${t.milestoneA}/accept`,
    body: { acceptedOn: '2026-11-06', acceptedBy: 'ap@client-a.example' },
  }),
  listUsage: () => ({ path: '/usage?legalEntity=LE-A' }),
  reportUsage: () => ({
    path: '/usage',
    body: { records: [{ eventKey: 'ev-a-1', contract: 'U-A', occurredOn: '2026-11-02', quantity: '1500' }] },
  }),
  startBillingRun: () => ({ path: '/billing-runs', body: { period: '2026-11', legalEntity: 'LE-A' } }),
  listBillingRuns: () => ({ path: '/billing-runs' }),
  getBillingRun: (t) => ({ path: `/billing-runs/${t.billingRunId}` }),
  listInvoices: () => ({ path: '/invoices?legalEntity=LE-A' }),
  getInvoice: (t) => ({ path: `/invoices/${t.invoiceA}` }),
  listExceptions: () => ({ path: '/exceptions?legalEntity=LE-A' }),
  assignException: (t) => ({ path: `/exceptions/${t.exceptionA}/assign`, body: { assigneeId: t.assigneeId } }),
  resolveException: (t) => ({
    path: `/exceptions/${t.exceptionA}/resolve`,
    body: { resolutionCode: 'approved_as_is', note: 'checked with the PM' },
  }),
  submitInvoice: (t) => ({ path: `/invoices/${t.invoiceA}/submit`, body: {} }),
  approveInvoice: (t) => ({ path: `/invoices/${t.invoiceA}/approve`, body: {} }),
  rejectInvoice: (t) => ({ path: `/invoices/${t.invoiceA}/reject`, body: { reason: 'wrong rate' } }),
  postInvoice: (t) => ({ path: `/invoices/${t.invoiceA}/post` }),
  markInvoiceDelivered: (t) => ({ path: `/invoices/${t.invoiceA}/deliver` }),
  voidInvoice: (t) => ({ path: `/invoices/${t.invoiceA}/void`, body: { reason: 'duplicate' } }),
  createCreditNote: (t) => ({ path: `/invoices/${t.invoiceA}/credit-notes`, body: { reason: 'goodwill' } }),
  applyLateFee: (t) => ({ path: `/invoices/${t.invoiceA}/late-fee`, body: {} }),
  writeOffInvoice: (t) => ({ path: `/invoices/${t.invoiceA}/write-off`, body: { reason: 'uncollectable' } }),
  approvalsInbox: () => ({ path: '/approvals/inbox?legalEntity=LE-A' }),
  listApprovalNotices: () => ({ path: '/approvals/notices?unread=true' }),
  markApprovalNoticesRead: () => ({ path: '/approvals/notices/read', body: {} }),
  grantApproval: (t) => ({ path: `/approvals/${t.approvalRequestA}/grant` }),
  rejectApproval: (t) => ({ path: `/approvals/${t.approvalRequestA}/reject`, body: { reason: 'not justified' } }),
  billingKpis: () => ({ path: '/kpis?legalEntity=LE-A' }),
  recordPayment: () => ({
    path: '/payments',
    body: {
      client: 'CL-A',
      amount: '25.00',
      currency: 'USD',
      receivedOn: '2026-10-31',
      method: 'check',
      bankReference: 'ACCESS-A-1',
    },
  }),
  listPayments: () => ({ path: '/payments?legalEntity=LE-A' }),
  collectionsWorklist: () => ({ path: '/collections/worklist?legalEntity=LE-A' }),
  collectionsSummary: () => ({ path: '/collections/runs/latest/summary' }),
  recordPromiseToPay: (t) => ({
    path: '/collections/promises',
    body: { invoice: t.invoiceA, amount: '1.00', promisedFor: '2027-01-31', promisedBy: 'AP lead' },
  }),
  pauseDunning: () => ({ path: '/collections/pauses', body: { client: 'CL-A', reason: 'client restructuring' } }),
  sendReminders: () => ({ path: '/collections/reminders/run', body: { asOf: '2026-11-30' } }),
  listDunningPolicies: () => ({ path: '/collections/dunning-policy' }),
  listReminders: () => ({ path: '/collections/reminders?legalEntity=LE-A&draftedBy=model' }),
  setDunningPolicy: () => ({
    path: '/collections/dunning-policy',
    body: { scope: 'segment:standard', steps: [{ days: 1, step: 'friendly', channel: 'email' }] },
  }),
  deliverReminders: () => ({ path: '/collections/reminders/deliver', body: {} }),
  recordReminderBounce: () => ({
    path: '/collections/reminders/bounces',
    body: { text: 'Undelivered Mail Returned to Sender\nAction: failed\nStatus: 5.1.1\nX-Billing-Invoice: NO-SUCH-1' },
  }),
  invoiceDisputeRisk: (t) => ({ path: `/invoices/${t.invoiceA}/dispute-risk` }),
  getPayment: (t) => ({ path: `/payments/${t.paymentA}` }),
  suggestPaymentApplication: (t) => ({ path: `/payments/${t.paymentA}/suggestions` }),
  reversePayment: (t) => ({ path: `/payments/${t.paymentA}/reverse`, body: { reason: 'returned by the bank' } }),
  applyPayment: (t) => ({
    path: `/payments/${t.paymentA}/apply`,
    body: { allocations: [{ invoice: t.invoiceA, amount: '1.00' }] },
  }),
  disputeInvoice: (t) => ({ path: `/invoices/${t.invoiceA}/dispute`, body: { reason: 'hours not agreed' } }),
  resolveInvoiceDispute: (t) => ({
    path: `/invoices/${t.invoiceA}/resolve-dispute`,
    body: { resolution: 'rejected', note: 'timesheets signed' },
  }),
  listDisputes: () => ({ path: '/disputes?legalEntity=LE-A' }),
  updateInvoiceDispute: (t) => ({ path: `/invoices/${t.invoiceA}/dispute/update`, body: { reasonCode: 'hours' } }),
  listAudit: () => ({ path: '/audit' }),
  listJobFailures: () => ({ path: '/jobs/failures?objectType=document' }),
  listChatLinks: () => ({ path: '/users/chat-links' }),
  listUsers: () => ({ path: '/users?limit=5' }),
  // Another user's link: nobody links a chat id to themselves (SOD_OWN_ACCESS).
  linkChatUser: () => ({
    path: '/users/chat-links',
    body: { email: 'controller@test.example', provider: 'slack', externalId: 'U0ACCESS', workspaceId: 'T0ACCESS' },
  }),
  unlinkChatUser: () => ({
    path: '/users/chat-links/unlink',
    body: { email: 'controller@test.example', provider: 'slack', workspaceId: 'T0ACCESS' },
  }),
  getApprovalMatrix: () => ({ path: '/approval-matrix' }),
  listApprovalMatrixVersions: () => ({ path: '/approval-matrix/versions' }),
  getApprovalMatrixVersion: () => ({ path: '/approval-matrix/versions/1' }),
  getApprovalMatrixProposal: () => ({ path: `/approval-matrix/proposals/${'0'.repeat(64)}` }),
  changeApprovalMatrix: () => ({
    path: '/approval-matrix',
    body: {
      matrix: { ...MATRIX_V1, version: 2, lowMargin: { belowPercent: '20', roles: ['controller'] } },
      reason: 'margin 20%',
    },
  }),
  previewDocumentTerms: (t) => ({
    path: `/documents/${t.termsDocumentA}/apply-preview?fields=paymentTerms.netDays,poNumber`,
  }),
  applyDocumentTerms: (t) => ({
    path: `/documents/${t.termsDocumentA}/apply`,
    body: { fields: ['paymentTerms.netDays'] },
  }),
  uploadDocument: (t) => ({ path: '/documents', form: sowForm(t.clientA) }),
  receivablesReport: () => ({ path: '/kpis/receivables?legalEntity=LE-A&asOf=2026-11-30' }),
  receivablesAgingChart: () => ({ path: '/kpis/receivables/aging.svg?legalEntity=LE-A&asOf=2026-11-30' }),
  receivablesForecastChart: () => ({ path: '/kpis/receivables/forecast.svg?legalEntity=LE-A&asOf=2026-11-30' }),
  receivablesChart: () => ({ path: '/kpis/receivables/charts/promises.png?legalEntity=LE-A&asOf=2026-11-30' }),
  importBankStatement: () => ({ path: '/bank-statements', form: bankForm() }),
  getBankStatement: (t) => ({ path: `/bank-statements/${t.bankStatementA ?? '00000000-0000-4000-8000-000000000000'}` }),
  searchDocuments: () => ({ path: '/documents/search?q=payment%20terms&legalEntity=LE-A' }),
  getDocument: (t) => ({ path: `/documents/${t.documentA}` }),
  triageMessage: () => ({
    path: '/triage',
    body: { text: 'Your invoice INV-1 has been rejected. Reason: PO Number Required' },
  }),
  sendAgentMessage: () => ({ path: '/agent/messages', body: { text: 'what waits for my approval?' } }),
  listAgentTurns: () => ({ path: '/agent/turns' }),
};

/**
 * Operations that touch no legal entity's data (they read only what the caller sends and write nothing, or
 * a person's own approval notices): a user limited to one entity may call them, and their texts have bounds
 * of their own (docs/limits.md).
 */
export const ENTITY_FREE = new Set([
  'triageMessage',
  'sendAgentMessage',
  'listApprovalNotices',
  'markApprovalNoticesRead',
]);

/**
 * Operations whose text is a whole message (a bounce with its headers) bounded by TEXT_MAX.message, not the
 * free-text bound the access test tries: bounds.int.test.ts checks their own bound.
 */
export const MESSAGE_TEXT = new Set(['recordReminderBounce']);
