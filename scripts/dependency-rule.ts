import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The dependency rule of HOUSE_STYLE.md as a lint: shared <- billing <- policy <- tools <- agent <- api,
 * db/extraction/jobs are adapters, and the pure core (shared, billing, policy) imports no I/O library
 * and never reads process.env. Every folder and root file of src/ is a layer with a list of what it may
 * import; a file outside them is reported too. dependency-cruiser and typescript-eslint need TypeScript's
 * JS compiler API, which TypeScript 7 no longer ships, so this reads import specifiers itself.
 */

const IO_LIBS =
  /^(drizzle-orm|drizzle-kit|hono|@hono\/|langchain|@langchain\/|openai|pdf-parse|pg|pgvector|@electric-sql\/|mammoth|pdfkit|node:fs|node:net|node:http|node:child_process)($|\/)/;
const CORE = ['shared', 'billing', 'policy'];
const LAYERS = [
  'shared',
  'billing',
  'policy',
  'tools',
  'agent',
  'api',
  'cli',
  'jobs',
  'db',
  'extraction',
  'main.ts',
  'config.ts',
  'bootstrap.ts',
];

/** What each layer may import (a layer, or a root file of src/). */
const LAYER_MAY_IMPORT: Record<string, readonly string[]> = {
  shared: ['shared'],
  billing: ['shared', 'billing'],
  policy: ['shared', 'billing', 'policy'],
  tools: [...CORE, 'tools', 'db', 'extraction', 'config.ts'],
  // The agent acts only through catalogue entries (tools); no db stores or schema of its own.
  agent: [...CORE, 'tools', 'agent', 'config.ts'],
  api: [...CORE, 'tools', 'agent', 'api', 'config.ts'],
  // The CLI is a composition root of its own: it opens the database (bootstrap.ts) per command.
  cli: [...CORE, 'tools', 'agent', 'cli', 'config.ts', 'bootstrap.ts'],
  jobs: [...CORE, 'tools', 'jobs', 'config.ts'],
  db: [...CORE, 'db', 'config.ts'],
  extraction: [...CORE, 'extraction', 'db', 'config.ts'],
  // The composition root wires everything, but never a CLI command: what both need lives below them.
  'main.ts': LAYERS.filter((l) => l !== 'cli'),
  'config.ts': ['shared'],
  'bootstrap.ts': ['shared', 'config.ts', 'db'],
};

/**
 * Folders (paths under src/) a layer may import beyond whole layers: rules, not debts. The agent reuses
 * extraction's evidence checks (text addressed to an assistant is data), never its stores or its model calls.
 */
const ALSO_MAY_IMPORT: Record<string, readonly string[]> = {
  agent: ['extraction/evidence'],
  // The background thread is a composition root of its own (a worker thread): it wires the model's reminder
  // writer into the nightly dunning run as main.ts wires triage; the catalogue sees only its port.
  jobs: ['agent/reminders'],
};

/**
 * Debts, not rules: until the capability catalogue (src/tools) exists, these adapters still reach db and
 * extraction directly. Each entry is a path under src/ (a folder or a file); delete it when the calls
 * behind it go through catalogue entries. Never add api to cli's list: what both need moves below both.
 */
const UNTIL_CATALOGUE: Record<string, readonly string[]> = {
  // Routes run db use cases and stores, the document use cases of extraction/, and the views the CLI shares.
  api: ['db/stores', 'db/schema', 'db/views', 'db/client.ts', 'extraction'],
  // Commands as routes do, plus the demo seed, the folder lock's error (exit 6) and checkpoint files.
  cli: [
    'db/stores',
    'db/schema',
    'db/views',
    'db/client.ts',
    'db/seed',
    'db/embedded',
    'extraction',
    'jobs/audit-checkpoints.ts',
  ],
  // The background thread and the checkpoints run db use cases and stores and the document pipeline.
  jobs: ['db/stores', 'db/client.ts', 'extraction'],
};

/**
 * What no adapter may import, whatever its debts: the writes that only catalogue entries make, under
 * policy and with their audit row. Access (users, keys, chat links), the master-data bundle, time
 * entries and their approval; db/usecases is gone for good (its use cases are src/tools/users).
 */
