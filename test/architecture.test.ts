import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkDependencyRule } from '../scripts/dependency-rule.ts';

/** A throwaway project root with the given files under src/. */
function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'deps-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, 'src', name)), { recursive: true });
    writeFileSync(path.join(root, 'src', name), text);
  }
  return root;
}

const messages = (root: string) => checkDependencyRule(root).map((v) => `${v.file}:${v.line}: ${v.message}`);

describe('checkDependencyRule', () => {
  it('finds no violation in the project', () => {
    expect(checkDependencyRule(process.cwd())).toEqual([]);
  });

  it('reports a billing file that imports drizzle, a db module or process.env', () => {
    const root = fixture({
      'db/x.ts': 'export const x = 1;\n',
      'billing/bad.ts':
        "import { sql } from 'drizzle-orm';\nimport { x } from '../db/x.ts';\nconst k = process.env.KEY;\n",
    });
    expect(messages(root)).toEqual([
      'src/billing/bad.ts:1: billing/ is pure and may not import drizzle-orm',
      'src/billing/bad.ts:2: billing/ may not import db (../db/x.ts)',
      'src/billing/bad.ts:3: billing/ must not read process.env (config.ts parses it once)',
    ]);
  });

  it('reports a CLI command that imports the API, statically or lazily', () => {
    const root = fixture({
      'api/views.ts': 'export const v = 1;\n',
      'cli/commands/list.ts':
        "import { v } from '../../api/views.ts';\nconst m = await import('../../api/views.ts');\n",
    });
    expect(messages(root)).toEqual([
      'src/cli/commands/list.ts:1: cli/ may not import api (../../api/views.ts)',
      'src/cli/commands/list.ts:2: cli/ may not import api (../../api/views.ts)',
    ]);
  });

  it('reports the composition root importing a CLI command', () => {
    const root = fixture({
      'cli/commands/seed.ts': 'export const s = 1;\n',
      'main.ts': "import { s } from './cli/commands/seed.ts';\n",
    });
    expect(messages(root)).toEqual(['src/main.ts:1: main.ts may not import cli (./cli/commands/seed.ts)']);
  });

  it('reports api, cli and jobs importing db outside the listed debts, and allows the debts', () => {
    const root = fixture({
      'db/seed/demo.ts': 'export const d = 1;\n',
      'db/embedded/lock.ts': 'export const l = 1;\n',
      'api/routes/x.ts': "import { d } from '../../db/seed/demo.ts';\n",
      'cli/commands/y.ts':
        "import { d } from '../../db/seed/demo.ts';\nimport { l } from '../../db/embedded/lock.ts';\n",
      'jobs/z.ts': "import { l } from '../db/embedded/lock.ts';\n",
    });
    expect(messages(root)).toEqual([
      'src/api/routes/x.ts:1: api/ may not import db (../../db/seed/demo.ts)',
      'src/jobs/z.ts:1: jobs/ may not import db (../db/embedded/lock.ts)',
    ]);
  });

  it('reports every adapter importing the writes only catalogue entries make, whatever its debts', () => {
    const root = fixture({
      'db/usecases/add-user.ts': 'export const a = 1;\n',
      'db/stores/access-writes.ts': 'export const w = 1;\n',
      'db/stores/master-data.ts': 'export const m = 1;\n',
      'db/stores/time-entry-store.ts': 'export const t = 1;\n',
      'db/stores/user-store.ts': 'export const u = 1;\n',
      'cli/commands/users.ts':
        "import { a } from '../../db/usecases/add-user.ts';\nimport { w } from '../../db/stores/access-writes.ts';\nimport { u } from '../../db/stores/user-store.ts';\n",
      'api/routes/import.ts': "import { m } from '../../db/stores/master-data.ts';\n",
      'jobs/import.ts': "import { t } from '../db/stores/time-entry-store.ts';\n",
      'agent/users.ts': "import { w } from '../db/stores/access-writes.ts';\n",
      'tools/users/create-user.ts': "import { w } from '../../db/stores/access-writes.ts';\n",
    });
    const why = "that write is a catalogue entry's (src/tools)";
    expect(messages(root)).toEqual(
      expect.arrayContaining([
        `src/cli/commands/users.ts:1: cli/ may not import db/usecases (../../db/usecases/add-user.ts): ${why}`,
        `src/cli/commands/users.ts:2: cli/ may not import db/stores/access-writes.ts (../../db/stores/access-writes.ts): ${why}`,
        `src/api/routes/import.ts:1: api/ may not import db/stores/master-data.ts (../../db/stores/master-data.ts): ${why}`,
        `src/jobs/import.ts:1: jobs/ may not import db/stores/time-entry-store.ts (../db/stores/time-entry-store.ts): ${why}`,
        `src/agent/users.ts:1: agent/ may not import db/stores/access-writes.ts (../db/stores/access-writes.ts): ${why}`,
      ]),
    );
    // The CLI's read of users (a listed debt) and the catalogue's own write are no violations.
    expect(messages(root)).toHaveLength(5);
  });

  it('reports a file in a folder the rule does not know, so every layer stays covered', () => {
    const root = fixture({ 'reports/monthly.ts': 'export const r = 1;\n' });
    expect(messages(root)).toEqual([
      'src/reports/monthly.ts:1: src/reports is no layer of the dependency rule (add it to scripts/dependency-rule.ts)',
    ]);
  });

  it('lets the agent import extraction/evidence, and reports it importing db stores, schema or other extraction folders', () => {
    const root = fixture({
      'extraction/evidence/instruction-spans.ts': 'export const f = 1;\n',
      'extraction/llm/chat-client.ts': 'export const c = 1;\n',
      'db/stores/invoice-store.ts': 'export const s = 1;\n',
      'db/schema/invoices.ts': 'export const t = 1;\n',
      'agent/triage/x.ts':
        "import { f } from '../../extraction/evidence/instruction-spans.ts';\nimport { c } from '../../extraction/llm/chat-client.ts';\nimport { s } from '../../db/stores/invoice-store.ts';\nimport { t } from '../../db/schema/invoices.ts';\n",
    });
    expect(messages(root)).toEqual([
      'src/agent/triage/x.ts:2: agent/ may not import extraction (../../extraction/llm/chat-client.ts)',
      'src/agent/triage/x.ts:3: agent/ may not import db (../../db/stores/invoice-store.ts)',
      'src/agent/triage/x.ts:4: agent/ may not import db (../../db/schema/invoices.ts)',
    ]);
  });
});
