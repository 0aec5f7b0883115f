import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../db/client.ts';
import type { BillingRunner } from '../db/stores/billing-run-request.ts';
import { onError, sendError } from './error-map.ts';
import { authenticate } from './auth/authenticate.ts';
import type { AuthEnv } from './auth/context.ts';
import type { ApiDeps } from './deps.ts';
import { DOCS_HTML } from './docs-page.ts';
import { openApiDocument } from './openapi.ts';
import { mountRoutes, type ApiRoute } from './route.ts';
import type { Logger } from '../shared/log.ts';
import { auditRoutes } from './routes/audit.ts';
import { billingRunRoutes } from './routes/billing-runs.ts';
import { clientRoutes } from './routes/clients.ts';
import { legalEntityRoutes } from './routes/legal-entities.ts';
import { contractRoutes } from './routes/contracts.ts';
import { exceptionRoutes } from './routes/exceptions.ts';
import { expenseRoutes } from './routes/expenses.ts';
import { exchangeRateRoutes } from './routes/exchange-rates.ts';
import { invoiceRoutes } from './routes/invoices.ts';
import { milestoneRoutes } from './routes/milestones.ts';
import { peopleRoutes } from './routes/people.ts';
import { projectRoutes } from './routes/projects.ts';
import { timeEntryRoutes } from './routes/time-entries.ts';
import { usageRoutes } from './routes/usage.ts';
import { invoiceActionRoutes } from './routes/invoice-actions.ts';
import { approvalRoutes } from './routes/approvals.ts';
import { kpiRoutes } from './routes/kpis.ts';
import { collectionRoutes } from './routes/collections.ts';
import { approvalMatrixRoutes } from './routes/approval-matrix.ts';
import { paymentRoutes } from './routes/payments.ts';
import { bankStatementRoutes } from './routes/bank-statements.ts';
import { documentTermsRoutes } from './routes/document-terms.ts';
import { defaultDocumentServices, documentRoutes, type DocumentServices } from './routes/documents.ts';
import { triageRoutes } from './routes/triage.ts';
import { createTriage, type Triage } from '../agent/triage/triage-message.ts';
import { operationsRoutes } from './routes/operations.ts';
import { paymentWebhookHandler } from './routes/payment-webhook.ts';
import { agentRoutes } from './routes/agent.ts';
import type { ModelEngine } from '../agent/turn.ts';
import type { TeamsBot } from './teams/teams-bot.ts';
import type { ReminderDelivery } from '../tools/collections/deliver-reminders.ts';
import type { ReminderWriter } from '../tools/collections/reminder-writer-port.ts';
import { mountSlackRoutes, type SlackEndpoints } from './slack/slack-routes.ts';

export interface AppDeps {
  database: Database;
  log: (msg: string, meta: Record<string, unknown>) => void;
  now?: () => Date;
  /** Upload limits, extraction queue and embedder of the /documents routes (defaultDocumentServices when absent). */
  documents?: DocumentServices;
  /** Where billing runs run: a server's background thread; absent = in this thread. */
  billingRunner?: BillingRunner | null;
  /**
   * Exception triage for POST /triage and the copilot's erp_error and client_email text; absent = the built-in
   * rules and classifier, no model.
   */
  triage?: Triage;
  /** The copilot's model for POST /agent/messages; absent or null = the built-in router. */
  copilot?: ModelEngine | null;
  /** Where reminders are sent (SMTP); absent = they wait in the outbox. */
  reminderDelivery?: ReminderDelivery | null;
  /** Who writes client reminders for their situation (a model); absent = the templates. */
  reminderWriter?: ReminderWriter | null;
  /** PAYMENTS_WEBHOOK_SECRET: the HMAC secret of POST /webhooks/payments; absent = that route answers 503. */
  paymentsWebhookSecret?: string | null;
  /** Writes one line per request (method, path, status, time, user) with its request id; absent = none. */
  requestLog?: Logger;
  /** The Microsoft Teams bot: POST /teams/messages, before key authentication (its own JWTs); absent = not served. */
  teams?: TeamsBot | null;
  /** Slack's request URLs (/slack/events, /slack/commands, /slack/interactivity), signed, before key authentication; absent = not mounted. */
  slack?: SlackEndpoints | null;
}

