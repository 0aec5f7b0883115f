import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';

/** What a Bot Framework token is checked against. */
export interface TokenCheck {
  /** The JWKS address of the signing keys (Microsoft's, or a local stub in tests). */
  jwksUrl: string;
  issuer: string;
  /** The bot's Microsoft App ID: the audience every token must name. */
  appId: string;
  /** Seconds of clock difference allowed on exp and nbf (Microsoft's SDKs allow 300). */
  clockToleranceSec?: number;
  /** For tests: the clock the token's times are read against. */
  now?: () => Date;
}

/** Why a token was refused, for the 401's message (never the token itself). */
export type TokenRefusal =
  | 'missing'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'unknown_key'
  | 'bad_signature'
  | 'service_url_mismatch'
  | 'key_not_endorsed'
  | 'malformed'
  | 'keys_unavailable';

export type TokenVerdict = { ok: true; claims: JWTPayload } | { ok: false; reason: TokenRefusal };

/** Checks one request's bearer token against its activity's serviceUrl and channelId. */
export type TokenVerifier = (
  authorization: string | undefined,
  serviceUrl: string,
  channelId: string,
) => Promise<TokenVerdict>;

const sameUrl = (a: string, b: string) => a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();

/**
 * Validates Bot Framework channel tokens with jose: RS256 signature by a key of the JWKS address
 * (fetched once and cached; an unknown kid refetches at most every 30 s), issuer, audience = the
 * app id, exp/nbf within the tolerance, the serviceurl claim equal to the activity's serviceUrl (a
 * token for one service cannot send the bot's replies elsewhere), and, when the key lists
 * endorsements, the activity's channel among them (as Microsoft's SDKs check).
 */
export function botTokenVerifier(check: TokenCheck): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(check.jwksUrl), {
    cacheMaxAge: 24 * 3_600_000,
    cooldownDuration: 30_000,
    timeoutDuration: 5_000,
  });
  return async (authorization, serviceUrl, channelId) => {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) return { ok: false, reason: 'missing' };
    try {
      const { payload, protectedHeader } = await jwtVerify(m[1]!, jwks, {
        issuer: check.issuer,
        audience: check.appId,
        algorithms: ['RS256'],
        clockTolerance: check.clockToleranceSec ?? 300,
        requiredClaims: ['exp'],
        ...(check.now ? { currentDate: check.now() } : {}),
      });
      const claimed = payload.serviceurl ?? payload.serviceUrl;
      if (typeof claimed !== 'string' || !sameUrl(claimed, serviceUrl))
        return { ok: false, reason: 'service_url_mismatch' };
      const jwk = jwks.jwks()?.keys.find((k) => k.kid === protectedHeader.kid) as
        | { endorsements?: unknown }
        | undefined;
      if (Array.isArray(jwk?.endorsements) && !jwk.endorsements.includes(channelId))
        return { ok: false, reason: 'key_not_endorsed' };
      return { ok: true, claims: payload };
    } catch (e) {
      return { ok: false, reason: reasonOf(e) };
    }
  };
}

function reasonOf(e: unknown): TokenRefusal {
  if (e instanceof errors.JWTExpired) return 'expired';
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === 'aud') return 'wrong_audience';
    if (e.claim === 'iss') return 'wrong_issuer';
    if (e.claim === 'nbf') return 'not_yet_valid';
    return 'malformed';
  }
  if (e instanceof errors.JWKSNoMatchingKey) return 'unknown_key';
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid) return 'keys_unavailable';
  if (e instanceof TypeError || (e instanceof Error && /fetch|ECONNREFUSED|Expected 200/i.test(e.message)))
    return 'keys_unavailable';
  return 'malformed';
}

/** The sentence a refused token gets: what to fix, never the token. */
export const REFUSAL_WORDS: Record<TokenRefusal, string> = {
  missing: 'Send the Bot Framework token as "Authorization: Bearer <jwt>".',
  expired: 'The token has expired.',
  not_yet_valid: 'The token is not valid yet.',
  wrong_audience: "The token is not for this bot's app id.",
  wrong_issuer: 'The token was not issued by Bot Framework.',
  unknown_key: 'The token is signed by a key the Bot Framework key set does not hold.',
  bad_signature: 'The token signature does not verify.',
  service_url_mismatch: "The token's serviceurl claim does not match the activity's serviceUrl.",
  key_not_endorsed: "The signing key is not endorsed for the activity's channel.",
  malformed: 'The token could not be read.',
  keys_unavailable: 'The Bot Framework signing keys could not be fetched; try again.',
};
