import { setPriority } from 'node:os';
import type pg from 'pg';

/** Hosts whose PostgreSQL backends are processes of this machine (URL.hostname keeps IPv6 in brackets). */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether a connection string names a server on this machine (TCP loopback, or a Unix socket directory). */
export function isLocalServer(connectionString: string): boolean {
  try {
    const url = new URL(connectionString);
    const host = url.hostname || url.searchParams.get('host') || '';
    return LOCAL_HOSTS.has(host) || host.startsWith('/');
  } catch {
    return false;
  }
}

/**
 * Gives each new connection's backend the nice value (see OpenOptions.backendNice). The first
 * statement on a new connection asks for its backend's pid; a refusal to renice (another user's
 * process, no permission) is ignored, as is a failed query: the connection works as before.
 */
export function niceBackends(pool: pg.Pool, nice: number): void {
  pool.on('connect', (client) => {
    client
      .query<{ pid: number }>('SELECT pg_backend_pid() AS pid')
      .then(({ rows }) => {
        try {
          setPriority(rows[0]!.pid, nice);
        } catch {
          // not permitted: the backend keeps its priority
        }
      })
      .catch(() => undefined);
  });
}
