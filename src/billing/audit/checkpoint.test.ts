import { describe, expect, it } from 'vitest';
import { GENESIS_HASH } from './audit-row.ts';
import { checkpointLine, compareCheckpoint, readCheckpoints, signCheckpoint } from './checkpoint.ts';

const KEY = 'a-test-key-of-at-least-thirty-two-characters';
const H = (c: string) => c.repeat(64);
const at = new Date('2026-11-25T12:00:00.000Z');

describe('signCheckpoint', () => {
  it('reads back the head it signed when the line is untouched', () => {
    const { checkpoints, bad } = readCheckpoints(
      `${checkpointLine(signCheckpoint({ lastSeq: 42n, lastHash: H('a') }, at, KEY))}\n`,
      KEY,
    );
    expect(bad).toEqual([]);
    expect(checkpoints.map((c) => [c.line, c.seq, c.checkpoint.hash])).toEqual([[1, 42n, H('a')]]);
  });

  it.each([
    ['seq', { seq: '41' }],
    ['hash', { hash: H('b') }],
    ['at', { at: '2026-11-26T12:00:00.000Z' }],
  ])('refuses a line whose %s was edited', (_f, change) => {
    const line = JSON.stringify({ ...signCheckpoint({ lastSeq: 42n, lastHash: H('a') }, at, KEY), ...change });
    expect(readCheckpoints(line, KEY).bad).toEqual([
      { line: 1, message: 'does not match its signature: it was edited' },
    ]);
  });

  it('names another key when the line was signed with one', () => {
    const line = checkpointLine(signCheckpoint({ lastSeq: 1n, lastHash: H('a') }, at, `${KEY}-other`));
    expect(readCheckpoints(line, KEY).bad[0]!.message).toMatch(/^was signed with another key/);
  });

  it('never writes the key into the line', () => {
    expect(checkpointLine(signCheckpoint({ lastSeq: 1n, lastHash: H('a') }, at, KEY))).not.toContain(KEY);
  });

  it('reports a torn line by its number and skips blank lines', () => {
    const good = checkpointLine(signCheckpoint({ lastSeq: 1n, lastHash: H('a') }, at, KEY));
    const { checkpoints, bad } = readCheckpoints(`${good}\n\n{"v":1,"se`, KEY);
    expect(checkpoints).toHaveLength(1);
    expect(bad).toEqual([{ line: 3, message: 'is not JSON (a torn or edited line)' }]);
  });
});

describe('compareCheckpoint', () => {
  const cp = readCheckpoints(checkpointLine(signCheckpoint({ lastSeq: 10n, lastHash: H('a') }, at, KEY)), KEY)
    .checkpoints[0]!;

  it('passes when the head reached the checkpoint and its row kept its hash', () => {
    expect(compareCheckpoint(cp, { lastSeq: 12n, lastHash: H('c') }, H('a'))).toBeNull();
  });

  it('reports a cut tail when the head is below the checkpoint', () => {
    expect(compareCheckpoint(cp, { lastSeq: 8n, lastHash: H('c') }, null)?.code).toBe('AUDIT_TAIL_CUT');
  });

  it('reports a rewrite when the row at the checkpoint has another hash', () => {
    expect(compareCheckpoint(cp, { lastSeq: 10n, lastHash: H('d') }, H('d'))?.code).toBe('AUDIT_CHECKPOINT_MISMATCH');
  });

  it('passes a checkpoint of the empty chain whatever the chain holds', () => {
    const empty = readCheckpoints(checkpointLine(signCheckpoint({ lastSeq: 0n, lastHash: GENESIS_HASH }, at, KEY)), KEY)
      .checkpoints[0]!;
    expect(compareCheckpoint(empty, null, null)).toBeNull();
  });
});
