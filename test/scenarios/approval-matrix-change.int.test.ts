import { describe, expect, it } from 'vitest';
import { and, asc, count, eq } from 'drizzle-orm';
import type { JsonValue } from '../../src/billing/audit/canonical-json.ts';
import type { Database } from '../../src/db/client.ts';
import {
  approvalMatrixProposals,
  approvalMatrixVersions,
  approvalRequests,
  approvals,
  auditLog,
} from '../../src/db/schema/index.ts';
import { BUNDLED_MATRIX, currentMatrix, getProposal } from '../../src/db/stores/approval-matrix-store.ts';
import { approveInvoice, voidInvoice } from '../../src/tools/invoices/lifecycle/index.ts';
import {
  changeApprovalMatrix,
  type ChangeApprovalMatrixInput,
} from '../../src/tools/approval-matrix/change-approval-matrix.ts';
import { approvalsInbox } from '../../src/tools/approvals/approvals-inbox.ts';
import { grantApproval } from '../../src/tools/approvals/grant-approval.ts';
import { approvalMatrixJson, approvalMatrixV1, bundledMatrixV1 } from '../../src/policy/approval-matrix.ts';
import { databasePerTest } from '../helpers/db.ts';
import { loadFirm } from '../helpers/firm.ts';
import { agentFor, auditActions, cast, codeOf, ctxOf, insertInvoice, person, unwrap } from '../helpers/invoices.ts';

type Raw = { [key: string]: JsonValue };
const fa2 = person('u-fa2', ['finance_admin']);
const fa3 = person('u-fa3', ['finance_admin']);

/** Version 1 as JSON, edited into a proposal (version 2 unless the edit says otherwise). */
function proposal(
  edit: (m: Raw) => void = () => undefined,
  reason = 'lower the USD controller tier to 5,000.00',
): ChangeApprovalMatrixInput {
  const m = structuredClone(approvalMatrixJson(approvalMatrixV1)) as Raw;
  m.version = 2;
  edit(m);
  return { matrix: m, reason };
}
const tiers = (m: Raw, rule: 'invoiceTotal' | 'creditNote' | 'writeOff', currency: string) =>
  ((m[rule] as Raw).tiers as Raw)[currency] as { overMinor: string; roles: string[] }[];
/** The USD controller tier down from 10,000.00 to 5,000.00. */
const lowerUsd = (m: Raw) => {
  tiers(m, 'invoiceTotal', 'USD')[0]!.overMinor = '500000';
};
/** The messages of an error and its causes (drizzle wraps the driver's), or 'accepted'. */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement;
    return 'accepted';
  } catch (e) {
    const out: string[] = [];
    for (let c: unknown = e; c instanceof Error; c = c.cause) out.push(c.message);
    return out.join(' <- ');
  }
}
const requestIdOf = (r: { ok: boolean; error?: unknown }): string => (r.error as { requestId: string }).requestId;

/** Proposes, has another finance admin grant, and applies. */
async function applied(database: Database, input: ChangeApprovalMatrixInput, proposer = cast.fa, approver = fa2) {
  const asked = await changeApprovalMatrix(database, ctxOf(proposer), input);
  unwrap(await grantApproval(database, ctxOf(approver), { requestId: requestIdOf(asked) }));
  return unwrap(await changeApprovalMatrix(database, ctxOf(proposer), input));
}

