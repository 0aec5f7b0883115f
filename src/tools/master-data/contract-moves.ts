import type { ContractBundle } from '../../billing/inputs/contract-bundle.ts';
import type { DbOrTx } from '../../db/client.ts';
import { contractEntityCodes } from '../../db/stores/contract-moves.ts';
import { clientEntityCodes } from '../../db/stores/master-data-queries.ts';
import { err, ok, type Result } from '../../shared/result.ts';

/** A write that would put a contract that exists in another legal entity (by giving it a client of another entity). */
export interface ContractMoveRefused {
  code: 'CONTRACT_MOVE_REFUSED';
  message: string;
  path: string;
  contract: string;
  /** The entity the contract is in, and the one its new client would put it in (codes). */
  from: string;
  to: string;
}

/**
 * The legal entity of a contract decides who issues its invoices and the account they print, so a contract that
 * exists changes entity only with its client (clients_upsert: the move is approved, and takes the client's contracts
 * along). Giving it a client of another entity is refused, naming the contract and both entities.
 */
export const contractMoveRefused = (
  path: string,
  contract: string,
  client: string,
  from: string,
  to: string,
): ContractMoveRefused => ({
  code: 'CONTRACT_MOVE_REFUSED',
  message:
    `${path}: client ${client} would move contract ${contract} from ${from} to ${to}, which changes who issues its ` +
    "invoices and the account they print; a contract moves only with its client, with a second person's approval: " +
    `POST /clients (clients_upsert) moving the client takes its contracts along; to bill a client of ${to}, write a new contract`,
  path,
  contract,
  from,
  to,
});

/**
 * The bundle's check for contracts that exist: each keeps its legal entity, which is its client's after the bundle
 * (the bundle's entry for the client, else the client on file). A client the bundle cannot find is left to the
 * write (UNKNOWN_REFERENCE). Runs after the check on clients' moves, which refuses moving a client that exists.
 */
export async function contractMoves(db: DbOrTx, bundle: ContractBundle): Promise<Result<null, ContractMoveRefused>> {
  const onFile = await contractEntityCodes(
    db,
    bundle.contracts.map((c) => c.code),
  );
  if (onFile.size === 0) return ok(null);
  const inBundle = new Map(bundle.clients.map((c) => [c.code, c.legalEntity]));
  const clientsOnFile = await clientEntityCodes(
    db,
    bundle.contracts.map((c) => c.client).filter((c) => !inBundle.has(c)),
  );
  for (const [i, c] of bundle.contracts.entries()) {
    const from = onFile.get(c.code)?.entityCode;
    const to = inBundle.get(c.client) ?? clientsOnFile.get(c.client);
    if (from === undefined || to === undefined || from === to) continue;
    return err(contractMoveRefused(`contracts.${i}.client`, c.code, c.client, from, to));
  }
  return ok(null);
}
