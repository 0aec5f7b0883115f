import type { BillingRunner } from '../db/stores/billing-run-request.ts';
import type { Database } from '../db/client.ts';
import type { ReminderDelivery } from '../tools/collections/deliver-reminders.ts';
import type { ReminderWriter } from '../tools/collections/reminder-writer-port.ts';
import type { Embedder } from '../extraction/search/embedder.ts';

/** What route factories need: the database and a clock. */
export interface ApiDeps {
  database: Database;
  now: () => Date;
  log: (msg: string, meta: Record<string, unknown>) => void;
  /** Where billing runs started here run: a server's background thread, off its event loop; absent = in this thread. */
  billingRunner?: BillingRunner | null;
  /** Where POST /reminders/deliver sends reminders (SMTP); absent = they wait in the outbox. */
  reminderDelivery?: ReminderDelivery | null;
  /** Who writes client reminders (a model, src/agent/reminders); absent = the templates. */
  reminderWriter?: ReminderWriter | null;
  /** The secret of POST /webhooks/payments; absent = the webhook answers 503. */
  paymentsWebhookSecret?: string | null;
  /** How document searches embed their question (the configured embedder); absent = the built-in one. */
  embedder?: Embedder;
}
