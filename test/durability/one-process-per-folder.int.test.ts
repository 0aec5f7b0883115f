import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/index.ts';
import { EXIT } from '../../src/cli/io.ts';
import { backend, cloneServerTemplate } from '../helpers/db.ts';
import { demoKeys, startServer, type ServerProcess } from './server-process.ts';

async function cli(env: Record<string, string>, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    argv,
    { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), isTty: false },
    env,
  );
  return { code, stdout, stderr };
}

/**
 * One embedded data folder, one process: the server owns it and serves it to CLI commands through
 * a socket; without a server, one command holds it and a second is told so. Before, a CLI beside
 * the server opened the same files: its new key was never accepted (401), half of its transaction
 * survived, and two billing runs hung or died with "PGlite failed to initialize properly".
 */
describe(`the server and CLI commands on one database (${backend})`, () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let dropDatabase = async () => {};
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bc-folder-'));
    if (process.env.DATABASE_URL) {
      const clone = await cloneServerTemplate(process.env.DATABASE_URL);
      dropDatabase = clone.drop;
      env = { DATABASE_URL: clone.url, LOG_LEVEL: 'silent' };
    } else {
      env = { BILLING_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'silent' };
    }
  });
  afterAll(async () => {
    await server?.kill('SIGKILL');
    await dropDatabase();
    await rm(dir, { recursive: true, force: true });
  });
  const serverEnv = (): Record<string, string> =>
    env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : { BILLING_DATA_DIR: env.BILLING_DATA_DIR! };

  it('adds a user from the CLI beside the running server, and the server accepts the key at once', async () => {
    const checkpoints = path.join(dir, 'audit-checkpoints.jsonl');
    server = await startServer({
      ...serverEnv(),
      AUDIT_CHECKPOINT_KEY: 'k'.repeat(40),
      AUDIT_CHECKPOINT_FILE: checkpoints,
    });
    // The server signs the audit chain's head at boot (and then daily), outside the data folder.
    let written = '';
    for (let i = 0; i < 100 && !written.includes('"seq"'); i++) {
      written = await readFile(checkpoints, 'utf8').catch(() => '');
      if (!written) await new Promise((r) => setTimeout(r, 100));
    }
    expect(written).toMatch(/"seq":"\d+"/);
    // Once the demo's finance admin holds a key, adding users is theirs to do (the operator is refused).
    const asAdmin = { ...env, BILLING_COPILOT_API_KEY: demoKeys(server!.output())['finance@northwind.example']! };
    const added = await cli(
      asAdmin,
      'users',
      'add',
      '--email',
      'beside@northwind.example',
      '--name',
      'Beside',
      '--roles',
      'controller',
    );
    expect(added.code).toBe(EXIT.OK);
    const key = /^(bc_\S+)$/m.exec(added.stdout)?.[1];
    expect(key).toBeTruthy();
    const res = await fetch(`${server.url}/invoices?limit=1`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    if (backend === 'pglite') {
      // A second server on the same folder is refused with a sentence, and the first keeps serving.
      await expect(startServer(serverEnv(), { timeoutMs: 60_000 })).rejects.toThrow(
        /in use by the Billing Copilot server/,
      );
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
    }
  });

  it('runs two billing runs through the server at once: one bills, the other counts conflicts, nothing is billed twice', async () => {
    const asController = {
      ...env,
      BILLING_COPILOT_API_KEY: demoKeys(server!.output())['controller@northwind.example']!,
    };
    const [a, b] = await Promise.all([
      cli(asController, 'billing', 'run', '--period', '2026-11'),
      cli(asController, 'billing', 'run', '--period', '2026-11'),
    ]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([EXIT.OK, EXIT.OK]);
    const invoices = await fetch(`${server!.url}/invoices?period=2026-11&limit=200`, {
      headers: { authorization: `Bearer ${asController.BILLING_COPILOT_API_KEY}` },
    });
    const body = (await invoices.json()) as { items: { contract: string; total: { currency: string } }[] };
    const keys = body.items.map((i) => `${i.contract}/${i.total.currency}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(new Set(keys).size).toBe(keys.length);
    // And once more through the API: the drafts are regenerated in place, none added.
    const api = await fetch(`${server!.url}/billing-runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${asController.BILLING_COPILOT_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ period: '2026-11' }),
    });
    const run = (await api.json()) as { status?: string; invoicesWritten?: number };
    expect(api.status, JSON.stringify(run)).toBe(201);
    const again = (await (
      await fetch(`${server!.url}/invoices?period=2026-11&limit=200`, {
        headers: { authorization: `Bearer ${asController.BILLING_COPILOT_API_KEY}` },
      })
    ).json()) as typeof body;
    expect(again.items.map((i) => `${i.contract}/${i.total.currency}`).sort()).toEqual([...keys].sort());
  });

  it('says on SIGTERM that it stops, and then (embedded) lets one command at a time hold the folder', async () => {
    const output = server!.output();
    const exit = await server!.kill('SIGTERM');
    expect(exit.code).toBe(0);
    expect(
      server!
        .output()
        .split('\n')
        .find((l) => l.includes('"msg":"stopping"')),
    ).toContain('"signal":"SIGTERM"');
    expect(server!.output()).toMatch(/"msg":"stopped"/);
    server = undefined;
    if (backend !== 'pglite') return; // the rest is about an embedded folder without its server
    const asController = { ...env, BILLING_COPILOT_API_KEY: demoKeys(output)['controller@northwind.example']! };
    const [a, b] = await Promise.all([
      cli(asController, 'billing', 'run', '--period', '2026-11'),
      cli(asController, 'billing', 'run', '--period', '2026-11'),
    ]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([EXIT.OK, EXIT.BUSY]);
    const refused = a.code === EXIT.BUSY ? a : b;
    expect(refused.stderr).toMatch(
      /The data folder .* is in use by `billing-copilot billing run --period 2026-11` \(pid \d+, since .*\)\. Wait for it to finish/,
    );
  });
});
