import { afterAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../../../evals/extraction/render/docx.ts';
import { renderPdf } from '../../../evals/extraction/render/pdf.ts';
import { zip } from '../../../evals/extraction/render/zip.ts';
import { detectDocumentType } from './detect-type.ts';
import { extractText, stopDocumentWorker } from './extract-text.ts';
import { docxOf, docxRunsBomb, pdfTextBomb } from './testing/bombs.ts';

const limits = { maxBytes: 5 * 1024 * 1024, maxPages: 50 };
const SOW = `# Statement of Work SOW-1

Payment is due within 30 days of the invoice date.

| Role | Rate | Unit |
|---|---|---|
| Senior Consultant | 250.00 | hour |
| Junior Analyst | 1,200.00 | day |

<!-- pagebreak -->

Second page: travel is capped at 10% of fees.
`;

const codeOf = async (bytes: Uint8Array, l = limits): Promise<string> => {
  const r = await extractText(bytes, l);
  return r.ok ? 'ok' : r.error.code;
};

describe('detectDocumentType', () => {
  it('recognises a PDF by its header even after leading bytes', async () => {
    const pdf = await renderPdf('hello');
    const junk = new Uint8Array([...new TextEncoder().encode('junk\n'), ...pdf]);
    expect(detectDocumentType(pdf)).toBe('pdf');
    expect(detectDocumentType(junk)).toBe('pdf');
  });
  it('recognises a DOCX only when the zip holds word/document.xml', () => {
    expect(detectDocumentType(renderDocx('hello'))).toBe('docx');
    expect(detectDocumentType(zip({ 'xl/workbook.xml': '<x/>' }))).toBe('unsupported');
  });
  it('treats valid UTF-8 as text and binary as unsupported', () => {
    expect(detectDocumentType(new TextEncoder().encode('Rate: €250 per hour'))).toBe('text');
    expect(detectDocumentType(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff, 0xfe, 3]))).toBe('unsupported');
  });
});

describe('extractText', () => {
  it('returns PDF text per page with table rows on one line and cells split by tabs', async () => {
    const r = await extractText(await renderPdf(SOW), limits);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.kind).toBe('pdf');
    expect(r.value.pages.map((p) => p.number)).toEqual([1, 2]);
    const lines = r.value.pages[0]?.text.split('\n') ?? [];
    expect(lines).toContain('Senior Consultant\t250.00\thour');
    expect(lines).toContain('Junior Analyst\t1,200.00\tday');
    expect(r.value.pages[1]?.text).toContain('travel is capped at 10% of fees');
  });

  it('keeps DOCX table rows together with tab-separated cells', async () => {
    const r = await extractText(renderDocx(SOW), limits);
    expect(r.ok && r.value.kind).toBe('docx');
    if (!r.ok) return;
    expect(r.value.pages[0]?.text.split('\n')).toContain('Senior Consultant\t250.00\thour');
    expect(r.value.pages[0]?.number).toBeNull();
  });

  it('splits plain text into numbered pages at form feeds', async () => {
    const r = await extractText(new TextEncoder().encode('page one\fpage two'), limits);
    expect(r.ok && r.value.pages.map((p) => [p.number, p.text])).toEqual([
      [1, 'page one'],
      [2, 'page two'],
    ]);
  });

  it('refuses an empty file and a whitespace-only text with EMPTY_DOCUMENT', async () => {
    expect(await codeOf(new Uint8Array())).toBe('EMPTY_DOCUMENT');
    expect(await codeOf(new TextEncoder().encode(' \n\t\n'))).toBe('EMPTY_DOCUMENT');
  });

  it('refuses a truncated PDF with CORRUPT_DOCUMENT', async () => {
    const pdf = await renderPdf(SOW);
    expect(await codeOf(pdf.slice(0, 400))).toBe('CORRUPT_DOCUMENT');
  });

  it('refuses a damaged DOCX with CORRUPT_DOCUMENT', async () => {
    const broken = zip({ 'word/document.xml': '<w:document><w:body><w:p>' });
    expect(await codeOf(broken)).toBe('CORRUPT_DOCUMENT');
  });

  it('refuses a password-protected PDF with ENCRYPTED_DOCUMENT', async () => {
    expect(await codeOf(await renderPdf(SOW, { userPassword: 'secret' }))).toBe('ENCRYPTED_DOCUMENT');
  });

  it('refuses a scanned PDF without a text layer with IMAGE_ONLY_DOCUMENT', async () => {
    expect(await codeOf(await renderPdf(SOW, { imageOnly: true }))).toBe('IMAGE_ONLY_DOCUMENT');
  });

  it('refuses a file over the byte limit before parsing it', async () => {
    const r = await extractText(new Uint8Array(2048).fill(65), { maxBytes: 1024, maxPages: 10 });
    expect(r.ok ? null : r.error).toMatchObject({
      code: 'DOCUMENT_TOO_LARGE',
      details: { bytes: 2048, maxBytes: 1024 },
    });
  });

  it('refuses a PDF over the page limit with TOO_MANY_PAGES', async () => {
    const r = await extractText(await renderPdf(SOW), { maxBytes: limits.maxBytes, maxPages: 1 });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'TOO_MANY_PAGES', details: { pages: 2, maxPages: 1 } });
  });

  it('refuses binary content with UNSUPPORTED_DOCUMENT_TYPE', async () => {
    expect(await codeOf(new Uint8Array([0, 1, 2, 3, 0xff, 0xd8, 0xff, 0xe0]))).toBe('UNSUPPORTED_DOCUMENT_TYPE');
  });
});

