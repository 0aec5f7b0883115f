import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every module a fresh Node process loads through the ESM loader while it imports src/api/app.ts under
 * tsx (as the server and bench/api-paired do), recorded by a load hook into a file.
 */
function modulesLoadedByApp(): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'app-import-'));
  const log = path.join(dir, 'loaded.txt');
  try {
    const hooks =
      "import { appendFileSync } from 'node:fs';\n" +
      'export async function load(url, context, next) {\n' +
      `  appendFileSync(${JSON.stringify(log)}, url + '\\n');\n` +
      '  return next(url, context);\n' +
      '}\n';
    const script =
      "import { register } from 'node:module';\n" +
      "import { pathToFileURL } from 'node:url';\n" +
      `register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));\n` +
      "await import(pathToFileURL(process.cwd() + '/src/api/app.ts').href);\n";
    execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'pipe' });
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What the built-in default uses only when a feature is used is loaded then, in the handler that needs it,
 * not with the app: each costs every server and CLI process heap it never uses (docs/performance.md).
 */
const LOADED_ON_FIRST_USE = [
  // Charts (the KPI chart routes).
  '/node_modules/echarts/',
  '/node_modules/@resvg/',
  // LangGraph's checkpoint library (the prune job) and the openai SDK (a configured model, the embedder).
  '/node_modules/@langchain/',
  '/node_modules/openai/',
  // The bank statement parsers (a statement file read).
  '/node_modules/fast-xml-parser/',
  '/node_modules/csv-parse/',
  '/src/extraction/bank/camt053.ts',
  '/src/extraction/bank/bank-csv.ts',
  // The copilot's turn (a message to POST /agent/messages).
  '/src/agent/turn.ts',
  '/src/agent/router/',
];

describe('importing the app', () => {
  it('loads the catalogue and routes but none of what is loaded on first use', () => {
    const loaded = modulesLoadedByApp();
    expect(loaded.some((u) => u.endsWith('/src/tools/invoices/show-invoice.ts'))).toBe(true);
    expect(loaded.some((u) => u.endsWith('/src/api/routes/agent.ts'))).toBe(true);
    const early = LOADED_ON_FIRST_USE.flatMap((part) => loaded.filter((u) => u.includes(part)).slice(0, 1));
    expect(early).toEqual([]);
  });
});
