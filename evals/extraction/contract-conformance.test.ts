import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractWithRules } from '../../src/extraction/rules/extract-rules.ts';
import { extractText } from '../../src/extraction/text/extract-text.ts';
import { loadSplit, REPO_ROOT } from './corpus.ts';
import { validate } from './json-schema-subset.ts';
import { renderPdf } from './render/pdf.ts';

const SCHEMA_FILE = path.resolve(REPO_ROOT, '../shared/contracts/sow-terms.schema.json');
const present = existsSync(SCHEMA_FILE);
if (!present) console.warn(`contract conformance skipped: ${SCHEMA_FILE} not found (../shared is absent)`);

describe.skipIf(!present)('built-in extractor output against ../shared/contracts/sow-terms.schema.json', () => {
  const schema = present ? (JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>) : {};

  it('the checker rejects output that breaks the contract', () => {
    expect(validate(schema, { schema: 'sow-terms-v1' })).toContain('$: missing documentType');
    expect(validate(schema, { ...JSON.parse('{}'), currency: 'usd' }).some((e) => e.startsWith('$.currency'))).toBe(
      true,
    );
  });

  it('every fixture and shared agreement yields a conforming SowTerms document', async () => {
    const docs = [
      ...loadSplit('fixtures-dev').documents,
      ...loadSplit('heldout').documents,
      ...loadSplit('sow-dev').documents,
    ];
    expect(docs.length).toBeGreaterThan(20);
    for (const d of docs) {
      const text = await extractText(await renderPdf(d.source, { format: d.format }), {
        maxBytes: 50_000_000,
        maxPages: 1000,
      });
      if (!text.ok) throw new Error(`${d.id}: ${text.error.code}`);
      const terms = extractWithRules(text.value).terms;
      expect({ id: d.id, errors: validate(schema, JSON.parse(JSON.stringify(terms))) }).toEqual({
        id: d.id,
        errors: [],
      });
    }
  });

  it('every truth of the independent splits conforms to the contract (the truth only: no extractor runs on a blind split)', () => {
    for (const split of ['v2-dev', 'v2-blind', 'v3-blind'] as const) {
      const docs = loadSplit(split).documents;
      expect(docs.length, split).toBeGreaterThan(25);
      for (const d of docs)
        expect({ id: d.id, errors: validate(schema, JSON.parse(JSON.stringify(d.truth))) }).toEqual({
          id: d.id,
          errors: [],
        });
    }
  });

  it.each([
    ['v4-blind', 23],
    ['v5-blind', 39],
    ['v6-blind', 35],
    ['v7-blind', 38],
    ['v8-blind', 36],
    ['v9-blind', 39],
    ['v10-blind', 45],
    ['v11-blind', 45],
    ['v12-blind', 45],
    ['v13-blind', 45],
    ['v14-blind', 45],
    ['v15-blind', 45],
    ['v16-blind', 45],
    ['v17-blind', 45],
    ['v18-blind', 45],
    ['v19-blind', 45],
    ['v20-blind', 45],
  ] as const)(
    'every truth of the %s split conforms to the contract (read from disk: no extractor runs on it)',
    (split, atLeast) => {
      const dir = path.resolve(REPO_ROOT, 'test/fixtures/sow', split);
      const truths = readdirSync(dir).filter((f) => f.endsWith('.sow-terms.json'));
      expect(truths.length, split).toBeGreaterThan(atLeast);
      for (const f of truths)
        expect({ id: f, errors: validate(schema, JSON.parse(readFileSync(path.join(dir, f), 'utf8'))) }).toEqual({
          id: f,
          errors: [],
        });
    },
  );
});