describe('changeApprovalMatrix', () => {
  let database: Database;
  databasePerTest(
    (d) => {
      database = d;
    },
    { setup: loadFirm },
  );

  const tableCounts = async () => ({
    versions: (await database.db.select({ n: count() }).from(approvalMatrixVersions))[0]!.n,
    proposals: (await database.db.select({ n: count() }).from(approvalMatrixProposals))[0]!.n,
    requests: (await database.db.select({ n: count() }).from(approvalRequests))[0]!.n,
    audit: (await database.db.select({ n: count() }).from(auditLog))[0]!.n,
  });
  const nothingWritten = { versions: 0, proposals: 0, requests: 0, audit: 0 };

  it('is in force as the bundled version 1 while nothing is stored', async () => {
    // The hash pins the file as written and shipped; rules added since (approval-matrix.added-rules.json) are in force beside it.
    const inForce = await currentMatrix(database.db);
    expect(inForce).toMatchObject({ version: 1, source: 'bundled', sha256: bundledMatrixV1.sha256 });
    expect(inForce.addedRules).toEqual(
      expect.arrayContaining(['heldRelease', 'clientBillingDetails', 'projectStatus']),
    );
    expect(inForce.matrix).toEqual(approvalMatrixV1);
  });

  it('opens a request another finance admin sees in the inbox, with the proposal kept under its hash; nothing takes effect yet', async () => {
    const input = proposal(lowerUsd);
    const asked = await changeApprovalMatrix(database, ctxOf(cast.fa), input);
    expect(asked).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_REQUIRED', steps: [{ level: 1, role: 'finance_admin' }] },
    });
    const hash = !asked.ok && 'matrixHash' in asked.error ? asked.error.matrixHash : '';
    expect(await getProposal(database.db, hash)).toMatchObject({
      version: 2,
      proposedBy: cast.fa.userId,
      reason: input.reason,
    });
    const inbox = unwrap(await approvalsInbox(database, ctxOf(fa2)));
    expect(inbox.items).toMatchObject([
      {
        kind: 'action_approval',
        requestId: requestIdOf(asked),
        actionType: 'approval_matrix.change',
        role: 'finance_admin',
        args: { fromVersion: 1, toVersion: 2, matrixHash: hash },
      },
    ]);
    // The proposer sees it waiting for a finance admin, and that it is not theirs to grant.
    expect(unwrap(await approvalsInbox(database, ctxOf(cast.fa))).items).toMatchObject([
      { canDecide: false, blocked: { code: 'SOD_INITIATOR_CANNOT_APPROVE' } },
    ]);
    expect((await currentMatrix(database.db)).version).toBe(1);
  });

  it('applies the change once another finance admin granted it, and the next invoice decision uses the new thresholds', async () => {
    const pmCtx = ctxOf(cast.pm);
    const before = await insertInvoice(database, { totalMinor: 800_000n });
    expect(unwrap(await approveInvoice(database, pmCtx, { invoiceId: before }))).toMatchObject({ outcome: 'approved' });

    const done = await applied(database, proposal(lowerUsd));
    expect(done).toMatchObject({ version: 2, previousVersion: 1, changes: [{ rule: 'invoiceTotal.tiers.USD' }] });
    expect(await currentMatrix(database.db)).toMatchObject({
      version: 2,
      source: 'stored',
      proposedBy: cast.fa.userId,
      approvalRequestId: done.requestId,
    });

    // The same long-lived context decides under version 2 on its next call: no restart, no stale cache.
    const after = await insertInvoice(database, { totalMinor: 800_000n });
    expect(await approveInvoice(database, pmCtx, { invoiceId: after })).toMatchObject({
      ok: false,
      error: {
        code: 'APPROVAL_REQUIRED',
        steps: [{ level: 1, role: 'controller', reason: 'invoice total 8000.00 USD is over 5000.00 USD' }],
      },
    });
    unwrap(await approveInvoice(database, ctxOf(cast.ctl), { invoiceId: after }));
    const [granted] = await database.db.select().from(approvals).where(eq(approvals.targetId, after));
    expect(granted!.matrixVersion).toBe(2);
  });

  it('writes one audit row with the versions before and after, the per-rule diff and the approval it ran under', async () => {
    const input = proposal((m) => {
      lowerUsd(m);
      (m.lowMargin as Raw).belowPercent = '20';
    });
    const done = await applied(database, input);
    const [row] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'approval_matrix.change'));
    expect(row).toMatchObject({
      actorId: cast.fa.userId,
      targetType: 'approval_matrix',
      reason: input.reason,
      before: { version: 1, sha256: BUNDLED_MATRIX.sha256 },
      after: {
        version: 2,
        sha256: done.sha256,
        supersededRequests: [],
        changes: [
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
        ],
      },
      policyDecision: { outcome: 'require_approval', matrixVersion: 1 },
    });
    const [approval] = await database.db
      .select()
      .from(approvals)
      .where(eq(approvals.actionType, 'approval_matrix.change'));
    expect(row!.approvalRef).toBe(approval!.id);
    expect(await auditActions(database)).toEqual(['approval.request', 'approval.grant', 'approval_matrix.change']);
    const [req] = await database.db.select().from(approvalRequests).where(eq(approvalRequests.id, done.requestId!));
    expect(req!.status).toBe('executed');
  });

  it('refuses the proposer as the approver of their own change', async () => {
    const asked = await changeApprovalMatrix(database, ctxOf(cast.fa), proposal(lowerUsd));
    expect(await grantApproval(database, ctxOf(cast.fa), { requestId: requestIdOf(asked) })).toMatchObject({
      ok: false,
      error: { code: 'SOD_VIOLATION', policyCode: 'SOD_INITIATOR_CANNOT_APPROVE' },
    });
    expect(codeOf(await changeApprovalMatrix(database, ctxOf(cast.fa), proposal(lowerUsd)))).toBe('APPROVAL_REQUIRED');
  });

  it('refuses a controller to grant it: the matrix asks a finance admin', async () => {
    const asked = await changeApprovalMatrix(database, ctxOf(cast.fa), proposal(lowerUsd));
    expect(codeOf(await grantApproval(database, ctxOf(cast.ctl), { requestId: requestIdOf(asked) }))).toBe(
      'APPROVAL_REQUIRED',
    );
  });

  it.each([
    ['the agent acting for a finance admin', agentFor(cast.fa), 'FORBIDDEN', 'AGENT_CANNOT_CHANGE_POLICY'],
    ['a controller', cast.ctl, 'FORBIDDEN', 'ROLE_NOT_PERMITTED'],
    [
      'a finance admin limited to one legal entity',
      person('u-fa-us', ['finance_admin'], ['00000000-0000-4000-8000-000000000001']),
      'FORBIDDEN',
      'ENTITY_OUT_OF_SCOPE',
    ],
  ])('refuses %s, writing nothing, even for an invalid matrix', async (_name, actor, code, policyCode) => {
    for (const input of [
      proposal(lowerUsd),
      proposal((m) => {
        m.surprise = true;
      }),
    ]) {
      expect(await changeApprovalMatrix(database, ctxOf(actor), input)).toMatchObject({
        ok: false,
        error: { code, policyCode },
      });
    }
    expect(await tableCounts()).toEqual(nothingWritten);
  });

  it('refuses an invalid matrix with one line per problem, writing nothing', async () => {
    const r = await changeApprovalMatrix(
      database,
      ctxOf(cast.fa),
      proposal((m) => {
        tiers(m, 'invoiceTotal', 'USD').reverse();
        delete (m.always as Raw)['approval_matrix.change'];
      }),
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'APPROVAL_MATRIX_INVALID' } });
    expect(!r.ok && 'issues' in r.error ? r.error.issues : []).toEqual([
      'invoiceTotal.tiers.USD: tiers must be in ascending order of overMinor',
      "always.approval_matrix.change: changing the approval matrix must always need a finance_admin's approval",
    ]);
    expect(await tableCounts()).toEqual(nothingWritten);
  });

  it.each<[string, (m: Raw) => void, RegExp]>([
    [
      'takes effect after today',
      (m) => {
        lowerUsd(m);
        m.effectiveFrom = '2026-11-27';
      },
      /effectiveFrom: 2026-11-27 is after today \(2026-11-26\)/,
    ],
    [
      'takes effect before version 1 did',
      (m) => {
        lowerUsd(m);
        m.effectiveFrom = '2025-12-31';
      },
      /before 2026-01-01, when version 1 took effect/,
    ],
    ['changes no rule', () => undefined, /no rule differs from version 1/],
  ])('refuses a matrix that %s, writing nothing', async (_name, edit, message) => {
    const r = await changeApprovalMatrix(database, ctxOf(cast.fa), proposal(edit));
    expect(r).toMatchObject({ ok: false, error: { code: 'APPROVAL_MATRIX_INVALID' } });
    expect(!r.ok && r.error.message).toMatch(message);
    expect(await tableCounts()).toEqual(nothingWritten);
  });

  it('refuses a proposal based on a version no longer in force, and one that skips a version', async () => {
    const stale = proposal((m) => {
      tiers(m, 'invoiceTotal', 'EUR')[0]!.overMinor = '500000';
    }, 'EUR tier');
    const staleAsk = await changeApprovalMatrix(database, ctxOf(fa3), stale);
    unwrap(await grantApproval(database, ctxOf(fa2), { requestId: requestIdOf(staleAsk) }));
    await applied(database, proposal(lowerUsd));
    const [staleRequest] = await database.db
      .select()
      .from(approvalRequests)
      .where(eq(approvalRequests.id, requestIdOf(staleAsk)));
    expect(staleRequest!.status).toBe('superseded');
    const before = await tableCounts();
    expect(await changeApprovalMatrix(database, ctxOf(fa3), stale)).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_MATRIX_VERSION_CONFLICT', currentVersion: 2, proposedVersion: 2 },
    });
    expect(
      await changeApprovalMatrix(
        database,
        ctxOf(fa3),
        proposal((m) => {
          lowerUsd(m);
          m.version = 4;
        }),
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'APPROVAL_MATRIX_VERSION_CONFLICT', currentVersion: 2, proposedVersion: 4 },
    });
    expect(await tableCounts()).toEqual(before);
  });

  it('applies exactly one of two approved proposals for the same next version, racing', async () => {
    const usd = proposal(lowerUsd, 'USD');
    const eur = proposal((m) => {
      tiers(m, 'invoiceTotal', 'EUR')[0]!.overMinor = '500000';
    }, 'EUR');
    unwrap(
      await grantApproval(database, ctxOf(fa3), {
        requestId: requestIdOf(await changeApprovalMatrix(database, ctxOf(cast.fa), usd)),
      }),
    );
    unwrap(
      await grantApproval(database, ctxOf(fa3), {
        requestId: requestIdOf(await changeApprovalMatrix(database, ctxOf(fa2), eur)),
      }),
    );
    const results = await Promise.all([
      changeApprovalMatrix(database, ctxOf(cast.fa), usd),
      changeApprovalMatrix(database, ctxOf(fa2), eur),
    ]);
    expect(results.map(codeOf).sort()).toEqual(['APPROVAL_MATRIX_VERSION_CONFLICT', 'ok']);
    const rows = await database.db.select().from(approvalMatrixVersions);
    expect(rows.map((r) => r.version)).toEqual([2]);
    const won = results.find((r) => r.ok);
    expect(rows[0]!.sha256).toBe(won?.ok ? won.value.sha256 : '');
    expect(
      (await database.db.select().from(auditLog).where(eq(auditLog.action, 'approval_matrix.change'))).length,
    ).toBe(1);
  });

  it('keeps the stored versions and proposals append-only', async () => {
    await applied(database, proposal(lowerUsd));
    for (const [statement, refused] of [
      [
        `UPDATE approval_matrix_versions SET effective_from = '2026-02-01'`,
        'approval_matrix_versions is append-only: UPDATE is not allowed',
      ],
      ['DELETE FROM approval_matrix_versions', 'approval_matrix_versions is append-only: DELETE is not allowed'],
      ['TRUNCATE approval_matrix_versions', 'approval_matrix_versions is append-only: TRUNCATE is not allowed'],
      [
        `UPDATE approval_matrix_proposals SET reason = 'edited'`,
        'approval_matrix_proposals is append-only: UPDATE is not allowed',
      ],
      ['DELETE FROM approval_matrix_proposals', 'approval_matrix_proposals is append-only: DELETE is not allowed'],
      ['TRUNCATE approval_matrix_proposals', 'approval_matrix_proposals is append-only: TRUNCATE is not allowed'],
    ] as const) {
      expect(await refusal(database.db.execute(statement)), statement).toContain(refused);
    }
    expect((await currentMatrix(database.db)).version).toBe(2);
  });

  describe('approvals and requests of the version before', () => {
    it('runs a void whose approval was granted under version 1: same level, role and arguments', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      const asked = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate' });
      unwrap(await grantApproval(database, ctxOf(cast.ctl), { requestId: requestIdOf(asked) }));
      await applied(database, proposal(lowerUsd));
      expect(
        unwrap(await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate' })),
      ).toMatchObject({ status: 'void' });
    });

    it('replaces a request waiting under version 1 by one with the levels version 2 asks for', async () => {
      const id = await insertInvoice(database, { totalMinor: 100_00n, status: 'draft' });
      const first = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate' });
      await applied(
        database,
        proposal((m) => {
          (m.always as Raw)['invoice.void'] = ['controller', 'finance_admin'];
        }, 'voids need a finance admin too'),
      );
      const again = await voidInvoice(database, ctxOf(cast.clerk), { invoiceId: id, reason: 'duplicate' });
      expect(again).toMatchObject({
        ok: false,
        error: {
          code: 'APPROVAL_REQUIRED',
          steps: [
            { level: 1, role: 'controller' },
            { level: 2, role: 'finance_admin' },
          ],
        },
      });
      expect(requestIdOf(again)).not.toBe(requestIdOf(first));
      const voids = await database.db
        .select()
        .from(approvalRequests)
        .where(and(eq(approvalRequests.actionType, 'invoice.void'), eq(approvalRequests.targetId, id)))
        .orderBy(asc(approvalRequests.createdAt), asc(approvalRequests.matrixVersion));
      expect(voids.map((r) => [r.matrixVersion, r.status])).toEqual([
        [1, 'superseded'],
        [2, 'pending'],
      ]);
    });
  });
});
