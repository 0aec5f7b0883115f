/**
 * The kinds of error the product tells apart, and what each kind becomes: its HTTP status (httpStatusOf), its CLI
 * exit code (cliExitOf) and what the agent is told (agentGuidanceOf). Every error code has one kind
 * (src/shared/error-codes.ts), so a code cannot get a status of its own.
 */

/** What went wrong, from the caller's side: a closed set. */
export type ErrorKind =
  | 'invalid' // the request itself is malformed or out of bounds: fix it
  | 'unprocessable' // well-formed, but names something unknown or breaks a rule about the input
  | 'unauthenticated' // no valid credentials
  | 'forbidden' // policy refuses this actor: role, entity scope, segregation of duties
  | 'not_found' // the target does not exist (or is not visible to the caller)
  | 'conflict' // the target's current state forbids it
  | 'approval_required' // a person must approve first; an approval request is open
  | 'busy' // the same work is in progress: retry later
  | 'too_large' // a size or resource limit
  | 'unsupported' // a media or document type the product does not take
  | 'integrity' // the audit trail does not verify
  | 'internal'; // our fault; nothing was applied

export const ERROR_KINDS = [
  'invalid',
  'unprocessable',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'approval_required',
  'busy',
  'too_large',
  'unsupported',
  'integrity',
  'internal',
] as const satisfies readonly ErrorKind[];

/** HTTP statuses an error kind maps to. */
export type ErrorHttpStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500;

/**
 * The HTTP status of a kind. approval_required and busy are 409 like conflict (the request may
 * succeed later, unchanged); integrity never reaches HTTP today and would be a 500.
 */
export function httpStatusOf(kind: ErrorKind): ErrorHttpStatus {
  switch (kind) {
    case 'invalid':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'approval_required':
    case 'busy':
      return 409;
    case 'too_large':
      return 413;
    case 'unsupported':
      return 415;
    case 'unprocessable':
      return 422;
    case 'integrity':
    case 'internal':
      return 500;
  }
}

/**
 * CLI exit codes, the values of src/cli/io.ts EXIT (OK 0, PROBLEMS 1, USAGE 2, NOT_FOUND 3, BUSY 6),
 * extract's REFUSED (4), policy's EXIT_WAITING_FOR_APPROVAL (5) and main.ts's 70 (EX_SOFTWARE).
 * test/error-codes.test.ts checks they agree with src/cli/io.ts. Note for the CLI: commands still choose their exit code
 * per code today; they can take cliExitOf(errorKindOf(code)) instead. Two differences when they do:
 * extract's EXTRACTION_FAILED (internal) would exit 70, not EXTRACT_EXIT.FAILED (5, which is also
 * "waiting for approval"), and an empty or corrupt file (unprocessable) 1, not REFUSED (4).
 */
export const CLI_EXIT = {
  OK: 0,
  PROBLEMS: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  REFUSED: 4,
  WAITING_FOR_APPROVAL: 5,
  BUSY: 6,
  INTERNAL: 70,
} as const;

/** The CLI exit code of a kind. @example cliExitOf('approval_required') // 5 */
export function cliExitOf(kind: ErrorKind): (typeof CLI_EXIT)[keyof typeof CLI_EXIT] {
  switch (kind) {
    case 'invalid':
      return CLI_EXIT.USAGE;
    case 'not_found':
      return CLI_EXIT.NOT_FOUND;
    case 'too_large':
    case 'unsupported':
      return CLI_EXIT.REFUSED;
    case 'approval_required':
      return CLI_EXIT.WAITING_FOR_APPROVAL;
    case 'busy':
      return CLI_EXIT.BUSY;
    case 'internal':
      return CLI_EXIT.INTERNAL;
    case 'unprocessable':
    case 'unauthenticated':
    case 'forbidden':
    case 'conflict':
    case 'integrity':
      return CLI_EXIT.PROBLEMS;
  }
}

/** What the agent is told for each kind, beside the code and message: what to do next, in one sentence. */
const AGENT_GUIDANCE: Readonly<Record<ErrorKind, string>> = {
  invalid: 'The request is malformed or a value is out of bounds; correct the named fields and call again.',
  unprocessable:
    'The request names something unknown or breaks a rule about its values; correct what the details name, or ask the person.',
  unauthenticated: 'The credentials are not valid; stop and tell the person, do not retry.',
  forbidden:
    'Policy does not let this person do this; do not retry or work around it, tell the person who may (the details name the rule).',
  not_found: 'Nothing has this id or code (or the person may not see it); look it up again before acting on it.',
  conflict: 'The current state does not allow this; read the target again and tell the person what stands in the way.',
  approval_required:
    'A person must approve this; an approval request was opened (requestId): tell the person, and call again once it is granted.',
  busy: 'The same request is still in progress; wait and call again with the same idempotency key, and if it stays busy, check whether it took effect before using a new key.',
  too_large: 'The input exceeds a size or resource limit; split it or reduce it, as the details say.',
  unsupported: 'This type of content is not accepted; use a supported type.',
  integrity: 'The audit trail does not verify; stop and tell a finance admin, do not act further.',
  internal: 'Something failed on the server and nothing was applied; tell the person, retry once at most.',
};

/** The sentence the agent is told for a kind. */
export const agentGuidanceOf = (kind: ErrorKind): string => AGENT_GUIDANCE[kind];
