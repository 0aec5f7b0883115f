import { type SQL, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../../test/helpers/db.ts';
import { type Database, queryRows } from '../client.ts';
import { arrayLiteral } from './worklist-staging-store.ts';
import { disputeScoresOf, disputeScoresQuery } from './worklist-store.ts';

/** A chunk's stored dispute scores (disputeScoresOf), read by key; the table has no foreign keys (migration 0044). */
describe(`disputeScoresOf on ${backend}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  /** The statement disputeScoresOf ran before it probed by key: a filter the planner answered with a scan. */
  const scanned = async (version: number, hash: string, ids: readonly string[]) =>
    new Map(
      (
        await queryRows<{ invoice_id: string; probability: string }>(
          database.db,
          sql`SELECT invoice_id, probability::text FROM invoice_dispute_scores
            WHERE model_version = ${version}::int AND model_hash = ${hash}
              AND invoice_id = ANY(${arrayLiteral(ids, true)}::uuid[])`,
        )
      ).map((r) => [r.invoice_id, Number(r.probability)]),
    );

  it('reads what the scan read: the scores of the ids under the version and hash, none of another', async () => {
    const stored = fc.uniqueArray(
      fc.record({
        id: fc.uuid(),
        version: fc.constantFrom(1, 2),
        hash: fc.constantFrom('a', 'b'),
        p: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { selector: (r) => `${r.id}/${r.version}`, maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(
        stored,
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        fc.array(fc.uuid(), { maxLength: 4 }),
        fc.constantFrom(1, 2),
        fc.constantFrom('a', 'b'),
        async (rows, asked, unknown, version, hash) => {
          await database.db.execute(sql`DELETE FROM invoice_dispute_scores`);
          // A few ids under both versions, so a key's version and hash both have to match.
          const all = [...rows, ...rows.slice(0, 3).map((r) => ({ ...r, version: 3 - r.version }))].filter(
            (r, n, xs) => xs.findIndex((x) => x.id === r.id && x.version === r.version) === n,
          );
          if (all.length)
            await database.db.execute(sql`INSERT INTO invoice_dispute_scores
              (invoice_id, model_version, model_hash, probability, scored_at)
              SELECT *, now() FROM unnest(${arrayLiteral(
                all.map((r) => r.id),
                true,
              )}::uuid[], ${arrayLiteral(all.map((r) => r.version))}::int[], ${arrayLiteral(
                all.map((r) => r.hash),
              )}::text[], ${arrayLiteral(all.map((r) => String(r.p)))}::numeric[])`);
          // Some stored ids (one twice), some never stored.
          const ids = [...rows.filter((_, n) => asked[n]).map((r) => r.id), ...unknown];
          if (ids.length) ids.push(ids[0]!);
          const read = await disputeScoresOf(database.db, { version, hash }, ids);
          expect(read).toEqual(await scanned(version, hash, ids));
          for (const [id, p] of read)
            expect(all.some((r) => r.id === id && r.version === version && r.hash === hash && r.p === p)).toBe(true);
        },
      ),
      { numRuns: backend === 'postgres' ? 60 : 40 },
    );
  });

  it('probes the primary key per id, never scanning the table, at 40,000 scores after ANALYZE', async () => {
    await database.db.execute(sql`DELETE FROM invoice_dispute_scores`);
    await database.db.execute(sql`INSERT INTO invoice_dispute_scores
      (invoice_id, model_version, model_hash, probability, scored_at)
      SELECT gen_random_uuid(), 1, 'h', 0.5, now() FROM generate_series(1, 40000)`);
    await database.db.execute(sql`ANALYZE invoice_dispute_scores`);
    const ids = (
      await queryRows<{ id: string }>(database.db, sql`SELECT invoice_id AS id FROM invoice_dispute_scores LIMIT 4000`)
    ).map((r) => r.id);
    /** The plan's nodes that read invoice_dispute_scores, by type and index. */
    const reads = async (statement: SQL) => {
      const [row] = await queryRows<{ 'QUERY PLAN': unknown }>(database.db, sql`EXPLAIN (FORMAT JSON) ${statement}`);
      const out: string[] = [];
      const walk = (node: Record<string, unknown>) => {
        if (node['Relation Name'] === 'invoice_dispute_scores')
          out.push(`${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''}`);
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      const json = row!['QUERY PLAN'];
      const plan = (typeof json === 'string' ? JSON.parse(json) : json) as { Plan: Record<string, unknown> }[];
      walk(plan[0]!.Plan);
      return out;
    };
    expect(await reads(disputeScoresQuery({ version: 1, hash: 'h' }, ids))).toEqual([
      'Index Scan invoice_dispute_scores_pk',
    ]);
    expect((await disputeScoresOf(database.db, { version: 1, hash: 'h' }, ids)).size).toBe(4000);
  });
});
