import { z } from 'zod';
import { usageReportSchema } from '../../billing/inputs/work-inputs.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { contractsByCodes, insertUsageRecords } from '../../db/stores/work-recording-store.ts';
import { decisionOfGates, passGate, type GateError, type GatePassed } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry } from '../policy-gate/context.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

type ReportUsageError =
  | { code: 'IMPORT_REJECTED'; message: string; errors: { index: number; message: string }[] }
  | ScopeError
  | GateError;

export const usageReport = defineTool({
  name: 'usage_report',
  description:
    'Reports metered usage readings of usage-priced contracts (by contract code), all of them or none. A reading whose event key ' +
    'was reported before is counted as a duplicate and not stored again, so a retry never bills twice.',
  input: usageReportSchema,
  output: z
    .object({ inserted: z.number().int(), duplicates: z.number().int() })
    .describe('Readings stored, and readings whose event key was taken before'),
  risk: 'write',
  policyAction: 'usage.report',
  handler: async (ctx, body): Promise<Result<{ inserted: number; duplicates: number }, ReportUsageError>> => {
    const { db } = ctx;
    const codes = [...new Set(body.records.map((r) => r.contract))];
    const found = await contractsByCodes(db, codes);
    const byCode = new Map(found.map((k) => [k.code, k]));
    const errors = body.records.flatMap((r, index) => {
      const k = byCode.get(r.contract);
      if (!k) return [{ index, message: `contract: no contract with code "${r.contract}"` }];
      return k.models.includes('usage') ? [] : [{ index, message: `contract ${r.contract} is not usage-priced` }];
    });
    if (errors.length)
      return err({ code: 'IMPORT_REJECTED', message: `${errors.length} problems; nothing was stored`, errors });
    for (const k of found) if (!actorMayTouch(ctx.actor, k.entityId)) return err(outOfScopeError(k.entityId));
    // One decision per legal entity the readings belong to (the matrix decides per entity).
    const gates: { entityId: string; gate: GatePassed }[] = [];
    for (const entityId of [...new Set(found.map((k) => k.entityId))].sort()) {
      const ofEntity = found
        .filter((k) => k.entityId === entityId)
        .map((k) => k.code)
        .sort();
      const gate = await passGate(
        db,
        ctx,
        {
          type: 'usage.report',
          target: { kind: 'contract', id: ofEntity.join(',') },
          args: { eventKeys: body.records.filter((r) => ofEntity.includes(r.contract)).map((r) => r.eventKey) },
        },
        { entityId },
      );
      if (!gate.ok) return gate;
      gates.push({ entityId, gate: gate.value });
    }
    const ids = await insertUsageRecords(
      db,
      body.records.map((r) => ({
        eventKey: r.eventKey,
        contractId: byCode.get(r.contract)!.id,
        occurredOn: r.occurredOn,
        quantity: r.quantity,
      })),
    );
    if (ids.length) {
      const decision = decisionOfGates(gates);
      await appendAudit(
        db,
        auditEntry(ctx, {
          action: 'usage.report',
          targetType: 'contract',
          targetId: codes.join(','),
          before: null,
          after: { records: ids.length, ids: ids.slice(0, 100) },
          decision,
          approvalRef: approvalRef(gates.flatMap((g) => g.gate.approvals)),
        }),
      );
    }
    return ok({ inserted: ids.length, duplicates: body.records.length - ids.length });
  },
});
