/** Builders shared by the policy tests. */
import { money, type Money } from '../shared/money.ts';
import type { Action, ActionType, ClientBillingDetails } from './actions.ts';
import type { PolicyFacts } from './facts.ts';
import type { Actor, Role } from './roles.ts';

export const ENTITY = 'le-us';
export const OTHER_ENTITY = 'le-uk';
export const INVOICE = { kind: 'invoice', id: 'inv-1' } as const;

/** A person with the given roles, in every entity unless limited. */
export const person = (userId: string, roles: Role[], entityIds: string[] | null = null): Actor => ({
  userId,
  roles,
  entityIds,
  onBehalfOf: null,
});

/** The agent acting for a person. */
export const agentFor = (principal: Actor | null, entityIds: string[] | null = null): Actor => ({
  userId: 'agent',
  roles: ['agent'],
  entityIds,
  onBehalfOf: principal ? { userId: principal.userId, roles: principal.roles, entityIds: principal.entityIds } : null,
});

export const usd = (major: number): Money => money(BigInt(Math.round(major * 100)), 'USD');

/** Facts of a clean, small USD invoice prepared by the clerk. */
export const cleanInvoiceFacts = (over: Partial<PolicyFacts> = {}): PolicyFacts => ({
  entityId: ENTITY,
  invoiceTotal: usd(4_000),
  marginPercent: '40',
  openExceptionCount: 0,
  projectOnHold: false,
  discountBeyondContract: false,
  amount: usd(100),
  preparerId: 'clerk',
  releasedHolds: [],
  disputeRisk: null,
  heldRelease: null,
  workerIds: ['consultant'],
  ...over,
});

/** A client's billing details: one contact, by e-mail, no credit limit, owned by am-1, billed by LE-1 (no account). */
export const billingDetails = (over: Partial<ClientBillingDetails> = {}): ClientBillingDetails => ({
  billingContacts: [{ name: 'Ap Team', email: 'ap@client.example' }],
  deliveryChannel: 'email',
  creditLimit: null,
  accountManager: 'am-1',
  legalEntity: { code: 'LE-1', bankAccount: null },
  ...over,
});

