import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../db/client.ts';
import { grantApproval } from '../../tools/approvals/grant-approval.ts';
import { approvalMatrixJson, approvalMatrixV1 } from '../../policy/approval-matrix.ts';
import { createCliDatabase, KEY_LINE, type CliDatabase } from '../../../test/helpers/cli.ts';

const v1 = approvalMatrixJson(approvalMatrixV1) as Record<string, unknown>;
const v2 = { ...v1, version: 2, lowMargin: { belowPercent: '20', roles: ['controller'] } };

describe('billing-copilot policy matrix', () => {
  let cli: CliDatabase;
  const keys: Record<string, string> = {};

  /** Runs the CLI with BILLING_COPILOT_API_KEY set to a user's key (or unset). */
  const as = (who: string | null, ...argv: string[]) => cli.runAs(who && (keys[who] ?? who), ...argv);

  beforeAll(async () => {
    cli = await createCliDatabase();
    for (const [who, roles] of [
      ['fa1', 'finance_admin'],
      ['fa2', 'finance_admin'],
      ['ctl', 'controller'],
      ['agent', 'agent'],
    ] as const) {
      // The console operator adds the first administrator; from then on the administrator adds users.
      const argv = ['users', 'add', '--email', `${who}@test.example`, '--name', who, '--roles', roles];
      const r = keys.fa1 ? await as('fa1', ...argv) : await cli.run(...argv);
      expect(r.code, r.stderr).toBe(0);
      keys[who] = KEY_LINE.exec(r.stdout)![0];
    }
  });
  afterAll(async () => cli?.close());

  it('shows the bundled version 1 as a table of rules, and as the JSON document to edit', async () => {
    const table = await cli.run('policy', 'matrix', 'show');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Approval matrix version 1, effective from 2026-01-01: the bundled file/);
    expect(table.stdout).toMatch(/invoice total\s+USD over 10,000\.00\s+controller\n/);
    expect(table.stdout).toMatch(/approval_matrix\.change\s+always\s+finance_admin/);
    const json = await cli.run('policy', 'matrix', 'show', '--json');
    expect(JSON.parse(json.stdout)).toEqual(v1);
  });

  it('exits 2 for a malformed version or a missing subcommand, and 3 for a version that does not exist', async () => {
    expect(await cli.run('policy', 'matrix', 'show', '--version', 'two')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--version must be a version number/),
    });
    expect((await cli.run('policy', 'matrix')).code).toBe(2);
    expect(await cli.run('policy', 'matrix', 'show', '--version', '9')).toMatchObject({
      code: 3,
      stderr: 'There is no approval matrix version 9; the one in force is 1.\n',
    });
  });

  it('refuses to propose without a key in the environment, with a bad key, as the agent or as a controller', async () => {
    const file = await cli.file('v2.json', JSON.stringify(v2));
    expect(await as(null, 'policy', 'matrix', 'propose', file, '--reason', 'r')).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/Set BILLING_COPILOT_API_KEY/),
    });
    expect(await as(`bc_${'x'.repeat(43)}`, 'policy', 'matrix', 'propose', file, '--reason', 'r')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/is not valid/),
    });
    expect(await as('agent', 'policy', 'matrix', 'propose', file, '--reason', 'r')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/agent's/),
    });
    expect(await as('ctl', 'policy', 'matrix', 'propose', file, '--reason', 'r')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/Refused \(FORBIDDEN\): roles controller may not approval_matrix\.change/),
    });
    expect(await as('fa1', 'policy', 'matrix', 'propose', file)).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--reason/),
    });
  });

  it('refuses an unreadable, non-JSON or invalid file with a sentence per problem, writing nothing', async () => {
    expect(await as('fa1', 'policy', 'matrix', 'propose', `${cli.dir}/nope.json`, '--reason', 'r')).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/Cannot read/),
    });
    const notJson = await cli.file('bad.json', '{ "version": 2,');
    expect(await as('fa1', 'policy', 'matrix', 'propose', notJson, '--reason', 'r')).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/bad\.json is not JSON/),
    });
    const invalid = await cli.file(
      'invalid.json',
      JSON.stringify({ ...v2, approvalTtlHours: 0, levelOrder: ['controller'] }),
    );
    const r = await as('fa1', 'policy', 'matrix', 'propose', invalid, '--reason', 'r');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${invalid}: approvalTtlHours: Too small: expected number to be >0`,
      `${invalid}: levelOrder: role finance_admin is used by a rule but missing from levelOrder`,
      `${invalid}: levelOrder: role project_manager is used by a rule but missing from levelOrder`,
      `${invalid}: levelOrder: role account_manager is used by a rule but missing from levelOrder`,
    ]);
    expect(await cli.query(sql`SELECT count(*)::int AS n FROM approval_requests`)).toEqual([{ n: 0 }]);
  });

  it('proposes (exit 5, the request open), shows the proposal to the approver, and applies it once another finance admin granted it', async () => {
    const file = await cli.file('v2.json', JSON.stringify(v2));
    const asked = await as('fa1', 'policy', 'matrix', 'propose', file, '--reason', 'margin threshold down to 20%');
    expect(asked.code, asked.stderr).toBe(5);
    const requestId = /Request ([0-9a-f-]{36}) is open/.exec(asked.stdout)![1]!;
    const hash = /policy matrix proposal ([0-9a-f]{64})/.exec(asked.stdout)![1]!;
    const review = await cli.run('policy', 'matrix', 'proposal', hash);
    expect(review.stdout).toMatch(/Proposed version 2 .* margin threshold down to 20%/);
    expect(review.stdout).toMatch(/lowMargin\.belowPercent\s+"25"\s+"20"/);

    const [fa2] = await cli.query<{ id: string }>(sql`SELECT id FROM users WHERE email = 'fa2@test.example'`);
    const database = await openDatabase(
      cli.env.DATABASE_URL
        ? { databaseUrl: cli.env.DATABASE_URL, poolSize: 1 }
        : { dataDir: cli.env.BILLING_DATA_DIR! },
    );
    try {
      const granted = await grantApproval(
        database,
        {
          actor: { userId: fa2!.id, roles: ['finance_admin'], entityIds: null, onBehalfOf: null },
          correlationId: 't',
          now: new Date(),
        },
        { requestId },
      );
      expect(granted.ok).toBe(true);
    } finally {
      await database.close();
    }

    const done = await as('fa1', 'policy', 'matrix', 'propose', file, '--reason', 'margin threshold down to 20%');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Approval matrix version 2 is in force .* replacing version 1/);
    const listed = await cli.run('policy', 'matrix', 'versions');
    expect(listed.stdout).toMatch(
      /^ +2 +[0-9a-f]{12} +2026-01-01 +stored .*\n +1 +[0-9a-f]{12} +2026-01-01 +bundled +the start\n2 versions; the first row is in force\n$/m,
    );
    expect((await cli.run('policy', 'matrix', 'show')).stdout).toMatch(/low margin\s+below 20%\s+controller/);

    const again = await as('fa1', 'policy', 'matrix', 'propose', file, '--reason', 'again');
    expect(again).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/APPROVAL_MATRIX_VERSION_CONFLICT.*in force is version 2/),
    });
  });
});
