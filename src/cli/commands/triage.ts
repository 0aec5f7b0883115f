import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openAiSuggester } from '../../agent/triage/model-suggest.ts';
import { triageInputSchema } from '../../agent/triage/triage-input.ts';
import { createTriage, type TriageResult } from '../../agent/triage/triage-message.ts';
import { TEXT_MAX } from '../../shared/bounds.ts';
import { EXIT, type CliContext } from '../io.ts';

const USAGE = `Usage: billing-copilot triage [--json] [--builtin]
  Reads messages on standard input. With --json: one JSON object per line with a "text" field (and an
  optional "id", echoed); writes one JSON line per input line. Without: all of standard input is one
  message, described in words. --builtin: never ask the configured model.
`;

/** Lines of a stream of text chunks, as they arrive (a pipe answers line by line). */
async function* lines(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const chunk of input) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
    }
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

const issueText = (e: z.ZodError): string =>
  e.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ');

/** The answer of one line: the triage result, or the error of a line that is no valid input. */
async function answerLine(
  line: string,
  n: number,
  triage: ReturnType<typeof createTriage>,
): Promise<{ ok: boolean; out: Record<string, unknown> }> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, out: { line: n, error: { code: 'MALFORMED_JSON', message: `line ${n} is not JSON` } } };
  }
  const parsed = triageInputSchema.safeParse(json);
  if (!parsed.success) {
    const id = json && typeof json === 'object' && 'id' in json ? { id: (json as { id: unknown }).id } : {};
    const tooLong = parsed.error.issues.some((i) => i.code === 'too_big');
    return {
      ok: false,
      out: {
        line: n,
        ...id,
        error: { code: tooLong ? 'TEXT_TOO_LONG' : 'VALIDATION_FAILED', message: issueText(parsed.error) },
      },
    };
  }
  const result: TriageResult = await triage(parsed.data.text);
  return { ok: true, out: { ...(parsed.data.id !== undefined ? { id: parsed.data.id } : {}), ...result } };
}

function describe(r: TriageResult): string {
  return [
    `class: ${r.class} (confidence ${r.confidence.toFixed(2)}, decided by ${r.decidedBy})`,
    `next action: ${r.nextAction.code} (${r.nextAction.owner}${r.nextAction.needsApproval ? ', needs approval' : ''})`,
    `  ${r.nextAction.description}`,
    `why: ${r.explanation}`,
    ...(r.references.invoices.length ? [`invoices: ${r.references.invoices.join(', ')}`] : []),
    ...(r.references.purchaseOrders.length ? [`purchase orders: ${r.references.purchaseOrders.join(', ')}`] : []),
    ...(r.references.smtpStatus ? [`SMTP status: ${r.references.smtpStatus}`] : []),
    ...r.ignoredInstructions.map((q) => `ignored (addressed to an assistant): "${q}"`),
  ].join('\n');
}

/**
 * `billing-copilot triage [--json] [--builtin]`: classifies messages from standard input. Needs no
 * database and no key: it reads, proposes and writes nothing. Exit 0 when every line was triaged, 1
 * when some line was no valid input (its output line says why), 2 for bad usage.
 */
export async function triageCommand(argv: string[], ctx: CliContext): Promise<number> {
  const { io } = ctx;
  let values: { json?: boolean; builtin?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: { json: { type: 'boolean' }, builtin: { type: 'boolean' } },
    }));
  } catch (e) {
    io.stderr(`${(e as Error).message}\n${USAGE}`);
    return EXIT.USAGE;
  }
  if (!io.stdin) {
    io.stderr(`triage reads standard input.\n${USAGE}`);
    return EXIT.USAGE;
  }
  const triage = createTriage({ suggester: values.builtin ? null : openAiSuggester(ctx.config) });
  if (!values.json) {
    let text = '';
    for await (const line of lines(io.stdin)) {
      text += `${line}\n`;
      if (text.length > TEXT_MAX.message + 1) break;
    }
    const parsed = triageInputSchema.safeParse({ text: text.trim() });
    if (!parsed.success) {
      io.stderr(`The message on standard input is not valid: ${issueText(parsed.error)}.\n`);
      return EXIT.USAGE;
    }
    io.stdout(`${describe(await triage(parsed.data.text))}\n`);
    return EXIT.OK;
  }
  let n = 0;
  let bad = 0;
  for await (const line of lines(io.stdin)) {
    n += 1;
    if (line.trim() === '') continue;
    const { ok, out } = await answerLine(line, n, triage);
    if (!ok) bad += 1;
    io.stdout(`${JSON.stringify(out)}\n`);
  }
  if (bad > 0) io.stderr(`${bad} of the input lines could not be triaged; their output lines say why.\n`);
  return bad > 0 ? EXIT.PROBLEMS : EXIT.OK;
}
