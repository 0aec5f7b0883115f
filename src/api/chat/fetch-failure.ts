/**
 * Codes of a fetch that never reached the server (no connection was opened, so nothing was sent): a refused
 * connection, a name that does not resolve. Anything else (a reset, a timeout, a cut-off answer) may have come after
 * the request arrived.
 */
// UND_ERR_CONNECT_TIMEOUT: undici gave up opening the connection (its connect timeout), so nothing was written.
const NEVER_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The code of a fetch failure that sent nothing (e.g. `ECONNREFUSED`), else null: the request may have arrived. */
export function neverConnected(e: unknown): string | null {
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : null;
  return code && NEVER_CONNECTED.has(code) ? code : null;
}
