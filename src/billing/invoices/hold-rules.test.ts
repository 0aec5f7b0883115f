import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { BillingException, DraftInvoice, DraftLine, ExceptionType } from '../model.ts';
import { applyHoldRules, DEFAULT_HOLD_RULES } from './hold-rules.ts';

const line = (lineKey: string, held: boolean, amountMinor = 1000n): DraftLine => ({
  lineKey,
  kind: 'time',
  description: lineKey,
  quantity: '1',
  unit: 'hour',
  unitPrice: '10',
  amountMinor,
  preciseAmount: '10',
  taxCategory: 'standard',
  taxRatePercent: '0',
  taxMinor: 0n,
  role: null,
  personId: null,
  servicePeriodStart: '2026-10-01',
  servicePeriodEnd: '2026-10-31',
  held,
  sources: {
    timeEntryIds: [],
    expenseIds: [],
    usageRecordIds: [],
    milestoneId: null,
    rateCardEntryId: null,
    contractTerm: 'rate_card',
  },
});
const hold = (type: ExceptionType, lineKey: string | null): BillingException => ({
  type,
  severity: 'blocking',
  ownerRole: 'account_manager',
  slaHours: 24,
  message: type,
  dedupeKey: `${type}:${lineKey}`,
  details: {},
  lineKey,
});
const draft = (lines: DraftLine[], exceptions: BillingException[], held = false): DraftInvoice => ({
  contractId: 'c',
  legalEntityId: 'le',
  clientId: 'cl',
  period: '2026-10',
  currency: 'USD',
  lines,
  subtotalMinor: 0n,
  taxMinor: 0n,
  totalMinor: 0n,
  heldMinor: 0n,
  fx: null,
  fxRates: [],
  poNumber: null,
  paymentTermsDays: 30,
  exceptions,
  held,
});

describe('applyHoldRules', () => {
  it('carries a cap overrun and leaves the draft unheld under the default rules', () => {
    const out = applyHoldRules(
      draft([line('a', false), line('b', true)], [hold('cap_exceeded', 'b')]),
      DEFAULT_HOLD_RULES,
    );
    expect(out.held).toBe(false);
    expect(out.lines.map((l) => l.carried)).toEqual([false, true]);
    expect(out.exceptions[0]!.holds).toBe('line');
  });

  it('holds the draft when the rule for the type is hold_draft, or when the type is not named', () => {
    expect(
      applyHoldRules(draft([line('b', true)], [hold('cap_exceeded', 'b')]), { cap_exceeded: 'hold_draft' }),
    ).toMatchObject({ held: true, exceptions: [{ holds: 'draft' }] });
    expect(applyHoldRules(draft([line('b', true)], [hold('missing_rate', 'b')]), DEFAULT_HOLD_RULES).held).toBe(true);
  });

  it('holds the draft when one of the exceptions on a line holds the draft', () => {
    const out = applyHoldRules(
      draft([line('b', true)], [hold('cap_exceeded', 'b'), hold('missing_rate', 'b')]),
      DEFAULT_HOLD_RULES,
    );
    expect(out).toMatchObject({
      held: true,
      lines: [{ carried: false }],
      exceptions: [{ holds: 'draft' }, { holds: 'draft' }],
    });
  });

  it('keeps a lineless hold holding the draft', () => {
    expect(applyHoldRules(draft([line('a', false)], [hold('missing_po', null)], true), DEFAULT_HOLD_RULES).held).toBe(
      true,
    );
  });

  it('is held exactly when some held line is not carried or the draft was held, and changes no amount', () => {
    const types: ExceptionType[] = ['cap_exceeded', 'retainer_overage', 'missing_rate', 'outside_contract_dates'];
    fc.assert(
      fc.property(
        fc.array(fc.record({ held: fc.boolean(), types: fc.subarray(types) }), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.record({
          cap_exceeded: fc.constantFrom('hold_draft' as const, 'bill_rest' as const),
          outside_contract_dates: fc.constantFrom('hold_draft' as const, 'bill_rest' as const),
        }),
        (spec, docHeld, rules) => {
          const lines = spec.map((s, i) => line(`l${i}`, s.held && s.types.length > 0, BigInt(i + 1)));
          const exceptions = spec.flatMap((s, i) => (s.held ? s.types.map((t) => hold(t, `l${i}`)) : []));
          const out = applyHoldRules(draft(lines, exceptions, docHeld), rules);
          const mode = (t: ExceptionType) => (rules as Record<string, string>)[t] ?? 'hold_draft';
          const expected =
            docHeld || spec.some((s) => s.held && s.types.length > 0 && s.types.some((t) => mode(t) !== 'bill_rest'));
          expect(out.held).toBe(expected);
          expect(out.lines.map((l) => [l.amountMinor, l.held])).toEqual(lines.map((l) => [l.amountMinor, l.held]));
        },
      ),
    );
  });
});
