import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { money } from '../shared/money.ts';
import type { Action } from './actions.ts';
import { approvalExpiresAt, checkApprovals, type Approval } from './approvals.ts';
import { approvalMatrixV1 } from './approval-matrix.ts';
import type { PolicyDecision } from './decision.ts';
import { hashArguments } from './hash-arguments.ts';
import { INVOICE, usd } from './test-support.ts';

const NOW = new Date('2026-03-10T12:00:00Z');
const creditNote: Action = {
  type: 'invoice.credit_note',
  target: INVOICE,
  args: { amount: usd(12_000), reason: 'rate error', lineIds: ['l-1'] },
};
const twoLevels: PolicyDecision = {
  outcome: 'require_approval',
  matrixVersion: 1,
  steps: [
    { level: 1, role: 'controller', reason: 'credit note' },
    { level: 2, role: 'finance_admin', reason: 'credit note over 10000.00 USD' },
  ],
};

/** An approval of `action` at a level, granted an hour before NOW, valid for the matrix TTL. */
function approval(action: Action, level: number, over: Partial<Approval> = {}): Approval {
  const grantedAt = new Date(NOW.getTime() - 3_600_000);
  return {
    id: `ap-${level}`,
    actionType: action.type,
    targetId: action.target.id,
    argsHash: hashArguments(action),
    level,
    role: level === 1 ? 'controller' : 'finance_admin',
    approverId: level === 1 ? 'ctl' : 'fa',
    grantedAt,
    expiresAt: approvalExpiresAt(grantedAt, approvalMatrixV1),
    ...over,
  };
}
const both = (action: Action = creditNote) => [approval(action, 1), approval(action, 2)];
const codeOf = (r: ReturnType<typeof checkApprovals>): string => (r.ok ? 'ok' : r.error.code);

describe('checkApprovals', () => {
  it('is satisfied with no approvals when policy allows the action', () => {
    expect(checkApprovals({ outcome: 'allow', matrixVersion: 1 }, [], creditNote, NOW)).toEqual({
      ok: true,
      value: { approvals: [] },
    });
  });

  it('refuses when policy denies the action, whatever approvals exist', () => {
    const deny: PolicyDecision = { outcome: 'deny', code: 'ROLE_NOT_PERMITTED', reason: 'x', matrixVersion: 1 };
    expect(codeOf(checkApprovals(deny, both(), creditNote, NOW))).toBe('ACTION_DENIED');
  });

  it('does not count an approval of the person carrying the action out (the approver never executes), nor of the person the agent acts for', () => {
    expect(checkApprovals(twoLevels, both(), creditNote, NOW, ['am']).ok).toBe(true);
    const r = checkApprovals(twoLevels, both(), creditNote, NOW, ['fa']);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'APPROVER_EXECUTES',
        shortfalls: [{ level: 2, role: 'finance_admin', problem: 'approver_executes' }],
      },
    });
    expect(codeOf(checkApprovals(twoLevels, both(), creditNote, NOW, ['agent', 'ctl']))).toBe('APPROVER_EXECUTES');
    // Another finance admin's approval at level 2 covers it.
    expect(
      checkApprovals(
        twoLevels,
        [...both(), approval(creditNote, 2, { id: 'ap-2b', approverId: 'fa2' })],
        creditNote,
        NOW,
        ['fa'],
      ).ok,
    ).toBe(true);
  });

  it('is satisfied with one live approval per level, returned in level order', () => {
    const r = checkApprovals(twoLevels, [...both()].reverse(), creditNote, NOW);
    expect(r.ok && r.value.approvals.map((a) => a.id)).toEqual(['ap-1', 'ap-2']);
  });

  it.each<[string, () => Approval[], Action, Date, string, string[]]>([
    [
      'reports the missing level when only level 1 is approved',
      () => [approval(creditNote, 1)],
      creditNote,
      NOW,
      'APPROVAL_MISSING',
      ['2:missing'],
    ],
    [
      'reports every level missing when nothing is approved',
      () => [],
      creditNote,
      NOW,
      'APPROVAL_MISSING',
      ['1:missing', '2:missing'],
    ],
    [
      'reports expiry when the clock reaches expiresAt',
      () => both(),
      creditNote,
      approvalExpiresAt(new Date(NOW.getTime() - 3_600_000), approvalMatrixV1),
      'APPROVAL_EXPIRED',
      ['1:expired', '2:expired'],
    ],
    [
      'is satisfied one millisecond before expiry',
      () => both(),
      creditNote,
      new Date(NOW.getTime() - 3_600_000 + 72 * 3_600_000 - 1),
      'ok',
      [],
    ],
    [
      'reports changed arguments when the amount changed after approval',
      () => both(),
      { ...creditNote, args: { ...creditNote.args, amount: usd(12_000.01) } } as Action,
      NOW,
      'APPROVAL_ARGS_CHANGED',
      ['1:args_changed', '2:args_changed'],
    ],
    [
      'reports changed arguments before expiry when both apply',
      () => [approval(creditNote, 1, { argsHash: 'f'.repeat(64) }), approval(creditNote, 2, { expiresAt: NOW })],
      creditNote,
      NOW,
      'APPROVAL_ARGS_CHANGED',
      ['1:args_changed', '2:expired'],
    ],
    [
      'ignores approvals of another target',
      () => both({ ...creditNote, target: { kind: 'invoice', id: 'inv-2' } }),
      creditNote,
      NOW,
      'APPROVAL_MISSING',
      ['1:missing', '2:missing'],
    ],
    [
      'ignores approvals of another action type on the same target',
      () => both({ type: 'invoice.write_off', target: INVOICE, args: { amount: usd(12_000), reason: 'rate error' } }),
      creditNote,
      NOW,
      'APPROVAL_MISSING',
      ['1:missing', '2:missing'],
    ],
    [
      'ignores an approval given for another role at that level',
      () => [approval(creditNote, 1), approval(creditNote, 2, { role: 'controller', approverId: 'ctl2' })],
      creditNote,
      NOW,
      'APPROVAL_MISSING',
      ['2:missing'],
    ],
    [
      'ignores an approval dated after now',
      () => [approval(creditNote, 1), approval(creditNote, 2, { grantedAt: new Date(NOW.getTime() + 1) })],
      creditNote,
      NOW,
      'APPROVAL_MISSING',
      ['2:missing'],
    ],
    [
      'reports a reused approver when one person covers both levels',
      () => [approval(creditNote, 1, { approverId: 'boss' }), approval(creditNote, 2, { approverId: 'boss' })],
      creditNote,
      NOW,
      'APPROVER_REUSED',
      ['2:approver_reused'],
    ],
    [
      'uses another live approval of the level when the first is expired',
      () => [approval(creditNote, 1, { id: 'old', expiresAt: NOW }), approval(creditNote, 1), approval(creditNote, 2)],
      creditNote,
      NOW,
      'ok',
      [],
    ],
  ])('%s', (_name, approvals, action, now, code, shortfalls) => {
    const r = checkApprovals(twoLevels, approvals(), action, now);
    expect(codeOf(r)).toBe(code);
    const found =
      !r.ok && r.error.code !== 'ACTION_DENIED' ? r.error.shortfalls.map((s) => `${s.level}:${s.problem}`) : [];
    expect(found).toEqual(shortfalls);
  });

  it('invalidates the approval when any argument changes', () => {
    fc.assert(
      fc.property(creditNoteArb, fc.nat(), mutationArb, (action, pick, replacement) => {
        const changed = mutateOneLeaf(action, pick, replacement);
        fc.pre(JSON.stringify(changed, big) !== JSON.stringify(action, big));
        expect(hashArguments(changed)).not.toBe(hashArguments(action));
        expect(checkApprovals(twoLevels, both(action), action, NOW).ok).toBe(true);
        expect(codeOf(checkApprovals(twoLevels, both(action), changed, NOW))).toBe('APPROVAL_ARGS_CHANGED');
      }),
      { numRuns: 500 },
    );
  });
});

