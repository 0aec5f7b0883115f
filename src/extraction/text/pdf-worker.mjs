// pdf.js in a worker thread: its ~60 MB of code and data live in the worker's heap, not the
// server's (whose major GCs must mark everything live), and a long PDF parses off the event loop.
// Plain JavaScript so it loads in any runtime (tsx, vitest, node) without a TypeScript loader.
// One request at a time per message: { id, bytes, maxPages, itemJoiner } -> { id, ... } (see pdf-text.ts).
import { parentPort } from 'node:worker_threads';
import { FormatError, InvalidPDFException, PasswordException, PDFParse } from 'pdf-parse';

parentPort.on('message', async ({ id, bytes, maxPages, itemJoiner }) => {
  const parser = new PDFParse({ data: bytes, verbosity: 0 });
  try {
    const info = await parser.getInfo();
    if (info.total > maxPages) {
      parentPort.postMessage({ id, tooManyPages: info.total });
      return;
    }
    const result = await parser.getText({ itemJoiner, pageJoiner: '' });
    parentPort.postMessage({ id, pages: result.pages.map((p) => ({ num: p.num, text: p.text })) });
  } catch (e) {
    const kind = e instanceof PasswordException ? 'password' : e instanceof InvalidPDFException || e instanceof FormatError ? 'format' : 'other';
    parentPort.postMessage({ id, failure: { kind, name: e instanceof Error ? e.name : '', message: e instanceof Error ? e.message : String(e) } });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
});
