import { err, ok, type Result } from '../../shared/result.ts';
import { GENESIS_HASH, type AuditRow, type ChainHead } from './audit-row.ts';
import { hashRow } from './hash-row.ts';

/** How a row was tampered with. */
export type TamperKind = 'edited' | 'deleted' | 'reordered';

/** The first row at which the chain stops being what was written. */
export interface ChainBreak {
  code: 'AUDIT_CHAIN_BROKEN';
  /** The seq of the first bad row (for a deletion: the first seq that is missing). */
  seq: bigint;
  kind: TamperKind;
  detail: string;
  /** Rows verified intact before the break. */
  rowsVerified: number;
}

/** An intact chain. */
export interface ChainSummary {
  rows: number;
  lastSeq: bigint;
  lastHash: string;
}

/**
 * Walks the chain in seq order and reports the first row that was edited, deleted or reordered.
 * Each row is checked three ways: its seq follows the previous one (a gap is a deletion), its hash
 * matches its own content (a mismatch is an edit), and its prev_hash is the previous row's hash.
 * A row that fails both of the last two was written at another position: reordered. A row whose
 * content is intact but whose predecessor's hash changed means the predecessor was edited and its
 * hash recomputed; that predecessor is reported. With a head, a missing tail is a deletion too.
 */
export async function verifyChain(
  rows: Iterable<AuditRow> | AsyncIterable<AuditRow>,
  head: ChainHead | null = null,
): Promise<Result<ChainSummary, ChainBreak>> {
  let expectedSeq = 1n;
  let prevHash = GENESIS_HASH;
  let count = 0;
  const broken = (seq: bigint, kind: TamperKind, detail: string) =>
    err<ChainBreak>({ code: 'AUDIT_CHAIN_BROKEN', seq, kind, detail, rowsVerified: count });

  for await (const row of rows) {
    if (row.seq > expectedSeq) {
      const gap = row.seq - 1n === expectedSeq ? `${expectedSeq}` : `${expectedSeq}..${row.seq - 1n}`;
      return broken(expectedSeq, 'deleted', `seq ${gap} missing before seq ${row.seq}`);
    }
    if (row.seq < expectedSeq) return broken(row.seq, 'reordered', `seq ${row.seq} read after seq ${expectedSeq - 1n}`);
    const selfOk = hashRow(row.prevHash, row) === row.hash;
    const linkOk = row.prevHash === prevHash;
    if (!selfOk && linkOk) return broken(row.seq, 'edited', `content of seq ${row.seq} does not match its hash`);
    if (!selfOk && !linkOk) {
      return broken(
        row.seq,
        'reordered',
        `seq ${row.seq} holds a row written at another position (neither its hash nor its link matches)`,
      );
    }
    if (!linkOk && row.seq === 1n)
      return broken(row.seq, 'edited', 'seq 1 was rewritten with a new hash; it no longer starts at the genesis hash');
    if (!linkOk) {
      return broken(
        row.seq - 1n,
        'edited',
        `seq ${row.seq - 1n} was rewritten with a new hash; seq ${row.seq} still links to the old one`,
      );
    }
    prevHash = row.hash;
    expectedSeq += 1n;
    count += 1;
  }

  const lastSeq = expectedSeq - 1n;
  if (head && head.lastSeq > lastSeq) {
    return broken(lastSeq + 1n, 'deleted', `the head records seq ${head.lastSeq}; the chain ends at seq ${lastSeq}`);
  }
  if (head && head.lastSeq === lastSeq && head.lastHash !== prevHash) {
    // The head says the last row had another hash: it was rewritten along with its own hash.
    return broken(
      lastSeq,
      'edited',
      `seq ${lastSeq} was rewritten with a new hash; the head still records the old one`,
    );
  }
  return ok({ rows: count, lastSeq, lastHash: prevHash });
}
