import type { Permission, Role } from '#domain/access/permissions.ts';

/** A person signed in through the web app (cookie session). */
export interface UserCaller {
  kind: 'user';
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitKey: string;
  /** The unit's path in the org tree; its subtree is every unit whose path starts with it. */
  unitPath: string;
  permissions: ReadonlySet<Permission>;
  mustChangePassword: boolean;
  sessionTokenHash: string;
}

/** A school or province tier presenting its sync credential. */
export interface MachineCaller {
  kind: 'credential';
  credentialId: string;
  clientId: string;
  unitKey: string;
  unitPath: string;
}

export type Caller = UserCaller | MachineCaller;

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by the auth hook; null when nobody signed in. */
    caller: Caller | null;
  }
}

export function requireUser(caller: Caller | null): UserCaller {
  if (caller?.kind !== 'user') throw new Error('route without a user policy used requireUser');
  return caller;
}

export function requireMachine(caller: Caller | null): MachineCaller {
  if (caller?.kind !== 'credential') throw new Error('route without the machine policy used requireMachine');
  return caller;
}
