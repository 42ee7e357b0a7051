import type { FastifyRequest } from 'fastify';
import { currentUser } from '../auth/auth.ts';

/**
 * Who makes a change and from where, as the audit log records it. Services that write take an
 * `Actor` and record the audit entry in the transaction of the change.
 */
export interface Actor {
  /** The user; null for the system (CLI commands, background jobs). */
  actorId: string | null;
  ip: string | null;
}

/** An actor who is a person: changes only a signed-in user can make (confirming, consenting, authoring). */
export type UserActor = Actor & { actorId: string };

/** The signed-in caller of a route as the actor of the change it makes. */
export function actorOf(request: FastifyRequest): UserActor {
  return { actorId: currentUser(request).id, ip: request.ip };
}
