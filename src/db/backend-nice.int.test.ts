import { readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { backend, cloneServerTemplate } from '../../test/helpers/db.ts';
import { isLocalServer } from './backend-nice.ts';
import { openDatabase, queryRows } from './client.ts';
import { sql } from 'drizzle-orm';

/** A process's nice value, from /proc (field 19 of stat, after the command's closing parenthesis). */
const niceOf = (pid: number): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
};

describe('isLocalServer', () => {
  it('tells a server on this machine from one elsewhere', () => {
    expect(isLocalServer('postgres://u:p@127.0.0.1:5432/db')).toBe(true);
    expect(isLocalServer('postgres://u:p@localhost/db')).toBe(true);
    expect(isLocalServer('postgres://u:p@[::1]:5432/db')).toBe(true);
    expect(isLocalServer('postgres:///db?host=/var/run/postgresql')).toBe(true);
    expect(isLocalServer('postgres://u:p@db.example.com:5432/db')).toBe(false);
    expect(isLocalServer('postgres://u:p@10.0.0.7/db')).toBe(false);
    expect(isLocalServer('not a url')).toBe(false);
  });
});

// PostgreSQL only: PGlite has no backends of its own to renice (the option is ignored there).
if (backend === 'postgres') {
  describe('backendNice on a local PostgreSQL', () => {
    it("gives each of the pool's backends the nice value, where this process may renice it", async () => {
      const clone = await cloneServerTemplate(process.env.DATABASE_URL!);
      const niced = await openDatabase({ databaseUrl: clone.url, poolSize: 3, backendNice: 7 });
      const plain = await openDatabase({ databaseUrl: clone.url, poolSize: 1 });
      try {
        await niced.openConnections();
        const pids = await Promise.all(
          [1, 2, 3].map(async () => {
            const c = await niced.acquire!();
            const pid = ((await c.query('SELECT pg_backend_pid() AS pid')) as { rows: { pid: number }[] }).rows[0]!.pid;
            return { pid, release: c.release };
          }),
        );
        pids.forEach((p) => p.release());
        const [other] = await queryRows<{ pid: number }>(plain.db, sql`SELECT pg_backend_pid() AS pid`);
        expect(new Set(pids.map((p) => p.pid)).size).toBe(3);
        for (const { pid } of pids) {
          const nice = niceOf(pid);
          // May this process renice the backend at all? Asked by setting the value it already has (changing nothing).
          let permitted = true;
          try {
            setPriority(pid, nice);
          } catch {
            permitted = false;
          }
          // Reniced, or (another user's process this one may not renice) left as it was.
          expect({ pid, nice }).toEqual({ pid, nice: permitted ? 7 : 0 });
        }
        // A pool without the option leaves its backend alone.
        expect(niceOf(other!.pid)).toBe(0);
      } finally {
        await niced.close();
        await plain.close();
        await clone.drop();
      }
    });
  });
}
