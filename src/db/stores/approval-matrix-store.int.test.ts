import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../billing/audit/canonical-json.ts';
import matrixV1Json from '../../policy/approval-matrix.v1.json' with { type: 'json' };
import { evaluate } from '../../policy/evaluate.ts';
import { person, usd } from '../../policy/test-support.ts';
import type { Database } from '../client.ts';
import { approvalMatrixVersions } from '../schema/index.ts';
import { backend, databasePerTest } from '../../../test/helpers/db.ts';
import { currentMatrix } from './approval-matrix-store.ts';

/** A version 2 as a database stored it before heldRelease, clientBillingDetails, projectStatus and heldLines existed. */
const storedBeforeTheRules = () => ({
  ...structuredClone(matrixV1Json),
  version: 2,
  lowMargin: { belowPercent: '20', roles: ['controller'] },
});
const sha256 = (doc: unknown) => createHash('sha256').update(canonicalJson(doc)).digest('hex');

describe(`currentMatrix on ${backend}`, () => {
  let database: Database;
  databasePerTest((d) => {
    database = d;
  });

  it('puts rules added since into force on a version stored before they existed, keeping its own rules and sha256', async () => {
    const doc = storedBeforeTheRules();
    await database.db.insert(approvalMatrixVersions).values({
      version: 2,
      matrix: doc,
      sha256: sha256(doc),
      effectiveFrom: doc.effectiveFrom,
      proposedBy: 'fa-1',
      approvalRequestId: null,
      createdAt: new Date(),
    });
    const v = await currentMatrix(database.db);
    expect(v).toMatchObject({
      version: 2,
      sha256: sha256(doc),
      source: 'stored',
      addedRules: [
        'heldRelease',
        'clientBillingDetails',
        'projectStatus',
        'heldLines',
        'disputeRisk',
        'legalEntityBankAccount',
      ],
    });
    // Issue 11: the heldLines rule (what a held line holds) reaches a version stored before it, with its default.
    expect(v.matrix.heldLines).toEqual({ cap_exceeded: 'bill_rest', retainer_overage: 'bill_rest' });
    expect(v.matrix.lowMargin.belowPercent).toBe('20');
    expect(v.matrix.heldRelease).toMatchObject({ ownerApproves: true, invoiceApproval: ['controller'] });
    expect(v.matrix.clientBillingDetails.billingContacts).toEqual(['controller']);
    // Under that version, a clerk's release of the account manager's held fees still waits for the owner.
    const release = {
      type: 'exception.resolve',
      target: { kind: 'exception', id: 'e-1' },
      args: { resolutionCode: 'approved_as_is', note: 'ok', releases: usd(400) },
    } as const;
    const facts = {
      entityId: 'le-us',
      heldRelease: { amount: usd(400), exceptionType: 'cap_exceeded', ownerRole: 'account_manager' },
    };
    expect(evaluate(release, person('clerk', ['billing_clerk']), facts, v.matrix)).toMatchObject({
      outcome: 'require_approval',
      matrixVersion: 2,
      steps: [{ level: 1, role: 'account_manager' }],
    });
  });
});
