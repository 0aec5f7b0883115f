import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sawLockWait } from '../../../test/helpers/lock-wait.ts';
import { backend } from '../../../test/helpers/db.ts';
import { useFirmApp } from '../../../test/helpers/firm-app.ts';
import { importBundleAs } from '../../../test/helpers/import-bundle.ts';
import { twoEntityBundle } from '../../../test/helpers/two-entity-firm.ts';
import { people } from '../../db/schema/index.ts';

/**
 * A bundle must not revert a change committed while it runs: what its policy checks read as "before" is locked first
 * (lockBundleRows), so a cost rate changed under approval by another transaction is either seen by the check (and
 * the bundle, repeating the old rate, is refused as a change) or waits for the bundle. Without the lock, on
 * PostgreSQL the check read the old rate, the bundle's write waited for the other commit and then wrote the old rate
 * back, and the check compared old with old: the approved change was undone with no decision. On PGlite
 * transactions run one at a time, so the bundle runs after the commit: the same outcome.
 */
describe(`a bundle beside a cost rate changed while it runs, on ${backend}`, () => {
  const env = useFirmApp();
  const costOf = async () =>
    (await env.database.db.select({ c: people.costRate }).from(people).where(eq(people.code, 'P-A')))[0]!.c;

  it('sees the committed change as a change and refuses, instead of writing the old rate back', async () => {
    const original = await costOf();
    expect(Number(original)).toBe(50);
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let changed!: () => void;
    const changedYet = new Promise<void>((r) => {
      changed = r;
    });
    // The approved person.change_cost_rate of another user, its transaction still open.
    const other = env.database.db.transaction(async (tx) => {
      await tx.update(people).set({ costRate: '99.00' }).where(eq(people.code, 'P-A'));
      changed();
      await held;
    });
    await changedYet;
    const admin = env.users.ids[env.users.email('finance_admin')]!;
    let settled = false;
    const bundle = importBundleAs(env.database, admin, twoEntityBundle()).finally(() => {
      settled = true;
    });
    const waited = await sawLockWait(env.database.db, () => settled);
    release();
    await other;
    const r = await bundle;
    if (backend === 'postgres') expect(waited).toBe(true);
    expect(r.ok ? 'imported' : r.error.code).toBe('COST_RATE_NEEDS_POLICY');
    expect(Number(await costOf())).toBe(99);
  });
});
