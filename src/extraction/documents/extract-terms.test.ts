import { afterAll, describe, expect, it } from 'vitest';
import { textDocument } from '../text/document-text.ts';
import { DocumentLimitError } from '../text/errors.ts';
import { stopDocumentWorker } from '../text/extract-text.ts';
import { rulesTermsExtractor } from './extract-terms.ts';

/** A long statement of work: about 2 million characters, the default text limit. */
const longSow = textDocument(
  `# STATEMENT OF WORK SOW-LONG\n\n${'Consultant is paid $180 per hour. Payment is due net 30 days from the invoice date.\n'.repeat(24_000)}`,
);

describe('rulesTermsExtractor (the built-in extractor in the document worker)', () => {
  afterAll(() => stopDocumentWorker());

  it('extracts in the document worker: the event loop turns while a long document is read', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    // The default 30 s limit is the product's; this test is about the event loop, so a loaded CI machine (seen at load
    // 14 on 2 cores: 31 s) must not turn it into a timeout. The limit itself is tested below.
    const r = await rulesTermsExtractor({ maxBytes: 0, maxPages: 0, maxSeconds: 300 })(longSow);
    expect(turned).toBe(true);
    expect(r).toMatchObject({ extractor: 'builtin', terms: { paymentTerms: { netDays: 30 } } });
  });

  it('throws DOCUMENT_TIMEOUT when the extraction outlasts the time limit', async () => {
    const slow = rulesTermsExtractor({ maxBytes: 0, maxPages: 0, maxSeconds: 0.05 });
    const error = await slow(longSow).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentLimitError);
    expect((error as DocumentLimitError).problem).toMatchObject({
      code: 'DOCUMENT_TIMEOUT',
      details: { maxSeconds: 0.05 },
    });
  });
});
