import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The dependency rule of HOUSE_STYLE.md as a lint: shared <- billing <- policy <- tools <- agent <- api,
 * db/extraction/jobs are adapters, and the pure core (shared, billing, policy) imports no I/O library
 * and never reads process.env. dependency-cruiser and typescript-eslint need TypeScript's JS compiler
 * API, which TypeScript 7 no longer ships, so this reads import specifiers itself.
 */

const IO_LIBS = /^(drizzle-orm|drizzle-kit|hono|@hono\/|langchain|@langchain\/|openai|pdf-parse|pg|pgvector|@electric-sql\/|mammoth|pdfkit|node:fs|node:net|node:http|node:child_process)($|\/)/;
const LAYER_MAY_IMPORT: Record<string, string[]> = {
  shared: ['shared'],
  billing: ['shared', 'billing'],
  policy: ['shared', 'billing', 'policy'],
  tools: ['shared', 'billing', 'policy', 'tools', 'db', 'extraction', 'jobs', 'config.ts'],
  agent: ['shared', 'billing', 'policy', 'tools', 'agent', 'db', 'extraction', 'jobs', 'config.ts'],
  db: ['shared', 'billing', 'policy', 'db', 'config.ts'],
  extraction: ['shared', 'billing', 'policy', 'extraction', 'db', 'config.ts'],
  jobs: ['shared', 'billing', 'policy', 'db', 'extraction', 'tools', 'agent', 'jobs', 'config.ts'],
};
const PURE = new Set(['shared', 'billing', 'policy']);

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

const IMPORT = /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\s)import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Lists every import that breaks the rule, with file and line. */
export function checkDependencyRule(root: string): Violation[] {
  const src = path.join(root, 'src');
  const out: Violation[] = [];
  for (const file of tsFiles(src)) {
    const rel = path.relative(src, file).split(path.sep);
    const layer = rel.length > 1 ? rel[0]! : rel[0]!;
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    lines.forEach((lineText, i) => {
      const where = { file: path.relative(root, file), line: i + 1 };
      if (PURE.has(layer) && /process\.env/.test(lineText)) out.push({ ...where, message: `${layer}/ must not read process.env (config.ts parses it once)` });
      for (const m of lineText.matchAll(IMPORT)) {
        const spec = m[1] ?? m[2] ?? m[3]!;
        if (spec.startsWith('.')) {
          const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep);
          if (target[0] === '..') continue;
          const targetLayer = target.length > 1 ? target[0]! : target[0]!;
          const allowed = LAYER_MAY_IMPORT[layer];
          if (allowed && !allowed.includes(targetLayer)) out.push({ ...where, message: `${layer}/ may not import ${targetLayer} (${spec})` });
        } else if (PURE.has(layer) && IO_LIBS.test(spec)) {
          out.push({ ...where, message: `${layer}/ is pure and may not import ${spec}` });
        }
      }
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const violations = checkDependencyRule(process.cwd());
  for (const v of violations) process.stderr.write(`${v.file}:${v.line}: ${v.message}\n`);
  process.stdout.write(violations.length ? `${violations.length} dependency rule violation(s)\n` : 'Dependency rule holds.\n');
  process.exitCode = violations.length ? 1 : 0;
}
