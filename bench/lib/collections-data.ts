/**
 * The data of bench/prioritize (and bench/dispute-score-writes): a firm of `clients` clients and
 * `invoices` open invoices loaded set-based, and a risk model trained on a synthetic history.
 */
import { sql } from 'drizzle-orm';
import type { RiskInvoice } from '../../src/billing/risk/features.ts';
import { trainRiskModel } from '../../src/billing/risk/model.ts';
import type { Database } from '../../src/db/client.ts';
import { riskModels } from '../../src/db/schema/index.ts';
import { addDays } from '../../src/shared/dates.ts';
import { prng } from '../../src/shared/prng.ts';

/** The date the receivables are open on. */
export const AS_OF = '2026-12-01';
const COLLECTORS = 20;

/**
 * One US entity, `clients` clients (a third each strategic, standard, small; every tenth with a
 * credit limit of 5,000.00, every fourth with an active project), 20 collectors assigned round the
 * clients, and `invoices` open invoices spread evenly over the clients: issued 3 to about 120 days
 * before the date on net 30, so about two thirds are past due; one in a hundred has an open dispute.
 */
export function setupSql(clients: number, invoices: number): string[] {
  return [
    `INSERT INTO legal_entities (code, name, country, functional_currency, invoice_prefix) VALUES ('P-LE', 'Bench Collections', 'US', 'USD', 'P-')`,
    `INSERT INTO users (email, name, roles) SELECT 'collector' || g || '@bench.test', 'Collector ' || g, '{collector}' FROM generate_series(1, ${COLLECTORS}) g`,
    `INSERT INTO clients (code, legal_entity_id, name, country, segment, credit_limit_minor, credit_limit_currency)
       SELECT 'PC' || lpad(g::text, 7, '0'), le.id, 'Client ' || g, 'US', (ARRAY['strategic', 'standard', 'small'])[1 + g % 3],
         CASE WHEN g % 10 = 0 THEN 500000 END, CASE WHEN g % 10 = 0 THEN 'USD' END
       FROM generate_series(0, ${clients - 1}) g, legal_entities le`,
    `INSERT INTO contracts (code, client_id, legal_entity_id, name, models, currency, invoice_currency, start_date, tax_jurisdiction, expense_terms)
       SELECT 'PK' || substr(c.code, 3), c.id, c.legal_entity_id, 'Bench contract', '{time_and_materials}', 'USD', 'USD', '2025-01-01', 'US',
              '{"billable":true,"markupPercent":"0","capMinor":null,"capPercentOfFees":null}'::jsonb
       FROM clients c`,
    `INSERT INTO projects (code, contract_id, name, status)
       SELECT 'PJ' || substr(k.code, 3), k.id, 'Bench project', CASE WHEN substr(k.code, 3)::int % 4 = 0 THEN 'active' ELSE 'closed' END::project_status
       FROM contracts k`,
    `INSERT INTO client_collectors (client_id, collector_id, assigned_by, assigned_at)
       SELECT c.id, u.id, 'bench', now() FROM clients c
       JOIN (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n FROM users) u ON u.n = substr(c.code, 3)::int % ${COLLECTORS}`,
    `INSERT INTO invoices (number, kind, status, legal_entity_id, client_id, contract_id, period, currency, subtotal_minor, total_minor,
         payment_terms_days, issue_date, due_date)
       SELECT 'P-' || lpad(g::text, 8, '0'), 'invoice', 'delivered', k.legal_entity_id, k.client_id, k.id,
         to_char(date '2000-01-01' + (g / ${clients}) * interval '1 month', 'YYYY-MM'), 'USD', a.minor, a.minor, 30,
         d.issue, d.issue + 30
       FROM generate_series(0, ${invoices - 1}) g
       JOIN (SELECT id, client_id, legal_entity_id, substr(code, 3)::int AS n FROM contracts) k ON k.n = g % ${clients}
       CROSS JOIN LATERAL (SELECT date '${AS_OF}' - (3 + (g / ${clients}) * 11 + g % 13) AS issue) d
       CROSS JOIN LATERAL (SELECT 5000 + (g::bigint * 7919) % 2500000 AS minor) a`,
    `INSERT INTO invoice_disputes (invoice_id, reason, opened_by, opened_at)
       SELECT id, 'hours not agreed', 'bench', timestamptz '${AS_OF} 09:00Z' - interval '5 days' FROM invoices WHERE right(number, 2) = '00'`,
    'ANALYZE',
  ];
}

/** A trained model from a synthetic settled history (300 clients, 2 years): the run scores with GBM + mixture as in production. */
export function benchModel() {
  const rnd = prng(11);
  const history: RiskInvoice[] = [];
  for (let c = 0; c < 300; c++) {
    const slow = rnd() * 20,
      disputes = rnd() * 0.4;
    for (let k = 0; k < 10; k++) {
      const issue = addDays('2024-06-01', k * 60 + Math.floor(rnd() * 30));
      const disputed = rnd() < disputes;
      const settled = addDays(issue, Math.round(20 + slow + rnd() * 10 + (disputed ? 15 : 0)));
      history.push({
        id: `h${c}-${k}`,
        clientId: `c${c}`,
        group: 'US',
        paperless: rnd() < 0.7,
        amount: 500 + rnd() * 20_000,
        issueDate: issue,
        dueDate: addDays(issue, 30),
        settledDate: settled,
        disputeKnownOn: disputed ? addDays(issue, 10) : null,
      });
    }
  }
  return trainRiskModel(history, '2026-09-01');
}

/** Loads the firm and stores the model as version 1; seconds taken. */
export async function loadCollections(database: Database, clients: number, invoices: number): Promise<number> {
  const t0 = performance.now();
  for (const s of setupSql(clients, invoices)) await database.db.execute(sql.raw(s));
  const model = benchModel();
  await database.db.insert(riskModels).values({
    version: 1,
    kind: model.kind,
    trainedThrough: model.trainedThrough,
    trainedBy: 'bench',
    trainedAt: new Date(),
    metrics: model.metrics as unknown as Record<string, unknown>,
    model: model as unknown as Record<string, unknown>,
  });
  return (performance.now() - t0) / 1000;
}
