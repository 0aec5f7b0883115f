import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type AuditRow } from './audit-row.ts';
import { chainRow, hashRow } from './hash-row.ts';
import { entry } from './test-support.ts';
import { verifyChain } from './verify-chain.ts';

/** A valid chain of n rows. */
function chain(n: number): AuditRow[] {
  const rows: AuditRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const row = chainRow(entry({ targetId: `inv-${i}`, reason: `step ${i}` }), BigInt(i), prev);
    rows.push(row);
    prev = row.hash;
  }
  return rows;
}
const headOf = (rows: AuditRow[]) => ({ lastSeq: BigInt(rows.length), lastHash: rows.at(-1)?.hash ?? GENESIS_HASH });

async function* streamed(rows: AuditRow[]): AsyncGenerator<AuditRow> {
  for (const row of rows) yield row;
}

/** Swaps the positions of rows a and b (1-based seq), keeping everything else of each row. */
function swap(rows: AuditRow[], a: number, b: number): AuditRow[] {
  const out = [...rows];
  const ra = rows[a - 1]!;
  const rb = rows[b - 1]!;
  out[a - 1] = { ...rb, seq: ra.seq };
  out[b - 1] = { ...ra, seq: rb.seq };
  return out;
}

/** Rewrites row i's reason and recomputes its hash, as a careful tamperer would. */
function rewrite(rows: AuditRow[], i: number): AuditRow[] {
  const out = [...rows];
  const r = { ...rows[i - 1]!, reason: 'nothing to see' };
  out[i - 1] = { ...r, hash: hashRow(r.prevHash, r) };
  return out;
}

describe('verifyChain', () => {
  it('accepts an intact chain streamed asynchronously and returns its head', async () => {
    const rows = chain(10);
    expect(await verifyChain(streamed(rows), headOf(rows))).toEqual({
      ok: true,
      value: { rows: 10, lastSeq: 10n, lastHash: rows[9]!.hash },
    });
  });

  it('accepts an empty chain', async () => {
    expect(await verifyChain([], { lastSeq: 0n, lastHash: GENESIS_HASH })).toMatchObject({
      ok: true,
      value: { rows: 0, lastSeq: 0n },
    });
  });

  it.each<[string, (rows: AuditRow[]) => AuditRow[], bigint, string]>([
    ['an edited reason', (r) => r.map((x) => (x.seq === 4n ? { ...x, reason: 'changed' } : x)), 4n, 'edited'],
    [
      'an edited JSON column',
      (r) => r.map((x) => (x.seq === 7n ? { ...x, after: { status: 'void' } } : x)),
      7n,
      'edited',
    ],
    ['an edited first row', (r) => r.map((x) => (x.seq === 1n ? { ...x, actorId: 'mallory' } : x)), 1n, 'edited'],
    ['an edited last row', (r) => r.map((x) => (x.seq === 10n ? { ...x, actorId: 'mallory' } : x)), 10n, 'edited'],
    ['a row rewritten with a recomputed hash', (r) => rewrite(r, 5), 5n, 'edited'],
    [
      'a first row rewritten with a recomputed hash and prev_hash',
      (r) => {
        const first = { ...r[0]!, prevHash: '1'.repeat(64) };
        return [{ ...first, hash: hashRow(first.prevHash, first) }, ...r.slice(1)];
      },
      1n,
      'edited',
    ],
    ['a deleted middle row', (r) => r.filter((x) => x.seq !== 6n), 6n, 'deleted'],
    ['three deleted rows', (r) => r.filter((x) => x.seq < 3n || x.seq > 5n), 3n, 'deleted'],
    ['a deleted first row', (r) => r.slice(1), 1n, 'deleted'],
    ['a deleted last row', (r) => r.slice(0, -1), 10n, 'deleted'],
    ['two adjacent rows swapped', (r) => swap(r, 3, 4), 3n, 'reordered'],
    ['two distant rows swapped', (r) => swap(r, 2, 9), 2n, 'reordered'],
    [
      'a row deleted and the rest renumbered',
      (r) => r.filter((x) => x.seq !== 6n).map((x, i) => ({ ...x, seq: BigInt(i + 1) })),
      6n,
      'reordered',
    ],
  ])('reports %s', async (_name, tamper, seq, kind) => {
    const rows = chain(10);
    const result = await verifyChain(tamper(rows), headOf(rows));
    expect(result.ok).toBe(false);
    if (!result.ok) expect([result.error.seq, result.error.kind]).toEqual([seq, kind]);
  });

  it('reports a rewritten last row only against the head', async () => {
    const rows = chain(10);
    const tampered = rewrite(rows, 10);
    expect((await verifyChain(tampered, null)).ok).toBe(true);
    expect(await verifyChain(tampered, headOf(rows))).toMatchObject({ ok: false, error: { seq: 10n, kind: 'edited' } });
  });

  it('counts the rows verified before the break', async () => {
    const result = await verifyChain(chain(10).filter((x) => x.seq !== 8n));
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'AUDIT_CHAIN_BROKEN', rowsVerified: 7, detail: 'seq 8 missing before seq 9' },
    });
  });
});
