import { ROLES, type Actor, type Principal, type Role } from './roles.ts';

/** An authenticated user: who the API and the CLI act as, from a key's stored user. */
export interface Identity {
  id: string;
  email: string;
  name: string;
  kind: 'person' | 'agent';
  roles: Role[];
  /** Legal entity ids; null = every entity. */
  entityIds: string[] | null;
}

/** The fields of a stored user an Identity is made from. */
export interface StoredUser {
  id: string;
  email: string;
  name: string;
  kind: 'person' | 'agent';
  roles: string[];
  entityIds: string[] | null;
}

const KNOWN = new Set<string>(ROLES);

/** A stored user as an Identity; unknown role names (a newer version's) are dropped, never widened. */
export function toIdentity(u: StoredUser): Identity {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    kind: u.kind,
    roles: u.roles.filter((r): r is Role => KNOWN.has(r)),
    entityIds: u.entityIds ?? null,
  };
}

const principal = (i: Identity): Principal => ({ userId: i.id, roles: i.roles, entityIds: i.entityIds });

/** The Actor policy decides on: the user and, for the agent, the person it acts for. */
export const actorOf = (user: Identity, onBehalfOf: Identity | null): Actor => ({
  ...principal(user),
  onBehalfOf: onBehalfOf ? principal(onBehalfOf) : null,
});
