import { runCli } from './index.ts';
import type { CliIo } from './io.ts';

/** Process entry of the CLI: real stdout/stderr, exit code from the command. */
// A reader that stops early (`| head`) closes the pipe: stop quietly instead of crashing on EPIPE.
process.stdout.on(
  'error',
  (e: NodeJS.ErrnoException) => void (e.code === 'EPIPE' ? process.exit(0) : process.exit(74)),
);
const io: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  isTty: Boolean(process.stderr.isTTY),
  stdin: process.stdin,
};
try {
  process.exitCode = await runCli(process.argv.slice(2), io);
} catch (e) {
  process.stderr.write(`billing-copilot failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 70;
}
