import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the stub received: the method path (chat.postMessage) or response path, its JSON body and whether it carried the token. */
export interface SlackCall {
  path: string;
  body: Record<string, unknown>;
  authorization: string | null;
}

export interface SlackStub {
  url: string;
  calls: SlackCall[];
  /** Calls to a Web API method (chat.postMessage, chat.update). */
  method(name: string): SlackCall[];
  /** The next `times` calls to a method answer as Slack does when it refuses (`{ ok: false, error }`); recorded all the same. */
  failNext(name: string, times?: number, error?: string): void;
  close(): Promise<void>;
}

/**
 * A local stand-in for Slack's Web API and response URLs on 127.0.0.1 (never the network): it
 * records every call and answers as Slack does (ok, a ts per posted message; "ok" on /response/*).
 */
export async function startSlackStub(): Promise<SlackStub> {
  const calls: SlackCall[] = [];
  const failing = new Map<string, { times: number; error: string }>();
  let seq = 0;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const path = (req.url ?? '').replace(/^\//, '');
      calls.push({
        path,
        body: raw ? (JSON.parse(raw) as Record<string, unknown>) : {},
        authorization: req.headers.authorization ?? null,
      });
      if (path.startsWith('response/')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      const fail = failing.get(path);
      if (fail && fail.times > 0) {
        fail.times -= 1;
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ ok: false, error: fail.error }));
        return;
      }
      seq += 1;
      const channel = String((JSON.parse(raw || '{}') as { channel?: string }).channel ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          ok: true,
          channel: channel.startsWith('U') ? `D${channel.slice(1)}` : channel,
          ts: `1700000000.${String(seq).padStart(6, '0')}`,
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    method: (name) => calls.filter((c) => c.path === name),
    failNext: (name, times = 1, error = 'service_unavailable') => void failing.set(name, { times, error }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
