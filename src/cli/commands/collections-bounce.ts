import { readFile } from 'node:fs/promises';
import { EXIT, type CliContext } from '../io.ts';
import { runToolCommand, toJson } from '../tool-command.ts';

/** All of standard input as text (a bounce is one message, not lines). */
async function readStdin(ctx: CliContext): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of ctx.io.stdin ?? [])
    text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/**
 * `collections bounce [FILE]`: a mail server's delivery status notification of a reminder e-mail, as
 * received (headers and body, from FILE or standard input), recorded through `reminders_record_bounce`:
 * a permanent failure marks the step not sent and opens a delivery_failure exception; a delay changes nothing.
 */
export async function bounceCommand(
  args: string[],
  v: { json?: boolean | undefined },
  ctx: CliContext,
  USAGE: string,
): Promise<number> {
  if (args.length > 1) {
    ctx.io.stderr(`Name one bounce file (or none, to read standard input). Nothing was recorded.\n${USAGE}`);
    return EXIT.USAGE;
  }
  const [file] = args;
  let text: string;
  try {
    text = file === undefined || file === '-' ? await readStdin(ctx) : await readFile(file, 'utf8');
  } catch (e) {
    ctx.io.stderr(`Could not read ${file} (${(e as Error).message}). Nothing was recorded.\n`);
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? EXIT.NOT_FOUND : EXIT.USAGE;
  }
  if (!text.trim()) {
    ctx.io.stderr(
      `The bounce is empty: pass the mail server's notice with its headers as FILE or on standard input. Nothing was recorded.\n${USAGE}`,
    );
    return EXIT.USAGE;
  }
  const { remindersRecordBounce } = await import('../../tools/collections/record-bounce.ts');
  return runToolCommand(ctx, remindersRecordBounce, { text }, (r) => {
    if (v.json) return ctx.io.stdout(`${toJson(r)}\n`);
    const by = {
      message_id: 'its Message-ID',
      header: 'its X-Billing-Reminder header',
      invoice_number: 'the invoice number',
    }[r.matchedBy];
    const status = r.smtpStatus ? `, SMTP ${r.smtpStatus}` : '';
    ctx.io.stdout(
      r.outcome === 'recorded'
        ? `Bounce recorded: the ${r.step} reminder of ${r.invoice} (found by ${by}${status}) is marked not sent; ` +
            `delivery_failure exception ${r.exceptionId} is open (billing-copilot exceptions list).\n`
        : `A delay notice for the ${r.step} reminder of ${r.invoice} (found by ${by}${status}): the mail server is still trying; nothing changed.\n`,
    );
  });
}
