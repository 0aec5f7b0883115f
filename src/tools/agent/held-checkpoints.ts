import type { DbOrTx } from '../../db/client.ts';
import {
  saveWrites,
  upsertCheckpoint,
  type CheckpointQuery,
  type CheckpointRow,
  type CheckpointWriteRow,
  type NewCheckpoint,
} from '../../db/stores/agent-checkpoint-store.ts';

type Op = { kind: 'checkpoint'; row: NewCheckpoint } | { kind: 'writes'; rows: CheckpointWriteRow[] };

const sameCheckpoint = (a: { threadId: string; checkpointNs: string; checkpointId: string }, b: typeof a) =>
  a.threadId === b.threadId && a.checkpointNs === b.checkpointNs && a.checkpointId === b.checkpointId;
const sameWrite = (a: CheckpointWriteRow, b: CheckpointWriteRow) =>
  sameCheckpoint(a, b) && a.taskId === b.taskId && a.idx === b.idx;

/**
 * One run's checkpoints and writes held in memory instead of stored, on a thread that holds nothing
 * stored when the run starts (a new thread, or one just deleted): the same rows the store functions
 * would write, read back the way agent-checkpoint-store.ts reads them, and the store calls kept in
 * order so that `store` makes them on the database (one transaction) if the run is to outlive the turn.
 * A run that is not kept leaves nothing behind, so nothing has to be deleted after it.
 */
export class HeldCheckpoints {
  private readonly checkpoints: NewCheckpoint[] = [];
  private readonly writes: CheckpointWriteRow[] = [];
  private readonly ops: Op[] = [];

  constructor(readonly threadId: string) {}

  /** As upsertCheckpoint: the same id replaces the bodies (type, checkpoint, metadata), parent and time stay. */
  upsertCheckpoint(c: NewCheckpoint): void {
    this.ops.push({ kind: 'checkpoint', row: c });
    const old = this.checkpoints.findIndex((x) => sameCheckpoint(x, c));
    if (old < 0) this.checkpoints.push({ ...c });
    else
      Object.assign(this.checkpoints[old]!, {
        checkpointType: c.checkpointType,
        checkpoint: c.checkpoint,
        metadataType: c.metadataType,
        metadata: c.metadata,
      });
  }

  /** As saveWrites: a regular write (idx >= 0) already held is kept, a special one (idx < 0) replaces it. */
  saveWrites(rows: CheckpointWriteRow[]): void {
    this.ops.push({ kind: 'writes', rows });
    for (const r of [...rows.filter((x) => x.idx >= 0), ...rows.filter((x) => x.idx < 0)]) {
      const old = this.writes.findIndex((w) => sameWrite(w, r));
      if (old < 0) this.writes.push({ ...r });
      else if (r.idx < 0)
        Object.assign(this.writes[old]!, {
          channel: r.channel,
          taskPath: r.taskPath,
          valueType: r.valueType,
          value: r.value,
        });
    }
  }

  /** As findCheckpoints: newest first (checkpoint ids sort by time). */
  findCheckpoints(q: CheckpointQuery): CheckpointRow[] {
    const rows = this.checkpoints
      .filter(
        (c) =>
          (q.threadId === undefined || c.threadId === q.threadId) &&
          (q.checkpointNs === undefined || c.checkpointNs === q.checkpointNs) &&
          (q.checkpointId === undefined || c.checkpointId === q.checkpointId) &&
          (q.before === undefined || c.checkpointId < q.before),
      )
      .sort((a, b) => (a.checkpointId < b.checkpointId ? 1 : a.checkpointId > b.checkpointId ? -1 : 0));
    return q.limit !== undefined ? rows.slice(0, q.limit) : rows;
  }

  /** As writesOf: the writes held against one checkpoint. */
  writesOf(threadId: string, ns: string, checkpointId: string): CheckpointWriteRow[] {
    return this.writes.filter(
      (w) => w.threadId === threadId && w.checkpointNs === ns && w.checkpointId === checkpointId,
    );
  }

  /** Forgets everything held (the thread was deleted). */
  clear(): void {
    this.checkpoints.length = 0;
    this.writes.length = 0;
    this.ops.length = 0;
  }

  /** Makes the held store calls on the database, in the order they came, in one transaction. */
  async store(db: DbOrTx): Promise<void> {
    if (this.ops.length === 0) return;
    const ops = [...this.ops];
    await db.transaction(async (tx) => {
      for (const op of ops)
        if (op.kind === 'checkpoint') await upsertCheckpoint(tx, op.row);
        else await saveWrites(tx, op.rows);
    });
    this.clear();
  }
}
