import path from 'node:path';

/** Where the migrated PGlite template is dumped for one test run (unique, so parallel runs do not clash). */
export const templateFile = (): string => path.resolve('.tmp', `pglite-template-${process.pid}-${Date.now()}.tar`);

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
export const TEMPLATE_DB = 'bc_template';

/** The same server URL pointing at another database. */
export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The maintenance database on the same server. */
export const adminUrl = (url: string): string => withDatabaseName(url, 'postgres');
