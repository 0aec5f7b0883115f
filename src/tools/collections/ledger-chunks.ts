/**
 * The ledger as the nightly prioritization and the score backfill read it: a chunk of whole clients
 * at a time (a score reads only its client's history), cut to what was known on the date.
 */
import type { ClientCollectionFacts, LedgerInvoice } from '../../db/stores/receivables-store.ts';
import type { RawSql } from '../../db/client.ts';
import type { ScoreKey } from '../../db/stores/dispute-scores-store.ts';
import {
  type ClientsLedger,
  clientsAfter,
  clientsIn,
  disputeScoresOf,
  ledgerInClientOrder,
  ledgerOfClients,
} from '../../db/stores/worklist-store.ts';
import type { UseCaseDatabase } from '../policy-gate/context.ts';

/** Rows a cursor fetch asks for per client of a batch (the bench's clients have 10 invoices each). */
const FETCH_ROWS_PER_CLIENT = 10;

export type Chunk = { terms: Map<string, ClientCollectionFacts>; ledger: ClientsLedger };

/**
 * The ledger as of `run.asOf` in chunks of about `batch` whole clients, with each chunk's client terms
 * and its dispute scores stored under `run.key`: through one cursor on `conn` (a server's connection
 * of its own), else by client ranges (PGlite).
 */
export function ledgerChunks(
  database: UseCaseDatabase,
  conn: RawSql | null,
  run: LedgerRead,
  batch: number,
): AsyncGenerator<Chunk> {
  return conn ? cursorChunks(database, conn, run, batch * FETCH_ROWS_PER_CLIENT) : rangeChunks(database, run, batch);
}

/** What reading the ledger needs: its date and the model whose stored scores come with it. */
export interface LedgerRead {
  asOf: string;
  /** Where the model's dispute scores are stored; null: none are read. */
  key: ScoreKey | null;
}

/** PGlite: `batch` clients at a time by id, each batch its own short statements. */
async function* rangeChunks(database: UseCaseDatabase, run: LedgerRead, batch: number): AsyncGenerator<Chunk> {
  for (let after: string | null = null; ; ) {
    const clients = await clientsAfter(database.db, after, batch);
    if (clients.length === 0) return;
    after = (clients.at(-1) as ClientCollectionFacts).clientId;
    const range = { from: clients[0]!.clientId, to: after };
    const ledger = await ledgerOfClients(database.db, run.asOf, range, run.key);
    yield { terms: new Map(clients.map((c) => [c.clientId, c])), ledger };
  }
}

/** PostgreSQL: the ledger in client order through one cursor, with each chunk's client terms and stored scores. */
async function* cursorChunks(
  database: UseCaseDatabase,
  conn: RawSql,
  run: LedgerRead,
  fetchRows: number,
): AsyncGenerator<Chunk> {
  for await (const ledger of ledgerInClientOrder(conn, run.asOf, fetchRows)) {
    const ids = [...new Set(ledger.history.map((i) => i.clientId))];
    const clients = await clientsIn(database.db, ids);
    if (run.key) ledger.disputeAtIssue = await disputeScoresOf(database.db, run.key, [...ledger.open.keys()]);
    yield { terms: new Map(clients.map((c) => [c.clientId, c])), ledger };
  }
}

/** A ledger invoice open on the run's date, with what it still owes then. */
export type Receivable = LedgerInvoice & { openMinor: bigint };

/**
 * A chunk's ledger as known on `asOf` (historyAsOf's cut, in place: the chunk's invoices were read for
 * this run alone, and copying each one was a good part of its garbage), and the receivables open then:
 * something still owed, and not settled (paid in full or written off) by then.
 */
export function cutToDate(ledger: ClientsLedger, asOf: string): { known: LedgerInvoice[]; receivables: Receivable[] } {
  const known: LedgerInvoice[] = [];
  for (const i of ledger.history) {
    if (i.issueDate > asOf) continue;
    if (i.settledDate !== null && i.settledDate > asOf) i.settledDate = null;
    if (i.disputeKnownOn !== null && i.disputeKnownOn > asOf) i.disputeKnownOn = null;
    known.push(i);
  }
  const receivables: Receivable[] = [];
  for (const i of known) {
    const openMinor = ledger.open.get(i.id);
    if (openMinor === undefined || i.settledDate !== null) continue;
    (i as Receivable).openMinor = openMinor;
    receivables.push(i as Receivable);
  }
  return { known, receivables };
}