describe('hashArguments', () => {
  it('ignores the order in which argument keys were written', () => {
    const reordered = {
      type: creditNote.type,
      args: { lineIds: ['l-1'], reason: 'rate error', amount: { currency: 'USD', amountMinor: 1_200_000n } },
      target: { id: 'inv-1', kind: 'invoice' },
    } as Action;
    expect(hashArguments(reordered)).toBe(hashArguments(creditNote));
  });

  it('hashes a pinned canonical text, so stored approvals stay valid across releases', () => {
    // printf '%s' '{"args"...}' | sha256sum, of the text below
    // {"args":{"amount":{"amountMinor":"1200000","currency":"USD"},"lineIds":["l-1"],"reason":"rate error"},"target":{"id":"inv-1","kind":"invoice"},"type":"invoice.credit_note"}
    expect(hashArguments(creditNote)).toBe('5f44ae060612c85d3cb2deef24aabb67242a37c2aa4fc38b2ba8ee52794f1c53');
  });

  it('changes when only the target changes', () => {
    expect(hashArguments({ ...creditNote, target: { kind: 'invoice', id: 'inv-2' } })).not.toBe(
      hashArguments(creditNote),
    );
  });

  it('changes when only the action type changes', () => {
    const sameArgsOtherType = { ...creditNote, type: 'invoice.write_off' } as unknown as Action;
    expect(hashArguments(sameArgsOtherType)).not.toBe(hashArguments(creditNote));
  });
});

const big = (_k: string, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v);

const creditNoteArb = fc
  .record({
    amountMinor: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    currency: fc.constantFrom('USD', 'EUR', 'JPY'),
    reason: fc.string({ maxLength: 20 }),
    lineIds: fc.option(fc.array(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 4 }), { nil: null }),
  })
  .map(
    ({ amountMinor, currency, reason, lineIds }): Action => ({
      type: 'invoice.credit_note',
      target: INVOICE,
      args: { amount: money(amountMinor, currency), reason, lineIds },
    }),
  );

/** A replacement for one leaf: a string, a bigint offset, or an array edit. */
const mutationArb = fc.record({
  text: fc.string({ maxLength: 8 }),
  delta: fc.bigInt({ min: -1000n, max: 1000n }),
  drop: fc.boolean(),
});
type Mutation = { text: string; delta: bigint; drop: boolean };

/** Changes exactly one field of the arguments, chosen by `pick`. */
function mutateOneLeaf(action: Action, pick: number, m: Mutation): Action {
  if (action.type !== 'invoice.credit_note') throw new Error('credit notes only');
  const a = action.args;
  switch (pick % 5) {
    case 0:
      return { ...action, args: { ...a, amount: { ...a.amount, amountMinor: a.amount.amountMinor + m.delta } } };
    case 1:
      return {
        ...action,
        args: { ...a, amount: { ...a.amount, currency: a.amount.currency === 'USD' ? 'EUR' : 'USD' } },
      };
    case 2:
      return { ...action, args: { ...a, reason: a.reason + m.text } };
    case 3:
      return {
        ...action,
        args: { ...a, lineIds: a.lineIds === null ? [m.text] : m.drop ? a.lineIds.slice(1) : [...a.lineIds, m.text] },
      };
    default:
      return { ...action, args: { ...a, lineIds: a.lineIds === null ? [] : null } };
  }
}
