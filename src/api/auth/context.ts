import { authorityOf, type Authority } from '../../policy/permissions.ts';
import { ROLES, type Actor, type Principal, type Role } from '../../policy/roles.ts';
import type { UserRow } from '../../db/stores/user-store.ts';

/** An authenticated user as the API sees it. */
export interface Identity {
  id: string;
  email: string;
  name: string;
  kind: 'person' | 'agent';
  roles: Role[];
  /** Legal entity ids; null = every entity. */
  entityIds: string[] | null;
}

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

const KNOWN = new Set<string>(ROLES);

/** A stored user as an Identity; unknown role names (a newer version's) are dropped, never widened. */
export function toIdentity(u: UserRow): Identity {
  return { id: u.id, email: u.email, name: u.name, kind: u.kind, roles: u.roles.filter((r): r is Role => KNOWN.has(r)), entityIds: u.entityIds ?? null };
}

const principal = (i: Identity): Principal => ({ userId: i.id, roles: i.roles, entityIds: i.entityIds });

/** Builds the request's auth from the key's user and, for the agent, its principal. */
export function requestAuth(user: Identity, onBehalfOf: Identity | null, keyId: string): RequestAuth {
  const actor: Actor = { ...principal(user), onBehalfOf: onBehalfOf ? principal(onBehalfOf) : null };
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
