import { inArray } from 'drizzle-orm';
import { canonicalJson, toJsonValue, type JsonValue } from '../../billing/audit/canonical-json.ts';
import type { ContractBundle } from '../../billing/inputs/contract-bundle.ts';
import type { DbOrTx } from '../../db/client.ts';
import { people } from '../../db/schema/index.ts';
import { getContracts } from '../../db/stores/master-data-queries.ts';
import type { ActionOf } from '../../policy/actions.ts';
import type { PolicyDecision } from '../../policy/decision.ts';
import { evaluate } from '../../policy/evaluate.ts';
import type { ErrorCodeOf } from '../../shared/error-codes.ts';
import { InputError } from '../../shared/errors.ts';
import { commercialTerms, contractDetailView } from '../contracts/contract-view.ts';
import type { ToolContext } from '../define-tool.ts';
import { readMatrixInForce } from '../policy-gate/context.ts';
import { entityFacts } from '../policy-gate/entity-facts.ts';
import { accessFacts } from '../users/access-gate.ts';

type Terms = Record<string, unknown>;
interface CostRate {
  costRate: string | null;
  costCurrency: string | null;
}
interface OnFile<T> {
  id: string;
  entityId: string | null;
  guarded: T;
}

/** What the bundle's records that exist held before it was written: contracts' terms, people's cost rates, by code. */
export interface GuardedOnFile {
  contracts: Map<string, OnFile<Terms>>;
  people: Map<string, OnFile<CostRate>>;
}

/** A change policy let the bundle make (the import's audit row lists them, with the values before and after). */
export interface AllowedChange {
  action: 'contract.change_terms' | 'person.change_cost_rate';
  code: string;
  fields: string[];
  before: JsonValue;
  after: JsonValue;
  decision: JsonValue;
}

type Refused = ErrorCodeOf<'CONTRACT_TERMS_NEED_POLICY' | 'COST_RATE_NEEDS_POLICY'>;

type ContractDetail = Parameters<typeof contractDetailView>[0];

const termsOf = (d: ContractDetail): OnFile<Terms> => ({
  id: d.contract.id,
  entityId: d.contract.legalEntityId,
  guarded: commercialTerms(contractDetailView(d)),
});

async function contractTerms(db: DbOrTx, codes: string[]): Promise<Map<string, OnFile<Terms>>> {
  const found = await getContracts(db, codes);
  return new Map([...found].map(([code, d]) => [code, termsOf(d)]));
}

async function costRates(db: DbOrTx, codes: string[]): Promise<Map<string, OnFile<CostRate>>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({
      id: people.id,
      code: people.code,
      entityId: people.legalEntityId,
      costRate: people.costRate,
      costCurrency: people.costCurrency,
    })
    .from(people)
    .where(inArray(people.code, [...new Set(codes)]));
  return new Map(
    rows.map((r) => [
      r.code,
      { id: r.id, entityId: r.entityId, guarded: { costRate: r.costRate, costCurrency: r.costCurrency } },
    ]),
  );
}

/** A rate card is a set: its rows compare whatever order the store reads them in (role and date may tie). */
const comparable = (v: Terms): Terms =>
  Array.isArray(v.rateCard)
    ? { ...v, rateCard: [...v.rateCard].sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1)) }
    : v;

/** The top-level fields whose values differ (compared as canonical JSON). */
function changedFields(was: object, is: object): string[] {
  const [a, b] = [comparable(was as Terms), comparable(is as Terms)];
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => canonicalJson(toJsonValue(a[k] ?? null)) !== canonicalJson(toJsonValue(b[k] ?? null)));
}

/**
 * An existing contract's commercial terms (rates, caps, retainer, usage tiers, milestone amounts and dates, fees,
 * discounts, payment and tax terms) change only under contract.change_terms, and a person's cost rate only under
 * person.change_cost_rate (contracts_upsert and people_upsert, where the matrix has a controller or a finance admin
 * approve). The master-data bundle writes both by code, so it would change them on the side. Read before the bundle
 * is written, compared after (as stored, the same views the single-item entries compare), in the bundle's savepoint:
 * each change is the action the single-item entry would take, decided by policy for the importer under the matrix in
 * force. Allowed, it stands and the import's audit row names it; needing approval or denied, it throws (naming the
 * record and the fields) and the savepoint rolls back whole. New contracts and people, and unchanged ones, pass.
 */
