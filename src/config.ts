import { z } from 'zod';
import { configureDateWindow } from './shared/bounds.ts';

/**
 * Every setting Billing Copilot reads from the environment, parsed once. Nothing else reads
 * process.env. The README's configuration table lists the same variables and defaults.
 */
/** A plain address (name@domain.tld, no display name), as zod checks the users' sign-in e-mail. */
const FINANCE_ADDRESS = z.email();

export const configSchema = z.object({
  DATABASE_URL: z.string().url().optional().describe('PostgreSQL URL; unset means embedded PGlite'),
  DATABASE_POOL_SIZE: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .default(10)
    .describe("Connections the server keeps open to PostgreSQL; about twice the database server's cores serves best"),
  BILLING_DATA_DIR: z.string().default('./data').describe('PGlite data directory; "memory://" keeps it in memory'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  BILLING_SLOW_STATEMENT_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(200)
    .describe(
      'Embedded server: log each statement that held the engine, and so every request, at least this many milliseconds',
    ),
  BILLING_WORKER_NICE: z.coerce
    .number()
    .int()
    .min(0)
    .max(19)
    .default(10)
    .describe(
      "Linux: nice value of the worker threads doing long work (billing runs, reading and processing documents) and of their PostgreSQL backends on this machine; 0 leaves them at the server's priority",
    ),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  LOG_BUFFER_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(16 * 1024 * 1024)
    .describe('Bytes of log lines buffered for a slow stderr reader; beyond it lines are dropped and counted'),
  LLM_BASE_URL: z.string().url().optional().describe('OpenAI-compatible base URL (OpenAI, Azure OpenAI, vLLM, Ollama)'),
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  EMBEDDING_MODEL: z.string().optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(20 * 1024 * 1024),
  UPLOAD_MAX_PAGES: z.coerce.number().int().positive().default(500),
  DOCUMENT_MAX_TEXT_CHARS: z.coerce
    .number()
    .int()
    .positive()
    .default(2_000_000)
    .describe('Characters of text one document may hold (docs/documents.md)'),
  DOCUMENT_MAX_UNZIPPED_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024 * 1024)
    .describe('Bytes a DOCX may inflate to, counted while unzipping'),
  DOCUMENT_MAX_XML_ELEMENTS: z.coerce
    .number()
    .int()
    .positive()
    .default(400_000)
    .describe('XML elements (runs, paragraphs, …) a DOCX may hold, counted while unzipping'),
  DOCUMENT_MAX_SECONDS: z.coerce
    .number()
    .positive()
    .max(600)
    .default(30)
    .describe('Seconds reading one document may take before it is refused'),
  DOCUMENT_WORKER_MAX_MB: z.coerce
    .number()
    .int()
    .min(64)
    .default(768)
    .describe('Heap cap (MB) of the worker thread that reads documents'),
  BILLING_DATE_MIN: z.iso
    .date()
    .optional()
    .describe('Earliest date any field accepts (work, payments, contracts); default 2000-01-01 (docs/limits.md)'),
  BILLING_DATE_MAX: z.iso
    .date()
    .optional()
    .describe('Latest date any field accepts; default ten years after today, rolling (docs/limits.md)'),
  BILLING_COPILOT_API_KEY: z
    .string()
    .optional()
    .describe(
      'The API key CLI commands that act as a user (policy matrix propose) act with; never taken from argv, never logged',
    ),
  AUDIT_CHECKPOINT_FILE: z
    .string()
    .default('./audit-checkpoints.jsonl')
    .describe('Append-only file of signed audit-chain checkpoints; keep it outside the data folder (docs/audit.md)'),
  AUDIT_CHECKPOINT_KEY: z
    .string()
    .min(32)
    .optional()
    .describe('HMAC-SHA256 key (32+ characters) that signs audit checkpoints; never logged'),
  AUDIT_CHECKPOINT_INTERVAL_HOURS: z.coerce
    .number()
    .positive()
    .max(24)
    .default(24)
    .describe("Hours between the server's audit checkpoints (at most 24)"),
  JOB_SCHEDULES: z
    .string()
    .default('')
    .transform((s, ctx) => {
      const out: { job: string; cron: string }[] = [];
      for (const part of s
        .split(';')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const m = /^([a-z][a-z0-9._-]*)\s*=\s*(\S+(?:\s+\S+){4,5})$/.exec(part);
        if (!m) {
          ctx.addIssue({
            code: 'custom',
            message: `"${part}" is not job=cron (five or six cron fields), e.g. audit.checkpoint=0 2 * * *`,
          });
          return z.NEVER;
        }
        out.push({ job: m[1]!, cron: m[2]! });
      }
      return out;
    })
    .describe(
      'Cron schedules of background jobs, job=cron separated by ";", e.g. "audit.checkpoint=0 2 * * *" (docs/operations.md)',
    ),
  JOB_SCHEDULE_TZ: z.string().default('UTC').describe('Time zone the JOB_SCHEDULES cron expressions are read in'),
  CHAT_EVENTS_RETENTION_DAYS: z.coerce
    .number({ error: 'a whole number of days, e.g. 30' })
    .int('a whole number of days, e.g. 30')
    .min(1, 'at least 1: a record must outlive the redelivery window of Slack and Teams, or a retry is answered twice')
    .max(3650, 'at most 3650 (ten years)')
    .default(30)
    .describe(
      'Days the record of a Slack or Teams message handled (or failed for good) is kept; then chat.events.prune deletes it',
    ),
  CHAT_NOTICE_DELIVERY_BUDGET_SECONDS: z.coerce
    .number({ error: 'a whole number of seconds, e.g. 20' })
    .int('a whole number of seconds, e.g. 20')
    .min(1, 'at least 1')
    .max(600, 'at most 600 (ten minutes)')
    .default(20)
    .describe(
      'Seconds after which a run of the decision-notice delivery takes no further notice (the rest wait for the next run)',
    ),
  CHAT_NOTICE_MAX_AGE_HOURS: z.coerce
    .number({ error: 'a whole number of hours, e.g. 24' })
    .int('a whole number of hours, e.g. 24')
    .min(1, 'at least 1')
    .max(8760, 'at most 8760 (a year)')
    .default(24)
    .describe(
      'Hours past which a decision notice not yet sent to chat is left in the inbox instead (e.g. queued before any chat tool was configured)',
    ),
  AGENT_CHECKPOINT_RETENTION_DAYS: z.coerce
    .number({ error: 'a whole number of days, e.g. 30' })
    .int('a whole number of days, e.g. 30')
    .min(1, 'at least 1')
    .max(3650, 'at most 3650 (ten years)')
    .default(30)
    .describe(
      'Days a copilot run paused with no call waiting keeps its checkpoints; then agent.checkpoints.prune deletes them',
    ),
  TEAMS_APP_ID: z
    .string()
    .optional()
    .describe(
      "The bot's Microsoft App ID (Entra app registration); set it to serve POST /teams/messages (docs/chat.md)",
    ),
  TEAMS_APP_PASSWORD: z
    .string()
    .optional()
    .describe("The app registration's client secret: gets the bot its Bot Connector token; never logged"),
  TEAMS_OPENID_JWKS_URL: z
    .string()
    .url()
    .default('https://login.botframework.com/v1/.well-known/keys')
    .describe('Where the signing keys of Bot Framework tokens are read (JWKS)'),
  TEAMS_TOKEN_ISSUER: z
    .string()
    .default('https://api.botframework.com')
    .describe('The issuer Bot Framework tokens must name'),
  TEAMS_TOKEN_URL: z
    .string()
    .url()
    .default('https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token')
    .describe("Where the bot gets its Bot Connector token (client credentials); a single-tenant bot uses its tenant's"),
  TEAMS_COLLECTIONS_CONVERSATION: z
    .string()
    .optional()
    .describe('The Teams conversation (channel) id the nightly collections summary is posted to'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional()
    .describe(
      'Where reminders are sent: smtp://user:pass@host:587 or smtps://...:465; or the SMTP_HOST settings; never logged',
    ),
  SMTP_HOST: z.string().optional().describe('SMTP server host, when SMTP_URL is not set'),
  SMTP_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .optional()
    .describe('SMTP port; default 465 when secure, else 587'),
  SMTP_USER: z.string().optional().describe('SMTP user name'),
  SMTP_PASS: z.string().optional().describe('SMTP password; never logged'),
  SMTP_SECURE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .describe('true: TLS from the first byte (port 465); false: STARTTLS when the server offers it'),
  SMTP_FROM: z
    .string()
    .optional()
    .describe(
      'The sender of reminders, e.g. "Accounts Receivable <ar@firm.example>"; required with SMTP_URL or SMTP_HOST',
    ),
  FINANCE_DIGEST_TO: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const list = (v ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      for (const a of list)
        if (!FINANCE_ADDRESS.safeParse(a).success)
          ctx.addIssue({ code: 'custom', message: `"${a}" is not an e-mail address` });
      return list.length ? [...new Set(list)] : undefined;
    })
    .describe(
      'Who gets the nightly collections digest by e-mail: comma-separated addresses (ar@firm.example,cfo@firm.example); needs SMTP',
    ),
  PAYMENTS_WEBHOOK_SECRET: z
    .string()
    .min(16)
    .optional()
    .describe(
      'HMAC-SHA256 secret of POST /webhooks/payments (16+ characters); unset = the webhook answers 503; never logged',
    ),
  SLACK_SIGNING_SECRET: z
    .string()
    .min(8)
    .optional()
    .describe("The Slack app's signing secret: with SLACK_BOT_TOKEN, mounts /slack/* (docs/chat.md); never logged"),
  SLACK_BOT_TOKEN: z
    .string()
    .min(8)
    .optional()
    .describe('The Slack bot token (xoxb-…) the product posts with; never logged'),
  SLACK_API_BASE_URL: z.string().url().default('https://slack.com/api').describe("Slack's Web API base URL"),
  SLACK_COLLECTIONS_CHANNEL: z
    .string()
    .optional()
    .describe('Slack channel id the nightly collections summary is posted to; unset = not posted'),
});

