import { describe, expect, it } from 'vitest';
import bundledV1Json from './approval-matrix.v1.json' with { type: 'json' };
import { approvalMatrixJson, approvalMatrixV1, parseApprovalMatrix } from './approval-matrix.ts';

type V1Json = typeof bundledV1Json;
/** Version 1 in force (the bundled file plus the rules added since) as plain JSON: what a proposal edits. */
const matrixV1Json = (): V1Json => approvalMatrixJson(approvalMatrixV1) as V1Json;

type Raw = Record<string, unknown> & V1Json;
const raw = (): Raw => structuredClone(matrixV1Json()) as Raw;

describe('parseApprovalMatrix', () => {
  it('accepts the bundled version 1 and reads thresholds as bigint minor units', () => {
    expect(approvalMatrixV1.version).toBe(1);
    expect(approvalMatrixV1.invoiceTotal.tiers.USD?.map((t) => t.overMinor)).toEqual([1_000_000n, 5_000_000n]);
  });

  it.each<[string, (m: Raw) => void, RegExp]>([
    ['tiers out of ascending order', (m) => m.invoiceTotal.tiers.USD.reverse(), /ascending/],
    [
      'a threshold that is not an integer of minor units',
      (m) => {
        m.invoiceTotal.tiers.USD[0]!.overMinor = '10000.00';
      },
      /minor units/,
    ],
    [
      'an unknown currency',
      (m) => {
        (m.invoiceTotal.tiers as Record<string, unknown>).XYZ = m.invoiceTotal.tiers.USD;
      },
      /tiers\.XYZ/,
    ],
    [
      'a role used by a rule but missing from levelOrder',
      (m) => {
        m.levelOrder = ['controller', 'finance_admin'];
      },
      /project_manager is used by a rule/,
    ],
    [
      'a role twice in one chain',
      (m) => {
        m.openExceptions.roles = ['controller', 'controller'];
      },
      /twice/,
    ],
    [
      'the auditor as an approver',
      (m) => {
        m.openExceptions.roles = ['auditor'];
      },
      /openExceptions/,
    ],
    [
      'the agent as an approver',
      (m) => {
        m.projectOnHold.roles = ['agent'];
      },
      /projectOnHold/,
    ],
    [
      'credit notes that need no approval',
      (m) => {
        m.creditNote.roles = [];
      },
      /credit notes always need approval/,
    ],
    [
      'write-offs that need no approval',
      (m) => {
        m.writeOff.roles = [];
      },
      /write-offs always need approval/,
    ],
    [
      'an approval grant that needs approval',
      (m) => {
        (m.always as Record<string, string[]>)['approval.grant'] = ['controller'];
      },
      /approval\.grant/,
    ],
    [
      'an unknown action in always',
      (m) => {
        (m.always as Record<string, string[]>)['invoice.delete'] = ['controller'];
      },
      /always/,
    ],
    [
      'an unknown top-level rule',
      (m) => {
        m.surprise = true;
      },
      /surprise|Unrecognized/,
    ],
    [
      'version 0',
      (m) => {
        m.version = 0;
      },
      /version/,
    ],
    [
      'a malformed margin threshold',
      (m) => {
        m.lowMargin.belowPercent = '25%';
      },
      /lowMargin\.belowPercent/,
    ],
  ])('rejects %s', (_name, edit, message) => {
    const m = raw();
    edit(m);
    const parsed = parseApprovalMatrix(m);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error.issues.join('\n')).toMatch(message);
  });
});
