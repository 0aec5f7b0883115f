import { afterAll, describe, expect, it } from 'vitest';
import { renderPdf } from '../../../evals/extraction/render/pdf.ts';
import { extractText, stopDocumentWorker } from './extract-text.ts';
import { rejoinBrokenTokens } from './pdf-text.ts';

/** A one-page PDF whose text names it. */
const pdfNamed = (name: string) =>
  renderPdf(`# Statement of Work ${name}\n\nThis statement of work is called ${name} and nothing else.\n`);
const limits = { maxBytes: 1_000_000, maxPages: 10 };

describe('extractText on PDFs (pdf.js in the document worker)', () => {
  afterAll(() => stopDocumentWorker());

  it('answers PDFs read at once each with its own text', async () => {
    const names = ['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO'];
    const pdfs = await Promise.all(names.map(pdfNamed));
    const results = await Promise.all(pdfs.map((bytes) => extractText(bytes, limits)));
    results.forEach((r, i) => {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.value.pages[0]!.text).toContain(`called ${names[i]} and nothing else`);
    });
  });

  it("leaves the caller's bytes as they were", async () => {
    const bytes = await pdfNamed('KEEP');
    const before = Buffer.from(bytes).toString('base64');
    await extractText(bytes, limits);
    expect(bytes.byteLength).toBeGreaterThan(0);
    expect(Buffer.from(bytes).toString('base64')).toBe(before);
  });

  it('fails a read cut short by a stopped worker with an error, and reads again on a new worker', async () => {
    const bytes = await pdfNamed('AGAIN');
    const cut = extractText(bytes, limits);
    // The handler is attached before the stop rejects the read, so the rejection is never unhandled.
    const refused = expect(cut).rejects.toThrow(/document worker stopped/);
    await stopDocumentWorker();
    await refused;
    const again = await extractText(bytes, limits);
    expect(again.ok && again.value.pages[0]!.text).toContain('called AGAIN');
  });
});

describe('tokens a PDF line broke at a hyphen or slash', () => {
  it('moves the rest of a reference back to its head, and the next line starts after it', () => {
    expect(rejoinBrokenTokens('Amendment 2 to the contract no. KLM-\nSD-2029-071 between the parties\nTerm')).toBe(
      'Amendment 2 to the contract no. KLM-SD-2029-071\nbetween the parties\nTerm',
    );
    expect(rejoinBrokenTokens('Reference: ABC/\nPO/2029/15\nClient: X')).toBe('Reference: ABC/PO/2029/15\nClient: X');
  });

  it('leaves a dash after a figure, a dash that is its own word and table rows as they are', () => {
    const text = "Fee: CHF 6'850.-\npro Monat\nfrom 2027 -\n2028\nRole\tRate-\nSenior\t120";
    expect(rejoinBrokenTokens(text)).toBe(text);
  });
});
