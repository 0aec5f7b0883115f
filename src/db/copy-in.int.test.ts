import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDatabase } from '../../test/helpers/db.ts';
import { type Database, queryRows } from './client.ts';
import { copyField, copyInto } from './copy-in.ts';

const COPY =
  'COPY worklist_staging (build_id, invoice_id, priority, action, step, reasons, open_minor, currency, days_past_due, late_probability, expected_days_late, dispute_probability) FROM STDIN';

describe(`copyInto on ${backend}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  /** One staged row whose action and reasons are the given texts, through copyInto; what was stored, or null when nothing was sent. */
  const roundTrip = async (action: string, reasons: string | null) => {
    const build = randomUUID();
    const line = [
      build,
      randomUUID(),
      '1.0000',
      copyField(action),
      copyField(reasons),
      copyField(reasons ?? ''),
      '100',
      'USD',
      3,
      '0.1000',
      '1.00',
      '0.0100',
    ];
    const sent = await copyInto(database.db, COPY, () => `${line.join('\t')}\n`);
    const rows = await queryRows<{ action: string; step: string | null; reasons: string }>(
      database.db,
      sql`SELECT action, step, reasons FROM worklist_staging WHERE build_id = ${build}::uuid`,
    );
    return { sent, rows };
  };

  if (backend === 'postgres') {
    it('stores any text as it was, escapes and the literal \\N included, and null as NULL', async () => {
      for (const text of [
        'plain',
        'tab\there',
        'line\nbreak\r\n',
        'back\\slash',
        '\\N',
        '\\\\N',
        'ünïcödé €500/h',
        '',
      ]) {
        expect(await roundTrip(text, null)).toEqual({ sent: true, rows: [{ action: text, step: null, reasons: '' }] });
      }
      await fc.assert(
        fc.asyncProperty(
          fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000')),
          async (text) => {
            expect(await roundTrip(text, text)).toEqual({
              sent: true,
              rows: [{ action: text, step: text, reasons: text }],
            });
          },
        ),
        { numRuns: 60 },
      );
    });
  } else {
    it('sends nothing on PGlite, where the caller writes another way', async () => {
      expect(await roundTrip('x', null)).toEqual({ sent: false, rows: [] });
    });
  }
});
