import { createHmac, timingSafeEqual } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';
import type { ChainHead } from './audit-row.ts';

/**
 * A signed checkpoint of the audit chain's head, kept outside the database: the head (seq and
 * hash) at a moment, signed with HMAC-SHA256 under AUDIT_CHECKPOINT_KEY. The database can be
 * rewritten by its superuser (triggers disabled, the tail deleted, the head moved back) so that
 * the chain verifies; it cannot rewrite a checkpoint taken before, and cannot forge a new one
 * without the key. One checkpoint is one JSON line.
 */
export interface Checkpoint {
  v: 1;
  /** The head's seq, as a decimal string (0 for an empty chain). */
  seq: string;
  /** The hash of the row at that seq (the genesis hash for seq 0). */
  hash: string;
  /** When the checkpoint was taken, ISO 8601. */
  at: string;
  /** Which key signed it (derived from the key; the key itself is never written). */
  keyId: string;
  /** HMAC-SHA256 (hex) over the canonical JSON of every other field. */
  sig: string;
}

/** The shortest key accepted: 32 characters (e.g. `openssl rand -hex 32` gives 64). */
export const MIN_CHECKPOINT_KEY_LENGTH = 32;

const mac = (key: string, text: string) => createHmac('sha256', key).update(text, 'utf8').digest('hex');

/** A short public name of a key, so a reader sees which key signed a line without learning the key. */
export const checkpointKeyId = (key: string): string =>
  mac(key, 'billing-copilot audit checkpoint key id').slice(0, 16);

const signedText = (c: Omit<Checkpoint, 'sig'>) =>
  canonicalJson({ v: c.v, seq: c.seq, hash: c.hash, at: c.at, keyId: c.keyId });

/**
 * Signs the head as a checkpoint.
 * @example signCheckpoint({ lastSeq: 42n, lastHash: 'ab…' }, new Date(), key).seq // '42'
 */
export function signCheckpoint(head: ChainHead, at: Date, key: string): Checkpoint {
  const body = {
    v: 1 as const,
    seq: head.lastSeq.toString(),
    hash: head.lastHash,
    at: at.toISOString(),
    keyId: checkpointKeyId(key),
  };
  return { ...body, sig: mac(key, signedText(body)) };
}

/** The line a checkpoint is stored as (no trailing newline). */
export const checkpointLine = (c: Checkpoint): string => JSON.stringify(c);

/** A line of a checkpoint file that is not a checkpoint signed with the key. */
export interface BadCheckpointLine {
  line: number;
  message: string;
}

/** A checkpoint read back, with its line number and seq as a bigint. */
export interface ReadCheckpoint {
  line: number;
  seq: bigint;
  checkpoint: Checkpoint;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** One line back to a checkpoint whose signature checks under the key, or why it is not one. */
export function readCheckpointLine(text: string, line: number, key: string): ReadCheckpoint | BadCheckpointLine {
  let c: Partial<Checkpoint>;
  try {
    c = JSON.parse(text) as Partial<Checkpoint>;
  } catch {
    return { line, message: 'is not JSON (a torn or edited line)' };
  }
  if (
    c?.v !== 1 ||
    typeof c.seq !== 'string' ||
    !/^\d{1,19}$/.test(c.seq) ||
    typeof c.hash !== 'string' ||
    !HEX64.test(c.hash) ||
    typeof c.at !== 'string' ||
    Number.isNaN(Date.parse(c.at)) ||
    typeof c.keyId !== 'string' ||
    typeof c.sig !== 'string' ||
    !HEX64.test(c.sig)
  ) {
    return { line, message: 'is not a checkpoint (fields v, seq, hash, at, keyId, sig)' };
  }
  const cp = c as Checkpoint;
  if (cp.keyId !== checkpointKeyId(key))
    return { line, message: `was signed with another key (key id ${cp.keyId}, this one is ${checkpointKeyId(key)})` };
  const expected = Buffer.from(mac(key, signedText(cp)), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(cp.sig, 'hex')))
    return { line, message: 'does not match its signature: it was edited' };
  return { line, seq: BigInt(cp.seq), checkpoint: cp };
}

/** Every checkpoint of a file's text, or the bad lines (blank lines are skipped). */
export function readCheckpoints(
  text: string,
  key: string,
): { checkpoints: ReadCheckpoint[]; bad: BadCheckpointLine[] } {
  const checkpoints: ReadCheckpoint[] = [];
  const bad: BadCheckpointLine[] = [];
  text.split('\n').forEach((l, i) => {
    if (!l.trim()) return;
    const r = readCheckpointLine(l, i + 1, key);
    if ('seq' in r) checkpoints.push(r);
    else bad.push(r);
  });
  return { checkpoints, bad };
}

/** The chain no longer holds what a checkpoint saw. */
export interface CheckpointBreak {
  code: 'AUDIT_TAIL_CUT' | 'AUDIT_CHECKPOINT_MISMATCH';
  checkpoint: ReadCheckpoint;
  message: string;
}

/**
 * Compares one checkpoint with the chain: the head must have reached its seq (else the tail was
 * cut below it), and the row at its seq must still have its hash (else the chain was rewritten
 * from there, or the checkpoint is another database's). `rowHash` is the stored hash at the
 * checkpoint's seq (null when there is no such row); seq 0 is the genesis and always matches.
 */
export function compareCheckpoint(
  cp: ReadCheckpoint,
  head: ChainHead | null,
  rowHash: string | null,
): CheckpointBreak | null {
  const lastSeq = head?.lastSeq ?? 0n;
  const { at, hash } = cp.checkpoint;
  if (cp.seq === 0n) return null;
  if (cp.seq > lastSeq) {
    return {
      code: 'AUDIT_TAIL_CUT',
      checkpoint: cp,
      message: `the checkpoint of ${at} saw the trail reach seq ${cp.seq}, but it now ends at seq ${lastSeq}: rows were deleted from its end and the head moved back`,
    };
  }
  if (rowHash !== hash) {
    return {
      code: 'AUDIT_CHECKPOINT_MISMATCH',
      checkpoint: cp,
      message: `the row at seq ${cp.seq} ${rowHash === null ? 'is gone' : `has hash ${rowHash.slice(0, 12)}…`}, but the checkpoint of ${at} saw ${hash.slice(0, 12)}…: the trail was rewritten from there (or the checkpoint belongs to another database)`,
    };
  }
  return null;
}
