import { createHash } from 'node:crypto';
import { z } from 'zod';
import { maskedAccount, sameBankAccount, storedBankAccount } from '../../billing/collections/bank-account.ts';
import { contractBundleSchema, type ContractBundle } from '../../billing/inputs/contract-bundle.ts';
import type { DbOrTx } from '../../db/client.ts';
import { bankAccountsByCode } from '../../db/stores/bank-account-store.ts';
import { lockBundleRows, upsertBundle, type BundleCounts } from '../../db/stores/master-data.ts';
import { clientEntityCodes } from '../../db/stores/master-data-queries.ts';
import { InputError } from '../../shared/errors.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool, type DomainError } from '../define-tool.ts';
import type { GateError } from '../policy-gate/approval-gate.ts';
import { auditAccess, passAccessGate } from '../users/access-gate.ts';
import { billingDetailsChanges } from './billing-details-changes.ts';
import { milestoneProgressChanges } from './milestone-progress-changes.ts';
import { projectStatusChanges } from './project-status-changes.ts';
import { contractMoves } from './contract-moves.ts';
import { termsChanges, type AllowedChange } from './terms-changes.ts';

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
 * administrator can act); afterwards an administrator does. It never changes where clients pay: see
 * bankAccountChanges, clientMoves and contractMoves; nor where an existing client's invoices go
 * (billing-details-changes.ts); nor an existing contract's terms or person's cost rate unless the importer's policy
 * allows that change outright, without approval (terms-changes.ts).
 */
export const masterDataImport = defineTool({
  name: 'master_data_import',
  description:
    'Loads a master-data bundle (legal entities, tax rates, exchange rates, clients, people, contracts with rate cards, projects and ' +
    'milestones) by code, all or none; a code that exists is updated. For setting a firm up: changing one live contract goes through ' +
    'contracts_upsert, under its approvals. It never sets, changes or removes the bank account of an entity ' +
    'that exists (BANK_ACCOUNT_NEEDS_APPROVAL, nothing written): legal_entities_change_bank_account does; nor moves a ' +
    'client that exists to another legal entity (CLIENT_MOVE_NEEDS_APPROVAL, nothing written): clients_upsert does, ' +
    'taking its contracts along; nor gives a contract that exists a client of another entity (CONTRACT_MOVE_REFUSED); ' +
    "nor changes an existing client's billing contacts, delivery channel, credit limit or account manager " +
    '(CLIENT_BILLING_DETAILS_NEED_APPROVAL, nothing written): clients_upsert does, with a second person approving; ' +
    "nor an existing project's status (PROJECT_STATUS_NEEDS_POLICY): projects_upsert does; nor an existing milestone's " +
    'status or acceptance, nor adds one to an existing contract completed or accepted (MILESTONE_PROGRESS_NEEDS_POLICY): ' +
    "milestones_complete and milestones_accept do; nor an existing contract's " +
    "commercial terms or a person's cost rate unless policy lets the importer make that change without approval " +
    '(CONTRACT_TERMS_NEED_POLICY, COST_RATE_NEEDS_POLICY, nothing written): contracts_upsert and people_upsert open the approval.',
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
    const bank = await bankAccountChanges(ctx.db, input.bundle);
    if (!bank.ok) return bank;
    const moved = await clientMoves(ctx.db, input.bundle);
    if (!moved.ok) return moved;
    const contractsMoved = await contractMoves(ctx.db, input.bundle);
    if (!contractsMoved.ok) return contractsMoved;
    let counts: BundleCounts;
    let changed: AllowedChange[];
    try {
      // In a savepoint: a reference the bundle gets wrong rolls back what it wrote so far, and the call answers the refusal.
      // Where an existing client's invoices and reminders go is compared as written (defaults included) and a change
      // throws, rolling the savepoint back: such a change is client.change_billing_details, a second person's.
      // Likewise an existing contract's terms and a person's cost rate: each change is decided by policy as the
      // single-item entry's action, and one that is not allowed outright throws.
      [counts, changed] = await ctx.db.transaction(async (sp) => {
        // First the rows it will overwrite, so what the checks read as "before" cannot change under them.
        await lockBundleRows(sp, input.bundle);
        const before = await billingDetailsChanges.read(sp, input.bundle);
        const statuses = await projectStatusChanges.read(sp, input.bundle);
        const progress = await milestoneProgressChanges.read(sp, input.bundle);
        const guarded = await termsChanges.read(sp, input.bundle);
        const n = await upsertBundle(sp, input.bundle);
        await billingDetailsChanges.refuse(sp, input.bundle, before);
        await projectStatusChanges.refuse(sp, input.bundle, statuses, (i, j) => `contracts.${i}.projects.${j}.status`);
        await milestoneProgressChanges.refuse(sp, input.bundle, progress, {
          newContracts: 'any',
          pathOf: (i, j) => `contracts.${i}.milestones.${j}`,
        });
        return [n, await termsChanges.refuse(ctx, sp, input.bundle, guarded)] as const;
      });
    } catch (e) {
      if (e instanceof InputError) return err({ code: e.code, message: e.message, ...e.details });
      throw e;
    }
    await auditAccess(ctx, gate.value, {
      action: 'master_data.import',
      targetType: 'master_data',
      targetId: input.file,
      before: null,
      after: {
        ...counts,
        ...(bank.value.length ? { firstBankAccounts: bank.value } : {}),
        ...(changed.length ? { changedUnderPolicy: changed } : {}),
      },
    });
    return ok(counts);
  },
});

