import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadSplit, REPO_ROOT } from '../evals/extraction/corpus.ts';
import { longSowMarkdown } from '../evals/extraction/long-sow.ts';
import { renderPdf } from '../evals/extraction/render/pdf.ts';

// Imported dynamically so the module load (pdf.js included) is timed on its own.
let t0 = performance.now();
const { extractText } = await import('../src/extraction/text/extract-text.ts');
const { extractWithRules } = await import('../src/extraction/rules/extract-rules.ts');
const importMs = performance.now() - t0;

/**
 * Text extraction speed beside poppler's pdftotext on the same PDFs in the same run, and a 50-page
 * SOW through the built-in path (text + rules). Prints figures; asserts nothing.
 *
 *   npx tsx bench/extract.ts [--rounds 3]
 */
const args = process.argv.slice(2);
const rounds = args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) : 3;
const limits = { maxBytes: 100 * 1024 * 1024, maxPages: 5000 };
const outDir = path.join(REPO_ROOT, 'bench/out/extract');
mkdirSync(outDir, { recursive: true });

const ms = (t0: number): number => performance.now() - t0;
const fmt = (n: number, d = 1): string => n.toFixed(d);

async function pagesOf(bytes: Uint8Array): Promise<number> {
  const r = await extractText(bytes, limits);
  if (!r.ok) throw new Error(r.error.code);
  return r.value.pages.length;
}

// Corpus: the shared agreements, every fixture, and the long SOW, rendered once to PDF files.
const docs = [
  ...loadSplit('sow-dev').documents,
  ...loadSplit('fixtures-dev').documents,
  ...loadSplit('heldout').documents,
];
const files: Array<{ name: string; file: string; bytes: Uint8Array }> = [];
for (const d of docs) files.push({ name: d.id, file: '', bytes: await renderPdf(d.source, { format: d.format }) });
files.push({ name: 'long-sow-50', file: '', bytes: await renderPdf(longSowMarkdown(50)) });
for (const f of files) {
  f.file = path.join(outDir, `${f.name}.pdf`);
  writeFileSync(f.file, f.bytes);
}

// Cold start: the 50-page SOW is the first PDF this process parses (pdf.js sets up its worker).
const long = files.find((f) => f.name === 'long-sow-50') as (typeof files)[number];
t0 = performance.now();
const coldText = await extractText(long.bytes, limits);
if (!coldText.ok) throw new Error(coldText.error.code);
extractWithRules(coldText.value);
const cold = ms(t0);
let pages = 0;
for (const f of files) pages += await pagesOf(f.bytes);

console.log(`corpus: ${files.length} PDFs, ${pages} pages (${docs.length} documents + one 50-page SOW)`);
console.log(
  `cold start under tsx: module import ${fmt(importMs, 0)} ms; first document (the 50-page SOW, text + rules) ${fmt(cold, 0)} ms`,
);
// The same first parse in plain Node, where pdf.js is not routed through tsx's loader.
const script = `const t0 = performance.now(); const { PDFParse } = await import('pdf-parse'); const t1 = performance.now();
const p = new PDFParse({ data: new Uint8Array((await import('node:fs')).readFileSync(${JSON.stringify(long.file)})), verbosity: 0 });
await p.getInfo(); const r = await p.getText(); await p.destroy();
console.log(JSON.stringify({ importMs: t1 - t0, parseMs: performance.now() - t1, pages: r.pages.length }));`;
const plain = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
if (plain.status === 0) {
  const c = JSON.parse(plain.stdout) as { importMs: number; parseMs: number; pages: number };
  console.log(
    `cold start in plain node (text layer only): import ${fmt(c.importMs, 0)} ms, first parse of ${c.pages} pages ${fmt(c.parseMs, 0)} ms`,
  );
}
console.log('');

const ours: number[] = [];
for (let r = 0; r < rounds; r++) {
  t0 = performance.now();
  for (const f of files) await pagesOf(f.bytes);
  ours.push(ms(t0));
}
const oursBest = Math.min(...ours);
console.log(
  `pdf-parse (our text layer, table rows kept): ${fmt((pages / oursBest) * 1000)} pages/s  (best of ${rounds}: ${fmt(oursBest, 0)} ms for ${pages} pages)`,
);

const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
if (!hasPdftotext) {
  console.log('pdftotext: not installed (apt-get install -y poppler-utils); comparison skipped');
} else {
  const theirs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    t0 = performance.now();
    for (const f of files)
      execFileSync('pdftotext', ['-layout', f.file, '-'], {
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 64 * 1024 * 1024,
      });
    theirs.push(ms(t0));
  }
  const theirsBest = Math.min(...theirs);
  console.log(
    `pdftotext -layout (one process per file):   ${fmt((pages / theirsBest) * 1000)} pages/s  (best of ${rounds}: ${fmt(theirsBest, 0)} ms)`,
  );
  console.log(`ratio ours/pdftotext: ${fmt(theirsBest / oursBest, 2)}x  (pdftotext pays a process start per file)`);
  // The long file alone, where per-process start-up matters least.
  const one: number[] = [];
  const mine: number[] = [];
  for (let r = 0; r < rounds; r++) {
    t0 = performance.now();
    execFileSync('pdftotext', ['-layout', long.file, '-'], { stdio: ['ignore', 'pipe', 'ignore'] });
    one.push(ms(t0));
    t0 = performance.now();
    await pagesOf(long.bytes);
    mine.push(ms(t0));
  }
  console.log(
    `50-page file alone: pdf-parse ${fmt(Math.min(...mine), 0)} ms (${fmt((50 / Math.min(...mine)) * 1000)} pages/s), pdftotext ${fmt(Math.min(...one), 0)} ms (${fmt((50 / Math.min(...one)) * 1000)} pages/s)`,
  );
}

// The 50-page SOW through the built-in path: bytes → text → SowTerms, warm (process already loaded pdf.js).
const times: number[] = [];
let fields = 0;
let longPages = 0;
for (let r = 0; r < rounds; r++) {
  t0 = performance.now();
  const text = await extractText(long.bytes, limits);
  if (!text.ok) throw new Error(text.error.code);
  const { terms } = extractWithRules(text.value);
  times.push(ms(t0));
  fields = terms.evidence.length;
  longPages = text.value.pages.length;
}
const best = Math.min(...times);
console.log(
  `\n${longPages}-page SOW, built-in path (text + rules), warm: best ${fmt(best, 0)} ms, median ${fmt([...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0, 0)} ms over ${rounds} runs; ${fields} values with evidence; goal < 2000 ms: ${best < 2000 ? 'met' : 'NOT met'} warm, ${cold < 2000 ? 'met' : 'NOT met'} cold (${fmt(cold, 0)} ms)`,
);
