import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeamsStub, STUB_APP_ID, STUB_ISSUER, type TeamsStub } from '../../../test/helpers/teams-stub.ts';
import { botTokenVerifier, type TokenVerifier } from './verify-token.ts';

describe('botTokenVerifier', () => {
  let stub: TeamsStub;
  let verify: TokenVerifier;
  const now = () => Math.floor(Date.now() / 1000);
  const check = async (token: string, serviceUrl = stub.serviceUrl, channel = 'msteams') => {
    const v = await verify(`Bearer ${token}`, serviceUrl, channel);
    return v.ok ? 'ok' : v.reason;
  };

  beforeAll(async () => {
    stub = await startTeamsStub();
    verify = botTokenVerifier({ jwksUrl: stub.jwksUrl, issuer: STUB_ISSUER, appId: STUB_APP_ID });
  });
  afterAll(() => stub?.close());

  it('accepts a token signed by a published key, for this app, from Bot Framework, in time', async () => {
    expect(await check(await stub.sign())).toBe('ok');
  });

  it('refuses a token expired more than the 5 minutes of tolerance', async () => {
    expect(await check(await stub.sign({ iat: now() - 7200, nbf: now() - 7200, exp: now() - 301 }))).toBe('expired');
  });

  it('accepts a token expired within the clock tolerance', async () => {
    expect(await check(await stub.sign({ exp: now() - 60 }))).toBe('ok');
  });

  it('refuses a token not valid yet beyond the tolerance', async () => {
    expect(await check(await stub.sign({ nbf: now() + 900 }))).toBe('not_yet_valid');
  });

  it('refuses a token for another app id', async () => {
    expect(await check(await stub.sign({ aud: '11111111-2222-4333-8444-555555555555' }))).toBe('wrong_audience');
  });

  it('refuses a token from another issuer', async () => {
    expect(await check(await stub.sign({ iss: 'https://sts.windows.net/evil/' }))).toBe('wrong_issuer');
  });

  it('refuses a token signed under a key id the key set does not hold', async () => {
    expect(await check(await stub.sign({}, { key: 'unknown' }))).toBe('unknown_key');
  });

  it("refuses a token whose signature is not the published key's", async () => {
    expect(await check(await stub.sign({}, { key: 'rogue' }))).toBe('bad_signature');
  });

  it('refuses a token tampered with after signing', async () => {
    const [h, p, s] = (await stub.sign()).split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, aud: STUB_APP_ID, extra: 1 })).toString('base64url');
    expect(await check(`${h}.${forged}.${s}`)).toBe('bad_signature');
  });

  it("refuses a token whose serviceurl claim is not the activity's serviceUrl", async () => {
    expect(await check(await stub.sign(), 'https://smba.example.net/elsewhere/')).toBe('service_url_mismatch');
  });

  it('refuses a key not endorsed for the activity channel', async () => {
    expect(await check(await stub.sign(), stub.serviceUrl, 'skype')).toBe('key_not_endorsed');
  });

  it('refuses a missing or non-bearer Authorization header', async () => {
    expect((await verify(undefined, stub.serviceUrl, 'msteams')).ok).toBe(false);
    const v = await verify('Basic abc', stub.serviceUrl, 'msteams');
    expect(v.ok ? 'ok' : v.reason).toBe('missing');
  });

  it('says the keys are unavailable when the JWKS address does not answer', async () => {
    const offline = botTokenVerifier({ jwksUrl: 'http://127.0.0.1:9/keys', issuer: STUB_ISSUER, appId: STUB_APP_ID });
    const v = await offline(`Bearer ${await stub.sign()}`, stub.serviceUrl, 'msteams');
    expect(v.ok ? 'ok' : v.reason).toBe('keys_unavailable');
  });
});
