import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { legalEntities } from '../schema/index.ts';
import { accountOfColumns, type StoredBankAccount } from '../../billing/collections/bank-account.ts';

/** A legal entity and the account its clients pay into (null: none on file). */
export interface EntityBankAccount {
  id: string;
  code: string;
  country: string;
  account: StoredBankAccount | null;
}

const columns = {
  id: legalEntities.id,
  code: legalEntities.code,
  country: legalEntities.country,
  bankName: legalEntities.bankName,
  iban: legalEntities.iban,
  bic: legalEntities.bic,
  accountNumber: legalEntities.accountNumber,
  routingCode: legalEntities.routingCode,
};

const toEntity = (r: { id: string; code: string; country: string } & StoredBankAccount): EntityBankAccount => ({
  id: r.id,
  code: r.code,
  country: r.country,
  account: accountOfColumns(r),
});

/**
 * The entity with this code and its account, or null; `lock` holds its row until the transaction ends, so two
 * changes of one account are taken one after the other (the second sees the first's result).
 */
export async function entityBankAccount(
  db: DbOrTx,
  code: string,
  opts: { lock?: boolean } = {},
): Promise<EntityBankAccount | null> {
  const q = db.select(columns).from(legalEntities).where(eq(legalEntities.code, code));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row ? toEntity(row) : null;
}

/** The entities among these codes that exist, by code, with their accounts (what a bundle would change). */
export async function bankAccountsByCode(
  db: DbOrTx,
  codes: readonly string[],
): Promise<Map<string, EntityBankAccount>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select(columns)
    .from(legalEntities)
    .where(inArray(legalEntities.code, [...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, toEntity(r)]));
}

/** Sets (null: removes) an entity's account. Policy and audit are the caller's (legal_entities_change_bank_account). */
export async function setBankAccount(db: DbOrTx, entityId: string, account: StoredBankAccount | null): Promise<void> {
  const a = account ?? { bankName: null, iban: null, bic: null, accountNumber: null, routingCode: null };
  await db
    .update(legalEntities)
    .set({
      bankName: a.bankName,
      iban: a.iban,
      bic: a.bic,
      accountNumber: a.accountNumber,
      routingCode: a.routingCode,
    })
    .where(eq(legalEntities.id, entityId));
}
