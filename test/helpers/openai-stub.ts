import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer: tool calls, a final text, or an HTTP error status. */
export type StubStep = { toolCalls: { name: string; args: unknown }[] } | { content: string } | { status: number };

/** What the stub received: each request's headers and body, to assert on what reached the "model". */
export interface StubRequest {
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    messages: { role: string; content: unknown; tool_calls?: unknown[] }[];
    tools?: { function: { name: string } }[];
    stream?: boolean;
  };
  raw: string;
}

export interface OpenAiStub {
  baseUrl: string;
  requests: StubRequest[];
  /** Scripts the next answers, in order; when it runs out, the stub answers "done". */
  script(steps: StubStep[]): void;
  close(): Promise<void>;
}

let callSeq = 0;

/** A local server speaking the OpenAI chat-completions shape (plain and streamed), answering from a script. Never the network. */
export async function startOpenAiStub(): Promise<OpenAiStub> {
  let steps: StubStep[] = [];
  const requests: StubRequest[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8');
    });
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as StubRequest['body'];
      requests.push({ headers: req.headers, body, raw });
      const step = steps.shift() ?? { content: 'done' };
      if ('status' in step) {
        res.writeHead(step.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'rate limited', type: 'rate_limit_error' } }));
        return;
      }
      const toolCalls =
        'toolCalls' in step
          ? step.toolCalls.map((t, i) => ({
              index: i,
              id: `call_${++callSeq}`,
              type: 'function',
              function: { name: t.name, arguments: JSON.stringify(t.args) },
            }))
          : undefined;
      const message = {
        role: 'assistant',
        content: 'content' in step ? step.content : null,
        ...(toolCalls ? { tool_calls: toolCalls } : {}),
      };
      const finish = toolCalls ? 'tool_calls' : 'stop';
      const head = { id: `chatcmpl-${requests.length}-${++callSeq}`, created: 1_800_000_000, model: body.model };
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(
          `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta: message, finish_reason: null }] })}\n\n`,
        );
        res.write(
          `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`,
        );
        res.end('data: [DONE]\n\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          ...head,
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: { ...message, tool_calls: toolCalls?.map(({ index: _i, ...t }) => t) },
              finish_reason: finish,
            },
          ],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (s) => {
      steps = [...s];
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
