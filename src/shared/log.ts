import { AsyncLocalStorage } from 'node:async_hooks';
import { pino, type DestinationStream } from 'pino';

/**
 * Structured logs (pino, JSON lines on stderr): every line carries the request id or the job id of
 * the work it belongs to (logContext), and secrets and personal data never reach a line: values
 * under secret-looking or personal keys become "***" at any depth, credentials inside URLs,
 * bearer tokens, API keys (ours, bc_..., and LLM providers' sk-...) and e-mail addresses inside
 * strings are masked. Pino itself is the writer; the redaction runs before it, on our meta.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Keys whose values are secrets: never logged. */
const SECRET_KEY =
  /([-_]key$|^key$|authorization|api[-_]?key|password|passwd|secret|token|cookie|database_?url|connection_?string|signature|private[-_]?key)/i;
/** Keys whose values are personal data: never logged (ids are kept; they name no one outside the system). */
const PERSONAL_KEY =
  /^(e-?mail|email_?address|phone|telephone|mobile|iban|account_?number|bank_?account|address|street|postcode|zip|tax_?id|vat_?number|person_?name|contact_?name|full_?name|billing_?contacts?)$/i;

/** Masks credentials and personal data inside one string. */
export function redactText(s: string): string {
  return s
    .replace(/\/\/([^:/@\s]+):([^@\s]+)@/g, '//$1:***@')
    .replace(/Bearer\s+[A-Za-z0-9._~+/-]+=*/gi, 'Bearer ***')
    .replace(/\bbc_[A-Za-z0-9_-]{8,}/g, 'bc_***')
    .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, 'sk-***')
    .replace(/(password|passwd|api[-_]?key|secret|token)=([^&\s]+)/gi, '$1=***')
    .replace(/\b[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}\b/g, '***@***');
}

/** Replaces values of secret-looking and personal keys, and masks strings (redactText), at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 8) return '[deep]';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: redactText(value.message) };
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) || PERSONAL_KEY.test(k) ? '***' : redact(v, depth + 1),
      ]),
    );
  }
  return value;
}

/** What a line belongs to (a request id, a job id and queue), for every line logged inside it. */
const logContext = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs fn with bindings (requestId, jobId, ...) added to every line logged inside it, across awaits. */
export function withLogContext<T>(bindings: Record<string, unknown>, fn: () => T): T {
  return logContext.run({ ...logContext.getStore(), ...bindings }, fn);
}

/** The bindings of the work in progress (for a thread that hands its lines to another). */
export const currentLogContext = (): Record<string, unknown> => logContext.getStore() ?? {};

export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
  /** A logger adding bindings to each of its lines. */
  child(bindings: Record<string, unknown>): Logger;
}

function wrap(p: pino.Logger): Logger {
  const at =
    (l: 'debug' | 'info' | 'warn' | 'error') =>
    (msg: string, meta: Record<string, unknown> = {}) => {
      if (!p.isLevelEnabled(l)) return;
      p[l](redact(meta) as object, redactText(msg));
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (b) => wrap(p.child(redact(b) as object)),
  };
}

/** How a logger writing to stderr bounds what it buffers for a slow reader. */
export interface LogBufferOptions {
  /** Bytes buffered for stderr before new lines are dropped (counted, then reported in one line). */
  maxBufferBytes?: number;
  /** How often a count of dropped lines is written, once the reader caught up (ms). */
  dropReportMs?: number;
}

/** Default bound on the stderr buffer: 16 MiB, a few minutes of request lines at full load. */
export const LOG_BUFFER_DEFAULT_BYTES = 16 * 1024 * 1024;

/**
 * The stderr destination: asynchronous, so a reader of stderr that falls behind (a pipe, a log
 * shipper) never holds the event loop (written synchronously, a full pipe stalled every route for up
 * to 68 s: pino waited in atomic-sleep), and bounded, so a reader that never catches up cannot grow
 * the buffer without end: past maxBufferBytes a line is dropped and counted, and the count is written
 * as one line of its own when there is room again. pino flushes what is buffered when the process
 * exits, process.exit included.
 */
export function boundedStderr(opts: LogBufferOptions & { fd?: number } = {}): {
  destination: DestinationStream;
  dropped: () => number;
  stop: () => void;
} {
  const maxLength = opts.maxBufferBytes ?? LOG_BUFFER_DEFAULT_BYTES;
  const stream = pino.destination({ dest: opts.fd ?? 2, sync: false, maxLength });
  let dropped = 0;
  let total = 0;
  // While the count itself is written: if that line is dropped too, the count is kept for the next try.
  let reporting = false;
  let reportLost = false;
  stream.on('drop', () => {
    if (reporting) {
      reportLost = true;
      return;
    }
    dropped += 1;
    total += 1;
  });
  const timer = setInterval(() => {
    if (dropped === 0) return;
    const n = dropped;
    const line = `${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: 'log lines dropped: the reader of stderr fell behind', dropped: n })}\n`;
    dropped = 0;
    reporting = true;
    reportLost = false;
    stream.write(line);
    reporting = false;
    if (reportLost) dropped += n;
  }, opts.dropReportMs ?? 5_000);
  timer.unref();
  return { destination: stream, dropped: () => total, stop: () => clearInterval(timer) };
}

/**
 * A logger writing JSON lines at or above the level: to stderr (bounded, see boundedStderr), or to
 * `write` (tests). Each line has time, level, msg, the log context's bindings, then the meta.
 */
export function createLogger(level: Level, write?: (line: string) => void, buffer: LogBufferOptions = {}): Logger {
  const destination: DestinationStream = write ? { write } : boundedStderr(buffer).destination;
  return wrap(
    pino(
      {
        level,
        base: undefined,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => redact(logContext.getStore() ?? {}) as object,
        // A second net under the key-based pass, for objects handed to pino as they are (pino's own serializers).
        redact: {
          paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.apiKey', '*.password'],
          censor: '***',
        },
      },
      destination,
    ),
  );
}
