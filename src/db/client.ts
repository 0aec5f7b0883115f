// PGlite and its drizzle driver load only when this process opens PGlite itself (import() below): a CLI
// command that reaches a server's socket, or PostgreSQL, never pays for the WebAssembly engine.
import type { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import * as schema from './schema/index.ts';
import { lockDataFolder, type FolderLock } from './embedded/data-folder-lock.ts';
import { startEmbeddedServer, type EmbeddedServer } from './embedded/serve-embedded.ts';
import { isLocalServer, niceBackends } from './backend-nice.ts';

export type Schema = typeof schema;
/** The drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; stores accept either. */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type DbOrTx = Db | Tx;

/** A raw SQL runner shared by both drivers, for the few hot paths drizzle does not cover (cursors, bulk). */
export interface RawSql {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
  /**
   * query with each row as an array of its values in select order (pg's `rowMode: 'array'`), where the
   * driver has it (a server connection): no object with a property per column for a hot read to build.
   * `columns`: the result's column names in that order (pg's `result.fields`), for the caller to check
   * against the positions it reads.
   */
  queryArrays?(text: string, params?: unknown[]): Promise<{ rows: unknown[][]; columns: string[] }>;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction on one dedicated connection, with raw SQL (cursors, bulk writes). */
  rawTransaction<T>(fn: (raw: RawSql) => Promise<T>): Promise<T>;
  /** A dedicated server connection (PostgreSQL only), e.g. for a cursor read beside pooled writes. */
  acquire?: () => Promise<RawSql & { release(): void }>;
  /** The underlying PGlite instance (embedded, in this process only), e.g. to dump a data directory. */
  pglite?: PGlite;
  /** Embedded and served: the socket other processes (the CLI) reach this data folder through. */
  socketDir?: string;
  /**
   * How another thread or process opens a connection of its own to the same database (a server's
   * background thread): the PostgreSQL URL, or the embedded folder's socket. Absent for PGlite in
   * this thread, which nothing else can reach.
   */
  reachableAs?: { databaseUrl: string } | { socketDir: string };
  /** Embedded and served: calls fn if the engine fails for good. */
  onFatal?: (fn: (message: string) => void) => void;
  /**
   * Embedded and served: calls fn for each statement that held the one engine (and so every
   * request) for at least the configured time (the BILLING_SLOW_STATEMENT_MS setting).
   */
  onSlowStatement?: (fn: (ms: number, statement: string) => void) => void;
  /**
   * Embedded and served: writes the socket into the folder's lock, so CLI commands find it and use
   * it. Until then a command is told the server holds the folder; the server first finishes what
   * must happen before anyone else writes (migrations, marking dead billing runs interrupted).
   */
  publishSocket?: () => Promise<void>;
  /**
   * Opens every connection the pool may use (PostgreSQL; nothing to do on PGlite), so the first
   * burst of requests does not wait for connections to be opened and authenticated. A server calls
   * it once before it listens.
   */
  openConnections(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data dir; 'memory://' for in-memory. */
  dataDir?: string;
  /** A dumped PGlite data directory to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob | File;
  /** Connections in the pool (PostgreSQL, or an embedded folder reached through its socket); default 10. */
  poolSize?: number;
  /**
   * Embedded, on a folder: run PGlite in a worker thread and reach it through a Unix socket with the
   * pg driver (the server does, so long statements never block its event loop and CLI processes can
   * use the same folder through the socket); otherwise PGlite runs in this thread.
   */
  serve?: boolean;
  /** Embedded and served: report statements that hold the engine at least this long (default 200 ms). */
  slowStatementMs?: number;
  /**
   * PostgreSQL on this machine: the nice value each of this pool's backends is given once it is
   * connected (a background thread's long work then yields the CPU to the backends answering
   * requests). Where the server is elsewhere, or renicing another user's process is not permitted,
   * nothing happens.
   */
  backendNice?: number;
  /** Reach an embedded folder that a running server serves, through its socket directory. */
  socketDir?: string;
  /** Embedded, on a folder: who takes the folder's lock (written into it for another process's message). */
  holder?: { role: 'server' | 'cli'; command: string };
}

/** Per drizzle handle over a pool: the connection beside it (see besidePool). */
const besideConnections = new WeakMap<object, BesideConnection>();

/** One connection outside a pool, opened on first use and again after it fails. */
class BesideConnection {
  private client: Promise<pg.Client> | null = null;
  constructor(private readonly config: pg.ClientConfig) {}
  async query<T>(config: pg.QueryConfig): Promise<T[]> {
    if (!this.client) {
      const opening: Promise<pg.Client> = (async () => {
        const c = new pg.Client(this.config);
        // A lost connection is forgotten (only if it is still the current one); the next statement opens another.
        c.on('error', () => void (this.client === opening && (this.client = null)));
        await c.connect();
        return c;
      })();
      opening.catch(() => void (this.client === opening && (this.client = null)));
      this.client = opening;
    }
    return (await (await this.client).query(config)).rows as T[];
  }
  async end(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.then((c) => c.end()).catch(() => undefined);
  }
}

/** Opens PostgreSQL when a URL is given, else embedded PGlite with pgvector. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    return {
      ...openPool({ connectionString: opts.databaseUrl }, 'postgres', opts.poolSize ?? 10, opts.backendNice),
      reachableAs: { databaseUrl: opts.databaseUrl },
    };
  }
  // An embedded folder a running server serves: the server's PGlite, through its socket.
  if (opts.socketDir) {
    const socketDir = opts.socketDir;
    return {
      ...openPool({ host: socketDir, user: 'postgres', database: 'postgres' }, 'pglite', opts.poolSize ?? 4),
      reachableAs: { socketDir },
    };
  }
  const dataDir = opts.dataDir ?? 'memory://';
  const onDisk = !dataDir.startsWith('memory://') && !dataDir.startsWith('idb://');
  // One process per folder: PGlite is a single PostgreSQL backend and shares its files with no one.
  const lock: FolderLock | null = onDisk
    ? await lockDataFolder(dataDir, opts.holder?.role ?? 'cli', opts.holder?.command ?? 'billing-copilot')
    : null;
  try {
    if (opts.serve && onDisk) {
      const embedded: EmbeddedServer = await startEmbeddedServer(dataDir, { slowUnitMs: opts.slowStatementMs });
      const database = openPool(
        { host: embedded.socketDir, user: 'postgres', database: 'postgres' },
        'pglite',
        opts.poolSize ?? 10,
      );
      return {
        ...database,
        socketDir: embedded.socketDir,
        reachableAs: { socketDir: embedded.socketDir },
        onFatal: (fn) => embedded.onFatal(fn),
        onSlowStatement: (fn) => embedded.onSlowStatement(fn),
        publishSocket: () => lock!.update({ socketDir: embedded.socketDir }),
        async close() {
          await database.close();
          await embedded.stop();
          await lock!.release();
        },
      };
    }
    const [{ PGlite }, { vector }, { drizzle: drizzlePglite }] = await Promise.all([
      import('@electric-sql/pglite'),
      import('@electric-sql/pglite-pgvector'),
      import('drizzle-orm/pglite'),
    ]);
    const client = await PGlite.create({
      dataDir,
      extensions: { vector },
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
    });
    const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      pglite: client,
      rawTransaction: (fn) =>
        client.transaction((tx) => fn({ query: (text, params) => tx.query(text, params) as never })),
      openConnections: async () => undefined,
      async close() {
        await client.close();
        await lock?.release();
      },
    };
  } catch (e) {
    await lock?.release();
    throw e;
  }
}

/** Pools whose connections each have a session of their own (a server), so named statements may be kept per connection. */
const namedStatementPools = new WeakSet<pg.Pool>();

/**
 * A pg pool: PostgreSQL, or an embedded folder through its socket (kind 'pglite': one backend, so
 * transactions run one at a time and the code keeps to what PGlite does: no cursor beside writes).
 * Named prepared statements (drizzle's `.prepare(name)`) are kept per connection there too: the socket's
 * server makes each connection's names its own (src/db/embedded/pglite-worker.mjs).
 */
function openPool(config: pg.PoolConfig, kind: Database['kind'], max: number, backendNice?: number): Database {
  // Connections, once open, are kept (min = max): opening one costs a SCRAM handshake on both
  // sides, and a fresh server process has empty catalog and plan caches, so its first statements
  // run several times slower; a pool that closed idle connections paid both on every burst after a
  // quiet spell, on every connection at once.
  const pool = new pg.Pool({
    ...config,
    max,
    min: max,
    idleTimeoutMillis: 300_000,
    allowExitOnIdle: true,
  });
  // An idle connection dropped by the server (restart, DROP DATABASE ... FORCE) must not crash the
  // process; the pool replaces it on the next checkout.
  pool.on('error', () => undefined);
  if (backendNice !== undefined && kind === 'postgres' && isLocalServer(String(config.connectionString ?? '')))
    niceBackends(pool, backendNice);
  const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
  const beside = kind === 'postgres' ? new BesideConnection(config) : null;
  if (beside) besideConnections.set(db, beside);
  if (kind === 'postgres') namedStatementPools.add(pool);
  return {
    db,
    kind,
    async rawTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn({ query: (text, params) => client.query(text, params as unknown[]) as never });
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    async acquire() {
      const client = await pool.connect();
      return {
        query: (text, params) => client.query(text, params as unknown[]) as never,
        release: () => client.release(),
      };
    },
    async openConnections() {
      const clients = await Promise.all(Array.from({ length: max }, () => pool.connect()));
      for (const client of clients) client.release();
    },
    close: async () => {
      await beside?.end();
      await pool.end();
    },
  };
}

/** Applies the committed drizzle-kit migrations; a database that already has the newest one is left alone. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (await schemaIsCurrent(database)) return;
  if (!database.pglite) {
    const { migrate } = await import('drizzle-orm/node-postgres/migrator');
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

/**
 * True when the newest committed migration is recorded as applied. Every CLI command opens the database;
 * this is one read where drizzle's migrator reads and hashes every migration file and runs four
 * statements and a transaction. It applies what is newer than the newest recorded, so this says the same.
 */
async function schemaIsCurrent(database: Database): Promise<boolean> {
  const journalFile = path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json');
  const newest = (JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { when: number }[] }).entries.at(
    -1,
  )?.when;
  if (newest === undefined) return false;
  try {
    const newestApplied = sql`SELECT max(created_at)::text AS applied FROM drizzle.__drizzle_migrations`;
    const [row] = await queryRows<{ applied: string | null }>(database.db, newestApplied);
    return row?.applied != null && Number(row.applied) >= newest;
  } catch {
    return false; // no migrations table yet: a new database
  }
}

/** Runs a raw SQL statement through drizzle on either driver and returns its rows. */
export async function queryRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect();
const statementNames = new Map<string, string>();

/**
 * queryRows for a hot statement whose text is the same on every call (its values are parameters):
 * on a PostgreSQL pool it runs as a named prepared statement, parsed and planned once per
 * connection instead of on every call; elsewhere (PGlite, a transaction) as queryRows does. The
 * name is a hash of the text, so two texts never share one. Values come back as pg parses them
 * (json parsed; int8, numeric and text as strings): select what needs no other decoding.
 */
export async function preparedRows<T = Record<string, unknown>>(db: DbOrTx, query: SQL): Promise<T[]> {
  const pool = serverPoolOf(db);
  if (!pool) return queryRows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return (await pool.query<T & pg.QueryResultRow>({ name: statementName(text), text, values: params })).rows;
}

/** A prepared statement's name: a hash of its text, so two texts never share one. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `bc_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    if (statementNames.size < 1000) statementNames.set(text, name);
  }
  return name;
}

/**
 * preparedRows on a connection of its own beside the pool (PostgreSQL; elsewhere as preparedRows),
 * for a short statement on a hot path that must not queue behind the pool's work, such as the
 * group-commit flush barrier every import waits for. One statement at a time runs on it; callers
 * queue on the connection, not in the pool.
 */
export async function besidePool<T = Record<string, unknown>>(db: Db, query: SQL): Promise<T[]> {
  const beside = besideConnections.get(db);
  if (!beside) return preparedRows<T>(db, query);
  const { sql: text, params } = dialect.sqlToQuery(query);
  return beside.query<T>({ name: statementName(text), text, values: params });
}

/**
 * A connection of its own from the PostgreSQL pool under a drizzle handle (to hold a cursor beside
 * pooled statements), or null on PGlite (in this thread or through its socket: one backend, no
 * cursor beside writes), inside a transaction, and from a pool of one. Release it when done.
 */
export async function dedicatedConnection(db: DbOrTx): Promise<(RawSql & { release(): void }) | null> {
  const pool = serverPoolOf(db);
  // The caller's other statements need the rest of the pool.
  if (!pool || (pool.options.max ?? 10) < 2) return null;
  const client = await pool.connect();
  return {
    query: (text, params) => client.query(text, params as unknown[]) as never,
    queryArrays: async (text, params) => {
      const result = await client.query<unknown[]>({ text, values: params as unknown[], rowMode: 'array' });
      return { rows: result.rows, columns: result.fields.map((f) => f.name) };
    },
    release: () => client.release(),
  };
}

/**
 * The PostgreSQL pool under a drizzle handle (not a transaction's, not PGlite's), for a bulk path
 * that needs a client of its own (COPY); null where there is none.
 */
export function serverPoolOf(db: DbOrTx): pg.Pool | null {
  const pool = (db as { $client?: unknown }).$client;
  return pool instanceof pg.Pool && namedStatementPools.has(pool) ? pool : null;
}

/**
 * The pg client a node-postgres transaction runs on (drizzle keeps it in the transaction's session),
 * for a bulk statement that must be part of the transaction (COPY); null for PGlite's or any other.
 * Only for a transaction of a handle serverPoolOf accepts: a PGlite socket speaks pg's protocol too.
 */
export function transactionClientOf(tx: DbOrTx): pg.ClientBase | null {
  const client = (tx as { session?: { client?: unknown } }).session?.client;
  return client instanceof pg.Client ? client : null;
}

/** The PostgreSQL error under drizzle's wrapper: its SQLSTATE and constraint name. */
export function pgError(e: unknown): { code?: string; constraint?: string } {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const { code, constraint } = cur as { code?: unknown; constraint?: unknown };
    if (typeof code === 'string') return { code, ...(typeof constraint === 'string' ? { constraint } : {}) };
    cur = (cur as { cause?: unknown }).cause;
  }
  return {};
}
