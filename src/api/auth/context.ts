import { authorityOf, type Authority } from '../../policy/permissions.ts';
import { actorOf, type Identity } from '../../policy/identity.ts';
import type { Actor, Role } from '../../policy/roles.ts';

/** Who is calling: the key's user, and for the agent the person it acts for. Never taken from a body. */
export interface RequestAuth {
  user: Identity;
  onBehalfOf: Identity | null;
  keyId: string;
  /** The Actor policy decides on. */
  actor: Actor;
  /** Effective roles and entity scope (for the agent: its principal's, within its own). */
  authority: Authority;
}

/** Hono variables every authenticated handler can read. */
export type AuthEnv = { Variables: { auth: RequestAuth; requestId: string } };

/** Builds the request's auth from the key's user and, for the agent, its principal. */
export function requestAuth(user: Identity, onBehalfOf: Identity | null, keyId: string): RequestAuth {
  const actor = actorOf(user, onBehalfOf);
  return { user, onBehalfOf, keyId, actor, authority: authorityOf(actor) };
}

/**
 * True when the caller may use a route open to these roles. The agent needs the route to admit the
 * agent and its principal to hold one of the route's roles: it never does more than the person.
 */
export function routeAllows(auth: RequestAuth, roles: readonly Role[]): boolean {
  if (auth.user.kind === 'agent') {
    return roles.includes('agent') && (auth.onBehalfOf?.roles ?? []).some((r) => r !== 'agent' && roles.includes(r));
  }
  return auth.user.roles.some((r) => roles.includes(r));
}
