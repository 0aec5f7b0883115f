import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SLACK_TOLERANCE_SECONDS, signSlackRequest, verifySlackSignature } from './verify-signature.ts';

// Slack's worked example from "Verifying requests from Slack" (api.slack.com/authentication/verifying-requests-from-slack).
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar' +
  '&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com' +
  '%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const NOW = Number(TIMESTAMP);

const verify = (over: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({
    signingSecret: SECRET,
    timestamp: TIMESTAMP,
    signature: SIGNATURE,
    rawBody: BODY,
    nowSeconds: NOW,
    ...over,
  });

describe('verifySlackSignature', () => {
  it("accepts Slack's documented example, as text and as bytes", () => {
    expect(signSlackRequest(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
    expect(verify()).toEqual({ ok: true });
    expect(verify({ rawBody: new TextEncoder().encode(BODY) })).toEqual({ ok: true });
  });

  it('refuses a changed body, timestamp, secret or signature', () => {
    expect(verify({ rawBody: BODY.replace('roadrunner', 'coyote') })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
    expect(verify({ rawBody: `${BODY}&` })).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verify({ timestamp: String(NOW + 1) })).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verify({ signingSecret: `${SECRET}x` })).toEqual({ ok: false, reason: 'signature_mismatch' });
    expect(verify({ signature: `${SIGNATURE.slice(0, -1)}4` })).toEqual({ ok: false, reason: 'signature_mismatch' });
  });

  it('refuses timestamps more than five minutes off, in the past and in the future, and accepts them at the edge', () => {
    expect(verify({ nowSeconds: NOW + SLACK_TOLERANCE_SECONDS })).toEqual({ ok: true });
    expect(verify({ nowSeconds: NOW - SLACK_TOLERANCE_SECONDS })).toEqual({ ok: true });
    expect(verify({ nowSeconds: NOW + SLACK_TOLERANCE_SECONDS + 1 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify({ nowSeconds: NOW - SLACK_TOLERANCE_SECONDS - 1 })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('refuses missing or malformed headers before computing anything', () => {
    expect(verify({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing_headers' });
    expect(verify({ signature: null })).toEqual({ ok: false, reason: 'missing_headers' });
    for (const timestamp of ['1531420618.5', '-1531420618', ' 1531420618', '1e9', 'abc'])
      expect(verify({ timestamp })).toEqual({ ok: false, reason: 'malformed_timestamp' });
    for (const signature of [
      'v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
      'v0=a2114d',
      `${SIGNATURE}00`,
      SIGNATURE.slice(3),
    ]) {
      expect(verify({ signature })).toEqual({ ok: false, reason: 'malformed_signature' });
    }
  });

  it('accepts exactly what was signed with the secret, for any body and timestamp within the window', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 2_000_000_000 }),
        fc.integer({ min: -SLACK_TOLERANCE_SECONDS, max: SLACK_TOLERANCE_SECONDS }),
        (body, secret, ts, skew) => {
          const signature = signSlackRequest(secret, String(ts), body);
          expect(
            verifySlackSignature({
              signingSecret: secret,
              timestamp: String(ts),
              signature,
              rawBody: body,
              nowSeconds: ts + skew,
            }),
          ).toEqual({ ok: true });
          expect(
            verifySlackSignature({
              signingSecret: secret,
              timestamp: String(ts),
              signature,
              rawBody: `${body} `,
              nowSeconds: ts + skew,
            }).ok,
          ).toBe(false);
        },
      ),
    );
  });
});