const ADAPTERS = ['api', 'cli', 'jobs', 'agent'];
const CATALOGUE_ONLY: readonly string[] = [
  'db/usecases',
  'db/stores/access-writes.ts',
  'db/stores/master-data.ts',
  'db/stores/time-entry-store.ts',
  'db/stores/time-approval-store.ts',
];

/**
 * Folders of a layer that drive the catalogue like an adapter does: the demo seed (db/seed) records
 * its demo activity through catalogue entries, as a person would, so it may import tools.
 */
const PATH_MAY_IMPORT: Record<string, readonly string[]> = {
  'db/seed': ['tools'],
};

const PURE = new Set(CORE);

export interface Violation {
  file: string;
  line: number;
  message: string;
}

function* tsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* tsFiles(full);
    else if (full.endsWith('.ts') && !full.endsWith('.test.ts')) yield full;
  }
}

const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\s)import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The catalogue-only path an adapter's import reaches, or null. */
function catalogueOnly(layer: string, target: string[]): string | null {
  if (!ADAPTERS.includes(layer)) return null;
  const rel = target.join('/');
  return CATALOGUE_ONLY.find((p) => rel === p || rel.startsWith(`${p}/`)) ?? null;
}

/** True when `layer` may import the file at `target` (a path under src/, split into segments). */
function allowed(layer: string, target: string[], from: string): boolean {
  if (catalogueOnly(layer, target)) return false;
  if (LAYER_MAY_IMPORT[layer]?.includes(target[0]!)) return true;
  if (Object.entries(PATH_MAY_IMPORT).some(([p, may]) => from.startsWith(`${p}/`) && may.includes(target[0]!)))
    return true;
  const rel = target.join('/');
  return [...(ALSO_MAY_IMPORT[layer] ?? []), ...(UNTIL_CATALOGUE[layer] ?? [])].some(
    (p) => rel === p || rel.startsWith(`${p}/`),
  );
}

/** Lists every import that breaks the rule, with file and line. */
export function checkDependencyRule(root: string): Violation[] {
  const src = path.join(root, 'src');
  const out: Violation[] = [];
  for (const file of tsFiles(src)) {
    const layer = path.relative(src, file).split(path.sep)[0]!;
    const where = (line: number) => ({ file: path.relative(root, file), line });
    if (!LAYER_MAY_IMPORT[layer]) {
      out.push({
        ...where(1),
        message: `src/${layer} is no layer of the dependency rule (add it to scripts/dependency-rule.ts)`,
      });
      continue;
    }
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((lineText, i) => {
        if (PURE.has(layer) && /process\.env/.test(lineText))
          out.push({ ...where(i + 1), message: `${layer}/ must not read process.env (config.ts parses it once)` });
        for (const m of lineText.matchAll(IMPORT)) {
          const spec = m[1] ?? m[2] ?? m[3]!;
          if (spec.startsWith('.')) {
            const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep);
            if (target[0] === '..') continue;
            const only = catalogueOnly(layer, target);
            if (only)
              out.push({
                ...where(i + 1),
                message: `${layer}/ may not import ${only} (${spec}): that write is a catalogue entry's (src/tools)`,
              });
            else if (!allowed(layer, target, path.relative(src, file).split(path.sep).join('/')))
              out.push({
                ...where(i + 1),
                message: `${layer}${layer.endsWith('.ts') ? '' : '/'} may not import ${target[0]} (${spec})`,
              });
          } else if (PURE.has(layer) && IO_LIBS.test(spec)) {
            out.push({ ...where(i + 1), message: `${layer}/ is pure and may not import ${spec}` });
          }
        }
      });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = checkDependencyRule(process.cwd());
  for (const v of violations) process.stderr.write(`${v.file}:${v.line}: ${v.message}\n`);
  process.stdout.write(
    violations.length ? `${violations.length} dependency rule violation(s)\n` : 'Dependency rule holds.\n',
  );
  process.exitCode = violations.length ? 1 : 0;
}