export type Config = z.infer<typeof configSchema>;

/** Parses the environment (or a given record) into a Config; throws a readable error on bad values. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  // The date window the boundary schemas check (shared/bounds.ts); only when set, so loadConfig({}) keeps what main configured.
  const { BILLING_DATE_MIN: min, BILLING_DATE_MAX: max } = parsed.data;
  if (min || max) {
    try {
      configureDateWindow({ min, max });
    } catch (e) {
      throw new Error(`Invalid configuration: BILLING_DATE_MIN/BILLING_DATE_MAX: ${(e as Error).message}`);
    }
  }
  const d = parsed.data;
  if ((d.SMTP_URL || d.SMTP_HOST) && !d.SMTP_FROM)
    throw new Error('Invalid configuration: SMTP_FROM: required when SMTP_URL or SMTP_HOST is set');
  if (d.FINANCE_DIGEST_TO && !(d.SMTP_FROM && (d.SMTP_URL || d.SMTP_HOST)))
    throw new Error(
      'Invalid configuration: FINANCE_DIGEST_TO: the digest goes out over SMTP; set SMTP_URL or SMTP_HOST, and SMTP_FROM',
    );
  return d;
}

/** True when an OpenAI-compatible model is configured; otherwise the built-in deterministic paths run. */
export const llmConfigured = (c: Config): boolean => Boolean(c.LLM_MODEL && (c.LLM_BASE_URL || c.LLM_API_KEY));

/** How every OpenAI-API-shaped client of the product is built (extraction, triage, the copilot). */
export interface LlmClientOptions {
  model: string;
  apiKey: string;
  baseURL: string;
  timeout: number;
  maxRetries: number;
}

/**
 * The one place the model's base URL, key and model are read for a client: passed explicitly so
 * no SDK falls back to reading the environment; the key travels only in the Authorization header.
 * Null when no model is configured.
 */
export function llmClientOptions(c: Config, opts: { timeoutMs: number; maxRetries?: number }): LlmClientOptions | null {
  if (!c.LLM_MODEL) return null;
  return {
    model: c.LLM_MODEL,
    apiKey: c.LLM_API_KEY ?? 'not-needed',
    baseURL: c.LLM_BASE_URL ?? 'https://api.openai.com/v1',
    timeout: opts.timeoutMs,
    maxRetries: opts.maxRetries ?? 1,
  };
}