describe('extractText limits', () => {
  afterAll(() => stopDocumentWorker());

  it('refuses a plain text over the text limit with DOCUMENT_TEXT_TOO_LONG', async () => {
    const r = await extractText(new TextEncoder().encode('rate 250 per hour\n'.repeat(100)), {
      ...limits,
      maxTextChars: 1000,
    });
    expect(r.ok ? null : r.error).toMatchObject({
      code: 'DOCUMENT_TEXT_TOO_LONG',
      details: { chars: 1800, maxTextChars: 1000 },
    });
  });

  it('refuses a PDF over the text limit with DOCUMENT_TEXT_TOO_LONG while pdf.js streams its text', async () => {
    const r = await extractText(pdfTextBomb(20), { ...limits, maxTextChars: 100_000 });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'DOCUMENT_TEXT_TOO_LONG', details: { maxTextChars: 100_000 } });
  });

  it('reads a DOCX within the limits and refuses one over the element limit with DOCUMENT_TOO_COMPLEX', async () => {
    const runs = Array.from({ length: 200 }, (_, i) => `<w:r><w:t>word${i} </w:t></w:r>`).join('');
    const docx = docxOf([{ text: `<w:p>${runs}</w:p>` }]);
    const ok = await extractText(docx, limits);
    expect(ok.ok && ok.value.pages[0]!.text).toContain('word0 word1 word2');
    const r = await extractText(docx, { ...limits, maxXmlElements: 300 });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', details: { maxXmlElements: 300 } });
  });

  it('refuses a document that outlasts the time limit with DOCUMENT_TIMEOUT, then reads the next one', async () => {
    // 500 MB of text operators take minutes to read; the limit stops it after one second.
    const r = await extractText(pdfTextBomb(500), { ...limits, maxTextChars: 1e9, maxSeconds: 1 });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'DOCUMENT_TIMEOUT', details: { maxSeconds: 1 } });
    expect((await extractText(new TextEncoder().encode('page one'), limits)).ok).toBe(true);
  });

  it('refuses a document that needs more than the worker heap cap with DOCUMENT_TOO_COMPLEX, and the process lives on', async () => {
    // 750,000 XML elements need several hundred MB in mammoth; the element limit is lifted so the heap cap decides.
    const r = await extractText(docxRunsBomb(6), {
      ...limits,
      maxXmlElements: 1e9,
      maxUnzippedBytes: 1e9,
      maxTextChars: 1e9,
      maxWorkerMb: 128,
    });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'DOCUMENT_TOO_COMPLEX', details: { maxWorkerMb: 128 } });
    expect((await extractText(new TextEncoder().encode('page one'), limits)).ok).toBe(true);
  });

  it('reads off the event loop: the loop turns while a document is read', async () => {
    let turned = false;
    setImmediate(() => (turned = true));
    const r = await extractText(new TextEncoder().encode('rate 250 per hour\n'.repeat(50_000)), limits);
    expect(r.ok).toBe(true);
    expect(turned).toBe(true);
  });
});
