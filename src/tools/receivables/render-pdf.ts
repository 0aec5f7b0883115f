import PDFDocument from 'pdfkit';
import type { ReceivablesReport } from './receivables-report.ts';
import { agingPanels, axisOf, compact, forecastPanels, type Panel } from './render-charts.ts';

/** Draws one bar panel in the box (x, y, w, h) of a pdfkit page: the same chart as the SVG. */
function drawPanel(doc: PDFKit.PDFDocument, p: Panel, x: number, y: number, w: number, h: number): void {
  const left = x + 50,
    plotTop = y + 28,
    plotH = h - 75,
    plotW = w - 60;
  const { top: maxV, step } = axisOf(Math.max(...p.bars.map((b) => Number(b.value))));
  const yOf = (v: number) => plotTop + plotH - (v / maxV) * plotH;
  doc.font('Helvetica-Bold').fontSize(12).fillColor('#000').text(p.title, x, y, { width: w });
  doc.font('Helvetica').fontSize(7);
  for (let v = 0; v <= maxV + step / 2; v += step) {
    doc
      .moveTo(left, yOf(v))
      .lineTo(left + plotW, yOf(v))
      .lineWidth(0.5)
      .strokeColor('#dddddd')
      .stroke();
    doc.fillColor('#555').text(compact(v.toFixed(2)), x, yOf(v) - 3, { width: 45, align: 'right' });
  }
  const slot = plotW / p.bars.length;
  const bw = Math.min(50, slot * 0.7);
  p.bars.forEach((b, i) => {
    const bx = left + slot * i + (slot - bw) / 2;
    const by = yOf(Number(b.value));
    doc
      .rect(bx, by, bw, plotTop + plotH - by)
      .fillColor(b.color)
      .fill();
    doc
      .fillColor('#000')
      .fontSize(7)
      .text(compact(b.value), bx - 10, by - 10, { width: bw + 20, align: 'center' });
    doc.text(b.label, bx - 10, plotTop + plotH + 4, { width: bw + 20, align: 'center' });
    if (b.sub) doc.fillColor('#777').text(b.sub, bx - 10, plotTop + plotH + 13, { width: bw + 20, align: 'center' });
  });
  doc
    .moveTo(left, plotTop + plotH)
    .lineTo(left + plotW, plotTop + plotH)
    .lineWidth(0.8)
    .strokeColor('#333')
    .stroke();
  doc
    .fillColor('#333')
    .fontSize(7)
    .text(p.footer, x, y + h - 24, { width: w, height: 20, ellipsis: true });
}

/**
 * The receivables page as a PDF (A4 landscape): the aging and the cash forecast of the report's
 * first two currencies side by side, for a finance pack or an e-mail. Resolves to the PDF bytes.
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
  doc.font('Helvetica-Bold').fontSize(16).text(`Receivables on ${r.asOf}`, 30, 24);
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#444')
    .text(
      `DSO and CEI over ${r.periodStart} to ${r.asOf} (${r.periodDays} days). Amounts per currency, never added across currencies.`,
      30,
      44,
    );
  const aging = agingPanels(r).slice(0, 2);
  const forecast = forecastPanels(r).slice(0, 2);
  const colW = (doc.page.width - 80) / 2,
    rowH = (doc.page.height - 100) / 2;
  aging.forEach((p, i) => drawPanel(doc, p, 30 + i * (colW + 20), 64, colW, rowH));
  forecast.forEach((p, i) => drawPanel(doc, p, 30 + i * (colW + 20), 64 + rowH + 6, colW, rowH));
  if (aging.length === 0) doc.fontSize(12).fillColor('#000').text(`No open receivables on ${r.asOf}.`, 30, 80);
  doc.end();
  return done;
}
