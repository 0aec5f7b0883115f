import { describe, expect, it } from 'vitest';
import {
  agentGuidanceOf,
  cliExitOf,
  ERROR_CODES,
  ERROR_KINDS,
  errorKindOf,
  httpStatusOf,
  httpStatusOfCode,
  isErrorCode,
  type ErrorKind,
} from './error-codes.ts';
import { err } from './result.ts';
import { InputError } from './errors.ts';

describe('error kinds', () => {
  // kind, HTTP status, CLI exit code (src/cli/io.ts EXIT; 4 extract's REFUSED, 5 waiting for approval, 70 EX_SOFTWARE)
  const expected: [ErrorKind, number, number][] = [
    ['invalid', 400, 2],
    ['unprocessable', 422, 1],
    ['unauthenticated', 401, 1],
    ['forbidden', 403, 1],
    ['not_found', 404, 3],
    ['conflict', 409, 1],
    ['approval_required', 409, 5],
    ['busy', 409, 6],
    ['too_large', 413, 4],
    ['unsupported', 415, 4],
    ['integrity', 500, 1],
    ['internal', 500, 70],
  ];

  it('lists every kind once, and each is the kind of some code', () => {
    expect([...ERROR_KINDS].sort()).toEqual(expected.map(([k]) => k).sort());
    expect(new Set(Object.values(ERROR_CODES))).toEqual(new Set(ERROR_KINDS));
  });

  it.each(expected)('maps %s to HTTP %i and CLI exit %i', (kind, status, exit) => {
    expect([httpStatusOf(kind), cliExitOf(kind)]).toEqual([status, exit]);
  });

  it('tells the agent one sentence per kind, a different one for each', () => {
    const sentences = ERROR_KINDS.map(agentGuidanceOf);
    for (const s of sentences) expect(s).toMatch(/^[A-Z].{20,200}\.$/);
    expect(new Set(sentences).size).toBe(ERROR_KINDS.length);
    expect(agentGuidanceOf('approval_required')).toMatch(/a person must approve this; an approval request was opened/i);
  });
});

describe('ERROR_CODES', () => {
  it('gives a code the status of its kind', () => {
    expect(errorKindOf('APPROVAL_REQUIRED')).toBe('approval_required');
    expect(httpStatusOfCode('APPROVAL_REQUIRED')).toBe(409);
    expect(httpStatusOfCode('INVOICE_NOT_FOUND')).toBe(404);
    expect(httpStatusOfCode('FX_RATES_CONTRADICT')).toBe(422);
    expect(httpStatusOfCode('DOCUMENT_TOO_LARGE')).toBe(413);
  });

  it('names codes in UPPER_SNAKE', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
  });

  it('recognises only its own codes', () => {
    expect(isErrorCode('SOD_VIOLATION')).toBe(true);
    expect(isErrorCode('NO_SUCH_CODE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('refuses an unknown code at compile time where errors are built', () => {
    // @ts-expect-error a code not in the table
    const e = err({ code: 'NO_SUCH_CODE', message: 'x' });
    // @ts-expect-error a code not in the table
    const i = new InputError('NO_SUCH_CODE', 'x');
    expect([e.ok, i.code]).toEqual([false, 'NO_SUCH_CODE']);
  });
});
