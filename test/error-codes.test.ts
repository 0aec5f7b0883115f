import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli/io.ts';
import { CLI_EXIT, ERROR_CODES, isErrorCode } from '../src/shared/error-codes.ts';
import { errorCodesSection, withErrorCodesSection } from '../scripts/error-codes-doc.ts';

const root = process.cwd();
const TABLE = 'src/shared/error-codes.ts';

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* sourceFiles(full);
    else if (full.endsWith('.ts') && !/\.test(-support)?\.ts$/.test(full)) yield full;
  }
}

/**
 * Every UPPER_SNAKE string literal (with at least one underscore: single words such as 'USD' or
 * 'POST' are not codes; the few codes of one word, such as FORBIDDEN, are checked by the compiler where
 * errors are built, and by name below) in src (quoted, or opening a message as `CODE: ...`), with the
 * files it is in. Like the dependency rule, this reads the source rather than trusting the types:
 * a code built as a plain string (a stored document failure, a CLI message) is found too.
 */
function literalsInSource(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const rel = path.relative(root, file);
    if (rel === TABLE) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`]([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)['"`:]/g)) {
      found.set(m[1]!, [...(found.get(m[1]!) ?? []), rel]);
    }
  }
  return found;
}

// Upper-snake literals that are not the product's error codes: Node.js's own error codes (e.code), undici's (a fetch
// failure's cause.code) and getaddrinfo's (EAI_AGAIN).
const notAnErrorCode = (s: string) => s.startsWith('ERR_') || s.startsWith('UND_ERR_') || s.startsWith('EAI_');

describe('the error-code table', () => {
  const literals = literalsInSource();

  it('has every code used in src', () => {
    const missing = [...literals]
      .filter(([s]) => !notAnErrorCode(s) && !isErrorCode(s))
      .map(([s, files]) => `${s} (${[...new Set(files)].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('has no code that src no longer uses', () => {
    const source = [...sourceFiles(path.join(root, 'src'))]
      .filter((f) => path.relative(root, f) !== TABLE)
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    expect(
      Object.keys(ERROR_CODES).filter((c) => (c.includes('_') ? !literals.has(c) : !source.includes(`'${c}'`))),
    ).toEqual([]);
  });

  it('gives the CLI the exit codes src/cli/io.ts defines', () => {
    expect({
      OK: CLI_EXIT.OK,
      PROBLEMS: CLI_EXIT.PROBLEMS,
      USAGE: CLI_EXIT.USAGE,
      NOT_FOUND: CLI_EXIT.NOT_FOUND,
      BUSY: CLI_EXIT.BUSY,
    }).toEqual(EXIT);
  });

  it('is listed, current, in docs/api.md', () => {
    const doc = readFileSync(path.join(root, 'docs/api.md'), 'utf8');
    expect(doc).toContain(errorCodesSection());
    expect(withErrorCodesSection(doc)).toBe(doc);
  });
});
