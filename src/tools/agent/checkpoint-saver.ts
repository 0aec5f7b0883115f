import { randomUUID } from 'node:crypto';
import type { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  type PendingWrite,
  WRITES_IDX_MAP,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  writesSortKey,
} from '@langchain/langgraph-checkpoint';
import type { Database } from '../../db/client.ts';
import {
  deleteCheckpointThreads,
  deleteStaleCheckpointThreads,
  findCheckpoints,
  saveWrites,
  upsertCheckpoint,
  writesOf,
  type CheckpointQuery,
  type CheckpointRow,
  type CheckpointWriteRow,
} from '../../db/stores/agent-checkpoint-store.ts';
import { HeldCheckpoints } from './held-checkpoints.ts';

const bytes = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** The key of `configurable` that names a held run (holdRun); runs without it are stored as they go. */
export const HELD_RUN = 'copilot_held_run';

/**
 * LangGraph's checkpointer on the product's own database (tables agent_checkpoints and
 * agent_checkpoint_writes, migration 0048), through the same drizzle handle as every store: an
 * in-process PGlite, an embedded folder's socket or a PostgreSQL pool alike. Why not
 * @langchain/langgraph-checkpoint-postgres: docs/architecture.md, "The copilot's checkpoints".
 * Behaves as LangGraph's MemorySaver does (the reference its savers are tested against), stored.
 *
 * A run on a thread that holds nothing stored may be held (holdRun): its checkpoints stay in memory and
 * reach the database only if the run is kept (keepRun, when it paused), so a run that ends in the turn
 * costs no statement at all (docs/performance.md, "Copilot overhead per turn").
 */
export class ProductCheckpointSaver extends BaseCheckpointSaver {
  private readonly held = new Map<string, HeldCheckpoints>();

  constructor(private readonly database: Database) {
    super();
  }

  private get db() {
    return this.database.db;
  }

  /**
   * Starts a held run on `threadId`, which must hold nothing stored (a new thread, or one just deleted):
   * the checkpoints of every call whose config names the returned key under HELD_RUN (with that thread) are
   * held in memory until keepRun stores them or dropRun forgets them.
   */
  holdRun(threadId: string): string {
    const key = randomUUID();
    this.held.set(key, new HeldCheckpoints(threadId));
    return key;
  }

  /** Stores what the held run wrote, in the order it came, in one transaction; the run stays held. */
  async keepRun(key: string): Promise<void> {
    await this.held.get(key)?.store(this.db);
  }

  /** Forgets the held run (whatever keepRun did not store is gone). */
  dropRun(key: string): void {
    this.held.delete(key);
  }

  private heldOf(config: RunnableConfig): HeldCheckpoints | undefined {
    const key = config.configurable?.[HELD_RUN] as string | undefined;
    const run = key === undefined ? undefined : this.held.get(key);
    return run && run.threadId === config.configurable?.thread_id ? run : undefined;
  }

  private async find(run: HeldCheckpoints | undefined, q: CheckpointQuery): Promise<CheckpointRow[]> {
    return run ? run.findCheckpoints(q) : findCheckpoints(this.db, q);
  }

  private async tuple(row: CheckpointRow, run: HeldCheckpoints | undefined): Promise<CheckpointTuple> {
    const { threadId: thread_id, checkpointNs: checkpoint_ns, checkpointId: checkpoint_id } = row;
    const writes: CheckpointWriteRow[] = run
      ? run.writesOf(thread_id, checkpoint_ns, checkpoint_id)
      : await writesOf(this.db, thread_id, checkpoint_ns, checkpoint_id);
    writes.sort((a, b) =>
      compareWritesSortKeys(writesSortKey(a.taskPath, a.taskId, a.idx), writesSortKey(b.taskPath, b.taskId, b.idx)),
    );
    const pendingWrites: CheckpointPendingWrite[] = await Promise.all(
      writes.map(
        async (w) => [w.taskId, w.channel, await this.serde.loadsTyped(w.valueType, w.value)] as CheckpointPendingWrite,
      ),
    );
    return {
      config: { configurable: { thread_id, checkpoint_ns, checkpoint_id } },
      checkpoint: (await this.serde.loadsTyped(row.checkpointType, row.checkpoint)) as Checkpoint,
      metadata: (await this.serde.loadsTyped(row.metadataType, row.metadata)) as CheckpointMetadata,
      pendingWrites,
      ...(row.parentCheckpointId
        ? { parentConfig: { configurable: { thread_id, checkpoint_ns, checkpoint_id: row.parentCheckpointId } } }
        : {}),
    };
  }

