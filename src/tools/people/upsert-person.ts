import { z } from 'zod';
import { personInputSchema } from '../../billing/inputs/contract-bundle.ts';
import { upsertBundle } from '../../db/stores/master-data.ts';
import { getPerson } from '../../db/stores/master-data-queries.ts';
import { legalEntityCodes } from '../../db/stores/user-store.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import {
  bundleOf,
  unknownReference,
  writeUnderPolicy,
  type UnknownReference,
} from '../master-data/write-under-policy.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { personView, personViewSchema } from './person-view.ts';

export const upsertPersonOutputSchema = z.object({
  created: z.boolean().describe('True when the person is new, false when an existing one was updated'),
  person: personViewSchema,
});

export const peopleUpsert = defineTool({
  name: 'people_upsert',
  description:
    'Creates a person whose time is billed, or updates the one with this code. A person without a legal entity is firm-wide: only users ' +
    "with every entity write one. Changing an existing person's cost rate (it decides the margin the approval matrix checks) is " +
    'person.change_cost_rate, which a finance admin approves: APPROVAL_REQUIRED first; once approved, the same call writes. Audited as person.create or person.update.',
  input: personInputSchema,
  output: upsertPersonOutputSchema,
  risk: 'write',
  policyAction: 'person.change_cost_rate',
  handler: async (
    ctx,
    body,
  ): Promise<Result<z.output<typeof upsertPersonOutputSchema>, UnknownReference | ScopeError | GateError>> => {
    let entityId: string | null = null;
    if (body.legalEntity) {
      const found = (await legalEntityCodes(ctx.db)).idByCode.get(body.legalEntity);
      if (!found) return err(unknownReference('legalEntity', 'legal entity', body.legalEntity));
      entityId = found;
    }
    const before = await getPerson(ctx.db, body.code);
    const touched = before ? [entityId, before.person.legalEntityId] : [entityId];
    for (const e of touched) if (!actorMayTouch(ctx.actor, e)) return err(outOfScopeError(e));
    const written = await writeUnderPolicy(ctx, {
      kind: 'person',
      read: (db) => getPerson(db, body.code),
      write: (db) => upsertBundle(db, bundleOf({ people: [body] })),
      guarded: (r) => ({ costRate: r.person.costRate, costCurrency: r.person.costCurrency }),
      guard: (after, was, now): ActionOf<'person.change_cost_rate'> => ({
        type: 'person.change_cost_rate',
        target: { kind: 'person', id: after.person.id },
        args: { before: was, after: now },
      }),
      entityOf: (r) => r.person.legalEntityId,
      idOf: (r) => r.person.id,
      view: personView,
    });
    return written.ok ? ok({ created: written.value.created, person: personView(written.value.after) }) : written;
  },
});
