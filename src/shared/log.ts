/** A JSON-lines logger with a redaction pass, so secrets never reach a log line. */
export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };
const SECRET_KEY = /(authorization|api[-_]?key|password|secret|token)/i;

/** Replaces values of secret-looking keys and credentials inside URLs. */
export function redact(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\/\/([^:/@\s]+):([^@\s]+)@/g, '//$1:***@').replace(/Bearer\s+[A-Za-z0-9._~+/-]+=*/g, 'Bearer ***');
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '***' : redact(v)]));
  }
  return value;
}

export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

/** A logger writing JSON lines to stderr at or above the level. */
export function createLogger(level: Level, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const at = (l: Exclude<Level, 'silent'>) => (msg: string, meta: Record<string, unknown> = {}) => {
    if (ORDER[l] < ORDER[level]) return;
    write(`${JSON.stringify({ t: new Date().toISOString(), level: l, msg, ...(redact(meta) as Record<string, unknown>) })}\n`);
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
