import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neverConnected } from './fetch-failure.ts';

/** A fetch's rejection as undici shapes it: a TypeError whose cause carries the code. */
const failed = (code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });

describe('neverConnected', () => {
  it('names failures that opened no connection, so nothing was sent', () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'UND_ERR_CONNECT_TIMEOUT',
    ])
      expect(neverConnected(failed(code))).toBe(code);
  });

  it('answers null when the request may have arrived (a reset, a body timeout, a cut-off answer)', () => {
    for (const code of ['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'EPIPE'])
      expect(neverConnected(failed(code))).toBeNull();
    expect(neverConnected(new Error('aborted'))).toBeNull();
    expect(neverConnected(null)).toBeNull();
  });

  describe('against a real socket', () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      // Accepts the connection and then resets it once the request arrived: the request may have been acted on.
      server = createServer((s) => s.once('data', () => s.resetAndDestroy()));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('a refused connection is never-connected; a reset after the request is not', async () => {
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const closedPort = (closed.address() as { port: number }).port;
      await new Promise<void>((r) => closed.close(() => r()));
      const refused = await fetch(`http://127.0.0.1:${closedPort}/`).catch((e: unknown) => e);
      expect(neverConnected(refused)).toBe('ECONNREFUSED');
      const reset = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
      expect(reset).toBeInstanceOf(Error);
      expect(neverConnected(reset)).toBeNull();
    });
  });
});
