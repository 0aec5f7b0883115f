import type { z } from 'zod';
import type { AuditEntry } from '../billing/audit/audit-row.ts';
import type { Database, Db, DbOrTx } from '../db/client.ts';
import type { CommitGuard, GatedWrite } from '../db/stores/audit-store.ts';
import type { UseCaseContext } from './policy-gate/context.ts';
import type { RunBillingInput } from '../billing/billing-run/run-billing.ts';
import type { BillingRunner } from '../db/stores/billing-run-request.ts';
import type { ActionType } from '../policy/actions.ts';
import type { ReminderDelivery } from './collections/deliver-reminders.ts';
import type { NoticeMessenger } from './approvals/deliver-decision-notices.ts';
import type { FinanceDigestDelivery } from './collections/email-digest.ts';
import type { Role, ServiceRole } from '../policy/roles.ts';
import type { ErrorCode } from '../shared/error-codes.ts';
import type { TextLimits } from '../extraction/text/extract-text.ts';
import type { Embedder } from '../extraction/search/embedder.ts';
import type { TriageText } from './exceptions/triage-port.ts';
import type { ReminderWriter } from './collections/reminder-writer-port.ts';
import type { Result } from '../shared/result.ts';

/** How far a capability reaches: reads nothing changes; writes change the books; decisions approve or refuse. */
export type Risk = 'read' | 'write' | 'decision';

/** Any error a catalogue entry returns: a code of src/shared/error-codes.ts (with its kind) and a sentence. */
export interface DomainError {
  code: ErrorCode;
  message: string;
}

/** What the composition root gives the catalogue: the database, a clock, where long work runs. */
export interface ToolDeps {
  database: Database;
  now: () => Date;
  /** Where billing runs run: a server's background thread; absent = in this thread. */
  billingRunner?: BillingRunner | null;
  /** Where uploaded documents are read (limits) and queued for extraction; absent = the configured limits, queued for the next server start. */
  documents?: DocumentIntake;
  /** Where reminders go out (reminders_deliver); absent = nothing leaves, reminders wait in the outbox. */
  reminderDelivery?: ReminderDelivery | null;
  /** Where the nightly digest is e-mailed (collections_email_digest): FINANCE_DIGEST_TO over SMTP; absent = not e-mailed. */
  financeDigest?: FinanceDigestDelivery | null;
  /** How a document search embeds its question: the configured embedder, as stored passages were; absent = the built-in one. */
  embedder?: Embedder;
  /**
   * How a message from outside is triaged (exceptions_triage, exceptions_record_incoming): src/agent/triage's
   * createTriage, given by the composition root (the catalogue cannot import the agent); the copilot gives the
   * built-in one when absent.
   */
  triage?: TriageText;
  /**
   * Who writes client reminders for their situation (collections_send_reminders): src/agent/reminders'
   * openAiReminderWriter when a model is configured; absent = the templates. Every draft is checked either way.
   */
  reminderWriter?: ReminderWriter | null;
  /**
   * Where decision notices go in chat (approval_notices_deliver): the Slack and Teams notifiers the chat worker
   * passes; absent = none configured, the notices wait.
   */
  noticeMessengers?: readonly NoticeMessenger[];
}

/** The document intake of a composition root: upload limits and the extraction queue. */
export interface DocumentIntake {
  limits: TextLimits;
  enqueue(documentId: string): void;
}

/** Who calls, for which correlation, at what time, with what: the caller's side of a catalogue call. */
export interface ToolCaller extends UseCaseContext {
  deps: ToolDeps;
  /** Where the call came in ('api', 'cli', a job's name): what a record that names its source shows (a billing run's trigger). */
  via?: string;
  /** Where long work reports how far it got (a CLI's progress line); absent = nowhere. */
  onProgress?: RunBillingInput['onProgress'];
  /** Where other long work reports how far it got: done of about total, in a unit ('invoices'); absent = nowhere. */
  reportProgress?: (done: number, total: number, unit: string) => void;
}

/**
 * What a handler runs with: the caller's context and `db`, the one transaction callTool opened
 * (a tool with transaction 'own' gets the database handle and opens its own, in src/tools only).
 */
