import { z } from 'zod';
import { toJsonValue } from '../../billing/audit/canonical-json.ts';
import {
  maskedAccount,
  sameBankAccount,
  storedBankAccount,
  type StoredBankAccount,
} from '../../billing/collections/bank-account.ts';
import { bankAccountInputSchema } from '../../billing/inputs/contract-bundle.ts';
import { appendAudit } from '../../db/stores/audit-store.ts';
import { entityBankAccount, setBankAccount } from '../../db/stores/bank-account-store.ts';
import type { ActionOf } from '../../policy/actions.ts';
import { codeField } from '../../shared/bounded-fields.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { defineTool } from '../define-tool.ts';
import { passGate, type GateError } from '../policy-gate/approval-gate.ts';
import { approvalRef, auditEntry } from '../policy-gate/context.ts';
import { actorMayTouch, outOfScopeError, type ScopeError } from '../scope.ts';

const storedAccountSchema = z
  .object({
    bankName: z.string().nullable(),
    iban: z.string().nullable().describe('Compact, upper case'),
    bic: z.string().nullable(),
    accountNumber: z.string().nullable(),
    routingCode: z.string().nullable(),
  })
  .nullable()
  .describe('The account as stored (IBAN and BIC compact), or null for none');

export const changeBankAccountInputSchema = z.object({
  legalEntity: codeField().describe('Code of the legal entity whose clients pay into the account, e.g. NW-EU'),
  bankAccount: bankAccountInputSchema
    .nullable()
    .describe(
      'The new account: an IBAN (mod-97 checked, IBAN_INVALID) with BIC and bank name, or an account number with its ' +
        'routing code; null removes the account on file',
    ),
});

export const changeBankAccountOutputSchema = z.object({
  legalEntity: z.string().describe('The entity code'),
  changed: z.boolean().describe('False when the account on file already was this one: nothing written, nothing asked'),
  before: storedAccountSchema,
  after: storedAccountSchema,
});

type Output = z.output<typeof changeBankAccountOutputSchema>;

/** The entity code the input names does not exist. */
interface EntityNotFound {
  code: 'LEGAL_ENTITY_NOT_FOUND';
  message: string;
  legalEntity: string;
}

/**
 * legal_entities_change_bank_account: sets, changes or removes the account a legal entity's clients pay into,
 * always under a second person's approval (the matrix's legalEntityBankAccount rule). The first call opens the
 * request bound to the account before and after and writes nothing else; once granted, the same call writes it
 * once, audited with both accounts; called again, it finds the account already on file and writes nothing.
 */
export const legalEntitiesChangeBankAccount = defineTool({
  name: 'legal_entities_change_bank_account',
  description:
    "Sets, changes or removes the bank account a legal entity's clients pay into (printed on every reminder). " +
    'Where clients pay is the classic invoice-redirection fraud, so it is legal_entity.change_bank_account, which ' +
    'a second person always approves (a finance admin by default, never the requester): the first call answers ' +
    'APPROVAL_REQUIRED with the request and writes nothing; once granted, the same call writes, audited as ' +
    'legal_entity.change_bank_account with the account before and after. The same account again answers ' +
    'changed: false. The master-data bundle cannot change an account.',
  input: changeBankAccountInputSchema,
  output: changeBankAccountOutputSchema,
  risk: 'write',
  policyAction: 'legal_entity.change_bank_account',
  handler: async (ctx, input): Promise<Result<Output, EntityNotFound | ScopeError | GateError>> => {
    // Locked: a second change of this account waits for the first and then sees its result.
    const entity = await entityBankAccount(ctx.db, input.legalEntity, { lock: true });
    if (!entity)
      return err({
        code: 'LEGAL_ENTITY_NOT_FOUND',
        message: `No legal entity with code "${input.legalEntity}".`,
        legalEntity: input.legalEntity,
      });
    if (!actorMayTouch(ctx.actor, entity.id)) return err(outOfScopeError(entity.id));
    const before = entity.account;
    const after = storedBankAccount(input.bankAccount);
    const answer = (changed: boolean): Output => ({ legalEntity: entity.code, changed, before, after });
    // Already on file (a retry after the change ran): nothing to approve, nothing written.
    if (sameBankAccount(before, after)) return ok(answer(false));
    const action: ActionOf<'legal_entity.change_bank_account'> = {
      type: 'legal_entity.change_bank_account',
      target: { kind: 'legal_entity', id: entity.id },
      args: { before, after },
    };
    const gate = await passGate(ctx.db, ctx, action, { entityId: entity.id });
    if (!gate.ok) return gate;
    await setBankAccount(ctx.db, entity.id, after);
    await appendAudit(
      ctx.db,
      auditEntry(ctx, {
        action: 'legal_entity.change_bank_account',
        targetType: 'legal_entity',
        targetId: entity.id,
        before: auditView(entity.code, before),
        after: auditView(entity.code, after),
        decision: toJsonValue(gate.value.decision),
        approvalRef: approvalRef(gate.value.approvals),
        reason: `bank account of ${entity.code}: ${maskedAccount(before)} -> ${maskedAccount(after)}`,
      }),
    );
    return ok(answer(true));
  },
});

/** What the audit row keeps: the full account (the trail must show exactly which account was set), under its entity. */
const auditView = (code: string, account: StoredBankAccount | null) => ({ legalEntity: code, bankAccount: account });