  /** The checkpoint the config names, or the thread's newest. */
  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) return undefined;
    const id = getCheckpointId(config);
    const run = this.heldOf(config);
    const [row] = await this.find(run, {
      threadId,
      checkpointNs: (config.configurable?.checkpoint_ns as string | undefined) ?? '',
      checkpointId: id || undefined,
      limit: 1,
    });
    return row ? this.tuple(row, run) : undefined;
  }

  /** Checkpoints newest first, filtered by thread, namespace, id, metadata and `before`. */
  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options;
    let { limit } = options;
    const run = this.heldOf(config);
    const rows = await this.find(run, {
      threadId: config.configurable?.thread_id as string | undefined,
      checkpointNs: config.configurable?.checkpoint_ns as string | undefined,
      checkpointId: (config.configurable?.checkpoint_id as string | undefined) || undefined,
      before: (before?.configurable?.checkpoint_id as string | undefined) || undefined,
    });
    for (const row of rows) {
      if (limit !== undefined && limit <= 0) return;
      const t = await this.tuple(row, run);
      const metadata = (t.metadata ?? {}) as Record<string, unknown>;
      if (filter && !Object.entries(filter).every(([k, v]) => metadata[k] === v)) continue;
      if (limit !== undefined) limit -= 1;
      yield t;
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    _newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const threadId = config.configurable?.thread_id as string | undefined;
    if (threadId === undefined) throw new Error('a checkpoint needs configurable.thread_id');
    const checkpointNs = (config.configurable?.checkpoint_ns as string | undefined) ?? '';
    const [[checkpointType, body], [metadataType, meta]] = await Promise.all([
      this.serde.dumpsTyped(copyCheckpoint(checkpoint)),
      this.serde.dumpsTyped(metadata),
    ]);
    const at = new Date(checkpoint.ts);
    const row = {
      threadId,
      checkpointNs,
      checkpointId: checkpoint.id,
      parentCheckpointId: (config.configurable?.checkpoint_id as string | undefined) ?? null,
      checkpointType,
      checkpoint: bytes(body),
      metadataType,
      metadata: bytes(meta),
      createdAt: Number.isNaN(at.getTime()) ? new Date() : at,
    };
    const run = this.heldOf(config);
    if (run) run.upsertCheckpoint(row);
    else await upsertCheckpoint(this.db, row);
    return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: checkpoint.id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const threadId = config.configurable?.thread_id as string | undefined;
    const checkpointId = config.configurable?.checkpoint_id as string | undefined;
    if (threadId === undefined || checkpointId === undefined)
      throw new Error('writes need configurable.thread_id and checkpoint_id');
    const checkpointNs = (config.configurable?.checkpoint_ns as string | undefined) ?? '';
    const rows = await Promise.all(
      writes.map(async ([channel, value], i) => {
        const [valueType, v] = await this.serde.dumpsTyped(value);
        return {
          threadId,
          checkpointNs,
          checkpointId,
          taskId,
          idx: WRITES_IDX_MAP[channel] ?? i,
          channel,
          taskPath: taskPath ?? '',
          valueType,
          value: bytes(v),
        };
      }),
    );
    const run = this.heldOf(config);
    if (run) run.saveWrites(rows);
    else await saveWrites(this.db, rows);
  }

  async deleteThread(threadId: string): Promise<void> {
    for (const run of this.held.values()) if (run.threadId === threadId) run.clear();
    await deleteCheckpointThreads(this.db, [threadId]);
  }

  /**
   * Deletes the threads whose newest checkpoint is older than `before` (at most `limit`, in one
   * transaction), except those a call still waits on in agent_pending_calls: a run paused on an
   * approval resumes from its checkpoint whenever the request is decided. Returns how many went.
   */
  async deleteStale(before: Date, limit = 500): Promise<number> {
    return (await deleteStaleCheckpointThreads(this.db, before, limit)).length;
  }
}

const savers = new WeakMap<Database, ProductCheckpointSaver>();
/** The one saver of a database (the compiled agents keep it). */
export function checkpointSaverOf(database: Database): ProductCheckpointSaver {
  let s = savers.get(database);
  if (!s) {
    s = new ProductCheckpointSaver(database);
    savers.set(database, s);
  }
  return s;
}
