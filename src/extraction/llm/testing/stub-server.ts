import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test support: an OpenAI-shaped chat completions server on 127.0.0.1 that answers from a script. */

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export type Reply =
  | { content: string; toolCalls?: Array<{ name: string; arguments: string }> }
  | { status: number; error: string };

export interface StubServer {
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts the stub on a random port; `reply` is called for each request with the request body. */
export async function startStubLlm(
  reply: (body: Record<string, unknown>, n: number) => Reply,
  opts: { embeddingSize?: number } = {},
): Promise<StubServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      if ((req.url ?? '').endsWith('/embeddings')) {
        // Deterministic vectors of the requested size (or `embeddingSize` to simulate a wrong model).
        const inputs = Array.isArray(body.input) ? (body.input as string[]) : [String(body.input)];
        const size = opts.embeddingSize ?? Number(body.dimensions ?? 8);
        res.end(
          JSON.stringify({
            object: 'list',
            model: body.model,
            usage: { prompt_tokens: 1, total_tokens: 1 },
            data: inputs.map((t, index) => ({
              object: 'embedding',
              index,
              embedding: Array.from({ length: size }, (_, i) => ((t.length + i) % 7) / 7),
            })),
          }),
        );
        return;
      }
      const r = reply(body, requests.length - 1);
      if ('status' in r) {
        res.statusCode = r.status;
        res.end(JSON.stringify({ error: { message: r.error, type: 'server_error' } }));
        return;
      }
      res.end(
        JSON.stringify({
          id: `chatcmpl-${requests.length}`,
          object: 'chat.completion',
          created: 1_767_225_600,
          model: String(body.model ?? 'stub'),
          choices: [
            {
              index: 0,
              finish_reason: r.toolCalls ? 'tool_calls' : 'stop',
              message: {
                role: 'assistant',
                content: r.content,
                ...(r.toolCalls
                  ? { tool_calls: r.toolCalls.map((t, i) => ({ id: `call_${i}`, type: 'function', function: t })) }
                  : {}),
              },
            },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
