import { describe, expect, it } from 'vitest';
import bundledV1Json from './approval-matrix.v1.json' with { type: 'json' };
import type { Action } from './actions.ts';
import {
  approvalMatrixHash,
  approvalMatrixJson,
  approvalMatrixV1,
  parseApprovalMatrix,
  type ApprovalMatrix,
} from './approval-matrix.ts';
import { evaluate } from './evaluate.ts';
import { diffMatrices } from './matrix-diff.ts';
import { ROLE_PERMISSIONS } from './permissions.ts';
import { ROLES, type Role } from './roles.ts';
import { agentFor, person } from './test-support.ts';

type V1Json = typeof bundledV1Json;
/** Version 1 in force (the bundled file plus the rules added since) as plain JSON: what a proposal edits. */
const matrixV1Json = (): V1Json => approvalMatrixJson(approvalMatrixV1) as V1Json;

const change: Action = {
  type: 'approval_matrix.change',
  target: { kind: 'approval_matrix', id: 'default' },
  args: { fromVersion: 1, toVersion: 2, matrixHash: 'cd'.repeat(32) },
};
const firmWide = { entityId: null };

/** Version 1 with edits, validated. */
function edited(edit: (m: V1Json) => void): ApprovalMatrix {
  const raw = structuredClone(matrixV1Json());
  edit(raw);
  const parsed = parseApprovalMatrix(raw);
  if (!parsed.ok) throw new Error(parsed.error.issues.join('; '));
  return parsed.value;
}

describe('evaluate approval_matrix.change', () => {
  it.each<[Role, string]>(
    ROLES.map((r) => [
      r,
      r === 'finance_admin' ? 'require_approval' : r === 'agent' ? 'AGENT_WITHOUT_PRINCIPAL' : 'ROLE_NOT_PERMITTED',
    ]),
  )('gives a person with the role %s: %s', (role, expected) => {
    const d = evaluate(change, person(`${role}-1`, [role]), firmWide);
    expect(d.outcome === 'deny' ? d.code : d.outcome).toBe(expected);
  });

  it.each(ROLES.filter((r) => r !== 'agent').map((r) => [r]))(
    'denies the agent acting for a %s, finance admins included',
    (role) => {
      expect(evaluate(change, agentFor(person('p', [role as Role])), firmWide)).toMatchObject({
        outcome: 'deny',
        code: 'AGENT_CANNOT_CHANGE_POLICY',
      });
    },
  );

  it('denies the agent even when its permission row would allow the change', () => {
    const row = ROLE_PERMISSIONS.agent as Set<string>;
    row.add('approval_matrix.change');
    try {
      expect(evaluate(change, agentFor(person('fa', ['finance_admin'])), firmWide)).toMatchObject({
        outcome: 'deny',
        code: 'AGENT_CANNOT_CHANGE_POLICY',
      });
    } finally {
      row.delete('approval_matrix.change');
    }
  });

  it('asks a finance admin for the approval of a finance admin, under the version in force', () => {
    const v2 = edited((m) => {
      m.version = 2;
    });
    expect(evaluate(change, person('fa', ['finance_admin']), firmWide, v2)).toMatchObject({
      outcome: 'require_approval',
      matrixVersion: 2,
      steps: [{ level: 1, role: 'finance_admin' }],
    });
  });
});

describe('parseApprovalMatrix on the rule that governs changes', () => {
  it.each<[string, (m: V1Json) => void]>([
    [
      'drops the approval of matrix changes',
      (m) => {
        delete (m.always as Record<string, unknown>)['approval_matrix.change'];
      },
    ],
    [
      'lets a controller alone approve matrix changes',
      (m) => {
        m.always['approval_matrix.change'] = ['controller'];
      },
    ],
  ])('rejects a matrix that %s', (_name, edit) => {
    const raw = structuredClone(matrixV1Json());
    edit(raw);
    const parsed = parseApprovalMatrix(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.error.issues).toContain(
        "always.approval_matrix.change: changing the approval matrix must always need a finance_admin's approval",
      );
  });

  it('accepts a chain that adds a controller before the finance admin', () => {
    expect(
      edited((m) => {
        m.always['approval_matrix.change'] = ['controller', 'finance_admin'];
      }).always['approval_matrix.change'],
    ).toEqual(['controller', 'finance_admin']);
  });
});

describe('approvalMatrixHash', () => {
  it('is the same for the same rules written differently', () => {
    const reverseKeys = (v: unknown): unknown =>
      typeof v !== 'object' || v === null || Array.isArray(v)
        ? v
        : Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reverseKeys(x)]),
          );
    const reordered = reverseKeys(structuredClone(matrixV1Json()));
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(matrixV1Json()));
    const padded = edited((m) => {
      m.invoiceTotal.tiers.USD[0]!.overMinor = '0001000000';
    });
    const parsed = parseApprovalMatrix(reordered);
    expect(parsed.ok && approvalMatrixHash(parsed.value)).toBe(approvalMatrixHash(approvalMatrixV1));
    expect(approvalMatrixHash(padded)).toBe(approvalMatrixHash(approvalMatrixV1));
  });

  it('differs when one threshold differs', () => {
    expect(
      approvalMatrixHash(
        edited((m) => {
          m.invoiceTotal.tiers.USD[0]!.overMinor = '1000001';
        }),
      ),
    ).not.toBe(approvalMatrixHash(approvalMatrixV1));
  });

  it('round-trips through the stored JSON', () => {
    const back = parseApprovalMatrix(approvalMatrixJson(approvalMatrixV1));
    expect(back.ok && approvalMatrixHash(back.value)).toBe(approvalMatrixHash(approvalMatrixV1));
  });
});

describe('diffMatrices', () => {
  it('names each changed rule with what it was and what it becomes', () => {
    const v2 = edited((m) => {
      m.version = 2;
      m.invoiceTotal.tiers.USD[0]!.overMinor = '500000';
      m.lowMargin.belowPercent = '20';
      (m.always as Record<string, string[]>)['invoice.apply_discount'] = ['controller'];
      delete (m.invoiceTotal.tiers as Record<string, unknown>).JPY;
    });
    expect(diffMatrices(approvalMatrixV1, v2)).toEqual([
      { rule: 'always.invoice.apply_discount', from: null, to: ['controller'] },
      {
        rule: 'invoiceTotal.tiers.JPY',
        from: [
          { overMinor: '1500000', roles: ['controller'] },
          { overMinor: '7500000', roles: ['controller', 'finance_admin'] },
        ],
        to: null,
      },
      {
        rule: 'invoiceTotal.tiers.USD',
        from: [
          { overMinor: '1000000', roles: ['controller'] },
          { overMinor: '5000000', roles: ['controller', 'finance_admin'] },
        ],
        to: [
          { overMinor: '500000', roles: ['controller'] },
          { overMinor: '5000000', roles: ['controller', 'finance_admin'] },
        ],
      },
      { rule: 'lowMargin.belowPercent', from: '25', to: '20' },
    ]);
  });

  it('is empty when only the version differs', () => {
    expect(
      diffMatrices(
        approvalMatrixV1,
        edited((m) => {
          m.version = 2;
        }),
      ),
    ).toEqual([]);
  });
});
