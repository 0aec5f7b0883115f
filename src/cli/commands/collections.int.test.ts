import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCliUsers, createCliDatabase, type CliDatabase } from '../../../test/helpers/cli.ts';

const bundle = {
  legalEntities: [
    { code: 'CO-US', name: 'Collect Inc.', country: 'US', functionalCurrency: 'USD', invoicePrefix: 'CO-' },
  ],
  taxRates: [{ jurisdiction: 'US', category: 'standard', ratePercent: '0', validFrom: '2020-01-01' }],
  clients: [{ code: 'SLOW', legalEntity: 'CO-US', name: 'Slow Payer', country: 'US' }],
  contracts: [
    {
      code: 'K-SLOW',
      client: 'SLOW',
      name: 'Slow work',
      models: ['time_and_materials'],
      currency: 'USD',
      startDate: '2020-01-01',
      taxJurisdiction: 'US',
      rateCard: [{ role: 'Consultant', rate: '100.00', effectiveFrom: '2020-01-01' }],
    },
  ],
};

/** `models train`, `collections assign | prioritize | worklist` as the key's user. */
describe('billing-copilot models train | collections', () => {
  let cli: CliDatabase;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    cli = await createCliDatabase();
    expect((await cli.run('import', 'contracts', await cli.file('bundle.json', JSON.stringify(bundle)))).code).toBe(0);
    await addCliUsers(
      cli,
      [
        ['ctl', 'controller'],
        ['col', 'collector'],
        ['am', 'account_manager'],
      ],
      'co.example',
      { keys, ids },
    );
    // Three invoices of SLOW, one paid late, two open on 2026-03-31 (one 45 days past due).
    for (const [k, issue, settled] of [
      [1, '2025-12-01', '2026-01-20'],
      [2, '2026-01-15', null],
      [3, '2026-03-01', null],
    ] as const) {
      await cli.query(sql`INSERT INTO invoices (number, status, legal_entity_id, client_id, contract_id, period, currency, total_minor, subtotal_minor, payment_terms_days, issue_date, due_date, status_changed_at)
        SELECT ${`CO-00000${k}`}, ${settled ? 'paid' : 'delivered'}::invoice_status, c.legal_entity_id, c.id, k.id, ${`2025-0${k}`}, 'USD', 500000, 500000, 30,
          ${issue}::date, ${issue}::date + 30, ${settled ?? issue}::timestamptz
        FROM clients c, contracts k WHERE c.code = 'SLOW' AND k.code = 'K-SLOW'`);
    }
  });
  afterAll(async () => cli?.close());

  it('refuses a run without --as-of (exit 2) and a collector (exit 1), writing nothing', async () => {
    expect((await cli.runAs(keys.ctl!, 'collections', 'prioritize')).code).toBe(2);
    const r = await cli.runAs(keys.col!, 'collections', 'prioritize', '--as-of', '2026-03-31');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/FORBIDDEN/);
    expect(await cli.query(sql`SELECT 1 FROM worklist_runs`)).toEqual([]);
  });

  it('trains the prior on thin history, then prioritizes once per date and shows the collector their list', async () => {
    const trained = await cli.runAs(keys.ctl!, 'models', 'train', '--as-of', '2026-03-31');
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stdout).toMatch(/version 1 \(documented prior/);
    // Training stores the new model's dispute scores of the open invoices at once, with a progress line.
    expect(trained.stdout).toMatch(
      /Dispute scores under model version 1: 2 stored, 0 already there, of 2 invoices open on/,
    );
    expect(trained.stderr).toMatch(/dispute scores: 2\/2 \(100%\) invoices/);
    const refill = await cli.runAs(keys.ctl!, 'models', 'backfill');
    expect(refill.stdout).toMatch(/already has its dispute score under model version 1: nothing to store/);
    expect(
      (
        await cli.runAs(
          keys.ctl!,
          'collections',
          'assign',
          '--client',
          'SLOW',
          '--collector',
          'col@co.example',
          '--segment',
          'small',
        )
      ).code,
    ).toBe(0);
    const first = await cli.runAs(keys.ctl!, 'collections', 'prioritize', '--as-of', '2026-03-31', '--json');
    expect(first.code, first.stderr).toBe(0);
    const run = JSON.parse(first.stdout) as {
      replayed: boolean;
      summary: { items: number; byAction: Record<string, number> };
    };
    expect(run, first.stdout).toMatchObject({ replayed: false, summary: { items: 2 } });
    expect(run.summary.byAction.call ?? run.summary.byAction.escalate).toBeGreaterThan(0);
    const again = await cli.runAs(keys.ctl!, 'collections', 'prioritize', '--as-of', '2026-03-31');
    expect(again.stdout).toMatch(/already stored; unchanged/);
    const list = await cli.runAs(keys.col!, 'collections', 'worklist', '--json');
    const view = JSON.parse(list.stdout) as {
      total: number;
      items: { number: string; rank: number; daysPastDue: number }[];
    };
    expect(view.total).toBe(2);
    expect(view.items.map((i) => i.number)).toEqual(['CO-000002', 'CO-000003']);
    expect(view.items[0]!.daysPastDue).toBe(45);
    expect(await cli.query(sql`SELECT action FROM audit_log WHERE action = 'collections.prioritize'`)).toHaveLength(1);
  });

  it('records and lists a promise, pauses and resumes a client, as the key user, and refuses without a reason', async () => {
    const p = await cli.runAs(
      keys.col!,
      'collections',
      'promise',
      '--invoice',
      'CO-000002',
      '--amount',
      '1000.00',
      '--date',
      '2027-04-10',
      '--by',
      'AP lead by phone',
    );
    expect(p.code, p.stderr).toBe(0);
    expect(p.stdout).toMatch(/Promise recorded: 1000.00 USD on CO-000002 by 2027-04-10/);
    const list = await cli.runAs(keys.col!, 'collections', 'promises', '--json');
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).items).toMatchObject([
      {
        invoice: 'CO-000002',
        amount: { amount: '1000.00' },
        promisedBy: 'AP lead by phone',
        recordedBy: 'col@co.example',
        status: 'open',
      },
    ]);
    expect((await cli.runAs(keys.col!, 'collections', 'pause', '--client', 'SLOW')).code).toBe(2);
    const paused = await cli.runAs(
      keys.col!,
      'collections',
      'pause',
      '--client',
      'SLOW',
      '--reason',
      'CFO asked for two weeks',
    );
    expect(paused.code, paused.stderr).toBe(0);
    const resumed = await cli.runAs(
      keys.ctl!,
      'collections',
      'resume',
      '--client',
      'SLOW',
      '--reason',
      'talked to the CFO',
    );
    expect(resumed.stdout).toMatch(/resumed \(1 pause\(s\) ended\)/);
    const again = await cli.runAs(keys.ctl!, 'collections', 'resume', '--client', 'SLOW', '--reason', 'twice');
    expect(again.stderr).toMatch(/NOTHING_PAUSED/);
    const audit = await cli.query<{ action: string }>(
      sql`SELECT action FROM audit_log WHERE action LIKE 'collections.%' AND action <> 'collections.prioritize' ORDER BY seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'collections.record_promise',
      'collections.pause_dunning',
      'collections.pause_dunning',
    ]);
  });

  it('shows and sets the reminder sequence from a file with a reason, and bills a late fee once an account manager approves', async () => {
    const file = await cli.file(
      'policy.json',
      JSON.stringify({
        scope: 'segment:small',
        steps: [
          { days: 1, step: 'friendly', channel: 'email' },
          { days: 30, step: 'final', channel: 'email', finalNotice: true, lateFee: { kind: 'contract' } },
        ],
      }),
    );
    expect((await cli.runAs(keys.ctl!, 'collections', 'policy', 'set', file)).code).toBe(2);
    const set = await cli.runAs(keys.ctl!, 'collections', 'policy', 'set', file, '--reason', 'small clients pay late');
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain(
      "segment:small is at version 1: +1 friendly (email); +30 final (email, final notice, late fee: the contract's)",
    );
    const shown = await cli.runAs(keys.col!, 'collections', 'policy', 'show', '--json');
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).policies).toMatchObject([{ scope: 'segment:small', version: 1 }]);
    expect(await cli.query(sql`SELECT reason FROM audit_log WHERE action = 'collections.set_dunning_policy'`)).toEqual([
      { reason: 'small clients pay late' },
    ]);

    // CO-000002 (USD 5,000.00) fell due 2026-02-14: 45 days overdue on 2026-03-31; K-SLOW charges 1.5% a month.
    await cli.query(sql`UPDATE contracts SET late_fee_percent_monthly = 1.5 WHERE code = 'K-SLOW'`);
    const args = ['collections', 'late-fee', '--invoice', 'CO-000002', '--as-of', '2026-03-31'];
    const asked = await cli.runAs(keys.col!, ...args);
    expect(asked.code).toBe(5);
    const requestId = /Request ([0-9a-f-]{36}) is open/.exec(asked.stderr)?.[1];
    expect(requestId, asked.stderr).toBeDefined();
    const granted = await cli.runAs(keys.am!, 'approvals', 'grant', requestId!);
    expect(granted.code, granted.stderr).toBe(0);
    const billed = await cli.runAs(keys.col!, ...args);
    expect(billed.code, billed.stderr).toBe(0);
    expect(billed.stdout).toMatch(
      /^Billed: late fee 112.50 USD on CO-000002 \(1.5% a month on 5000.00 open, 45 days overdue to 2026-03-31\)/,
    );
    const again = await cli.runAs(keys.col!, ...args);
    expect(again.stdout).toMatch(/^Already billed: late fee 112.50 USD/);
    expect(
      await cli.query(sql`SELECT total_minor::text AS total FROM invoices WHERE supplements_invoice_id IS NOT NULL`),
    ).toEqual([{ total: '11250' }]);
    const missing = await cli.runAs(keys.col!, 'collections', 'late-fee', '--invoice', 'CO-999999');
    expect(missing.code).toBe(3);
  });

  it('records a bounced reminder from a file: the step is not sent, one exception opens; refusals exit 2, 1 and 3', async () => {
    // The friendly reminder of CO-000003 went out by e-mail; its Message-ID names the outbox row.
    const [sent] = await cli.query<{ id: string }>(sql`INSERT INTO reminder_outbox
        (invoice_id, step, as_of, channel, language, recipient, subject, body, status, attempts, created_at, sent_at)
      SELECT id, 'friendly', '2026-03-15', 'email', 'en', 'ap@slow.example', 'A friendly reminder', 'Your invoice is due.',
        'sent', 1, '2026-03-15T04:00:00Z', '2026-03-15T04:00:05Z' FROM invoices WHERE number = 'CO-000003'
      RETURNING id`);
    const dsn = (status: string, messageId = sent!.id) =>
      [
        'Subject: Undelivered Mail Returned to Sender',
        `Action: ${status.startsWith('4') ? 'delayed' : 'failed'}`,
        `Status: ${status}`,
        `Diagnostic-Code: smtp; ${status.startsWith('4') ? '451' : '550'} ${status} mailbox unavailable`,
        '',
        `Message-ID: <reminder.${messageId}@co.example>`,
      ].join('\n');

    const noFile = await cli.runAs(keys.ctl!, 'collections', 'bounce', `${cli.dir}/missing.eml`);
    expect(noFile.code).toBe(3);
    const empty = await cli.runAs(keys.ctl!, 'collections', 'bounce', await cli.file('empty.eml', ' \n'));
    expect([empty.code, empty.stderr]).toEqual([2, expect.stringMatching(/The bounce is empty/)]);
    const notDsn = await cli.runAs(keys.ctl!, 'collections', 'bounce', await cli.file('hello.eml', 'Hello, we paid.'));
    expect([notDsn.code, notDsn.stderr]).toEqual([1, expect.stringMatching(/^Refused \(BOUNCE_NOT_RECOGNIZED\)/)]);
    const unknown = await cli.runAs(
      keys.ctl!,
      'collections',
      'bounce',
      await cli.file('other.eml', dsn('5.1.1', '00000000-0000-4000-8000-000000000000')),
    );
    expect([unknown.code, unknown.stderr]).toEqual([3, expect.stringMatching(/^Refused \(BOUNCE_UNMATCHED\)/)]);
    const delayed = await cli.runAs(keys.ctl!, 'collections', 'bounce', await cli.file('delay.eml', dsn('4.4.1')));
    expect(delayed.code, delayed.stderr).toBe(0);
    expect(delayed.stdout).toMatch(
      /^A delay notice for the friendly reminder of CO-000003 .*SMTP 4\.4\.1.*nothing changed/,
    );
    expect(await cli.query(sql`SELECT status FROM reminder_outbox`)).toEqual([{ status: 'sent' }]);

    const file = await cli.file('bounce.eml', dsn('5.1.1'));
    const recorded = await cli.runAs(keys.ctl!, 'collections', 'bounce', file, '--json');
    expect(recorded.code, recorded.stderr).toBe(0);
    const value = JSON.parse(recorded.stdout) as { exceptionId: string };
    expect(value).toMatchObject({
      outcome: 'recorded',
      invoice: 'CO-000003',
      step: 'friendly',
      matchedBy: 'message_id',
      smtpStatus: '5.1.1',
    });
    const again = await cli.runAs(keys.ctl!, 'collections', 'bounce', file);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(
      `Bounce recorded: the friendly reminder of CO-000003 (found by its Message-ID, SMTP 5.1.1) is marked not sent; delivery_failure exception ${value.exceptionId} is open`,
    );
    expect(await cli.query(sql`SELECT status, last_error FROM reminder_outbox`)).toEqual([
      { status: 'refused', last_error: 'bounced (5.1.1): 550 5.1.1 mailbox unavailable' },
    ]);
    expect(
      await cli.query(
        sql`SELECT id::text AS id, status::text AS status FROM exceptions WHERE type = 'delivery_failure'`,
      ),
    ).toEqual([{ id: value.exceptionId, status: 'open' }]);
    // A collector may not record one (controllers and finance admins do): exit 1, nothing more written.
    const collector = await cli.runAs(keys.col!, 'collections', 'bounce', file);
    expect([collector.code, collector.stderr]).toEqual([1, expect.stringMatching(/^Refused \(FORBIDDEN\)/)]);
    expect(
      await cli.query(sql`SELECT count(*)::int AS n FROM audit_log WHERE target_type = 'reminder_outbox'`),
    ).toEqual([{ n: 2 }]);
  });

  it('lists the reminders with who drafted them, filtered by --drafted-by, for the collector of the client', async () => {
    await cli.query(sql`INSERT INTO reminder_outbox
        (invoice_id, step, as_of, channel, language, recipient, subject, body, status, created_at, drafted_by, model_refusal)
      SELECT id, 'firm', '2026-03-31'::date, 'email', 'en', 'ap@slow.example', 'Invoice overdue', 'Please pay.', 'queued',
        '2026-03-31T04:00:00Z'::timestamptz, 'template', 'the check refused it: it contains https://pay.evil.example/now, and no reminder carries a link or an e-mail address'
        FROM invoices WHERE number = 'CO-000002'
      UNION ALL
      SELECT id, 'firm', '2026-03-31'::date, 'email', 'en', 'ap@slow.example', 'Invoice overdue', 'Please pay.', 'queued',
        '2026-03-31T04:00:01Z'::timestamptz, 'model:stub-writer', NULL FROM invoices WHERE number = 'CO-000003'`);
    const table = await cli.runAs(keys.col!, 'collections', 'reminders');
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/Drafted by/);
    expect(table.stdout).toMatch(/CO-000002 .*template .*the check refused it: it contains <link>/);
    expect(table.stdout).not.toContain('evil');
    expect(table.stdout).toMatch(/3 of 3\.\n$/);
    const model = await cli.runAs(keys.col!, 'collections', 'reminders', '--drafted-by', 'model', '--json');
    expect(model.code, model.stderr).toBe(0);
    expect((JSON.parse(model.stdout) as { items: { invoice: string; draftedBy: string }[] }).items).toEqual([
      expect.objectContaining({ invoice: 'CO-000003', draftedBy: 'model:stub-writer', modelRefusal: null }),
    ]);
    const refused = await cli.runAs(keys.ctl!, 'collections', 'reminders', '--model-refused', '--json');
    expect((JSON.parse(refused.stdout) as { items: { invoice: string }[] }).items.map((i) => i.invoice)).toEqual([
      'CO-000002',
    ]);
    const wrong = await cli.runAs(keys.col!, 'collections', 'reminders', '--drafted-by', 'robot');
    expect([wrong.code, wrong.stderr]).toEqual([
      2,
      expect.stringMatching(/draftedBy.*template, model, or model:<name>/),
    ]);
  });
});
