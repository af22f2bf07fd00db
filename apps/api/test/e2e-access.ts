import type { Server } from 'node:http';
import request from 'supertest';
import type { ApiKeyScope, PublicUser } from '@hitscreen/auth';
import type { AccessControl } from '../src/auth/access-control';

/** A supertest agent that sends one caller's credential with every request. */
export type Caller = ReturnType<typeof request.agent>;

/**
 * The people of the end-to-end tests: chemists in two teams (chemist and teammate share `med-chem`; outsider is
 * in `other-lab`), coordinators in two teams (coordinator and clinical share `trials-a`; otherCoordinator is in
 * `trials-b`), a clinical user and an admin.
 */
export const PERSONAS = {
  admin: { role: 'admin', team: null },
  chemist: { role: 'chemist', team: 'med-chem' },
  teammate: { role: 'chemist', team: 'med-chem' },
  outsider: { role: 'chemist', team: 'other-lab' },
  coordinator: { role: 'coordinator', team: 'trials-a' },
  otherCoordinator: { role: 'coordinator', team: 'trials-b' },
  clinical: { role: 'clinical', team: 'trials-a' },
} as const;
export type Persona = keyof typeof PERSONAS;

export interface People {
  users: Record<Persona, PublicUser>;
  /** Each persona's `Authorization` header value. */
  bearer: Record<Persona, string>;
  /** A signed-in agent per persona (`Authorization: Bearer …`). */
  as: Record<Persona, Caller>;
  /** No credential at all. */
  anonymous: Caller;
  /** A new API key of `owner` with `scopes`, as an agent sending `X-API-Key`. */
  key(owner: Persona, scopes: ApiKeyScope[]): Promise<{ id: string; caller: Caller }>;
}

/** Creates the personas in the app's identity store and signs each in (through the service, not HTTP). */
export async function createPeople(server: Server, access: AccessControl): Promise<People> {
  const users = {} as Record<Persona, PublicUser>;
  const as = {} as Record<Persona, Caller>;
  const bearer = {} as Record<Persona, string>;
  for (const [persona, { role, team }] of Object.entries(PERSONAS) as [
    Persona,
    (typeof PERSONAS)[Persona],
  ][]) {
    const email = `${persona}@example.org`;
    const password = `${persona} password, long enough`;
    users[persona] = await access.identity.createUser({ email, password, role, team });
    const session = await access.identity.signIn(email, password);
    if (!session) throw new Error(`${persona} could not sign in`);
    bearer[persona] = `Bearer ${session.token}`;
    as[persona] = request.agent(server).set('Authorization', bearer[persona]);
  }
  return {
    users,
    bearer,
    as,
    anonymous: request.agent(server),
    async key(owner, scopes) {
      const { id, key } = await access.identity.createApiKey(users[owner].id, `${owner} pipeline`, scopes);
      return { id, caller: request.agent(server).set('X-API-Key', key) };
    },
  };
}
