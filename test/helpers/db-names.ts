import path from 'node:path';

/** Where the migrated PGlite template is dumped for one test run (unique, so parallel runs do not clash). */
export const templateFile = (): string => path.resolve('.tmp', `pglite-template-${process.pid}-${Date.now()}.tar`);

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** This run's template database on the server and the prefix of its test databases. */
    pgTemplate: string;
    pgPrefix: string;
  }
}

/** Per-run names, so two test runs against one server never drop each other's databases. */
export function runNames(): { template: string; prefix: string } {
  const run = `${process.pid}_${Date.now().toString(36)}`;
  return { template: `bc_template_${run}`, prefix: `bc_t_${run}_` };
}

/** The same server URL pointing at another database. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The maintenance database on the same server. */
export const adminUrl = (url: string): string => withDatabaseName(url, 'postgres');