/** Every authenticated route of the API, in documentation order. */
export function apiRoutes(
  deps: ApiDeps,
  documents: DocumentServices = defaultDocumentServices(),
  triage: Triage = createTriage(),
  copilot: ModelEngine | null = null,
): ApiRoute[] {
  return [
    ...clientRoutes(deps),
    ...legalEntityRoutes(deps),
    ...contractRoutes(deps),
    ...projectRoutes(deps),
    ...peopleRoutes(deps),
    ...timeEntryRoutes(deps),
    ...expenseRoutes(deps),
    ...milestoneRoutes(deps),
    ...usageRoutes(deps),
    ...exchangeRateRoutes(deps),
    ...billingRunRoutes(deps),
    ...invoiceRoutes(deps),
    ...invoiceActionRoutes(deps),
    ...approvalRoutes(deps),
    ...exceptionRoutes(deps),
    ...kpiRoutes(deps),
    ...auditRoutes(deps),
    ...approvalMatrixRoutes(deps),
    ...paymentRoutes(deps),
    ...bankStatementRoutes(deps),
    ...collectionRoutes(deps),
    ...documentTermsRoutes(deps),
    ...documentRoutes(deps, documents),
    ...triageRoutes(triage),
    ...agentRoutes(deps, copilot, triage),
    ...operationsRoutes(deps),
  ];
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The HTTP application. Public: /health, /openapi.json, /docs. Everything else needs an API key
 * (authenticate), then the route's roles, then (POST) idempotency, then the route's zod schemas.
 */
export function createApp(deps: AppDeps) {
  const apiDeps: ApiDeps = {
    database: deps.database,
    log: deps.log,
    now: deps.now ?? (() => new Date()),
    billingRunner: deps.billingRunner ?? null,
    reminderDelivery: deps.reminderDelivery ?? null,
    reminderWriter: deps.reminderWriter ?? null,
    paymentsWebhookSecret: deps.paymentsWebhookSecret ?? null,
    ...(deps.documents ? { embedder: deps.documents.embedder } : {}),
  };
  const routes = apiRoutes(apiDeps, deps.documents, deps.triage, deps.copilot ?? null);
  const document = openApiDocument(routes);
  const app = new Hono<AuthEnv>();
  app.onError((err, c) => onError(err, c, deps.log));
  app.notFound((c) => sendError(c, 'NOT_FOUND', `No route ${c.req.method} ${c.req.path}`));
  app.use('*', async (c, next) => {
    // Ties the audit rows of one request together; a caller's own id is kept when it is sane.
    const given = c.req.header('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', id);
    // One line sums the request up. Lines logged inside it name the id themselves (onError reads it from the
    // context): an AsyncLocalStorage would carry it implicitly, but on Node 20 it hooks every promise of the thread
    // once enabled, which cost this thread 10-14% of its CPU per request (docs/performance.md, "The API's own cost").
    const started = performance.now();
    await next();
    deps.requestLog?.info('request', {
      requestId: id,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      userId: c.get('auth')?.user.id ?? null,
    });
    c.header('x-request-id', id);
  });
  app.get('/health', async (c) => {
    const [row] = await queryRows<{ ok: number }>(deps.database.db, sql`SELECT 1 AS ok`);
    return c.json({ status: row?.ok === 1 ? 'ok' : 'degraded', database: deps.database.kind });
  });
  // Serialized once: the document does not change while the app runs (168 KB; stringified per
  // request it cost ~5 ms of the event loop each time).
  const documentJson = new TextEncoder().encode(JSON.stringify(document));
  app.get('/openapi.json', (c) => c.body(documentJson, 200, { 'content-type': 'application/json' }));
  app.get('/docs', (c) => c.html(DOCS_HTML));
  const teams = deps.teams;
  if (teams) app.post('/teams/messages', (c) => teams.handle(c));
  // Signed by the payment provider (HMAC), not by an API key: mounted before key authentication.
  app.post('/webhooks/payments', paymentWebhookHandler(apiDeps));
  // Chat tools sign their requests and send no API key: mounted before authentication.
  if (deps.slack) mountSlackRoutes(app, deps.slack);
  app.use('*', authenticate(deps.database.db, apiDeps.now));
  mountRoutes(app, routes, { db: deps.database.db, log: deps.log });
  return app;
}