/** A representative action of each type, for tables over every action. */
export function sampleAction(type: ActionType): Action {
  const amount = usd(100);
  switch (type) {
    case 'invoice.submit':
      return { type, target: INVOICE, args: { revision: 1 } };
    case 'invoice.approve':
      return { type, target: INVOICE, args: { revision: 1, total: usd(4_000) } };
    case 'invoice.reject':
      return { type, target: INVOICE, args: { revision: 1, reason: 'wrong rate' } };
    case 'invoice.post':
      return { type, target: INVOICE, args: { revision: 1 } };
    case 'invoice.deliver':
      return { type, target: INVOICE, args: { revision: 1 } };
    case 'invoice.void':
      return { type, target: INVOICE, args: { reason: 'duplicate', status: 'approved', revision: 1 } };
    case 'invoice.credit_note':
      return { type, target: INVOICE, args: { amount, reason: 'goodwill', lineIds: null } };
    case 'invoice.write_off':
      return { type, target: INVOICE, args: { amount, reason: 'uncollectable' } };
    case 'invoice.apply_discount':
      return { type, target: INVOICE, args: { kind: 'percent', value: '5', appliesTo: 'fees', reason: 'loyalty' } };
    case 'invoice.apply_late_fee':
      return { type, target: INVOICE, args: { amount, daysOverdue: 45 } };
    case 'invoice.record_payment':
      return {
        type,
        target: { kind: 'client', id: 'cl-1' },
        args: {
          bankReference: 'B-1',
          amount,
          receivedOn: '2026-03-31',
          method: 'bank_transfer',
          legalEntity: 'LE-1',
          allocations: [{ invoiceId: INVOICE.id, amount }],
        },
      };
    case 'invoice.apply_payment':
      return {
        type,
        target: { kind: 'payment', id: 'pay-1' },
        args: { allocations: [{ invoiceId: INVOICE.id, amount }] },
      };
    case 'person.change_cost_rate':
      return {
        type,
        target: { kind: 'person', id: 'pe-1' },
        args: { before: { costRate: '80.00', costCurrency: 'USD' }, after: { costRate: '40.00', costCurrency: 'USD' } },
      };
    case 'contract.change_terms':
      return {
        type,
        target: { kind: 'contract', id: 'k-1' },
        args: { before: { paymentTermsDays: 30 }, after: { paymentTermsDays: 90 } },
      };
    case 'invoice.reverse_payment':
      return { type, target: { kind: 'payment', id: 'pay-1' }, args: { reason: 'bounced' } };
    case 'invoice.dispute':
      return { type, target: INVOICE, args: { reason: 'hours not agreed', disputedAmount: null } };
    case 'invoice.update_dispute':
      return { type, target: INVOICE, args: { disputeId: 'd-1', reasonCode: 'hours', ownerId: 'u-1', evidence: [] } };
    case 'invoice.resolve_dispute':
      return { type, target: INVOICE, args: { disputeId: 'd-1', resolution: 'rejected', note: 'timesheets signed' } };
    case 'contract.apply_extracted_terms':
      return {
        type,
        target: { kind: 'contract', id: 'c-1' },
        args: { extractionId: 'x-1', termsHash: 'ab'.repeat(32) },
      };
    case 'exception.resolve':
      return {
        type,
        target: { kind: 'exception', id: 'e-1' },
        args: { resolutionCode: 'rate_corrected', note: 'fixed', releases: null },
      };
    case 'client.change_billing_details':
      return {
        type,
        target: { kind: 'client', id: 'cl-1' },
        args: { before: billingDetails(), after: billingDetails({ deliveryChannel: 'portal' }) },
      };
    case 'legal_entity.change_bank_account':
      return {
        type,
        target: { kind: 'legal_entity', id: ENTITY },
        args: {
          before: {
            bankName: 'Commerzbank',
            iban: 'DE89370400440532013000',
            bic: 'COBADEFFXXX',
            accountNumber: null,
            routingCode: null,
          },
          after: {
            bankName: 'ABN AMRO',
            iban: 'NL91ABNA0417164300',
            bic: 'ABNANL2A',
            accountNumber: null,
            routingCode: null,
          },
        },
      };
    case 'project.change_status':
      return { type, target: { kind: 'project', id: 'p-1' }, args: { before: 'active', after: 'on_hold' } };
    case 'exception.assign':
      return { type, target: { kind: 'exception', id: 'e-1' }, args: { assigneeId: 'clerk-2' } };
    case 'exception.record_incoming':
      return {
        type,
        target: { kind: 'exception', id: 'e-1' },
        args: {
          textSha256: 'b'.repeat(64),
          channel: 'erp_error',
          triageClass: 'missing_po',
          exceptionType: 'missing_po',
          attached: false,
        },
      };
    case 'document.upload':
      return {
        type,
        target: { kind: 'document', id: 'a'.repeat(64) },
        args: { sha256: 'a'.repeat(64), clientId: null, contractId: null },
      };
    case 'billing_run.start':
      return { type, target: { kind: 'legal_entity', id: ENTITY }, args: { period: '2026-03', contractIds: null } };
    case 'time_entries.approve':
      return { type, target: { kind: 'project', id: 'p-1' }, args: { timeEntryIds: ['t-1', 't-2'] } };
    case 'expenses.approve':
      return { type, target: { kind: 'project', id: 'p-1' }, args: { expenseIds: ['x-1'] } };
    case 'expense.record':
      return {
        type,
        target: { kind: 'project', id: 'p-1' },
        args: { externalId: null, amount, incurredOn: '2026-03-04', category: 'travel' },
      };
    case 'expenses.import':
      return { type, target: { kind: 'legal_entity', id: ENTITY }, args: { expenses: 2, externalIds: ['X-1'] } };
    case 'usage.report':
      return { type, target: { kind: 'contract', id: 'U-1' }, args: { eventKeys: ['ev-1'] } };
    case 'milestone.complete':
      return { type, target: { kind: 'milestone', id: 'm-1' }, args: { completedOn: '2026-03-05' } };
    case 'milestone.accept':
      return {
        type,
        target: { kind: 'milestone', id: 'm-1' },
        args: { acceptedOn: '2026-03-06', acceptedBy: 'ap@client.example' },
      };
    case 'time_entries.import':
      return { type, target: { kind: 'legal_entity', id: ENTITY }, args: { entries: 2, externalIds: ['T-1'] } };
    case 'collections.prioritize':
      return { type, target: { kind: 'worklist', id: '2026-03-31' }, args: { asOf: '2026-03-31' } };
    case 'risk_models.train':
      return { type, target: { kind: 'risk_model', id: 'next' }, args: { asOf: '2026-03-31' } };
    case 'risk_models.backfill_scores':
      return { type, target: { kind: 'risk_model', id: '1' }, args: { version: 1, asOf: '2026-03-31' } };
    case 'client.assign_collector':
      return {
        type,
        target: { kind: 'client', id: 'cl-1' },
        args: { collectorId: 'collector-1', segment: 'standard' },
      };
    case 'collections.send_reminders':
      return { type, target: { kind: 'worklist', id: '2026-03-31' }, args: { asOf: '2026-03-31' } };
    case 'chat_events.prune':
      return {
        type,
        target: { kind: 'chat_events', id: 'chat_inbound_events' },
        args: { retentionDays: 30, before: '2026-03-01T00:00:00.000Z' },
      };
    case 'agent_checkpoints.prune':
      return {
        type,
        target: { kind: 'agent_checkpoints', id: 'agent_checkpoints' },
        args: { retentionDays: 30, before: '2026-03-01T00:00:00.000Z' },
      };
    case 'collections.record_promise':
      return { type, target: INVOICE, args: { amount, promisedFor: '2026-04-15', promisedBy: 'AP lead' } };
    case 'collections.pause_dunning':
      return { type, target: INVOICE, args: { paused: true, reason: 'client restructuring', until: null } };
    case 'collections.set_dunning_policy':
      return {
        type,
        target: { kind: 'dunning_policy', id: 'standard' },
        args: { scope: 'standard', steps: [{ days: 1, step: 'friendly', channel: 'email' }] },
      };
    case 'approval_matrix.change':
      return {
        type,
        target: { kind: 'approval_matrix', id: 'default' },
        args: { fromVersion: 1, toVersion: 2, matrixHash: 'cd'.repeat(32) },
      };
    case 'exchange_rates.import':
      return { type, target: { kind: 'exchange_rates', id: 'firm' }, args: { rates: ['EUR/USD 2026-10-14 1.092'] } };
    case 'user.create':
      return {
        type,
        target: { kind: 'user', id: 'new@firm.example' },
        args: { email: 'new@firm.example', roles: ['billing_clerk'], entities: null },
      };
    case 'api_key.create':
      return { type, target: { kind: 'user', id: 'u-other' }, args: { email: 'other@firm.example' } };
    case 'api_key.revoke':
      return { type, target: { kind: 'user', id: 'u-other' }, args: { keyId: 'k-1' } };
    case 'user.link_chat':
      return {
        type,
        target: { kind: 'user', id: 'u-other' },
        args: { provider: 'slack', workspaceId: 'T01', externalId: 'U0OTHER' },
      };
    case 'user.unlink_chat':
      return { type, target: { kind: 'user', id: 'u-other' }, args: { provider: 'slack', workspaceId: 'T01' } };
    case 'approval_notice.deliver':
      return { type, target: { kind: 'approval_notices', id: 'approval_notices' }, args: { due: 1 } };
    case 'approval_notice.mark_read':
      return { type, target: { kind: 'user', id: 'u-other' }, args: { noticeIds: null } };
    case 'master_data.import':
      return { type, target: { kind: 'master_data', id: 'bundle.json' }, args: { sha256: 'ab'.repeat(32) } };
    case 'approval.grant':
      return {
        type,
        target: INVOICE,
        args: { actionType: 'invoice.approve', argsHash: 'ef'.repeat(32), level: 1, role: 'controller' },
      };
    case 'approval.reject':
      return {
        type,
        target: INVOICE,
        args: { actionType: 'invoice.approve', argsHash: 'ef'.repeat(32), level: 1, role: 'controller', reason: 'no' },
      };
  }
}
