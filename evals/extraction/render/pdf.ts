import PDFDocument from 'pdfkit';
import { parseBlocks, type Block } from './blocks.ts';
import { scanLikePng } from './png.ts';

export interface PdfOptions {
  format?: 'markdown' | 'text';
  /** Password needed to open the file (makes an encrypted PDF). */
  userPassword?: string;
  /** Page images instead of text: a scanned document with no text layer. */
  imageOnly?: boolean;
}

// Characters the standard PDF fonts (WinAnsi) can draw; anything else is replaced so it extracts predictably.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
const SUBSTITUTES: Record<string, string> = {
  '○': 'o',
  '●': '•',
  '≤': '<=',
  '≥': '>=',
  '→': '->',
  '✓': 'v',
  '\u2011': '-',
  '\u2212': '-',
  '\u00ad': '',
};
const drawable = (s: string): string =>
  Array.from(s, (c) => {
    const code = c.codePointAt(0) ?? 0;
    if ((code >= 32 && code < 127) || (code >= 160 && code <= 255) || WIN_ANSI_EXTRA.includes(c)) return c;
    return SUBSTITUTES[c] ?? (c === '\t' ? '    ' : '?');
  }).join('');

const MARGIN = 60;

function drawTable(doc: PDFKit.PDFDocument, rows: string[][]): void {
  const width = doc.page.width - 2 * MARGIN;
  const cols = Math.max(...rows.map((r) => r.length));
  const lengths = Array.from({ length: cols }, (_, c) => Math.max(4, ...rows.map((r) => drawable(r[c] ?? '').length)));
  const total = lengths.reduce((a, b) => a + b, 0);
  const widths = lengths.map((l) => (l / total) * width);
  doc.fontSize(9.5);
  rows.forEach((row, ri) => {
    // Measured in the font the row is drawn in: a bold header wraps sooner than body text.
    doc.font(ri === 0 ? 'Helvetica-Bold' : 'Helvetica');
    const height =
      Math.max(...row.map((cell, c) => doc.heightOfString(drawable(cell), { width: (widths[c] ?? 50) - 8 }))) + 6;
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    row.forEach((cell, c) => {
      doc
        .font(ri === 0 ? 'Helvetica-Bold' : 'Helvetica')
        .text(drawable(cell), x + 4, y + 3, { width: (widths[c] ?? 50) - 8 });
      x += widths[c] ?? 50;
    });
    doc.lineWidth(0.5).rect(MARGIN, y, width, height).stroke();
    doc.y = y + height;
  });
  doc.x = MARGIN;
  doc.moveDown(0.6).fontSize(10.5).font('Helvetica');
}

function drawBlock(doc: PDFKit.PDFDocument, block: Block): void {
  switch (block.kind) {
    case 'pagebreak':
      doc.addPage();
      return;
    case 'heading':
      doc
        .moveDown(0.3)
        .font('Helvetica-Bold')
        .fontSize(12.5)
        .text(drawable(block.text))
        .moveDown(0.3)
        .font('Helvetica')
        .fontSize(10.5);
      return;
    case 'paragraph':
      doc.font('Helvetica').fontSize(10.5).text(drawable(block.text), { align: 'left' }).moveDown(0.5);
      return;
    case 'pre':
      doc.font('Courier').fontSize(9.5);
      for (const line of block.lines) {
        if (doc.y + 12 > doc.page.height - MARGIN) doc.addPage();
        const y = doc.y;
        doc.text(drawable(line) || ' ', MARGIN, y, { lineBreak: false });
        doc.x = MARGIN;
        doc.y = y + doc.currentLineHeight(true);
      }
      doc.moveDown(0.5).font('Helvetica').fontSize(10.5);
      return;
    case 'table':
      drawTable(doc, block.rows);
      return;
  }
}

/** A scanned page: one full-page picture, no text layer. */
function drawScanPage(doc: PDFKit.PDFDocument, seed: number): void {
  doc.image(scanLikePng(600, 800, seed), MARGIN, MARGIN, { width: doc.page.width - 2 * MARGIN });
}

/** Renders fixture markdown or plain text to PDF bytes with pdfkit (A4, standard fonts). */
export function renderPdf(source: string, opts: PdfOptions = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: 'fixture', CreationDate: new Date('2026-01-01T00:00:00Z') },
    ...(opts.userPassword
      ? { userPassword: opts.userPassword, ownerPassword: `${opts.userPassword}-owner`, pdfVersion: '1.7' as const }
      : {}),
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  doc.font('Helvetica').fontSize(10.5);
  const blocks = parseBlocks(source, opts.format ?? 'markdown');
  if (opts.imageOnly) {
    const pages = Math.max(1, blocks.filter((b) => b.kind === 'pagebreak').length + 1);
    for (let p = 0; p < pages; p++) {
      if (p > 0) doc.addPage();
      drawScanPage(doc, p + 1);
    }
  } else {
    for (const block of blocks) drawBlock(doc, block);
  }
  doc.end();
  return done;
}