/** A bundle that would set, change or remove the account of an entity that exists: refused whole. */
interface BankAccountNeedsApproval {
  code: 'BANK_ACCOUNT_NEEDS_APPROVAL';
  message: string;
  path: string;
  legalEntity: string;
}

/**
 * Where clients pay changes only under legal_entity.change_bank_account (a second person approves). A bundle may
 * give an entity it creates its first account (setting a firm up, before anyone else could approve) and may repeat
 * the account on file; an entity that exists keeps its account unless the bundle omits it (kept) or names the same.
 * Setting a first account on an entity that exists, changing it or removing it (null) refuses the whole bundle,
 * naming the entity. Answers the codes of the entities created with a first account (the audit row names them).
 */
async function bankAccountChanges(
  db: DbOrTx,
  bundle: ContractBundle,
): Promise<Result<string[], BankAccountNeedsApproval>> {
  const onFile = await bankAccountsByCode(
    db,
    bundle.legalEntities.map((le) => le.code),
  );
  const firsts: string[] = [];
  for (const [i, le] of bundle.legalEntities.entries()) {
    if (le.bankAccount === undefined) continue;
    const wanted = storedBankAccount(le.bankAccount);
    const entity = onFile.get(le.code);
    if (!entity) {
      if (wanted) firsts.push(le.code);
      continue;
    }
    if (sameBankAccount(entity.account, wanted)) continue;
    const what = wanted === null ? 'remove' : entity.account === null ? 'set' : 'change';
    return err({
      code: 'BANK_ACCOUNT_NEEDS_APPROVAL',
      message:
        `legalEntities.${i}.bankAccount: the bundle would ${what} the bank account of ${le.code} ` +
        `(${maskedAccount(entity.account)} -> ${maskedAccount(wanted)}); where clients pay changes only with a ` +
        `second person's approval: POST /legal-entities/${le.code}/bank-account or ` +
        `\`billing-copilot bank account ${le.code}\` ` +
        '(legal_entities_change_bank_account); leave bankAccount out of the bundle to keep the account on file',
      path: `legalEntities.${i}.bankAccount`,
      legalEntity: le.code,
    });
  }
  return ok(firsts);
}

/** A bundle that would move a client that exists to another legal entity: refused whole. */
interface ClientMoveNeedsApproval {
  code: 'CLIENT_MOVE_NEEDS_APPROVAL';
  message: string;
  path: string;
  client: string;
  legalEntity: string;
}

/**
 * The legal entity decides the account a client's invoices and reminders print, so a client that exists moves only
 * under client.change_billing_details (clients_upsert: a second person approves). A bundle may create a client in
 * any entity and may repeat the entity on file; naming another refuses the whole bundle, naming the client.
 */
async function clientMoves(db: DbOrTx, bundle: ContractBundle): Promise<Result<null, ClientMoveNeedsApproval>> {
  const onFile = await clientEntityCodes(
    db,
    bundle.clients.map((c) => c.code),
  );
  for (const [i, c] of bundle.clients.entries()) {
    const from = onFile.get(c.code);
    if (from === undefined || from === c.legalEntity) continue;
    return err({
      code: 'CLIENT_MOVE_NEEDS_APPROVAL',
      message:
        `clients.${i}.legalEntity: the bundle would move client ${c.code} from ${from} to ${c.legalEntity}, which ` +
        "changes the account its invoices and reminders print; a client moves only with a second person's approval: " +
        `POST /clients (clients_upsert); name ${from} in the bundle to keep the client where it is`,
      path: `clients.${i}.legalEntity`,
      client: c.code,
      legalEntity: c.legalEntity,
    });
  }
  return ok(null);
}
