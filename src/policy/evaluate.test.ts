import { describe, expect, it } from 'vitest';
import { money } from '../shared/money.ts';
import {
  ACTION_TYPES,
  DECISION_ACTIONS,
  entityCodeLeft,
  type Action,
  type ActionOf,
  type ActionType,
  type ClientBillingDetails,
} from './actions.ts';
import { approvalMatrixJson, approvalMatrixV1, parseApprovalMatrix } from './approval-matrix.ts';
import type { PolicyDecision } from './decision.ts';
import { evaluate } from './evaluate.ts';
import type { PolicyFacts } from './facts.ts';
import type { MovingInvoice } from './moving-invoices.ts';
import { ROLE_PERMISSIONS } from './permissions.ts';
import { APPROVER_ROLES, type Actor, type Role } from './roles.ts';
import {
  ENTITY,
  INVOICE,
  OTHER_ENTITY,
  agentFor,
  billingDetails,
  cleanInvoiceFacts,
  person,
  sampleAction,
  usd,
} from './test-support.ts';

/** Facts under which every sample action passes everything but the check a test looks at. */
const factsFor = (type: ActionType, over: Partial<PolicyFacts> = {}): PolicyFacts =>
  cleanInvoiceFacts({
    entityId: type === 'approval_matrix.change' ? null : ENTITY,
    pendingApproval: {
      initiatorIds: ['requester'],
      steps: [{ level: 1, role: 'controller', reason: 'total' }],
      previousApprovals: [],
    },
    disputeOpenedBy: ['collector-1'],
    ...over,
  });

const outcomeOf = (d: PolicyDecision): string => (d.outcome === 'deny' ? d.code : d.outcome);
const rolesOf = (d: PolicyDecision): string[] => (d.outcome === 'require_approval' ? d.steps.map((s) => s.role) : []);
const approve = (total = usd(4_000)): Action => ({
  type: 'invoice.approve',
  target: INVOICE,
  args: { revision: 1, total },
});
const pm = person('pm', ['project_manager']);

