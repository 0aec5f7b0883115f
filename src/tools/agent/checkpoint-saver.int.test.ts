import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { emptyCheckpoint, type Checkpoint, type CheckpointMetadata } from '@langchain/langgraph-checkpoint';
import type { Database } from '../../db/client.ts';
import { agentCheckpointWrites, agentCheckpoints } from '../../db/schema/index.ts';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { HELD_RUN, ProductCheckpointSaver } from './checkpoint-saver.ts';

/**
 * A held run (holdRun) reads back what it wrote as a stored one does, reaches the database only when kept,
 * and then stores exactly the rows a run stored as it went writes.
 */
describe(`the checkpoint saver's held runs on ${backend}`, () => {
  let database: Database;
  let saver: ProductCheckpointSaver;
  beforeAll(async () => {
    database = await createTestDatabase();
    saver = new ProductCheckpointSaver(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  const checkpoint = (id: string, messages: string[]): Checkpoint => ({
    ...emptyCheckpoint(),
    id,
    ts: '2026-12-07T00:00:00.000Z',
    channel_values: { messages },
    channel_versions: { messages: messages.length },
  });
  const meta = (step: number): CheckpointMetadata => ({ source: 'loop', step, parents: {} });
  /** What langgraph does in a run that pauses: two checkpoints, writes (one twice), an interrupt replaced. */
  async function run(threadId: string, extra: Record<string, unknown> = {}) {
    const cfg = (checkpointId?: string) => ({
      configurable: {
        thread_id: threadId,
        checkpoint_ns: '',
        ...extra,
        ...(checkpointId ? { checkpoint_id: checkpointId } : {}),
      },
    });
    const a = '1f0d3000-0000-6000-8000-00000000000a';
    const b = '1f0d3000-0000-6000-8000-00000000000b';
    await saver.put(cfg(), checkpoint(a, ['hi']), meta(0), {});
    await saver.putWrites(cfg(a), [['messages', 'first']], 'task-1', 'path-1');
    await saver.putWrites(cfg(a), [['messages', 'again, not kept']], 'task-1', 'path-1');
    await saver.put(cfg(a), checkpoint(b, ['hi', 'there']), meta(1), {});
    await saver.put(cfg(a), checkpoint(b, ['hi', 'there', 'replaced']), meta(2), {});
    await saver.putWrites(cfg(b), [['__interrupt__', { calls: ['x'] }]], 'task-2');
    await saver.putWrites(cfg(b), [['__interrupt__', { calls: ['y'] }]], 'task-2');
    await saver.putWrites(cfg(b), [['messages', 'tool answer']], 'task-3', 'path-3');
  }
  const rowsOf = async (threadId: string) => ({
    checkpoints: (await database.db.select().from(agentCheckpoints).where(eq(agentCheckpoints.threadId, threadId)))
      .map(({ threadId: _, ...r }) => ({
        ...r,
        checkpoint: Buffer.from(r.checkpoint),
        metadata: Buffer.from(r.metadata),
      }))
      .sort((x, y) => x.checkpointId.localeCompare(y.checkpointId)),
    writes: (await database.db.select().from(agentCheckpointWrites).where(eq(agentCheckpointWrites.threadId, threadId)))
      .map(({ threadId: _, ...w }) => ({ ...w, value: Buffer.from(w.value) }))
      .sort((x, y) => `${x.checkpointId}${x.taskId}${x.idx}`.localeCompare(`${y.checkpointId}${y.taskId}${y.idx}`)),
  });
  /** A tuple with its thread's name taken out (the two runs are on different threads). */
  const strip = (t: Awaited<ReturnType<ProductCheckpointSaver['getTuple']>>) =>
    t &&
    JSON.parse(
      JSON.stringify(t)
        .replaceAll('"thread_id":"held"', '"thread_id":"T"')
        .replaceAll('"thread_id":"stored"', '"thread_id":"T"'),
    );

  it('reads back what it holds as a stored run does, stores nothing until kept, then the same rows', async () => {
    await run('stored');
    const key = saver.holdRun('held');
    await run('held', { [HELD_RUN]: key });
    expect(await rowsOf('held')).toEqual({ checkpoints: [], writes: [] });

    const heldTuple = await saver.getTuple({ configurable: { thread_id: 'held', [HELD_RUN]: key } });
    const storedTuple = await saver.getTuple({ configurable: { thread_id: 'stored' } });
    expect(storedTuple?.pendingWrites?.map((w) => w[1])).toEqual(['__interrupt__', 'messages']);
    expect(strip(heldTuple)).toEqual(strip(storedTuple));
    const list = async (thread: string, extra = {}) => {
      const all = [];
      for await (const t of saver.list({ configurable: { thread_id: thread, ...extra } })) all.push(strip(t));
      return all;
    };
    expect(await list('held', { [HELD_RUN]: key })).toEqual(await list('stored'));
    // Without the key the same thread reads the database: nothing there yet.
    expect(await saver.getTuple({ configurable: { thread_id: 'held' } })).toBeUndefined();

    await saver.keepRun(key);
    saver.dropRun(key);
    expect(await rowsOf('held')).toEqual(await rowsOf('stored'));
    expect((await rowsOf('held')).checkpoints).toHaveLength(2);
  });

  it('leaves nothing behind when dropped, and forgets what it held when the thread is deleted', async () => {
    const key = saver.holdRun('dropped');
    await run('dropped', { [HELD_RUN]: key });
    saver.dropRun(key);
    await saver.keepRun(key);
    expect(await rowsOf('dropped')).toEqual({ checkpoints: [], writes: [] });

    const again = saver.holdRun('deleted');
    await run('deleted', { [HELD_RUN]: again });
    await saver.deleteThread('deleted');
    expect(await saver.getTuple({ configurable: { thread_id: 'deleted', [HELD_RUN]: again } })).toBeUndefined();
    await saver.keepRun(again);
    expect(await rowsOf('deleted')).toEqual({ checkpoints: [], writes: [] });
  });

  it("holds only its own thread's calls", async () => {
    const key = saver.holdRun('mine');
    await run('other', { [HELD_RUN]: key });
    expect((await rowsOf('other')).checkpoints).toHaveLength(2);
    saver.dropRun(key);
  });
});
