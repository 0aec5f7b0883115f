import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LOG_TS = fileURLToPath(new URL('./log.ts', import.meta.url));
const LINES = 20_000;

/**
 * A child process logs 20,000 lines to a stderr pipe nobody reads for a second, through the bounded
 * destination with a 64 KiB bound: it must not wait for the reader, and every line is either
 * delivered or counted in a "log lines dropped" line once the reader catches up.
 */
describe('the stderr log buffer', () => {
  it('drops and counts lines past its bound instead of growing or blocking', async () => {
    const script = `
      const { createLogger } = await import(${JSON.stringify(LOG_TS)});
      const log = createLogger('info', undefined, { maxBufferBytes: 64 * 1024, dropReportMs: 100 });
      for (let i = 0; i < ${LINES}; i++) log.info('request', { i, pad: 'x'.repeat(150) });
      process.stdout.write('logged\\n');
      setTimeout(() => {}, 2500);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    // The child finishes logging while stderr is still unread: the writes did not wait for the reader.
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the child never finished logging')), 20_000);
      child.stdout.on('data', () => {
        if (stdout.includes('logged')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    await new Promise((resolve) => child.on('close', resolve));
    const lines = stderr
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; dropped?: number; i?: number });
    const delivered = lines.filter((l) => l.msg === 'request').length;
    const dropped = lines
      .filter((l) => l.msg.startsWith('log lines dropped'))
      .reduce((n, l) => n + (l.dropped ?? 0), 0);
    expect(dropped).toBeGreaterThan(0);
    expect(delivered).toBeGreaterThan(0);
    expect(delivered + dropped).toBe(LINES);
  }, 30_000);
});
