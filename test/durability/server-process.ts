import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A real server process (src/main.ts) on the given environment, and what it printed. */
export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `node --import tsx src/main.ts` as the README's `npm start` does (PORT=0: any free port)
 * and resolves once it logs that it listens; rejects with its output if it exits first.
 */
export function startServer(
  env: Record<string, string>,
  opts: { timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => void (out += d));
  child.stderr!.on('data', (d) => void (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not listen within ${opts.timeoutMs ?? 120_000} ms:\n${out}`));
    }, opts.timeoutMs ?? 120_000);
    const onData = () => {
      // A JSON log line (pino: fields in any order) with msg "listening" and the url.
      const m = out
        .split('\n')
        .filter((l) => l.includes('"msg":"listening"'))
        .map((l) => /"url":"(http:\/\/[^"]+)"/.exec(l))
        .find(Boolean);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      resolve({
        child,
        url: m[1]!,
        output: () => out,
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
}

/** The demo keys the server prints once when it seeds an empty database, by email. */
export function demoKeys(output: string): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const m of output.matchAll(/^\s+\w+\s+(\S+@northwind\.example)\s+(bc_\S+)\s*$/gm)) keys[m[1]!] = m[2]!;
  return keys;
}
