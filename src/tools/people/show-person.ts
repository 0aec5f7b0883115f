import { getPerson } from '../../db/stores/master-data-queries.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { byCodeSchema } from '../master-data/write-under-policy.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';
import { PERSON_READERS, personView, personViewSchema } from './person-view.ts';

export const peopleShow = defineTool({
  name: 'people_show',
  description: 'One person by code: name, e-mail, role, legal entity (none = firm-wide) and hourly cost rate.',
  input: byCodeSchema,
  output: personViewSchema,
  risk: 'read',
  policyAction: null,
  readers: PERSON_READERS,
  handler: async (
    ctx,
    { code },
  ): Promise<Result<ReturnType<typeof personView>, { code: 'PERSON_NOT_FOUND'; message: string } | ScopeError>> => {
    const row = await getPerson(ctx.db, code);
    if (!row) return err({ code: 'PERSON_NOT_FOUND', message: `No person ${code}` });
    if (!actorMayTouch(ctx.actor, row.person.legalEntityId)) return err(outOfScopeError(row.person.legalEntityId));
    return ok(personView(row));
  },
});