export const termsChanges = {
  async read(db: DbOrTx, bundle: ContractBundle): Promise<GuardedOnFile> {
    const contracts = await contractTerms(
      db,
      bundle.contracts.map((c) => c.code),
    );
    return {
      contracts,
      people: await costRates(
        db,
        bundle.people.map((p) => p.code),
      ),
    };
  },

  /** Throws CONTRACT_TERMS_NEED_POLICY or COST_RATE_NEEDS_POLICY for the first change policy does not allow outright. */
  async refuse(ctx: ToolContext, db: DbOrTx, bundle: ContractBundle, before: GuardedOnFile): Promise<AllowedChange[]> {
    const allowed: AllowedChange[] = [];
    const terms = await contractTerms(db, [...before.contracts.keys()]);
    for (const [i, c] of bundle.contracts.entries()) {
      const was = before.contracts.get(c.code);
      const now = terms.get(c.code);
      if (!was || !now) continue;
      const fields = changedFields(was.guarded, now.guarded);
      if (fields.length === 0) continue;
      const action: ActionOf<'contract.change_terms'> = {
        type: 'contract.change_terms',
        target: { kind: 'contract', id: was.id },
        args: { before: was.guarded, after: now.guarded },
      };
      const decision = await decide(ctx, db, action, was.entityId);
      if (decision.outcome !== 'allow')
        throw refusal('CONTRACT_TERMS_NEED_POLICY', decision, {
          path: `contracts.${i}`,
          what: `the terms of contract ${c.code}`,
          fields,
          single: 'POST /contracts (contracts_upsert)',
          details: { contract: c.code },
        });
      allowed.push(change(action.type, c.code, fields, was.guarded, now.guarded, decision));
    }
    const after = await costRates(
      db,
      bundle.people.map((p) => p.code),
    );
    for (const [i, p] of bundle.people.entries()) {
      const was = before.people.get(p.code);
      const now = after.get(p.code);
      if (!was || !now) continue;
      const fields = changedFields(was.guarded, now.guarded);
      if (fields.length === 0) continue;
      const action: ActionOf<'person.change_cost_rate'> = {
        type: 'person.change_cost_rate',
        target: { kind: 'person', id: was.id },
        args: { before: was.guarded, after: now.guarded },
      };
      const decision = await decide(ctx, db, action, was.entityId);
      if (decision.outcome !== 'allow')
        throw refusal('COST_RATE_NEEDS_POLICY', decision, {
          path: `people.${i}`,
          what: `the cost rate of person ${p.code}`,
          fields,
          single: 'POST /people (people_upsert)',
          details: { person: p.code },
        });
      allowed.push(change(action.type, p.code, fields, was.guarded, now.guarded, decision));
    }
    return allowed;
  },
};

/** Policy's decision for the importer, as the single-item entry's gate would take it (same facts, same matrix). */
async function decide(
  ctx: ToolContext,
  db: DbOrTx,
  action: ActionOf<'contract.change_terms'> | ActionOf<'person.change_cost_rate'>,
  entityId: string | null,
): Promise<PolicyDecision> {
  const facts = { ...(await accessFacts(ctx)), ...(await entityFacts(db, action, entityId)) };
  return evaluate(action, ctx.actor, facts, await readMatrixInForce(db, ctx));
}

const change = (
  action: AllowedChange['action'],
  code: string,
  fields: string[],
  before: object,
  after: object,
  decision: PolicyDecision,
): AllowedChange => ({
  action,
  code,
  fields,
  before: toJsonValue(before),
  after: toJsonValue(after),
  decision: toJsonValue(decision),
});

function refusal(
  code: Refused,
  decision: Exclude<PolicyDecision, { outcome: 'allow' }>,
  r: { path: string; what: string; fields: string[]; single: string; details: Record<string, string> },
): InputError {
  const type = code === 'CONTRACT_TERMS_NEED_POLICY' ? 'contract.change_terms' : 'person.change_cost_rate';
  const why =
    decision.outcome === 'deny'
      ? `you may not: ${decision.reason}`
      : `it needs ${decision.steps.map((s) => `level ${s.level} by a ${s.role}: ${s.reason}`).join('; ')}, which a ` +
        `bundle cannot ask for: ${r.single} opens the approval request`;
  return new InputError(
    code,
    `${r.path}: the bundle would change ${r.fields.join(', ')} in ${r.what}, which is ${type}; ${why}. ` +
      'Repeat what is on file in the bundle to keep it (an omitted field is its default, which counts as a change)',
    {
      path: r.path,
      ...r.details,
      fields: r.fields,
      action: type,
      outcome: decision.outcome,
      ...(decision.outcome === 'deny' ? { policyCode: decision.code } : { steps: decision.steps }),
    },
  );
}
