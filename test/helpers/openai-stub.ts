import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * One scripted answer: tool calls, a final text, an HTTP error status, or a hang: `before_headers`
 * never answers at all; `after_headers` sends the status line and the start of the body (a plain
 * JSON answer, or one chunk of a stream) and then stalls, as a model server that dies mid-answer does.
 */
export type StubStep =
  | { toolCalls: { name: string; args: unknown }[] }
  | { content: string }
  | { status: number }
  | { hang: 'before_headers' | 'after_headers' };

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
  /** Requests a hang step held, and whether the client has since given up on them (closed the connection). */
  hung(): { abandoned: boolean }[];
  /** Resolves once the client closed every hung request (seen a moment after it gives up); waits at most 10 s. */
  untilAbandoned(): Promise<void>;
  close(): Promise<void>;
}

let callSeq = 0;

/** `text` in `parts` pieces of about equal length (a streamed answer arrives in fragments). */
function fragments(text: string, parts: number): string[] {
  const size = Math.max(1, Math.ceil(text.length / parts));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}

type Head = { id: string; created: number; model: string };
const chunk = (head: Head, delta: unknown, finish: string | null = null) => {
  const choices = [{ index: 0, delta, finish_reason: finish }];
  return `data: ${JSON.stringify({ ...head, object: 'chat.completion.chunk', choices })}\n\n`;
};

/**
 * A stream as OpenAI sends one: the role first, then each tool call's id and name with empty
 * arguments, then the arguments (and any text) in several fragments, then the finish reason and
 * `[DONE]`, so a client must assemble the deltas to get the call.
 */
function writeStream(
  res: ServerResponse,
  head: Head,
  content: string | null,
  toolCalls: { id: string; name: string; arguments: string }[] | undefined,
) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(chunk(head, { role: 'assistant', content: '' }));
  if (content) for (const piece of fragments(content, 4)) res.write(chunk(head, { content: piece }));
  for (const [index, t] of (toolCalls ?? []).entries()) {
    res.write(
      chunk(head, { tool_calls: [{ index, id: t.id, type: 'function', function: { name: t.name, arguments: '' } }] }),
    );
    for (const piece of fragments(t.arguments, 3))
      res.write(chunk(head, { tool_calls: [{ index, function: { arguments: piece } }] }));
  }
  res.write(chunk(head, {}, toolCalls ? 'tool_calls' : 'stop'));
  res.end('data: [DONE]\n\n');
}

/** A local server speaking OpenAI's chat-completions shape (plain and streamed), answering from a script. */
export async function startOpenAiStub(): Promise<OpenAiStub> {
  let steps: StubStep[] = [];
  const requests: StubRequest[] = [];
  const hung: { abandoned: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => {
      raw += c.toString('utf8');
    });
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as StubRequest['body'];
      requests.push({ headers: req.headers, body, raw });
      const step = steps.shift() ?? { content: 'done' };
      const head: Head = { id: `chatcmpl-${requests.length}-${++callSeq}`, created: 1_800_000_000, model: body.model };
      if ('hang' in step) {
        const held = { abandoned: false };
        hung.push(held);
        res.on('close', () => {
          held.abandoned = true;
        });
        if (step.hang === 'after_headers') {
          if (body.stream) {
            res.writeHead(200, { 'content-type': 'text/event-stream' });
            res.write(chunk(head, { role: 'assistant', content: 'Let me' }));
          } else {
            res.writeHead(200, { 'content-type': 'application/json' });
            res.write('{"id":"');
          }
        }
        return; // never ends: the client must give up
      }
      if ('status' in step) {
        res.writeHead(step.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'rate limited', type: 'rate_limit_error' } }));
        return;
      }
      const toolCalls =
        'toolCalls' in step
          ? step.toolCalls.map((t) => ({ id: `call_${++callSeq}`, name: t.name, arguments: JSON.stringify(t.args) }))
          : undefined;
      const content = 'content' in step ? step.content : null;
      if (body.stream) {
        writeStream(res, head, content, toolCalls);
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
              message: {
                role: 'assistant',
                content,
                ...(toolCalls
                  ? {
                      tool_calls: toolCalls.map((t) => ({
                        id: t.id,
                        type: 'function',
                        function: { name: t.name, arguments: t.arguments },
                      })),
                    }
                  : {}),
              },
              finish_reason: toolCalls ? 'tool_calls' : 'stop',
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
      hung.length = 0;
    },
    hung: () => [...hung],
    untilAbandoned: async () => {
      for (let i = 0; i < 200 && hung.some((h) => !h.abandoned); i += 1) await new Promise((r) => setTimeout(r, 50));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a hung answer still open would keep close waiting
      }),
  };
}
