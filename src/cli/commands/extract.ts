import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../../config.ts';
import { createTermsExtractor, type TermsResult } from '../../extraction/documents/extract-terms.ts';
import { LOW_CONFIDENCE, type SowTerms } from '../../extraction/sow-terms.ts';
import { documentLimits, extractText } from '../../extraction/text/extract-text.ts';

/** Exit codes of `extract`: 0 ok, 2 usage, 3 no such file, 4 document refused (empty, corrupt, …), 5 extractor failed. */
export const EXTRACT_EXIT = { OK: 0, USAGE: 2, NOT_FOUND: 3, REFUSED: 4, FAILED: 5 } as const;

const USAGE = 'Usage: billing-copilot extract FILE [--json] [--extractor auto|builtin|llm]\n';

const show = (v: unknown): string =>
  v === null || v === undefined ? '-' : typeof v === 'object' ? JSON.stringify(v) : String(v);

function humanReport(r: TermsResult): string {
  const t: SowTerms = r.terms;
  const lines = [
    `extractor: ${r.extractor}`,
    `document type: ${t.documentType}${t.reference ? ` ${t.reference}` : ''}`,
  ];
  for (const e of t.evidence) {
    const quote = e.quote.replace(/\s+/g, ' ');
    const unsure =
      e.confidence !== undefined && e.confidence < LOW_CONFIDENCE ? `  (unsure, confidence ${e.confidence})` : '';
    lines.push(
      `  ${e.field.padEnd(34)} p.${show(e.page).padEnd(4)} "${quote.length > 90 ? `${quote.slice(0, 87)}...` : quote}"${unsure}`,
    );
  }
  lines.push(
    `currency ${show(t.currency)} · model ${show(t.billingModel)} · payment ${show(t.paymentTerms.netDays)} days (${show(t.paymentTerms.basis)}) · invoices ${show(t.invoiceFrequency)}`,
    `rates: ${t.rates.map((x) => `${x.role} ${x.amount}/${x.unit}`).join('; ') || '-'}`,
  );
  if (r.proposedChanges.length) {
    lines.push('proposed contract changes (not applied; applying them needs approval):');
    for (const c of r.proposedChanges)
      lines.push(`  ${c.field}${c.key ? ` [${c.key}]` : ''}: ${show(c.from)} -> ${c.to} from ${show(c.effectiveDate)}`);
  }
  if (r.disagreements.length) {
    lines.push('LLM and built-in extractor disagree on:');
    for (const d of r.disagreements) lines.push(`  ${d.field}: llm ${show(d.llm)} vs built-in ${show(d.builtin)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `billing-copilot extract FILE [--json]`: reads a PDF, DOCX or text file (type by content), extracts
 * its billing terms and prints them; with --json, exactly the SowTerms v1 JSON on stdout. Refused
 * files print their code and reason on stderr and exit 4.
 */
export async function extractCommand(
  argv: string[],
  io: { stdout: (s: string) => void; stderr: (s: string) => void },
  deps: { config?: Config } = {},
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, extractor: { type: 'string' } },
    });
  } catch (e) {
    io.stderr(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
    return EXTRACT_EXIT.USAGE;
  }
  const file = parsed.positionals[0];
  const which = parsed.values.extractor ?? 'auto';
  if (!file || parsed.positionals.length > 1 || !['auto', 'builtin', 'llm'].includes(which)) {
    io.stderr(USAGE);
    return EXTRACT_EXIT.USAGE;
  }
  const config = deps.config ?? loadConfig();
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(`${code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE'}: cannot read ${file}\n`);
    return EXTRACT_EXIT.NOT_FOUND;
  }
  const text = await extractText(bytes, documentLimits(config));
  if (!text.ok) {
    io.stderr(`${text.error.code}: ${text.error.message}\n`);
    return EXTRACT_EXIT.REFUSED;
  }
  if (which === 'llm' && !(config.LLM_MODEL && (config.LLM_BASE_URL || config.LLM_API_KEY))) {
    io.stderr('LLM_NOT_CONFIGURED: set LLM_MODEL and LLM_BASE_URL or LLM_API_KEY, or use --extractor builtin\n');
    return EXTRACT_EXIT.USAGE;
  }
  let result: TermsResult;
  try {
    result = await createTermsExtractor(config, which as 'auto' | 'builtin' | 'llm')(text.value);
  } catch (e) {
    io.stderr(`EXTRACTION_FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXTRACT_EXIT.FAILED;
  }
  if (parsed.values.json) io.stdout(`${JSON.stringify(result.terms, null, 2)}\n`);
  else io.stdout(humanReport(result));
  return EXTRACT_EXIT.OK;
}
