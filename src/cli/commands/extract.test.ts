import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../evals/extraction/render/pdf.ts';
import { loadConfig } from '../../config.ts';
import { sowTermsSchema } from '../../extraction/sow-terms.ts';
import { extractCommand, EXTRACT_EXIT } from './extract.ts';
import { startStubLlm } from '../../extraction/llm/testing/stub-server.ts';

const SOW = `# STATEMENT OF WORK SOW-77

Between Acme AG ("Client") and Beta GmbH ("Consultant"). Effective as of 1 March 2026.

| Role | Hourly rate |
|---|---|
| Senior Consultant | CHF 240.00 |

Invoices are issued monthly. Payment is due 30 days net from the invoice date.`;

let dir: string;
const config = loadConfig({});
const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await extractCommand(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) }, { config });
  return { code, stdout: out.join(''), stderr: err.join('') };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'extract-cli-'));
  // The name says .txt; the content is a PDF: the type comes from the bytes.
  await writeFile(path.join(dir, 'sow.txt'), await renderPdf(SOW));
  await writeFile(path.join(dir, 'empty.pdf'), '');
  await writeFile(path.join(dir, 'broken.pdf'), (await renderPdf(SOW)).slice(0, 300));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Runs the real CLI as a child process; resolves with its exit code, or a sentence if it is still running after 60 s. */
async function runBin(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ exit: number | string; stdout: string }> {
  const bin = fileURLToPath(new URL('../../../bin/billing-copilot.js', import.meta.url));
  const child = spawn(process.execPath, [bin, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  child.stdout.on('data', (d) => void (stdout += d));
  const exit = await new Promise<number | string>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('still running after 60 s');
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code ?? -1);
    });
  });
  return { exit, stdout };
}

describe('billing-copilot extract as a process', () => {
  it('exits by itself with a model configured too (the LLM path holds no connection open)', async () => {
    const stub = await startStubLlm(() => ({ content: '{}' }));
    try {
      const r = await runBin(['extract', path.join(dir, 'sow.txt'), '--json'], {
        LLM_MODEL: 'stub-model',
        LLM_BASE_URL: stub.baseURL,
        LLM_API_KEY: 'sk-test',
      });
      expect(r.exit).toBe(EXTRACT_EXIT.OK);
      // The model answered nothing usable; the built-in values fill the gaps.
      expect(sowTermsSchema.parse(JSON.parse(r.stdout)).reference).toBe('SOW-77');
    } finally {
      await stub.close();
    }
  });

  it('prints the terms of a PDF and exits by itself', async () => {
    // It printed its result and then waited forever: the idle document worker kept the process alive.
    const bin = fileURLToPath(new URL('../../../bin/billing-copilot.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'extract', path.join(dir, 'sow.txt'), '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => void (stdout += d));
    const exit = await new Promise<number | string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running after 60 s');
      }, 60_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? -1);
      });
    });
    expect(exit).toBe(EXTRACT_EXIT.OK);
    expect(sowTermsSchema.parse(JSON.parse(stdout)).reference).toBe('SOW-77');
  });
});

describe('extractCommand', () => {
  it('prints exactly the SowTerms JSON on stdout with --json', async () => {
    const r = await run(path.join(dir, 'sow.txt'), '--json');
    expect(r.code).toBe(EXTRACT_EXIT.OK);
    const terms = sowTermsSchema.parse(JSON.parse(r.stdout));
    expect(terms).toMatchObject({
      documentType: 'sow',
      reference: 'SOW-77',
      currency: 'CHF',
      paymentTerms: { netDays: 30, basis: 'invoice_date' },
    });
    expect(terms.rates).toEqual([
      { role: 'Senior Consultant', amount: '240.00', unit: 'hour', currency: 'CHF', effectiveFrom: null },
    ]);
    expect(terms.evidence.find((e) => e.field === 'rates[0]')?.page).toBe(1);
  });

  it('prints a readable summary with quotes without --json', async () => {
    const r = await run(path.join(dir, 'sow.txt'));
    expect(r.code).toBe(EXTRACT_EXIT.OK);
    expect(r.stdout).toContain('extractor: builtin');
    expect(r.stdout).toContain('Senior Consultant 240.00/hour');
  });

  it('exits 4 with the code on stderr for an empty or corrupt file', async () => {
    const empty = await run(path.join(dir, 'empty.pdf'), '--json');
    expect([empty.code, empty.stdout, empty.stderr]).toEqual([
      EXTRACT_EXIT.REFUSED,
      '',
      'EMPTY_DOCUMENT: The file is empty.\n',
    ]);
    const broken = await run(path.join(dir, 'broken.pdf'));
    expect(broken.code).toBe(EXTRACT_EXIT.REFUSED);
    expect(broken.stderr).toMatch(/^CORRUPT_DOCUMENT: /);
  });

  it('exits 3 for a missing file and 2 for bad usage', async () => {
    expect((await run(path.join(dir, 'nope.pdf'))).code).toBe(EXTRACT_EXIT.NOT_FOUND);
    expect((await run()).code).toBe(EXTRACT_EXIT.USAGE);
    expect((await run('a', '--bogus')).code).toBe(EXTRACT_EXIT.USAGE);
    expect((await run(path.join(dir, 'sow.txt'), '--extractor', 'llm')).stderr).toMatch(/^LLM_NOT_CONFIGURED/);
  });
});
