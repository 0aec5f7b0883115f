import { createServer, type IncomingMessage, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

/** What the stub's connector endpoint received: one activity the bot posted. */
export interface PostedActivity {
  conversationId: string;
  authorization: string | undefined;
  body: {
    type: string;
    text?: string;
    replyToId?: string;
    attachments?: {
      contentType: string;
      content: { body?: unknown[]; actions?: { verb?: string; data?: unknown }[] };
    }[];
  };
}

/**
 * Microsoft's side of a Teams bot on 127.0.0.1, never the network: a JWKS address with locally
 * generated RSA keys (endorsed for msteams), a client-credentials token endpoint, and the Bot
 * Connector's POST /v3/conversations/{id}/activities, recording what arrives.
 */
export interface TeamsStub {
  url: string;
  jwksUrl: string;
  tokenUrl: string;
  /** The serviceUrl activities name: the connector stub. */
  serviceUrl: string;
  posted: PostedActivity[];
  tokenRequests: URLSearchParams[];
  /** The next `times` posts to the Bot Connector are refused with `status` (and not recorded in `posted`). */
  failPosts(times: number, status?: number): void;
  /** The next `times` posts are posted (recorded in `posted`), then answered `status` (a gateway that lost the answer). */
  failAfterPosting(times: number, status: number): void;
  /** The next `times` token requests are never answered (until close): the token endpoint times out. */
  hangToken(times: number): void;
  /** A token signed by the published key (or `key: 'unknown'|'rogue'`), with claims overridden. */
  sign(
    claims?: Partial<JWTPayload> & Record<string, unknown>,
    opts?: { key?: 'published' | 'unknown' | 'rogue' },
  ): Promise<string>;
  close(): Promise<void>;
}

export const STUB_APP_ID = '00000000-aaaa-4bbb-8ccc-000000000001';
export const STUB_ISSUER = 'https://api.botframework.com';

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.on('data', (d) => (s += d));
    req.on('end', () => resolve(s));
  });

/** Starts the stub on a free port of 127.0.0.1. */
export async function startTeamsStub(): Promise<TeamsStub> {
  const published = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(published.publicKey)), kid: 'stub-key-1', use: 'sig', alg: 'RS256' };
  const posted: PostedActivity[] = [];
  const tokenRequests: URLSearchParams[] = [];
  let n = 0;
  let failing = { times: 0, status: 503 };
  let failingAfter = { times: 0, status: 502 };
  let hanging = 0;
  const hung: (() => void)[] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(v));
    };
    if (req.method === 'GET' && req.url === '/keys')
      return json(200, { keys: [{ ...jwk, endorsements: ['msteams'] }] });
    if (req.method === 'POST' && req.url === '/token') {
      tokenRequests.push(new URLSearchParams(body));
      if (hanging > 0) {
        hanging -= 1;
        await new Promise<void>((resolve) => hung.push(resolve));
        return json(503, { error: 'stub: answered too late' });
      }
      return json(200, { token_type: 'Bearer', expires_in: 3599, access_token: 'stub-bot-token' });
    }
    const m = /^\/connector\/v3\/conversations\/([^/]+)\/activities$/.exec(req.url ?? '');
    if (req.method === 'POST' && m) {
      if (req.headers.authorization !== 'Bearer stub-bot-token') return json(401, { error: 'bad token' });
      if (failing.times > 0) {
        failing.times -= 1;
        return json(failing.status, { error: { code: 'ServiceError', message: 'stub refused the post' } });
      }
      posted.push({
        conversationId: decodeURIComponent(m[1]!),
        authorization: req.headers.authorization,
        body: JSON.parse(body),
      });
      if (failingAfter.times > 0) {
        failingAfter.times -= 1;
        return json(failingAfter.status, { error: { code: 'BadGateway', message: 'stub posted, then failed' } });
      }
      return json(200, { id: `sent-${++n}` });
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const serviceUrl = `${url}/connector/`;
  return {
    url,
    jwksUrl: `${url}/keys`,
    tokenUrl: `${url}/token`,
    serviceUrl,
    posted,
    tokenRequests,
    failPosts(times, status = 503) {
      failing = { times, status };
    },
    failAfterPosting(times, status) {
      failingAfter = { times, status };
    },
    hangToken(times) {
      hanging = times;
    },
    async sign(claims = {}, opts = {}) {
      const now = Math.floor(Date.now() / 1000);
      const key = opts.key === 'rogue' || opts.key === 'unknown' ? other.privateKey : published.privateKey;
      const kid = opts.key === 'unknown' ? 'stub-key-unknown' : 'stub-key-1';
      const { iss, aud, exp, nbf, iat, ...rest } = claims;
      return new SignJWT({ serviceurl: serviceUrl, ...rest })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer((iss as string) ?? STUB_ISSUER)
        .setAudience((aud as string) ?? STUB_APP_ID)
        .setIssuedAt(iat ?? now)
        .setNotBefore(nbf ?? now - 5)
        .setExpirationTime(exp ?? now + 3600)
        .sign(key);
    },
    close: () => {
      for (const r of hung.splice(0)) r();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