describe('evaluate', () => {
  describe('role permissions', () => {
    it.each(ACTION_TYPES.map((t) => [t]))('denies the auditor when it asks for %s', (type) => {
      const d = evaluate(sampleAction(type), person('aud', ['auditor']), factsFor(type));
      expect(d).toMatchObject({ outcome: 'deny', code: 'ROLE_NOT_PERMITTED' });
    });

    it.each<[Role, ActionType, string]>([
      ['billing_clerk', 'invoice.submit', 'allow'],
      ['billing_clerk', 'invoice.approve', 'ROLE_NOT_PERMITTED'],
      ['billing_clerk', 'invoice.write_off', 'ROLE_NOT_PERMITTED'],
      ['billing_clerk', 'billing_run.start', 'allow'],
      ['billing_clerk', 'approval.grant', 'ROLE_NOT_PERMITTED'],
      ['project_manager', 'invoice.approve', 'allow'],
      ['project_manager', 'time_entries.approve', 'allow'],
      ['project_manager', 'expenses.approve', 'allow'],
      ['billing_clerk', 'expenses.approve', 'ROLE_NOT_PERMITTED'],
      ['controller', 'expenses.approve', 'ROLE_NOT_PERMITTED'],
      ['project_manager', 'invoice.credit_note', 'ROLE_NOT_PERMITTED'],
      ['project_manager', 'approval_matrix.change', 'ROLE_NOT_PERMITTED'],
      ['controller', 'invoice.write_off', 'require_approval'],
      ['controller', 'time_entries.approve', 'ROLE_NOT_PERMITTED'],
      ['controller', 'approval.grant', 'allow'],
      ['controller', 'approval_matrix.change', 'ROLE_NOT_PERMITTED'],
      ['collector', 'invoice.apply_late_fee', 'require_approval'],
      ['collector', 'invoice.write_off', 'require_approval'],
      ['collector', 'invoice.credit_note', 'ROLE_NOT_PERMITTED'],
      ['collector', 'invoice.submit', 'ROLE_NOT_PERMITTED'],
      ['account_manager', 'invoice.apply_discount', 'allow'],
      ['account_manager', 'invoice.void', 'ROLE_NOT_PERMITTED'],
      ['finance_admin', 'approval_matrix.change', 'require_approval'],
      ['finance_admin', 'exception.resolve', 'allow'],
      ['billing_clerk', 'invoice.post', 'allow'],
      ['billing_clerk', 'invoice.deliver', 'allow'],
      ['project_manager', 'invoice.post', 'ROLE_NOT_PERMITTED'],
      ['account_manager', 'invoice.deliver', 'ROLE_NOT_PERMITTED'],
      ['collector', 'exception.assign', 'allow'],
      ['collector', 'invoice.record_payment', 'allow'],
      ['collector', 'invoice.reverse_payment', 'allow'],
      ['collector', 'invoice.apply_payment', 'allow'],
      ['finance_admin', 'invoice.apply_payment', 'allow'],
      ['billing_clerk', 'invoice.apply_payment', 'ROLE_NOT_PERMITTED'],
      ['collector', 'invoice.dispute', 'allow'],
      ['collector', 'invoice.resolve_dispute', 'ROLE_NOT_PERMITTED'],
      ['finance_admin', 'invoice.record_payment', 'allow'],
      ['finance_admin', 'invoice.resolve_dispute', 'allow'],
      ['account_manager', 'invoice.dispute', 'allow'],
      ['account_manager', 'invoice.record_payment', 'ROLE_NOT_PERMITTED'],
      ['controller', 'invoice.resolve_dispute', 'allow'],
      ['controller', 'invoice.record_payment', 'ROLE_NOT_PERMITTED'],
      ['billing_clerk', 'invoice.record_payment', 'ROLE_NOT_PERMITTED'],
      ['billing_clerk', 'invoice.dispute', 'ROLE_NOT_PERMITTED'],
    ])('gives a %s asking for %s: %s', (role, type, expected) => {
      expect(outcomeOf(evaluate(sampleAction(type), person(`${role}-1`, [role]), factsFor(type)))).toBe(expected);
    });

    it.each(APPROVER_ROLES.map((r) => [r]))('lets a %s, which the matrix may name, grant approvals', (role) => {
      expect(ROLE_PERMISSIONS[role].has('approval.grant')).toBe(true);
    });

    it('allows when any one of several roles permits the action', () => {
      const d = evaluate(
        sampleAction('invoice.approve'),
        person('x', ['auditor', 'project_manager']),
        factsFor('invoice.approve'),
      );
      expect(d.outcome).toBe('allow');
    });
  });

  describe('entity scope', () => {
    it.each<[string, string[] | null, string | null, string]>([
      ['allows an actor limited to the target entity', [ENTITY], ENTITY, 'allow'],
      ['allows an unlimited actor in any entity', null, OTHER_ENTITY, 'allow'],
      ['denies an actor limited to other entities', [OTHER_ENTITY], ENTITY, 'ENTITY_OUT_OF_SCOPE'],
      ['denies an actor with an empty scope', [], ENTITY, 'ENTITY_OUT_OF_SCOPE'],
    ])('%s', (_name, scope, entityId, expected) => {
      const d = evaluate(
        sampleAction('invoice.submit'),
        person('clerk-2', ['billing_clerk'], scope),
        factsFor('invoice.submit', { entityId }),
      );
      expect(outcomeOf(d)).toBe(expected);
    });

    it.each<[string, string[] | null, string]>([
      ['denies an actor limited to the entity a move goes to', [ENTITY], 'ENTITY_OUT_OF_SCOPE'],
      ['allows an actor with both entities in scope', [ENTITY, OTHER_ENTITY], 'allow'],
      ['allows an unlimited actor', null, 'allow'],
    ])('%s (an action reaching a second entity)', (_name, scope, expected) => {
      const d = evaluate(
        sampleAction('invoice.submit'),
        person('clerk-2', ['billing_clerk'], scope),
        factsFor('invoice.submit', { entityId: ENTITY, otherEntityIds: [OTHER_ENTITY] }),
      );
      expect(outcomeOf(d)).toBe(expected);
      if (expected !== 'allow') expect(d).toMatchObject({ reason: expect.stringContaining(OTHER_ENTITY) });
    });

    it('denies a firm-wide action to an actor limited to some entities', () => {
      const d = evaluate(
        sampleAction('approval_matrix.change'),
        person('fa', ['finance_admin'], [ENTITY]),
        factsFor('approval_matrix.change'),
      );
      expect(d).toMatchObject({ outcome: 'deny', code: 'ENTITY_OUT_OF_SCOPE' });
    });

    it.each<[string, string[] | null, string[] | null, string]>([
      ['denies the agent outside its principal scope', null, [OTHER_ENTITY], 'ENTITY_OUT_OF_SCOPE'],
      ['denies the agent outside its own scope', [OTHER_ENTITY], null, 'ENTITY_OUT_OF_SCOPE'],
      ['allows the agent inside both scopes', [ENTITY, OTHER_ENTITY], [ENTITY], 'allow'],
    ])('%s', (_name, agentScope, principalScope, expected) => {
      const d = evaluate(
        sampleAction('invoice.submit'),
        agentFor(person('clerk-2', ['billing_clerk'], principalScope), agentScope),
        factsFor('invoice.submit'),
      );
      expect(outcomeOf(d)).toBe(expected);
    });
  });

  describe('the agent', () => {
    it('denies the agent when it names no principal', () => {
      expect(evaluate(sampleAction('invoice.submit'), agentFor(null), factsFor('invoice.submit'))).toMatchObject({
        code: 'AGENT_WITHOUT_PRINCIPAL',
      });
    });

    it('denies the agent when its principal is the agent', () => {
      const d = evaluate(
        sampleAction('invoice.submit'),
        agentFor(agentFor(person('clerk-2', ['billing_clerk']))),
        factsFor('invoice.submit'),
      );
      expect(d).toMatchObject({ code: 'AGENT_WITHOUT_PRINCIPAL' });
    });

    it.each([...DECISION_ACTIONS].map((t) => [t]))(
      'denies the agent when it asks for %s, even for a finance admin',
      (type) => {
        const d = evaluate(
          sampleAction(type),
          agentFor(person('fa', ['finance_admin', 'project_manager', 'controller'])),
          factsFor(type),
        );
        expect(d).toMatchObject({ outcome: 'deny', code: 'AGENT_CANNOT_DECIDE' });
      },
    );

    it('allows the agent to request what its principal may do', () => {
      expect(
        evaluate(
          sampleAction('invoice.submit'),
          agentFor(person('clerk-2', ['billing_clerk'])),
          factsFor('invoice.submit'),
        ).outcome,
      ).toBe('allow');
    });

    it('requires the same approval for the agent as for its principal', () => {
      const d = evaluate(
        sampleAction('invoice.credit_note'),
        agentFor(person('am', ['account_manager'])),
        factsFor('invoice.credit_note'),
      );
      expect(rolesOf(d)).toEqual(['controller']);
    });

    it('denies the agent what its principal may not do', () => {
      const d = evaluate(
        sampleAction('invoice.credit_note'),
        agentFor(person('aud', ['auditor'])),
        factsFor('invoice.credit_note'),
      );
      expect(d).toMatchObject({ code: 'ROLE_NOT_PERMITTED' });
    });

    it.each<[string, string]>([
      ['invoice.record_payment', 'collector'],
      ['invoice.apply_payment', 'collector'],
      ['invoice.reverse_payment', 'finance_admin'],
      ['invoice.dispute', 'account_manager'],
    ])("denies the agent %s even for a %s who may (cash and disputes are people's word)", (type, role) => {
      const d = evaluate(
        sampleAction(type as ActionType),
        agentFor(person('p', [role as Role])),
        factsFor(type as ActionType),
      );
      expect(d).toMatchObject({ outcome: 'deny', code: 'ROLE_NOT_PERMITTED' });
    });

    it('denies the agent a matrix change even for a finance admin', () => {
      const d = evaluate(
        sampleAction('approval_matrix.change'),
        agentFor(person('fa', ['finance_admin'])),
        factsFor('approval_matrix.change'),
      );
      expect(d).toMatchObject({ code: 'AGENT_CANNOT_CHANGE_POLICY' });
    });

    it('denies a person acting on behalf of someone else', () => {
      const delegate: Actor = {
        ...person('clerk-2', ['billing_clerk']),
        onBehalfOf: { userId: 'fa', roles: ['finance_admin'], entityIds: null },
      };
      expect(evaluate(sampleAction('invoice.submit'), delegate, factsFor('invoice.submit'))).toMatchObject({
        code: 'DELEGATION_NOT_ALLOWED',
      });
    });
  });

  describe('approval matrix: invoice.approve', () => {
    it.each<[string, Partial<PolicyFacts>, string[], RegExp | null]>([
      ['allows a clean invoice under every threshold', {}, [], null],
      ['allows a total exactly at the first threshold', { invoiceTotal: usd(10_000) }, [], null],
      [
        'requires a controller for a total just over 10,000.00 USD',
        { invoiceTotal: money(1_000_001n, 'USD') },
        ['controller'],
        /invoice total 10000\.01 USD is over 10000\.00 USD/,
      ],
      [
        'requires a controller then a finance admin over 50,000.00 USD',
        { invoiceTotal: usd(50_000.01) },
        ['controller', 'finance_admin'],
        /over 50000\.00 USD/,
      ],
      [
        'requires a controller over the GBP threshold',
        { invoiceTotal: money(800_001n, 'GBP') },
        ['controller'],
        /8000\.01 GBP/,
      ],
      ['allows a JPY total under its own threshold', { invoiceTotal: money(1_500_000n, 'JPY') }, [], null],
      [
        'requires both levels for a JPY total over 7,500,000',
        { invoiceTotal: money(7_500_001n, 'JPY') },
        ['controller', 'finance_admin'],
        /7500001 JPY/,
      ],
      [
        'requires a controller when the margin is below 25%',
        { marginPercent: '24.99' },
        ['controller'],
        /margin 24\.99% is below 25%/,
      ],
      ['allows a margin exactly at 25%', { marginPercent: '25.00' }, [], null],
      ['requires a controller when the margin is negative', { marginPercent: '-3' }, ['controller'], /margin -3%/],
      [
        'requires a controller when the margin cannot be computed',
        { marginPercent: null },
        ['controller'],
        /cannot be computed/,
      ],
      [
        'requires a controller for one open exception',
        { openExceptionCount: 1 },
        ['controller'],
        /1 open exception on/,
      ],
      [
        'requires a project manager when the project is on hold',
        { projectOnHold: true },
        ['project_manager'],
        /on hold/,
      ],
      [
        'requires an account manager then a controller for discounts beyond the contract',
        { discountBeyondContract: true },
        ['account_manager', 'controller'],
        /beyond the contract/,
      ],
    ])('%s', (_name, over, roles, reason) => {
      const d = evaluate(approve(), pm, cleanInvoiceFacts(over));
      expect(rolesOf(d)).toEqual(roles);
      expect(d.outcome).toBe(roles.length ? 'require_approval' : 'allow');
      if (reason && d.outcome === 'require_approval') expect(d.steps.map((s) => s.reason).join(' | ')).toMatch(reason);
    });

    it('merges every firing rule into one chain in the matrix level order, each role once with all its reasons', () => {
      const d = evaluate(
        approve(),
        pm,
        cleanInvoiceFacts({
          invoiceTotal: usd(60_000),
          marginPercent: '10',
          projectOnHold: true,
          openExceptionCount: 2,
        }),
      );
      expect(d).toEqual({
        outcome: 'require_approval',
        matrixVersion: 1,
        steps: [
          { level: 1, role: 'project_manager', reason: 'the project is on hold' },
          {
            level: 2,
            role: 'controller',
            reason:
              'invoice total 60000.00 USD is over 50000.00 USD; margin 10% is below 25%; 2 open exceptions on the invoice',
          },
          { level: 3, role: 'finance_admin', reason: 'invoice total 60000.00 USD is over 50000.00 USD' },
        ],
      });
    });

    describe('a draft the pre-send dispute check scored at submission', () => {
      const risk = (probability: string) => ({
        disputeRisk: { probability, modelVersion: 2, reasons: ['The client disputed 9 of its 10 settled invoices'] },
      });
      it.each([
        ['none stored (submitted before the check)', null, []],
        ['just under the default 50%', '0.4999', []],
        ['exactly at 50%', '0.5000', ['controller']],
        ['well above it', '0.9100', ['controller']],
      ] as const)('%s', (_name, p, roles) => {
        const d = evaluate(approve(), pm, cleanInvoiceFacts(p === null ? { disputeRisk: null } : risk(p)));
        expect(rolesOf(d)).toEqual(roles);
        if (d.outcome === 'require_approval')
          expect(d.steps[0]!.reason).toBe(
            'review recommended: dispute risk ' +
              `${Math.round(Number(p) * 100)}% at submission is at or above 50% (model version 2): ` +
              'The client disputed 9 of its 10 settled invoices',
          );
      });

      it("follows the matrix's threshold and reviewer roles; no roles turns the rule off", () => {
        const json = approvalMatrixJson(approvalMatrixV1) as Record<string, unknown>;
        const m = (disputeRisk: { atLeastPercent: string; roles: string[] }) => {
          const parsed = parseApprovalMatrix({ ...json, disputeRisk });
          if (!parsed.ok) throw new Error(parsed.error.issues.join('; '));
          return parsed.value;
        };
        const facts = cleanInvoiceFacts(risk('0.3500'));
        expect(rolesOf(evaluate(approve(), pm, facts, m({ atLeastPercent: '35', roles: ['finance_admin'] })))).toEqual([
          'finance_admin',
        ]);
        expect(rolesOf(evaluate(approve(), pm, facts, m({ atLeastPercent: '35.01', roles: ['controller'] })))).toEqual(
          [],
        );
        expect(rolesOf(evaluate(approve(), pm, facts, m({ atLeastPercent: '10', roles: [] })))).toEqual([]);
        expect(parseApprovalMatrix({ ...json, disputeRisk: { atLeastPercent: '101', roles: [] } }).ok).toBe(false);
      });

      it('throws when the use case left the dispute risk fact out', () => {
        const { disputeRisk: _omitted, ...facts } = cleanInvoiceFacts();
        expect(() => evaluate(approve(), pm, facts)).toThrow(/disputeRisk/);
      });
    });

    it('denies an invoice in a currency the matrix has no thresholds for', () => {
      const d = evaluate(approve(), pm, cleanInvoiceFacts({ invoiceTotal: money(100n, 'BHD') }));
      expect(d).toMatchObject({ outcome: 'deny', code: 'CURRENCY_NOT_IN_MATRIX' });
    });

    it('throws when the use case left out a fact the rule needs', () => {
      const { openExceptionCount: _omitted, ...facts } = cleanInvoiceFacts();
      expect(() => evaluate(approve(), pm, facts)).toThrow(/openExceptionCount/);
    });

    it('records the version of the matrix it decided under', () => {
      const v2 = parseApprovalMatrix({ ...structuredCloneMatrix(), version: 2 });
      if (!v2.ok) throw new Error(v2.error.issues.join());
      expect(evaluate(approve(), pm, cleanInvoiceFacts(), v2.value).matrixVersion).toBe(2);
    });

    it('applies the thresholds of the matrix it is given', () => {
      const raw = structuredCloneMatrix();
      raw.invoiceTotal.tiers.USD = [{ overMinor: '100', roles: ['finance_admin'] }];
      const strict = parseApprovalMatrix(raw);
      if (!strict.ok) throw new Error(strict.error.issues.join());
      expect(rolesOf(evaluate(approve(), pm, cleanInvoiceFacts(), strict.value))).toEqual(['finance_admin']);
    });
  });

  describe('approval matrix: other actions', () => {
    const controller = person('ctl', ['controller', 'account_manager']);
    const fa = person('fa', ['finance_admin']);
    it.each<[string, ActionType, Actor, Partial<PolicyFacts>, string[]]>([
      [
        'requires a controller for every credit note',
        'invoice.credit_note',
        controller,
        { amount: usd(0.01) },
        ['controller'],
      ],
      [
        'requires a controller then a finance admin for a credit note over 10,000.00',
        'invoice.credit_note',
        controller,
        { amount: usd(10_000.01) },
        ['controller', 'finance_admin'],
      ],
      [
        'requires a controller for every write-off',
        'invoice.write_off',
        controller,
        { amount: usd(5_000) },
        ['controller'],
      ],
      [
        'requires a finance admin too for a write-off over 5,000.00',
        'invoice.write_off',
        controller,
        { amount: usd(5_000.01) },
        ['controller', 'finance_admin'],
      ],
      ['requires an account manager for a late fee', 'invoice.apply_late_fee', controller, {}, ['account_manager']],
      ['requires a controller to void', 'invoice.void', controller, {}, ['controller']],
      [
        'requires a controller to apply extracted contract terms',
        'contract.apply_extracted_terms',
        controller,
        {},
        ['controller'],
      ],
      [
        'requires a finance admin to change the approval matrix',
        'approval_matrix.change',
        fa,
        { entityId: null },
        ['finance_admin'],
      ],
      ['allows a discount within the contract', 'invoice.apply_discount', controller, {}, []],
      [
        'requires an account manager then a controller for a discount beyond the contract',
        'invoice.apply_discount',
        controller,
        { discountBeyondContract: true },
        ['account_manager', 'controller'],
      ],
      [
        'allows submitting a draft even with open exceptions',
        'invoice.submit',
        controller,
        { openExceptionCount: 3 },
        [],
      ],
      ['allows starting a billing run', 'billing_run.start', controller, {}, []],
      ['allows resolving an exception', 'exception.resolve', controller, {}, []],
    ])('%s', (_name, type, actor, over, roles) => {
      const d = evaluate(sampleAction(type), actor, cleanInvoiceFacts(over));
      expect(d.outcome).toBe(roles.length ? 'require_approval' : 'allow');
      expect(rolesOf(d)).toEqual(roles);
    });

    it('denies a write-off in a currency without thresholds', () => {
      const d = evaluate(
        sampleAction('invoice.write_off'),
        controller,
        cleanInvoiceFacts({ amount: money(5n, 'KWD') }),
      );
      expect(d).toMatchObject({ outcome: 'deny', code: 'CURRENCY_NOT_IN_MATRIX' });
    });
  });

  describe('approval matrix: moving a client to another legal entity', () => {
    const clerk = person('clerk', ['billing_clerk']);
    const SEPA = { bankName: 'Commerzbank', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' };
    const ABA = { bankName: 'JPMorgan Chase Bank', accountNumber: '000123456789', routingCode: '021000021' };
    const none = { bankName: null, iban: null, bic: null, accountNumber: null, routingCode: null };
    const move = (over: Partial<ClientBillingDetails> = {}): Action => ({
      type: 'client.change_billing_details',
      target: { kind: 'client', id: 'cl-1' },
      args: {
        before: billingDetails({ legalEntity: { code: 'LE-EU', bankAccount: { ...none, ...SEPA } } }),
        after: billingDetails({ legalEntity: { code: 'LE-US', bankAccount: { ...none, ...ABA } }, ...over }),
      },
    });
    const stepsOf = (d: PolicyDecision) => (d.outcome === 'require_approval' ? d.steps : []);

    it('requires a finance admin, naming both entities and both accounts masked', () => {
      expect(stepsOf(evaluate(move(), clerk, cleanInvoiceFacts()))).toEqual([
        {
          level: 1,
          role: 'finance_admin',
          reason:
            'legal entity LE-EU -> LE-US, bank account IBAN DE89 …3000 (BIC COBADEFFXXX, Commerzbank) -> ' +
            'number …6789 (routing 021000021, JPMorgan Chase Bank)',
        },
      ]);
    });

    it("follows the matrix's bank-account rule, and adds the controller for new contacts in the same change", () => {
      const raw = structuredCloneMatrix();
      raw.legalEntityBankAccount = { roles: ['controller', 'finance_admin'] };
      const both = parseApprovalMatrix(raw);
      if (!both.ok) throw new Error(both.error.issues.join());
      expect(rolesOf(evaluate(move(), clerk, cleanInvoiceFacts(), both.value))).toEqual([
        'controller',
        'finance_admin',
      ]);
      const contacts = move({ billingContacts: [{ name: 'AP', email: 'ap@elsewhere.example' }] });
      expect(rolesOf(evaluate(contacts, clerk, cleanInvoiceFacts()))).toEqual(['controller', 'finance_admin']);
    });

    it('names how many contracts move with the client, and which', () => {
      const withContracts = (contracts: string[]): Action => {
        const m = move() as ActionOf<'client.change_billing_details'>;
        return { ...m, args: { ...m.args, contracts } };
      };
      const reasonOf = (a: Action) => stepsOf(evaluate(a, clerk, cleanInvoiceFacts()))[0]!.reason;
      expect(reasonOf(withContracts(['K-1', 'K-2']))).toMatch(
        /…6789 \(routing 021000021, JPMorgan Chase Bank\), 2 contracts move with it \(K-1, K-2\)$/,
      );
      expect(reasonOf(withContracts(['K-1']))).toMatch(/, 1 contract moves with it \(K-1\)$/);
      expect(reasonOf(withContracts([]))).toMatch(/, no contract moves with it$/);
      expect(reasonOf(withContracts(['K1', 'K2', 'K3', 'K4', 'K5', 'K6', 'K7']))).toMatch(
        /7 contracts move with it \(K1, K2, K3, K4, K5, and 2 more\)$/,
      );
    });

    it('names each invoice that moves with the client: reference, amount, due date, ten and how many more', () => {
      const inv = (n: number, dueDate: string | null = null): MovingInvoice => ({
        id: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`,
        reference: `DRAFT-${String(n).padStart(8, '0')}`,
        status: n % 2 ? 'draft' : 'pending_approval',
        total: `${n}00.00`,
        currency: 'USD',
        dueDate,
        paymentTermsDays: 30,
      });
      const withInvoices = (invoices: MovingInvoice[]): Action => {
        const m = move() as ActionOf<'client.change_billing_details'>;
        return { ...m, args: { ...m.args, contracts: ['K-1'], invoices } };
      };
      const reasonOf = (a: Action) => stepsOf(evaluate(a, clerk, cleanInvoiceFacts()))[0]!.reason;
      expect(reasonOf(withInvoices([inv(1), inv(2, '2026-12-31')]))).toMatch(
        /, 1 contract moves with it \(K-1\), 2 invoices not yet numbered move with it: DRAFT-00000001 100\.00 USD \(draft, due 30 days after issue\); DRAFT-00000002 200\.00 USD \(pending approval, due 2026-12-31\)$/,
      );
      const twelve = reasonOf(withInvoices(Array.from({ length: 12 }, (_, i) => inv(i + 1))));
      expect(twelve).toMatch(
        /12 invoices not yet numbered move with it: DRAFT-00000001 .*DRAFT-00000010 [^;]*; and 2 more$/,
      );
      expect(twelve).not.toContain('DRAFT-00000011');
      expect(reasonOf(withInvoices([]))).toMatch(/, 1 contract moves with it \(K-1\)$/);
    });

    it('knows the entity a move leaves', () => {
      expect(entityCodeLeft(move())).toBe('LE-EU');
      const same = billingDetails({ legalEntity: { code: 'LE-EU', bankAccount: null } });
      const stays: Action = {
        type: 'client.change_billing_details',
        target: { kind: 'client', id: 'cl-1' },
        args: { before: same, after: { ...same, deliveryChannel: 'post' } },
      };
      expect(entityCodeLeft(stays)).toBeNull();
      expect(entityCodeLeft(sampleAction('invoice.submit'))).toBeNull();
    });

    it('asks nobody when the entity stays and nothing else guarded changes', () => {
      const same = billingDetails({ legalEntity: { code: 'LE-EU', bankAccount: null } });
      const d = evaluate(
        {
          type: 'client.change_billing_details',
          target: { kind: 'client', id: 'cl-1' },
          args: { before: same, after: same },
        },
        clerk,
        cleanInvoiceFacts(),
      );
      expect(d.outcome).toBe('allow');
    });
  });

  describe('segregation of duties', () => {
    it.each([
      ['the person who opened it', ['fa-1'], 'SOD_INITIATOR_CANNOT_APPROVE'],
      ['the person the agent opened it for', ['agent-1', 'fa-1'], 'SOD_INITIATOR_CANNOT_APPROVE'],
      ['someone else', ['collector-1'], 'allow'],
    ])('lets a dispute be resolved by %s: %s', (_who, openers, expected) => {
      const d = evaluate(
        sampleAction('invoice.resolve_dispute'),
        person('fa-1', ['finance_admin', 'collector']),
        factsFor('invoice.resolve_dispute', { disputeOpenedBy: openers }),
      );
      expect(outcomeOf(d)).toBe(expected);
    });

    it('denies the preparer when they approve their own invoice', () => {
      const d = evaluate(approve(), person('clerk', ['project_manager']), cleanInvoiceFacts({ preparerId: 'clerk' }));
      expect(d).toMatchObject({ outcome: 'deny', code: 'SOD_PREPARER_CANNOT_APPROVE' });
    });

    it('denies a project manager when they approve their own time', () => {
      const d = evaluate(
        sampleAction('time_entries.approve'),
        pm,
        cleanInvoiceFacts({ workerIds: ['consultant', 'pm'] }),
      );
      expect(d).toMatchObject({ outcome: 'deny', code: 'SOD_OWN_TIME_ENTRIES' });
    });

    it("denies a project manager when they approve their own expenses, and allows them someone else's", () => {
      const own = evaluate(sampleAction('expenses.approve'), pm, cleanInvoiceFacts({ workerIds: ['pm'] }));
      expect(own).toMatchObject({ outcome: 'deny', code: 'SOD_OWN_EXPENSES' });
      expect(
        evaluate(sampleAction('expenses.approve'), pm, cleanInvoiceFacts({ workerIds: ['consultant'] })),
      ).toMatchObject({ outcome: 'allow' });
    });

    const grant = (level: number, role: 'controller' | 'finance_admin'): Action => ({
      type: 'approval.grant',
      target: INVOICE,
      args: { actionType: 'invoice.approve', argsHash: 'ab'.repeat(32), level, role },
    });
    const pending = (previous: { level: number; approverId: string }[] = [], initiatorIds = ['pm']) => ({
      initiatorIds,
      steps: [
        { level: 1, role: 'controller' as const, reason: 'total' },
        { level: 2, role: 'finance_admin' as const, reason: 'total' },
      ],
      previousApprovals: previous,
    });
    const both = person('boss', ['controller', 'finance_admin']);

    it.each<[string, Action, Actor, Partial<PolicyFacts>, string]>([
      ['allows a controller to grant level 1', grant(1, 'controller'), person('ctl', ['controller']), {}, 'allow'],
      [
        'allows a finance admin to grant level 2 after level 1',
        grant(2, 'finance_admin'),
        person('fa', ['finance_admin']),
        { pendingApproval: pending([{ level: 1, approverId: 'ctl' }]) },
        'allow',
      ],
      [
        'allows the same approver to grant the same level again',
        grant(1, 'controller'),
        person('ctl', ['controller']),
        { pendingApproval: pending([{ level: 1, approverId: 'ctl' }]) },
        'allow',
      ],
      [
        'denies a finance admin granting level 2 before level 1',
        grant(2, 'finance_admin'),
        person('fa', ['finance_admin']),
        {},
        'APPROVAL_OUT_OF_ORDER',
      ],
      [
        'denies one person approving a second level',
        grant(2, 'finance_admin'),
        both,
        { pendingApproval: pending([{ level: 1, approverId: 'boss' }]) },
        'SOD_ONE_LEVEL_PER_APPROVER',
      ],
      [
        'denies the initiator approving their own request',
        grant(1, 'controller'),
        person('pm', ['controller']),
        {},
        'SOD_INITIATOR_CANNOT_APPROVE',
      ],
      [
        'denies the person the agent acted for',
        grant(1, 'controller'),
        person('ann', ['controller']),
        { pendingApproval: pending([], ['agent', 'ann']) },
        'SOD_INITIATOR_CANNOT_APPROVE',
      ],
      [
        'denies the preparer of the invoice',
        grant(1, 'controller'),
        person('clerk', ['controller']),
        {},
        'SOD_PREPARER_CANNOT_APPROVE',
      ],
      [
        'denies an approver without the level role',
        grant(1, 'controller'),
        person('am', ['account_manager']),
        {},
        'APPROVER_LACKS_ROLE',
      ],
      [
        'denies a level the request does not have',
        grant(3, 'controller'),
        person('ctl', ['controller']),
        {},
        'APPROVAL_STEP_UNKNOWN',
      ],
      [
        'denies a role that does not match the level',
        grant(1, 'finance_admin'),
        person('fa', ['finance_admin']),
        {},
        'APPROVAL_STEP_UNKNOWN',
      ],
      [
        'denies the agent granting for a controller',
        grant(1, 'controller'),
        agentFor(person('ctl', ['controller'])),
        {},
        'AGENT_CANNOT_DECIDE',
      ],
      [
        'denies an approver outside the entity',
        grant(1, 'controller'),
        person('ctl', ['controller'], [OTHER_ENTITY]),
        {},
        'ENTITY_OUT_OF_SCOPE',
      ],
    ])('%s', (_name, action, actor, over, expected) => {
      expect(outcomeOf(evaluate(action, actor, cleanInvoiceFacts({ pendingApproval: pending(), ...over })))).toBe(
        expected,
      );
    });

    it('denies the initiator refusing their own request', () => {
      const reject: Action = {
        type: 'approval.reject',
        target: INVOICE,
        args: { actionType: 'invoice.approve', argsHash: 'ab'.repeat(32), level: 1, role: 'controller', reason: 'no' },
      };
      const d = evaluate(reject, person('pm', ['controller']), cleanInvoiceFacts({ pendingApproval: pending() }));
      expect(d).toMatchObject({ code: 'SOD_INITIATOR_CANNOT_APPROVE' });
    });
  });
});

function structuredCloneMatrix() {
  // A mutable copy of the bundled JSON shape (bigints back to strings) to derive test matrices from.
  return JSON.parse(
    JSON.stringify(approvalMatrixV1, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as {
    version: number;
    invoiceTotal: { tiers: Record<string, { overMinor: string; roles: string[] }[]> };
  } & Record<string, unknown>;
}
