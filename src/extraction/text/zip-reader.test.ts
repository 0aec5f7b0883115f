import { describe, expect, it } from 'vitest';
import { DocumentLimitError } from './errors.ts';
import { docxOf, docxPaddingBomb, docxRunsBomb, docxTextBomb } from './testing/bombs.ts';
import { openLimitedZip, type ZipLimits } from './zip-reader.ts';

const roomy: ZipLimits = { maxUnzippedBytes: 64 << 20, maxXmlElements: 400_000, maxXmlTextBytes: 8_000_000 };

/** The code a read of word/document.xml is refused with, or 'read'. */
async function readCode(bytes: Uint8Array, limits: ZipLimits): Promise<string> {
  try {
    await openLimitedZip(bytes, limits).read('word/document.xml', 'utf-8');
    return 'read';
  } catch (e) {
    if (e instanceof DocumentLimitError) return e.problem.code;
    throw e;
  }
}

describe('openLimitedZip', () => {
  it('reads a part as JSZip would when it is within the limits', async () => {
    const zip = openLimitedZip(docxOf([{ text: '<w:p><w:r><w:t>Net 30 days.</w:t></w:r></w:p>' }]), roomy);
    expect(zip.exists('word/document.xml')).toBe(true);
    expect(zip.exists('word/styles.xml')).toBe(false);
    expect(await zip.read('word/document.xml', 'utf-8')).toContain('<w:t>Net 30 days.</w:t>');
  });

  it('refuses with DOCUMENT_UNZIPPED_TOO_LARGE a part that inflates past the limit, whatever size the archive declares', async () => {
    expect(await readCode(docxPaddingBomb(100), roomy)).toBe('DOCUMENT_UNZIPPED_TOO_LARGE');
    expect(await readCode(docxPaddingBomb(100, { declaredSize: 1000 }), roomy)).toBe('DOCUMENT_UNZIPPED_TOO_LARGE');
  });

  it('refuses with DOCUMENT_TOO_COMPLEX a part with more XML elements than the limit', async () => {
    expect(await readCode(docxRunsBomb(400), roomy)).toBe('DOCUMENT_TOO_COMPLEX');
    expect(await readCode(docxRunsBomb(1), { ...roomy, maxXmlElements: 1000 })).toBe('DOCUMENT_TOO_COMPLEX');
  });

  it('refuses with DOCUMENT_TEXT_TOO_LONG a part with more text than the limit', async () => {
    expect(await readCode(docxTextBomb(1024), roomy)).toBe('DOCUMENT_TEXT_TOO_LONG');
  });

  it('refuses a file that is not a ZIP archive with an ordinary error', () => {
    expect(() => openLimitedZip(new TextEncoder().encode('not a zip at all, just some words'), roomy)).toThrow(
      /end of central directory/,
    );
  });
});
