import PDFDocument from 'pdfkit';
import type { ReceivablesReport } from './receivables-report.ts';
import { type ChartName, panelPng, panelSize, panelsOf } from './render-charts.ts';

/**
 * The receivables pack as a PDF (A4 landscape, one page a chart: aging, cash forecast, promises to pay,
 * late-payment likelihood), each page the chart's panels of the report's first two currencies one
 * under the other, drawn as the same images as the PNG (at their own width, twice as many pixels,
 * scaled to the page so nothing is cramped). For a finance pack or an e-mail. Resolves to the PDF bytes.
 */
export function renderReceivablesPdf(r: ReceivablesReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: 20, left: 30, right: 30, bottom: 0 },
    info: { Title: `Receivables ${r.asOf}` },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const pages: [ChartName, string, string][] = [
    ['aging', `Receivables aging on ${r.asOf}`, `No open receivables on ${r.asOf}.`],
    ['forecast', `Cash expected by week from ${r.asOf}`, `No open receivables on ${r.asOf}.`],
    ['promises', `Promises to pay around ${r.asOf}`, `No promises to pay around ${r.asOf}.`],
    ['late-likelihood', `Late-payment likelihood on ${r.asOf}`, `No open receivables on ${r.asOf}.`],
  ];
  pages.forEach(([name, title, none], n) => {
    if (n > 0) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(16).fillColor('#000').text(title, 30, 24);
    doc
      .font('Helvetica')
      .fontSize(9)
      .fillColor('#444')
      .text(
        `DSO and CEI over ${r.periodStart} to ${r.asOf} (${r.periodDays} days). Amounts per currency, never added across currencies.`,
        30,
        44,
      );
    const panels = panelsOf(name, r).slice(0, 2);
    if (panels.length === 0) doc.fontSize(12).fillColor('#000').text(none, 30, 80);
    const boxW = doc.page.width - 60,
      boxH = (doc.page.height - 84) / 2;
    panels.forEach((p, i) => {
      const { width, height } = panelSize(name);
      doc.image(panelPng(p, width, height, 2), 30, 64 + i * boxH, { fit: [boxW, boxH - 4], align: 'center' });
    });
  });
  doc.end();
  return done;
}