export interface ToolContext extends ToolCaller {
  db: DbOrTx;
}

/** One capability of the product, defined once (HOUSE_STYLE.md section 7). */
export interface Tool<
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
  E extends DomainError = DomainError,
> {
  /** resource_verb, e.g. payments_apply: unique in the registry. */
  name: string;
  /** What it does, for a person reading a help page and for a model choosing a tool. */
  description: string;
  input: I;
  /** What a success returns, as JSON (amounts as decimal strings): the OpenAPI response and the agent read it. */
  output: O;
  risk: Risk;
  /** The policy action a write or decision runs under; null only for reads. */
  policyAction: ActionType | null;
  /** For reads: the roles that may read (the agent for a person among them where it may); writes take theirs from policyAction. */
  readers?: readonly Role[];
  /**
   * For reads: service roles that may read too, besides the people of readers (callTool admits a
   * service identity through these alone). Only users_list and users_chat_links_list name one, the
   * console operator: who sets a firm up at the console reads whom they set up.
   */
  serviceReaders?: readonly ServiceRole[];
  /**
   * 'call' (default): callTool opens one transaction around the idempotency claim and the handler.
   * 'own': the handler commits in steps of its own (a billing run drafts contract by contract, in a
   * background thread); its idempotency claim is a statement of its own, as HTTP's is.
   */
  transaction?: 'call' | 'own';
  /**
   * Audit actions a successful call appends besides its policy action's row (a billing run's
   * billing_run.finish): the catalogue test counts exactly one row of the policy action plus these.
   */
  alsoAudits?: readonly string[];
  /**
   * The output holds a secret shown once (a new API key): callTool takes no idempotency key for it,
   * since a replay would need the secret stored with the call's result.
   */
  returnsSecret?: boolean;
  handler: (ctx: ToolContext, input: z.output<I>) => Promise<Result<z.output<O>, E>>;
  /**
   * A hot write's fast path (time_entries_import): the whole successful call as one statement,
   * planned from what the process already knows (reserved ids, the matrix last in force, cached
   * references). callTool commits the plan's writes, its audit row and the idempotency key's stored
   * Result in that one statement (commitInOneStatement) when the plan's guard holds there; when it
   * does not, or the key is taken, nothing is written and the handler runs as usual and says why.
   * So the plan must write exactly what the handler would for a success, and decide under policy as
   * it would: null when it cannot tell (a refusal, an approval to ask for, a reference not cached).
   */
  oneStatement?: (ctx: ToolCaller & { db: Db }, input: z.output<I>) => Promise<OneStatementCall<z.output<O>> | null>;
}

/** A call planned as one statement: what it reads and checks, writes and audits, and the value it answers. */
export interface OneStatementCall<T> {
  guard: CommitGuard;
  writes: GatedWrite[];
  audit: AuditEntry;
  value: T;
  /** Called when the guard did not hold (the handler runs next): forget what the plan relied on. */
  onRefused?: () => void;
}

/** A tool with its types erased, for lists. */
export type AnyTool = Tool<z.ZodType, z.ZodType, DomainError>;

const NAME = /^[a-z]+(_[a-z]+)+$/;

/**
 * Defines a catalogue entry. Refuses (throws at load) a name that is not resource_verb and a write
 * or decision without a policy action: every write runs under policy.
 */
export function defineTool<I extends z.ZodType, O extends z.ZodType, E extends DomainError>(
  tool: Tool<I, O, E>,
): Tool<I, O, E> {
  if (!NAME.test(tool.name)) throw new Error(`tool name ${tool.name} is not resource_verb (lower case, underscores)`);
  if (tool.risk !== 'read' && !tool.policyAction)
    throw new Error(`tool ${tool.name} is a ${tool.risk} without a policy action`);
  if (tool.risk === 'read' && (tool.policyAction || !tool.readers))
    throw new Error(`tool ${tool.name} is a read: it names its readers and no policy action`);
  if (tool.risk !== 'read' && tool.serviceReaders)
    throw new Error(
      `tool ${tool.name} is a ${tool.risk}: service identities act under its policy action, not as readers`,
    );
  return tool;
}
