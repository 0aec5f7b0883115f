import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataFolderBusyError, LOCK_FILE, liveHolder, lockDataFolder } from './data-folder-lock.ts';

/** A child process that takes the folder's lock, says so, and waits to be killed. */
function holdInChild(dir: string, role: 'server' | 'cli') {
  const script = `
    const { lockDataFolder } = await import(${JSON.stringify(new URL('./data-folder-lock.ts', import.meta.url).href)});
    await lockDataFolder(${JSON.stringify(dir)}, ${JSON.stringify(role)}, 'billing run --period 2026-10');
    process.stdout.write('locked\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const locked = new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
  });
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, locked, gone };
}

describe('lockDataFolder', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(path.join(tmpdir(), 'bc-lock-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('refuses a second process with a sentence naming the holder, and takes over once the holder was SIGKILLed', async () => {
    const holder = holdInChild(dir, 'cli');
    await holder.locked;
    const refused = await lockDataFolder(dir, 'cli', 'invoices list').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DataFolderBusyError);
    expect((refused as Error).message).toContain(
      `in use by \`billing-copilot billing run --period 2026-10\` (pid ${holder.child.pid}`,
    );
    expect((await liveHolder(dir))?.pid).toBe(holder.child.pid);
    holder.child.kill('SIGKILL');
    await holder.gone;
    // The dead holder's lock file is still there, but its pid no longer runs.
    expect(await liveHolder(dir)).toBeNull();
    const lock = await lockDataFolder(dir, 'cli', 'invoices list');
    expect((await liveHolder(dir))?.pid).toBe(process.pid);
    await lock.release();
    expect(await liveHolder(dir)).toBeNull();
  });

  it('tells a command to stop the server or use its API when the server holds the folder', async () => {
    const holder = holdInChild(dir, 'server');
    await holder.locked;
    try {
      await expect(lockDataFolder(dir, 'cli', 'db migrate')).rejects.toThrow(
        /in use by the Billing Copilot server .*Stop the server first, or use its API/,
      );
    } finally {
      holder.child.kill('SIGKILL');
      await holder.gone;
    }
  });

  it('lets only one of many openers racing for a folder win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => lockDataFolder(dir, 'cli', 'billing run')),
    );
    // One process: the winner's own lock makes every later opener in it busy too.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof DataFolderBusyError)).toHaveLength(7);
    await (
      results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{ release(): Promise<void> }>
    ).value.release();
  });

  it('takes over a lock file cut short by a crash while it was written', async () => {
    await writeFile(path.join(dir, LOCK_FILE), '{"pid": 12');
    const lock = await lockDataFolder(dir, 'server', 'server');
    expect(lock.holder.pid).toBe(process.pid);
    await lock.release();
  });
});
