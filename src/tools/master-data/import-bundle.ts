import { createHash } from 'node:crypto';
import { z } from 'zod';
import { contractBundleSchema } from '../../billing/inputs/contract-bundle.ts';
import { upsertBundle, type BundleCounts } from '../../db/stores/master-data.ts';
import { InputError } from '../../shared/errors.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool, type DomainError } from '../define-tool.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import { auditAccess, passAccessGate } from '../users/access-gate.ts';

const countsSchema = z.object({
  legalEntities: z.number().int(),
  taxRates: z.number().int(),
  exchangeRates: z.number().int(),
  clients: z.number().int(),
  people: z.number().int(),
  contracts: z.number().int(),
  projects: z.number().int(),
});

/**
 * master_data_import: a whole master-data bundle by code, all or none, under master_data.import.
 * How a firm starts: the console operator loads it before any user exists (and until an
 * administrator can act); afterwards an administrator does. It may overwrite a contract's terms
 * without the approvals contracts_upsert asks for, so it is the administrator's, not the clerk's.
 */
export const masterDataImport = defineTool({
  name: 'master_data_import',
  description:
    'Loads a master-data bundle (legal entities, tax rates, exchange rates, clients, people, contracts with rate cards, projects and ' +
    'milestones) by code, all or none; a code that exists is updated. For setting a firm up: changing one live contract goes through ' +
    'contracts_upsert, under its approvals.',
  input: z.object({
    bundle: contractBundleSchema,
    file: z.string().min(1).max(255).describe('The name of the file it came from, for the audit trail'),
  }),
  output: countsSchema.describe('How many records of each kind the bundle wrote'),
  risk: 'write',
  policyAction: 'master_data.import',
  handler: async (ctx, input): Promise<Result<BundleCounts, GateError | DomainError>> => {
    const gate = await passAccessGate(ctx, {
      type: 'master_data.import',
      target: { kind: 'master_data', id: input.file },
      args: { sha256: createHash('sha256').update(JSON.stringify(input.bundle)).digest('hex') },
    });
    if (!gate.ok) return gate;
    let counts: BundleCounts;
    try {
      // In a savepoint: a reference the bundle gets wrong rolls back what it wrote so far, and the call answers the refusal.
      counts = await ctx.db.transaction((sp) => upsertBundle(sp, input.bundle));
    } catch (e) {
      if (e instanceof InputError) return err({ code: e.code, message: e.message, ...e.details });
      throw e;
    }
    await auditAccess(ctx, gate.value, {
      action: 'master_data.import',
      targetType: 'master_data',
      targetId: input.file,
      before: null,
      after: { ...counts },
    });
    return ok(counts);
  },
});
